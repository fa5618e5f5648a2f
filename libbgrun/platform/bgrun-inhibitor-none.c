/* bgrun-inhibitor-none.c: the inhibitor that inhibits nothing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-inhibitor-private.h"
#include "bgrun-i18n-private.h"

/* Chosen with BGRUN_INHIBITOR=none: every inhibition fails at once with
 * G_IO_ERROR_NOT_SUPPORTED, so sessions run on the GApplication hold alone,
 * exactly as they do when neither the portal nor logind is reachable. */

struct _BgrunInhibitorNone
{
  GObject parent_instance;
};

#define BGRUN_TYPE_INHIBITOR_NONE (bgrun_inhibitor_none_get_type ())
G_DECLARE_FINAL_TYPE (BgrunInhibitorNone, bgrun_inhibitor_none,
                      BGRUN, INHIBITOR_NONE, GObject)

static void bgrun_inhibitor_none_iface_init (BgrunInhibitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunInhibitorNone, bgrun_inhibitor_none, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_INHIBITOR,
                                                      bgrun_inhibitor_none_iface_init))

static const char *
bgrun_inhibitor_none_get_name (BgrunInhibitor *inhibitor)
{
  return "none";
}

static void
bgrun_inhibitor_none_inhibit_async (BgrunInhibitor      *inhibitor,
                                    BgrunInhibitorFlags  flags,
                                    const char          *app_id,
                                    const char          *reason,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (inhibitor, NULL, callback, user_data);

  g_task_set_source_tag (task, bgrun_inhibitor_none_inhibit_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("inhibitors are turned off (BGRUN_INHIBITOR=none)"));
}

static gpointer
bgrun_inhibitor_none_inhibit_finish (BgrunInhibitor  *inhibitor,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, inhibitor), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bgrun_inhibitor_none_release (BgrunInhibitor *inhibitor,
                              gpointer        hold)
{
  /* Never handed out a hold, so there is none to release. */
  g_return_if_reached ();
}

static void
bgrun_inhibitor_none_iface_init (BgrunInhibitorInterface *iface)
{
  iface->get_name = bgrun_inhibitor_none_get_name;
  iface->inhibit_async = bgrun_inhibitor_none_inhibit_async;
  iface->inhibit_finish = bgrun_inhibitor_none_inhibit_finish;
  iface->release = bgrun_inhibitor_none_release;
}

static void
bgrun_inhibitor_none_class_init (BgrunInhibitorNoneClass *klass)
{
}

static void
bgrun_inhibitor_none_init (BgrunInhibitorNone *self)
{
}

BgrunInhibitor *
bgrun_inhibitor_none_new (void)
{
  return g_object_new (BGRUN_TYPE_INHIBITOR_NONE, NULL);
}
