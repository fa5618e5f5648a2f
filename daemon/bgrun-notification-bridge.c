/* bgrun-notification-bridge.c: bgrund shows the apps' GNotifications, and
 * starts an app whose notification button is pressed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-launcher-private.h"
#include "bgrun-notification-bridge-private.h"
#include "bgrun-peer-identity-private.h"

#define GTK_NAME  "org.gtk.Notifications"
#define GTK_PATH  "/org/gtk/Notifications"
#define FDO_NAME  "org.freedesktop.Notifications"
#define FDO_PATH  "/org/freedesktop/Notifications"

/* The interface GLib's GNotification speaks to a shell (gio's
 * ggtknotificationbackend.c is its client). */
static const char gtk_notifications_xml[] =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method>"
  "<method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
  "</interface></node>";

/* A notification shown for an app: its server id, and the actions its
 * keys stand for ("default" for the notification itself, "button<n>"). */
typedef struct
{
  char       *app_id;
  char       *id;
  guint32     server_id;
  GHashTable *actions;  /* key → GVariant (s mv): action, target */
} Shown;

struct _BgrunNotificationBridge
{
  GObject parent_instance;

  GDBusConnection *connection;
  guint            registration;
  guint            owner;
  guint            invoked;
  guint            closed;
  GHashTable      *shown;       /* "<app id>\n<id>" → Shown */
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (BgrunNotificationBridge, bgrun_notification_bridge, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
shown_free (gpointer data)
{
  Shown *shown = data;

  g_free (shown->app_id);
  g_free (shown->id);
  g_hash_table_unref (shown->actions);
  g_free (shown);
}

static void
update_busy (BgrunNotificationBridge *self)
{
  gboolean busy = g_hash_table_size (self->shown) > 0;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static Shown *
find_by_server_id (BgrunNotificationBridge *self,
                   guint32                  server_id,
                   char                   **key)
{
  GHashTableIter iter;
  gpointer k, value;

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &k, &value))
    if (((Shown *) value)->server_id == server_id)
      {
        *key = k;
        return value;
      }
  return NULL;
}

/* ---- showing ----------------------------------------------------------- */

/* Adds the action @name (an "app." action) with @target under @key to
 * @shown and to the Notify actions (@builder), labelled @label. */
static void
add_action (Shown           *shown,
            GVariantBuilder *builder,
            const char      *key,
            const char      *label,
            const char      *name,
            GVariant        *target)
{
  if (!g_str_has_prefix (name, "app."))
    return;  /* only the app's own actions can be run from outside it */
  g_hash_table_insert (shown->actions, g_strdup (key),
                       g_variant_ref_sink (g_variant_new ("(s@mv)", name + strlen ("app."),
                                                          g_variant_new_maybe (G_VARIANT_TYPE_VARIANT,
                                                                               target != NULL ? g_variant_new_variant (target) : NULL))));
  g_variant_builder_add (builder, "s", key);
  g_variant_builder_add (builder, "s", label);
}

static void
add_buttons (Shown           *shown,
             GVariantBuilder *actions,
             GVariant        *notification)
{
  g_autoptr(GVariant) buttons = g_variant_lookup_value (notification, "buttons", G_VARIANT_TYPE ("aa{sv}"));
  const char *name;

  if (g_variant_lookup (notification, "default-action", "&s", &name))
    {
      g_autoptr(GVariant) target = g_variant_lookup_value (notification, "default-action-target", NULL);

      add_action (shown, actions, "default", "", name, target);
    }
  for (gsize i = 0; buttons != NULL && i < g_variant_n_children (buttons); i++)
    {
      g_autoptr(GVariant) button = g_variant_get_child_value (buttons, i);
      g_autoptr(GVariant) target = g_variant_lookup_value (button, "target", NULL);
      g_autofree char *key = g_strdup_printf ("button%" G_GSIZE_FORMAT, i);
      const char *label = "";

      g_variant_lookup (button, "label", "&s", &label);
      if (g_variant_lookup (button, "action", "&s", &name))
        add_action (shown, actions, key, label, name, target);
    }
}

typedef struct
{
  BgrunNotificationBridge *bridge;
  char                    *key;
  Shown                   *shown;
} Showing;

static void
on_notified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Showing *showing = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_warning ("bgrund: cannot show a notification of %s: %s", showing->shown->app_id, error->message);
      shown_free (showing->shown);
    }
  else
    {
      g_variant_get (reply, "(u)", &showing->shown->server_id);
      g_hash_table_replace (showing->bridge->shown, g_steal_pointer (&showing->key), showing->shown);
      update_busy (showing->bridge);
    }
  g_object_unref (showing->bridge);
  g_free (showing->key);
  g_free (showing);
}

static void
add_notification (BgrunNotificationBridge *self,
                  const char              *app_id,
                  const char              *id,
                  GVariant                *notification)
{
  g_autofree char *key = g_strconcat (app_id, "\n", id, NULL);
  Shown *previous = g_hash_table_lookup (self->shown, key);
  Shown *shown = g_new0 (Shown, 1);
  Showing *showing = g_new0 (Showing, 1);
  GVariantBuilder actions, hints;
  const char *title = "", *body = "", *priority = "normal";

  shown->app_id = g_strdup (app_id);
  shown->id = g_strdup (id);
  shown->actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  g_variant_lookup (notification, "title", "&s", &title);
  g_variant_lookup (notification, "body", "&s", &body);
  g_variant_lookup (notification, "priority", "&s", &priority);
  g_variant_builder_init (&actions, G_VARIANT_TYPE_STRING_ARRAY);
  add_buttons (shown, &actions, notification);
  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (app_id));
  g_variant_builder_add (&hints, "{sv}", "urgency",
                         g_variant_new_byte (g_str_equal (priority, "urgent") ? 2 :
                                             g_str_equal (priority, "low") ? 0 : 1));

  showing->bridge = g_object_ref (self);
  showing->key = g_steal_pointer (&key);
  showing->shown = shown;
  g_dbus_connection_call (self->connection, FDO_NAME, FDO_PATH, FDO_NAME, "Notify",
                          g_variant_new ("(susssasa{sv}i)", app_id,
                                         previous != NULL ? previous->server_id : 0, "", title, body,
                                         &actions, &hints, -1),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_notified, showing);
}

static void
remove_notification (BgrunNotificationBridge *self,
                     const char              *app_id,
                     const char              *id)
{
  g_autofree char *key = g_strconcat (app_id, "\n", id, NULL);
  Shown *shown = g_hash_table_lookup (self->shown, key);

  if (shown == NULL)
    return;
  g_dbus_connection_call (self->connection, FDO_NAME, FDO_PATH, FDO_NAME, "CloseNotification",
                          g_variant_new ("(u)", shown->server_id), NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
  g_hash_table_remove (self->shown, key);
  update_busy (self);
}

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  BgrunNotificationBridge *self = user_data;
  g_autoptr(GVariant) notification = NULL;
  const char *app_id, *id;
  GError *error = NULL;

  g_variant_get_child (parameters, 0, "&s", &app_id);
  g_variant_get_child (parameters, 1, "&s", &id);
  /* A sandboxed app shows and withdraws its own notifications only. */
  if (!bgrun_peer_identity_may_serve (connection, sender, app_id, &error))
    {
      g_dbus_method_invocation_take_error (invocation, error);
      return;
    }
  if (g_str_equal (method_name, "AddNotification"))
    {
      notification = g_variant_get_child_value (parameters, 2);
      add_notification (self, app_id, id, notification);
    }
  else
    remove_notification (self, app_id, id);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

/* ---- pressing ---------------------------------------------------------- */

static void
on_activated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree char *app_id = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_warning ("bgrund: cannot run the notification action of %s: %s", app_id, error->message);
}

static void
on_action_invoked (GDBusConnection *connection,
                   const char      *sender,
                   const char      *object_path,
                   const char      *interface_name,
                   const char      *signal_name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  BgrunNotificationBridge *self = user_data;
  g_autofree char *path = NULL;
  g_autoptr(GVariant) target = NULL;
  GVariantBuilder targets;
  const char *key, *name;
  char *shown_key;
  guint32 server_id;
  Shown *shown;
  GVariant *action;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(us)")))
    return;
  g_variant_get (parameters, "(u&s)", &server_id, &key);
  shown = find_by_server_id (self, server_id, &shown_key);
  action = shown != NULL ? g_hash_table_lookup (shown->actions, key) : NULL;
  if (action == NULL)
    return;
  g_variant_get (action, "(&sm@v)", &name, &target);
  g_variant_builder_init (&targets, G_VARIANT_TYPE ("av"));
  if (target != NULL)
    g_variant_builder_add_value (&targets, target);
  path = bgrun_app_launcher_object_path (shown->app_id);
  /* As GNOME Shell does: the bus starts the app when it does not run. */
  g_dbus_connection_call (connection, shown->app_id, path, "org.freedesktop.Application",
                          "ActivateAction",
                          g_variant_new ("(s@av@a{sv})", name, g_variant_builder_end (&targets),
                                         g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_activated,
                          g_strdup (shown->app_id));
}

static void
on_notification_closed (GDBusConnection *connection,
                        const char      *sender,
                        const char      *object_path,
                        const char      *interface_name,
                        const char      *signal_name,
                        GVariant        *parameters,
                        gpointer         user_data)
{
  BgrunNotificationBridge *self = user_data;
  char *shown_key;
  guint32 server_id, reason;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(uu)")))
    return;
  g_variant_get (parameters, "(uu)", &server_id, &reason);
  if (find_by_server_id (self, server_id, &shown_key) == NULL)
    return;
  g_hash_table_remove (self->shown, shown_key);
  update_busy (self);
}

/* ---- object ------------------------------------------------------------ */

static void
bgrun_notification_bridge_dispose (GObject *object)
{
  BgrunNotificationBridge *self = BGRUN_NOTIFICATION_BRIDGE (object);

  if (self->connection != NULL)
    {
      if (self->registration != 0)
        g_dbus_connection_unregister_object (self->connection, self->registration);
      g_dbus_connection_signal_unsubscribe (self->connection, self->invoked);
      g_dbus_connection_signal_unsubscribe (self->connection, self->closed);
    }
  g_clear_handle_id (&self->owner, g_bus_unown_name);
  self->registration = 0;
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bgrun_notification_bridge_parent_class)->dispose (object);
}

static void
bgrun_notification_bridge_finalize (GObject *object)
{
  g_hash_table_unref (BGRUN_NOTIFICATION_BRIDGE (object)->shown);

  G_OBJECT_CLASS (bgrun_notification_bridge_parent_class)->finalize (object);
}

static void
bgrun_notification_bridge_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, BGRUN_NOTIFICATION_BRIDGE (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_notification_bridge_class_init (BgrunNotificationBridgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_notification_bridge_dispose;
  object_class->finalize = bgrun_notification_bridge_finalize;
  object_class->get_property = bgrun_notification_bridge_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_notification_bridge_init (BgrunNotificationBridge *self)
{
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shown_free);
}

BgrunNotificationBridge *
bgrun_notification_bridge_new (GDBusConnection  *connection,
                               GError          **error)
{
  g_autoptr(BgrunNotificationBridge) self = g_object_new (BGRUN_TYPE_NOTIFICATION_BRIDGE, NULL);
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (gtk_notifications_xml, NULL);

  self->connection = g_object_ref (connection);
  self->registration = g_dbus_connection_register_object (connection, GTK_PATH, node->interfaces[0],
                                                          &vtable, self, NULL, error);
  if (self->registration == 0)
    return NULL;
  self->invoked = g_dbus_connection_signal_subscribe (connection, FDO_NAME, FDO_NAME, "ActionInvoked",
                                                      FDO_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                      on_action_invoked, self, NULL);
  self->closed = g_dbus_connection_signal_subscribe (connection, FDO_NAME, FDO_NAME, "NotificationClosed",
                                                     FDO_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                     on_notification_closed, self, NULL);
  /* Before Broker1: an app that found bgrund finds the bridge too. */
  self->owner = g_bus_own_name_on_connection (connection, GTK_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                              NULL, NULL, NULL, NULL);
  return g_steal_pointer (&self);
}

gboolean
bgrun_notification_bridge_get_busy (BgrunNotificationBridge *self)
{
  g_return_val_if_fail (BGRUN_IS_NOTIFICATION_BRIDGE (self), FALSE);
  return self->busy;
}
