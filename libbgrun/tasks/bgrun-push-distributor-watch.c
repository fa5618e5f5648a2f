/* bgrun-push-distributor-watch.c: UnifiedPush distributors starting and
 * stopping on the session bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-push-distributor-watch-private.h"

typedef struct
{
  BgrunPushDistributorChanged changed;
  gpointer                    user_data;
} Watch;

static void
on_name_owner_changed (GDBusConnection *connection,
                       const char      *sender,
                       const char      *object_path,
                       const char      *interface_name,
                       const char      *signal_name,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  Watch *watch = user_data;
  const char *name, *old_owner, *new_owner;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sss)")))
    return;
  g_variant_get (parameters, "(&s&s&s)", &name, &old_owner, &new_owner);
  /* arg0namespace also matches the bare namespace, which is no
   * distributor's name. */
  if (!g_str_has_prefix (name, BGRUN_PUSH_DISTRIBUTOR_PREFIX))
    return;
  watch->changed (name, *new_owner != '\0', watch->user_data);
}

guint
bgrun_push_watch_distributors (GDBusConnection             *connection,
                               BgrunPushDistributorChanged  changed,
                               gpointer                     user_data)
{
  Watch *watch = g_new0 (Watch, 1);

  watch->changed = changed;
  watch->user_data = user_data;
  return g_dbus_connection_signal_subscribe (connection, "org.freedesktop.DBus", "org.freedesktop.DBus",
                                             "NameOwnerChanged", "/org/freedesktop/DBus",
                                             "org.unifiedpush.Distributor",
                                             G_DBUS_SIGNAL_FLAGS_MATCH_ARG0_NAMESPACE,
                                             on_name_owner_changed, watch, g_free);
}
