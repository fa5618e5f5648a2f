/* bgrun-inhibitor-portal.c: inhibitors from the Inhibit portal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-inhibitor-private.h"

/* org.freedesktop.portal.Inhibit.Inhibit(window, flags, options) on the
 * session bus answers with the object path of a request; the inhibition
 * lasts until org.freedesktop.portal.Request.Close is called on it. The
 * hold is that path with the connection it belongs to, so releasing is
 * sending Close. A process that dies without closing loses its inhibitors
 * anyway: the portal drops the requests of a peer that leaves the bus.
 *
 * The portal is how a sandboxed app inhibits (logind is out of its reach);
 * no parent window is given because the library knows none. */

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define INHIBIT_IFACE "org.freedesktop.portal.Inhibit"
#define REQUEST_IFACE "org.freedesktop.portal.Request"

/* The portal's flag values. */
enum {
  PORTAL_INHIBIT_SUSPEND = 4,
  PORTAL_INHIBIT_IDLE = 8,
};

struct _BgrunInhibitorPortal
{
  GObject parent_instance;
};

#define BGRUN_TYPE_INHIBITOR_PORTAL (bgrun_inhibitor_portal_get_type ())
G_DECLARE_FINAL_TYPE (BgrunInhibitorPortal, bgrun_inhibitor_portal,
                      BGRUN, INHIBITOR_PORTAL, GObject)

static void bgrun_inhibitor_portal_iface_init (BgrunInhibitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunInhibitorPortal, bgrun_inhibitor_portal, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_INHIBITOR,
                                                      bgrun_inhibitor_portal_iface_init))

typedef struct
{
  GDBusConnection *bus;
  char            *handle;
} Hold;

static void
on_close_reply (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source),
                                                             result, &error);

  /* A request the portal already dropped is released all the same. */
  if (reply == NULL)
    g_debug ("libbgrun: closing an Inhibit portal request: %s", error->message);
}

/* Sends Close and frees the hold; the connection lives until the answer. */
static void
hold_release (gpointer data)
{
  Hold *hold = data;

  g_dbus_connection_call (hold->bus, PORTAL_NAME, hold->handle, REQUEST_IFACE, "Close",
                          NULL, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL,
                          on_close_reply, NULL);
  g_object_unref (hold->bus);
  g_free (hold->handle);
  g_free (hold);
}

static guint32
portal_flags_for (BgrunInhibitorFlags flags)
{
  guint32 portal_flags = 0;

  if (flags & BGRUN_INHIBITOR_IDLE)
    portal_flags |= PORTAL_INHIBIT_IDLE;
  if (flags & BGRUN_INHIBITOR_SUSPEND)
    portal_flags |= PORTAL_INHIBIT_SUSPEND;
  return portal_flags;
}

static void
on_inhibit_reply (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  Hold *hold;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hold = g_new0 (Hold, 1);
  hold->bus = g_object_ref (G_DBUS_CONNECTION (source));
  g_variant_get (reply, "(o)", &hold->handle);
  g_task_return_pointer (task, hold, hold_release);
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

  g_dbus_connection_call (bus, PORTAL_NAME, PORTAL_PATH, INHIBIT_IFACE, "Inhibit",
                          parameters, G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_inhibit_reply, g_steal_pointer (&task));
}

static const char *
bgrun_inhibitor_portal_get_name (BgrunInhibitor *inhibitor)
{
  return "portal";
}

static void
bgrun_inhibitor_portal_inhibit_async (BgrunInhibitor      *inhibitor,
                                      BgrunInhibitorFlags  flags,
                                      const char          *app_id,
                                      const char          *reason,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task = g_task_new (inhibitor, NULL, callback, user_data);
  GVariantBuilder options;
  GVariant *parameters;

  /* The portal knows the app id of the caller from its sandbox. */
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason", g_variant_new_string (reason));
  parameters = g_variant_new ("(su@a{sv})", "", portal_flags_for (flags),
                              g_variant_builder_end (&options));

  g_task_set_source_tag (task, bgrun_inhibitor_portal_inhibit_async);
  g_task_set_task_data (task, g_variant_ref_sink (parameters),
                        (GDestroyNotify) g_variant_unref);
  g_bus_get (G_BUS_TYPE_SESSION, NULL, on_bus, task);
}

static gpointer
bgrun_inhibitor_portal_inhibit_finish (BgrunInhibitor  *inhibitor,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, inhibitor), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bgrun_inhibitor_portal_release (BgrunInhibitor *inhibitor,
                                gpointer        hold)
{
  hold_release (hold);
}

static void
bgrun_inhibitor_portal_iface_init (BgrunInhibitorInterface *iface)
{
  iface->get_name = bgrun_inhibitor_portal_get_name;
  iface->inhibit_async = bgrun_inhibitor_portal_inhibit_async;
  iface->inhibit_finish = bgrun_inhibitor_portal_inhibit_finish;
  iface->release = bgrun_inhibitor_portal_release;
}

static void
bgrun_inhibitor_portal_class_init (BgrunInhibitorPortalClass *klass)
{
}

static void
bgrun_inhibitor_portal_init (BgrunInhibitorPortal *self)
{
}

BgrunInhibitor *
bgrun_inhibitor_portal_new (void)
{
  return g_object_new (BGRUN_TYPE_INHIBITOR_PORTAL, NULL);
}
