/* bgrun-upower.c: battery state from UPower on the system bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "bgrun-system-service-private.h"
#include "bgrun-upower-private.h"

/* Follows UPower's `OnBattery` and its display device's `Percentage`.
 * Emits `changed` whenever either value it reports changes. While UPower
 * (or the system bus) is missing it reports "unknown": not on battery,
 * level -1. */

#define UPOWER_NAME "org.freedesktop.UPower"
#define UPOWER_PATH "/org/freedesktop/UPower"
#define DISPLAY_DEVICE_PATH "/org/freedesktop/UPower/devices/DisplayDevice"

struct _BgrunUpower
{
  GObject parent_instance;

  BgrunSystemService service;
  GCancellable      *proxies_cancellable;  /* for the current owner's proxies */
  GDBusProxy        *manager;
  GDBusProxy        *display;
  gboolean           on_battery;
  int                level;
};

G_DEFINE_FINAL_TYPE (BgrunUpower, bgrun_upower, G_TYPE_OBJECT)

enum {
  SIG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
read_on_battery (BgrunUpower *self)
{
  g_autoptr(GVariant) value = NULL;

  if (self->manager != NULL)
    value = g_dbus_proxy_get_cached_property (self->manager, "OnBattery");
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return FALSE;
  return g_variant_get_boolean (value);
}

static int
read_level (BgrunUpower *self)
{
  g_autoptr(GVariant) present = NULL;
  g_autoptr(GVariant) percentage = NULL;

  if (self->display == NULL)
    return -1;
  present = g_dbus_proxy_get_cached_property (self->display, "IsPresent");
  percentage = g_dbus_proxy_get_cached_property (self->display, "Percentage");
  if (present == NULL || !g_variant_is_of_type (present, G_VARIANT_TYPE_BOOLEAN) ||
      !g_variant_get_boolean (present))
    return -1;
  if (percentage == NULL || !g_variant_is_of_type (percentage, G_VARIANT_TYPE_DOUBLE))
    return -1;
  return (int) CLAMP (lround (g_variant_get_double (percentage)), 0, 100);
}

static void
refresh (BgrunUpower *self)
{
  gboolean on_battery = read_on_battery (self);
  int level = read_level (self);

  if (on_battery == self->on_battery && level == self->level)
    return;
  self->on_battery = on_battery;
  self->level = level;
  g_signal_emit (self, signals[SIG_CHANGED], 0);
}

static void
on_properties_changed (GDBusProxy *proxy,
                       GVariant   *changed,
                       GStrv       invalidated,
                       gpointer    user_data)
{
  refresh (BGRUN_UPOWER (user_data));
}

static void
on_proxy_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusProxy) proxy = g_dbus_proxy_new_finish (result, &error);
  BgrunUpower *self;

  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("libbgrun: cannot follow UPower: %s", error->message);
      return;
    }

  self = BGRUN_UPOWER (user_data);
  g_signal_connect_object (proxy, "g-properties-changed",
                           G_CALLBACK (on_properties_changed), self, 0);
  if (g_str_equal (g_dbus_proxy_get_object_path (proxy), UPOWER_PATH))
    g_set_object (&self->manager, proxy);
  else
    g_set_object (&self->display, proxy);
  refresh (self);
}

static void
make_proxy (BgrunUpower *self,
            const char  *path,
            const char  *interface)
{
  g_dbus_proxy_new (self->service.bus, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL,
                    UPOWER_NAME, path, interface,
                    self->proxies_cancellable, on_proxy_ready, self);
}

static void
drop_proxies (BgrunUpower *self)
{
  if (self->proxies_cancellable != NULL)
    g_cancellable_cancel (self->proxies_cancellable);
  g_clear_object (&self->proxies_cancellable);
  g_clear_object (&self->manager);
  g_clear_object (&self->display);
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  BgrunUpower *self = BGRUN_UPOWER (user_data);

  drop_proxies (self);
  self->proxies_cancellable = g_cancellable_new ();
  make_proxy (self, UPOWER_PATH, "org.freedesktop.UPower");
  make_proxy (self, DISPLAY_DEVICE_PATH, "org.freedesktop.UPower.Device");
}

static void
on_name_vanished (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  BgrunUpower *self = BGRUN_UPOWER (user_data);

  drop_proxies (self);
  refresh (self);
}

static void
bgrun_upower_dispose (GObject *object)
{
  BgrunUpower *self = BGRUN_UPOWER (object);

  bgrun_system_service_stop (&self->service);
  drop_proxies (self);

  G_OBJECT_CLASS (bgrun_upower_parent_class)->dispose (object);
}

static void
bgrun_upower_class_init (BgrunUpowerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_upower_dispose;

  signals[SIG_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_upower_init (BgrunUpower *self)
{
  self->level = -1;
  bgrun_system_service_start (&self->service, UPOWER_NAME, "battery state unknown",
                              on_name_appeared, on_name_vanished, self);
}

BgrunUpower *
bgrun_upower_new (void)
{
  return g_object_new (BGRUN_TYPE_UPOWER, NULL);
}

gboolean
bgrun_upower_get_on_battery (BgrunUpower *self)
{
  return self->on_battery;
}

int
bgrun_upower_get_battery_level (BgrunUpower *self)
{
  return self->level;
}
