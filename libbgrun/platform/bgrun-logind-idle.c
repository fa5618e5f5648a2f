/* bgrun-logind-idle.c: whether the user's session is idle, from logind
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <unistd.h>

#include "bgrun-logind-idle-private.h"
#include "bgrun-system-service-private.h"

/* Follows the `IdleHint` that logind keeps for the session of this process
 * (set by the desktop when the user has been away for its idle delay):
 * the session from the manager's GetSessionByPID, or, for a process
 * outside any session (bgrund as a systemd user service), the user's
 * object from GetUser, whose `IdleHint` holds when all of the user's
 * sessions are idle. Both announce changes with PropertiesChanged.
 * Emits `changed` when the answer changes. While logind (or the system
 * bus) is missing the session is not idle: nothing says the user is
 * away. */

#define LOGIND_NAME "org.freedesktop.login1"
#define LOGIND_PATH "/org/freedesktop/login1"
#define MANAGER_INTERFACE "org.freedesktop.login1.Manager"

struct _BgrunLogindIdle
{
  GObject parent_instance;

  BgrunSystemService service;
  GCancellable      *owner_cancellable;  /* for the current owner's calls */
  GDBusProxy        *proxy;              /* the session's or the user's */
  gboolean           idle;
};

G_DEFINE_FINAL_TYPE (BgrunLogindIdle, bgrun_logind_idle, G_TYPE_OBJECT)

enum {
  SIG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
refresh (BgrunLogindIdle *self)
{
  g_autoptr(GVariant) value = NULL;
  gboolean idle = FALSE;

  if (self->proxy != NULL)
    value = g_dbus_proxy_get_cached_property (self->proxy, "IdleHint");
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    idle = g_variant_get_boolean (value);
  if (idle == self->idle)
    return;
  self->idle = idle;
  g_signal_emit (self, signals[SIG_CHANGED], 0);
}

static void
on_properties_changed (GDBusProxy *proxy,
                       GVariant   *changed,
                       GStrv       invalidated,
                       gpointer    user_data)
{
  refresh (BGRUN_LOGIND_IDLE (user_data));
}

static void
on_proxy_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusProxy) proxy = g_dbus_proxy_new_finish (result, &error);
  BgrunLogindIdle *self;

  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("libbgrun: cannot follow the session's idle state: %s", error->message);
      return;
    }

  self = BGRUN_LOGIND_IDLE (user_data);
  g_signal_connect_object (proxy, "g-properties-changed",
                           G_CALLBACK (on_properties_changed), self, 0);
  g_set_object (&self->proxy, proxy);
  refresh (self);
}

static void
follow (BgrunLogindIdle *self,
        GVariant        *reply,
        const char      *interface)
{
  const char *path;

  g_variant_get (reply, "(&o)", &path);
  g_dbus_proxy_new (self->service.bus, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL,
                    LOGIND_NAME, path, interface,
                    self->owner_cancellable, on_proxy_ready, self);
}

static void
on_user_found (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source),
                                                             result, &error);

  if (reply != NULL)
    follow (BGRUN_LOGIND_IDLE (user_data), reply, "org.freedesktop.login1.User");
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("libbgrun: logind knows neither the session nor the user: %s", error->message);
}

static void
call_manager (BgrunLogindIdle     *self,
              const char          *method,
              guint32              id,
              GAsyncReadyCallback  callback)
{
  g_dbus_connection_call (self->service.bus, LOGIND_NAME, LOGIND_PATH, MANAGER_INTERFACE, method,
                          g_variant_new ("(u)", id), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->owner_cancellable, callback, self);
}

static void
on_session_found (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source),
                                                             result, &error);
  BgrunLogindIdle *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = BGRUN_LOGIND_IDLE (user_data);
  if (reply != NULL)
    follow (self, reply, "org.freedesktop.login1.Session");
  else
    call_manager (self, "GetUser", getuid (), on_user_found);
}

static void
drop_owner (BgrunLogindIdle *self)
{
  if (self->owner_cancellable != NULL)
    g_cancellable_cancel (self->owner_cancellable);
  g_clear_object (&self->owner_cancellable);
  g_clear_object (&self->proxy);
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  BgrunLogindIdle *self = BGRUN_LOGIND_IDLE (user_data);

  drop_owner (self);
  self->owner_cancellable = g_cancellable_new ();
  call_manager (self, "GetSessionByPID", getpid (), on_session_found);
}

static void
on_name_vanished (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  BgrunLogindIdle *self = BGRUN_LOGIND_IDLE (user_data);

  drop_owner (self);
  refresh (self);
}

static void
bgrun_logind_idle_dispose (GObject *object)
{
  BgrunLogindIdle *self = BGRUN_LOGIND_IDLE (object);

  bgrun_system_service_stop (&self->service);
  drop_owner (self);

  G_OBJECT_CLASS (bgrun_logind_idle_parent_class)->dispose (object);
}

static void
bgrun_logind_idle_class_init (BgrunLogindIdleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_logind_idle_dispose;

  signals[SIG_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_logind_idle_init (BgrunLogindIdle *self)
{
  bgrun_system_service_start (&self->service, LOGIND_NAME, "the session never counts as idle",
                              on_name_appeared, on_name_vanished, self);
}

BgrunLogindIdle *
bgrun_logind_idle_new (void)
{
  return g_object_new (BGRUN_TYPE_LOGIND_IDLE, NULL);
}

gboolean
bgrun_logind_idle_get_idle (BgrunLogindIdle *self)
{
  return self->idle;
}
