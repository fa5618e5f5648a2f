/* bgrun-broker.c: the one seam between app-side objects and the engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-broker-private.h"

G_DEFINE_INTERFACE (BgrunBroker, bgrun_broker, G_TYPE_OBJECT)

static void
bgrun_broker_default_init (BgrunBrokerInterface *iface)
{
  GType type = G_TYPE_FROM_INTERFACE (iface);

  g_signal_new ("run-task", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_VARIANT);
  g_signal_new ("expire-task", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_UINT64);
  g_signal_new ("task-ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT);
  g_signal_new ("task-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_VARIANT);
  g_signal_new ("requests-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);
  g_signal_new ("pending-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_VARIANT);
  g_signal_new ("history-added", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_VARIANT);
}

#define IFACE(self) BGRUN_BROKER_GET_IFACE (self)

const char *
bgrun_broker_get_app_id (BgrunBroker *self)
{
  return IFACE (self)->get_app_id (self);
}

BgrunClock *
bgrun_broker_get_clock (BgrunBroker *self)
{
  return IFACE (self)->get_clock (self);
}

gboolean
bgrun_broker_register (BgrunBroker  *self,
                       const char   *pattern,
                       GError      **error)
{
  return IFACE (self)->register_handler (self, pattern, error);
}

gboolean
bgrun_broker_submit (BgrunBroker  *self,
                     GVariant     *request,
                     gboolean      frontmost,
                     GError      **error)
{
  return IFACE (self)->submit (self, request, frontmost, error);
}

void
bgrun_broker_cancel (BgrunBroker *self,
                     const char  *identifier)
{
  IFACE (self)->cancel (self, identifier);
}

void
bgrun_broker_cancel_all (BgrunBroker *self)
{
  IFACE (self)->cancel_all (self);
}

GVariant *
bgrun_broker_list_pending (BgrunBroker *self)
{
  return IFACE (self)->list_pending (self);
}

GVariant *
bgrun_broker_list_running (BgrunBroker *self)
{
  return IFACE (self)->list_running (self);
}

GVariant *
bgrun_broker_list_history (BgrunBroker *self)
{
  return IFACE (self)->list_history (self);
}

GVariant *
bgrun_broker_explain (BgrunBroker  *self,
                      const char   *identifier,
                      GError      **error)
{
  return IFACE (self)->explain (self, identifier, error);
}

GVariant *
bgrun_broker_explain_by_tag (BgrunBroker  *self,
                             const char   *tag,
                             GError      **error)
{
  return IFACE (self)->explain_by_tag (self, tag, error);
}

void
bgrun_broker_complete_task (BgrunBroker *self,
                            guint64      task_id,
                            gboolean     success)
{
  IFACE (self)->complete_task (self, task_id, success);
}

void
bgrun_broker_cancel_by_tag (BgrunBroker *self,
                            const char  *tag)
{
  IFACE (self)->cancel_by_tag (self, tag);
}

void
bgrun_broker_retry_task (BgrunBroker *self,
                         guint64      task_id)
{
  IFACE (self)->retry_task (self, task_id);
}

void
bgrun_broker_update_task (BgrunBroker *self,
                          guint64      task_id,
                          GVariant    *update)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (update);

  IFACE (self)->update_task (self, task_id, owned);
}

void
bgrun_broker_report_progress (BgrunBroker *self,
                              guint64      task_id,
                              gint64       completed,
                              gint64       total)
{
  IFACE (self)->report_progress (self, task_id, completed, total);
}

gboolean
bgrun_broker_expire_task (BgrunBroker  *self,
                          const char   *identifier,
                          GError      **error)
{
  return IFACE (self)->expire_task (self, identifier, error);
}

gboolean
bgrun_broker_run_now (BgrunBroker  *self,
                      const char   *identifier,
                      GError      **error)
{
  return IFACE (self)->run_now (self, identifier, error);
}
