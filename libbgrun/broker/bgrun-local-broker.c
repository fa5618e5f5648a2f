/* bgrun-local-broker.c: the broker for the embedded engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-local-broker-private.h"

/* Calls go straight to an engine in this process, for one app; the
 * engine's signals for that app come back as the broker's. */

struct _BgrunLocalBroker
{
  GObject parent_instance;

  BgrunEngine *engine;
  char        *app_id;
};

static void bgrun_local_broker_iface_init (BgrunBrokerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunLocalBroker, bgrun_local_broker, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_BROKER,
                                                      bgrun_local_broker_iface_init))

#define FORWARD_VARIANT(name, signal)                                         \
  static void                                                                 \
  name (BgrunEngine *engine, const char *app_id, GVariant *value, gpointer d) \
  {                                                                           \
    BgrunLocalBroker *self = d;                                               \
    if (g_str_equal (app_id, self->app_id))                                   \
      g_signal_emit_by_name (self, signal, value);                            \
  }

FORWARD_VARIANT (on_run_task, "run-task")
FORWARD_VARIANT (on_task_changed, "task-changed")
FORWARD_VARIANT (on_history_added, "history-added")

static void
on_expire_task (BgrunEngine *engine,
                const char  *app_id,
                guint64      task_id,
                gpointer     user_data)
{
  BgrunLocalBroker *self = user_data;

  if (g_str_equal (app_id, self->app_id))
    g_signal_emit_by_name (self, "expire-task", task_id);
}

static void
on_task_ended (BgrunEngine *engine,
               const char  *app_id,
               guint64      task_id,
               guint        state,
               gpointer     user_data)
{
  BgrunLocalBroker *self = user_data;

  if (g_str_equal (app_id, self->app_id))
    g_signal_emit_by_name (self, "task-ended", task_id, state);
}

static void
on_requests_changed (BgrunEngine *engine,
                     const char  *app_id,
                     gpointer     user_data)
{
  BgrunLocalBroker *self = user_data;

  if (g_str_equal (app_id, self->app_id))
    g_signal_emit_by_name (self, "requests-changed");
}

static void
on_pending_changed (BgrunEngine *engine,
                    const char  *app_id,
                    guint        position,
                    guint        removed,
                    GVariant    *added,
                    gpointer     user_data)
{
  BgrunLocalBroker *self = user_data;

  if (g_str_equal (app_id, self->app_id))
    g_signal_emit_by_name (self, "pending-changed", position, removed, added);
}

static const char *
local_get_app_id (BgrunBroker *broker)
{
  return BGRUN_LOCAL_BROKER (broker)->app_id;
}

static BgrunClock *
local_get_clock (BgrunBroker *broker)
{
  return bgrun_engine_get_clock (BGRUN_LOCAL_BROKER (broker)->engine);
}

static gboolean
local_register (BgrunBroker  *broker,
                const char   *pattern,
                GError      **error)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_register (self->engine, self->app_id, pattern, error);
}

static gboolean
local_submit (BgrunBroker  *broker,
              GVariant     *request,
              gboolean      frontmost,
              GError      **error)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_submit (self->engine, self->app_id, request, frontmost, error);
}

static void
local_cancel (BgrunBroker *broker,
              const char  *identifier)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  bgrun_engine_cancel (self->engine, self->app_id, identifier);
}

static void
local_cancel_all (BgrunBroker *broker)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  bgrun_engine_cancel_all (self->engine, self->app_id);
}

static GVariant *
local_list_pending (BgrunBroker *broker)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_list_pending (self->engine, self->app_id);
}

static GVariant *
local_list_running (BgrunBroker *broker)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_list_running (self->engine, self->app_id);
}

static GVariant *
local_list_history (BgrunBroker *broker)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_list_history (self->engine, self->app_id);
}

static GVariant *
local_explain (BgrunBroker  *broker,
               const char   *identifier,
               GError      **error)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_explain (self->engine, self->app_id, identifier, error);
}

static GVariant *
local_explain_by_tag (BgrunBroker  *broker,
                      const char   *tag,
                      GError      **error)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_explain_by_tag (self->engine, self->app_id, tag);
}

static void
local_complete_task (BgrunBroker *broker,
                     guint64      task_id,
                     gboolean     success)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  bgrun_engine_complete_task (self->engine, self->app_id, task_id, success);
}

static void
local_report_progress (BgrunBroker *broker,
                       guint64      task_id,
                       gint64       completed,
                       gint64       total)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  bgrun_engine_report_progress (self->engine, self->app_id, task_id, completed, total);
}

static void
local_cancel_by_tag (BgrunBroker *broker,
                     const char  *tag)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  bgrun_engine_cancel_by_tag (self->engine, self->app_id, tag);
}

static void
local_retry_task (BgrunBroker *broker,
                  guint64      task_id)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  bgrun_engine_retry_task (self->engine, self->app_id, task_id);
}

static void
local_update_task (BgrunBroker *broker,
                   guint64      task_id,
                   GVariant    *update)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);
  g_autoptr(GError) error = NULL;

  if (!bgrun_engine_update_task (self->engine, self->app_id, task_id, update, &error))
    g_critical ("libbgrun: %s", error->message);
}

static gboolean
local_expire_task (BgrunBroker  *broker,
                   const char   *identifier,
                   GError      **error)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_expire_task (self->engine, self->app_id, identifier, error);
}

static gboolean
local_run_now (BgrunBroker  *broker,
               const char   *identifier,
               GError      **error)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (broker);

  return bgrun_engine_run_now (self->engine, self->app_id, identifier, error);
}

static void
bgrun_local_broker_iface_init (BgrunBrokerInterface *iface)
{
  iface->get_app_id = local_get_app_id;
  iface->get_clock = local_get_clock;
  iface->register_handler = local_register;
  iface->submit = local_submit;
  iface->cancel = local_cancel;
  iface->cancel_all = local_cancel_all;
  iface->list_pending = local_list_pending;
  iface->list_running = local_list_running;
  iface->list_history = local_list_history;
  iface->explain = local_explain;
  iface->explain_by_tag = local_explain_by_tag;
  iface->complete_task = local_complete_task;
  iface->report_progress = local_report_progress;
  iface->cancel_by_tag = local_cancel_by_tag;
  iface->retry_task = local_retry_task;
  iface->update_task = local_update_task;
  iface->expire_task = local_expire_task;
  iface->run_now = local_run_now;
}

static void
bgrun_local_broker_dispose (GObject *object)
{
  BgrunLocalBroker *self = BGRUN_LOCAL_BROKER (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (bgrun_local_broker_parent_class)->dispose (object);
}

static void
bgrun_local_broker_finalize (GObject *object)
{
  g_free (BGRUN_LOCAL_BROKER (object)->app_id);

  G_OBJECT_CLASS (bgrun_local_broker_parent_class)->finalize (object);
}

static void
bgrun_local_broker_class_init (BgrunLocalBrokerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_local_broker_dispose;
  object_class->finalize = bgrun_local_broker_finalize;
}

static void
bgrun_local_broker_init (BgrunLocalBroker *self)
{
}

BgrunLocalBroker *
bgrun_local_broker_new (BgrunEngine *engine,
                        const char  *app_id)
{
  BgrunLocalBroker *self = g_object_new (BGRUN_TYPE_LOCAL_BROKER, NULL);

  self->engine = g_object_ref (engine);
  self->app_id = g_strdup (app_id);
  g_signal_connect (engine, "run-task", G_CALLBACK (on_run_task), self);
  g_signal_connect (engine, "expire-task", G_CALLBACK (on_expire_task), self);
  g_signal_connect (engine, "task-ended", G_CALLBACK (on_task_ended), self);
  g_signal_connect (engine, "task-changed", G_CALLBACK (on_task_changed), self);
  g_signal_connect (engine, "requests-changed", G_CALLBACK (on_requests_changed), self);
  g_signal_connect (engine, "pending-changed", G_CALLBACK (on_pending_changed), self);
  g_signal_connect (engine, "history-added", G_CALLBACK (on_history_added), self);
  /* Embedded, the app is the process that runs its tasks, those of
   * libbgrun's own kinds (the system's, with no handler needed) too. */
  bgrun_engine_attach (engine, app_id);
  return self;
}

BgrunEngine *
bgrun_local_broker_get_engine (BgrunLocalBroker *self)
{
  return self->engine;
}
