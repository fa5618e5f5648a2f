/* bgrun-inhibitor-logind.c: inhibitors from logind on the system bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

#include "bgrun-inhibitor-private.h"
#include "bgrun-i18n-private.h"

/* logind's Manager.Inhibit(what, who, why, mode) answers with a file
 * descriptor: the inhibitor lasts while any copy of it is open. The hold is
 * that descriptor, so releasing is closing it, and a process that dies
 * releases its inhibitors without help, because the kernel closes its
 * descriptors. Mode is always "block": a delay lock would only postpone a
 * suspend by a few seconds. What is "idle" for sessions the user watches
 * and "sleep" for those that run in the background. */

#define LOGIND_NAME "org.freedesktop.login1"
#define LOGIND_PATH "/org/freedesktop/login1"
#define LOGIND_MANAGER "org.freedesktop.login1.Manager"

struct _BgrunInhibitorLogind
{
  GObject parent_instance;
};

#define BGRUN_TYPE_INHIBITOR_LOGIND (bgrun_inhibitor_logind_get_type ())
G_DECLARE_FINAL_TYPE (BgrunInhibitorLogind, bgrun_inhibitor_logind,
                      BGRUN, INHIBITOR_LOGIND, GObject)

static void bgrun_inhibitor_logind_iface_init (BgrunInhibitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunInhibitorLogind, bgrun_inhibitor_logind, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_INHIBITOR,
                                                      bgrun_inhibitor_logind_iface_init))

typedef struct
{
  int fd;
} Hold;

static void
hold_free (gpointer data)
{
  Hold *hold = data;

  close (hold->fd);
  g_free (hold);
}

static char *
what_for (BgrunInhibitorFlags flags)
{
  g_autoptr(GStrvBuilder) what = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  if (flags & BGRUN_INHIBITOR_IDLE)
    g_strv_builder_add (what, "idle");
  if (flags & BGRUN_INHIBITOR_SUSPEND)
    g_strv_builder_add (what, "sleep");
  parts = g_strv_builder_end (what);
  return g_strjoinv (":", parts);
}

/* Takes the one descriptor the reply's "h" points at out of @fd_list;
 * returns -1 when the reply does not carry it. */
static int
steal_reply_fd (GVariant    *reply,
                GUnixFDList *fd_list)
{
  g_autofree int *fds = NULL;
  gint32 index;
  int n_fds = 0;
  int fd = -1;

  g_variant_get (reply, "(h)", &index);
  if (fd_list != NULL)
    fds = g_unix_fd_list_steal_fds (fd_list, &n_fds);
  for (int i = 0; i < n_fds; i++)
    {
      if (i == index)
        fd = fds[i];
      else
        close (fds[i]);
    }
  return fd;
}

static void
on_inhibit_reply (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fd_list = NULL;
  g_autoptr(GVariant) reply = NULL;
  Hold *hold;
  int fd;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source),
                                                           &fd_list, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fd = steal_reply_fd (reply, fd_list);
  if (fd < 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("logind answered Inhibit without a file descriptor"));
      return;
    }

  hold = g_new0 (Hold, 1);
  hold->fd = fd;
  g_task_return_pointer (task, hold, hold_free);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  GVariant *parameters = g_task_get_task_data (task);

  if (bus == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_dbus_connection_call_with_unix_fd_list (bus, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER,
                                            "Inhibit", parameters,
                                            G_VARIANT_TYPE ("(h)"),
                                            G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL,
                                            on_inhibit_reply, g_steal_pointer (&task));
}

static const char *
bgrun_inhibitor_logind_get_name (BgrunInhibitor *inhibitor)
{
  return "logind";
}

static void
bgrun_inhibitor_logind_inhibit_async (BgrunInhibitor      *inhibitor,
                                      BgrunInhibitorFlags  flags,
                                      const char          *app_id,
                                      const char          *reason,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *what = what_for (flags);
  GTask *task = g_task_new (inhibitor, NULL, callback, user_data);
  GVariant *parameters = g_variant_new ("(ssss)", what, app_id, reason, "block");

  g_task_set_source_tag (task, bgrun_inhibitor_logind_inhibit_async);
  g_task_set_task_data (task, g_variant_ref_sink (parameters),
                        (GDestroyNotify) g_variant_unref);
  g_bus_get (G_BUS_TYPE_SYSTEM, NULL, on_bus, task);
}

static gpointer
bgrun_inhibitor_logind_inhibit_finish (BgrunInhibitor  *inhibitor,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, inhibitor), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bgrun_inhibitor_logind_release (BgrunInhibitor *inhibitor,
                                gpointer        hold)
{
  hold_free (hold);
}

static void
bgrun_inhibitor_logind_iface_init (BgrunInhibitorInterface *iface)
{
  iface->get_name = bgrun_inhibitor_logind_get_name;
  iface->inhibit_async = bgrun_inhibitor_logind_inhibit_async;
  iface->inhibit_finish = bgrun_inhibitor_logind_inhibit_finish;
  iface->release = bgrun_inhibitor_logind_release;
}

static void
bgrun_inhibitor_logind_class_init (BgrunInhibitorLogindClass *klass)
{
}

static void
bgrun_inhibitor_logind_init (BgrunInhibitorLogind *self)
{
}

BgrunInhibitor *
bgrun_inhibitor_logind_new (void)
{
  return g_object_new (BGRUN_TYPE_INHIBITOR_LOGIND, NULL);
}
