/* bgrun-background-portal.c: telling the Background portal why the app runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-background-portal-private.h"

/* Desktops that list the apps running in the background (GNOME's "Background
 * Apps") learn about a sandboxed app from org.freedesktop.portal.Background:
 * RequestBackground says the app wants to run without a window, and, from
 * version 2 on, SetStatus gives the line shown under its name ("Mindfulness
 * session, 8 min left"). Neither holds anything to release: the portal
 * forgets the status when the app exits, and a status is cleared by setting
 * an empty one.
 *
 * Everything is fire and forget: a session never waits for the portal, and
 * a portal that is missing or refuses costs one debug message. Every call in
 * flight (the bus, the version, a method) holds a reference on the object,
 * so what was asked for before the owner dropped it (such as clearing the
 * status when the last session ends) is still sent.
 *
 * The answer to RequestBackground comes as the Response signal of a
 * Request object. Its path is known before the call (it is made of our
 * unique name and the handle_token we pass), so the subscription, made
 * once the bus is there, sees a Response that comes before the method's
 * reply; older portals that choose their own path answer after the reply,
 * so the returned path is watched for as well.
 *
 * The user may take the permission back later (GNOME Settings' "Run in
 * Background" switch): the portal sends the app nothing then, but its
 * permission store, where xdg-desktop-portal keeps the answer (table and
 * id "background", one entry per app id), announces the change with
 * Changed, and xdg-desktop-portal goes on to kill an app it finds
 * running in the background without the permission. An entry saying
 * "no" for our app id is a refusal like the Response's. */

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define BACKGROUND_IFACE "org.freedesktop.portal.Background"
#define REQUEST_IFACE "org.freedesktop.portal.Request"
#define REQUEST_PATH_PREFIX "/org/freedesktop/portal/desktop/request/"
#define FLATPAK_INFO "/.flatpak-info"
#define STORE_NAME "org.freedesktop.impl.portal.PermissionStore"
#define STORE_PATH "/org/freedesktop/impl/portal/PermissionStore"
#define STORE_IFACE "org.freedesktop.impl.portal.PermissionStore"
#define STORE_TABLE "background"

/* The first version with SetStatus. */
#define STATUS_VERSION 2

typedef enum {
  STATE_CONNECTING,   /* waiting for the bus and the version */
  STATE_READY,
  STATE_UNAVAILABLE,  /* no bus or no portal: everything is dropped */
} State;

struct _BgrunBackgroundPortal
{
  GObject parent_instance;

  GDBusConnection *bus;
  State            state;
  guint32          version;
  GPtrArray       *queued_reasons;   /* RequestBackground calls made while connecting */
  char            *wanted_status;
  char            *sent_status;
  gboolean         reported;         /* the one debug message was logged */
  guint            response_id;      /* Response subscription */
  guint            changed_id;       /* the permission store's Changed */
  char            *app_id;           /* as the permission store knows the app */
  GHashTable      *awaited;          /* request paths whose Response counts */
  guint            n_tokens;
};

enum {
  SIG_DENIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BgrunBackgroundPortal, bgrun_background_portal, G_TYPE_OBJECT)

gboolean
bgrun_background_portal_is_wanted (void)
{
  const char *forced = g_getenv ("BGRUN_BACKGROUND_PORTAL");

  if (g_strcmp0 (forced, "1") == 0)
    return TRUE;
  if (g_strcmp0 (forced, "0") == 0)
    return FALSE;
  return g_file_test (FLATPAK_INFO, G_FILE_TEST_EXISTS);
}

/* Logs @error, the first time only. */
static void
failed (BgrunBackgroundPortal *self,
        const char            *what,
        GError                *error)
{
  if (!self->reported)
    g_debug ("libbgrun: the Background portal is not available (%s): %s; "
             "the app is only kept running, not listed with a status",
             what, error->message);
  self->reported = TRUE;
}

static void
on_call_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BgrunBackgroundPortal) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source),
                                                             result, &error);

  if (reply == NULL)
    failed (self, "a call failed", error);
}

static void
call (BgrunBackgroundPortal *self,
      const char            *method,
      GVariant              *parameters)
{
  g_dbus_connection_call (self->bus, PORTAL_NAME, PORTAL_PATH, BACKGROUND_IFACE, method,
                          parameters, NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, on_call_reply, g_object_ref (self));
}

/* A Response from the portal: a refusal of one of our requests is
 * announced; anything else, or a path we did not ask for, is ignored. */
static void
on_response (GDBusConnection *connection,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *member,
             GVariant        *parameters,
             gpointer         user_data)
{
  g_autoptr(BgrunBackgroundPortal) self = g_weak_ref_get (user_data);
  g_autoptr(GVariant) results = NULL;
  guint32 response;
  gboolean background = TRUE;

  if (self == NULL || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")) ||
      !g_hash_table_remove (self->awaited, path))
    return;
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  if (response == 0 && background)
    return;
  g_debug ("libbgrun: the Background portal refused to let the app run in the background (response %u)",
           response);
  g_signal_emit (self, signals[SIG_DENIED], 0);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Changed(table, id, deleted, data, permissions a{sas}) of the
 * "background" table: a refusal when our app's entry says "no". */
static void
on_permission_changed (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *member,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  g_autoptr(BgrunBackgroundPortal) self = g_weak_ref_get (user_data);
  g_autoptr(GVariant) permissions = NULL;
  g_autofree const char **answer = NULL;
  const char *table, *id;
  gboolean deleted;

  if (self == NULL || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssbva{sas})")))
    return;
  g_variant_get (parameters, "(&s&sbv@a{sas})", &table, &id, &deleted, NULL, &permissions);
  if (!g_str_equal (table, STORE_TABLE) || deleted ||
      !g_variant_lookup (permissions, self->app_id, "^a&s", &answer) ||
      answer[0] == NULL || !g_str_equal (answer[0], "no"))
    return;
  g_debug ("libbgrun: the user took back %s's permission to run in the background", self->app_id);
  g_signal_emit (self, signals[SIG_DENIED], 0);
}

static guint
subscribe (BgrunBackgroundPortal *self,
           const char            *sender,
           const char            *interface,
           const char            *member,
           const char            *path,
           const char            *arg0,
           GDBusSignalCallback    callback)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return g_dbus_connection_signal_subscribe (self->bus, sender, interface, member, path, arg0,
                                             G_DBUS_SIGNAL_FLAGS_NONE, callback, ref,
                                             weak_ref_free);
}

static void
on_request_reply (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BgrunBackgroundPortal) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source),
                                                             result, &error);
  const char *handle;

  if (reply == NULL)
    {
      failed (self, "a call failed", error);
      return;
    }
  if (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(o)")))
    {
      g_variant_get (reply, "(&o)", &handle);
      g_hash_table_add (self->awaited, g_strdup (handle));
    }
}

static void
send_request (BgrunBackgroundPortal *self,
              const char            *reason)
{
  GVariantBuilder options;
  g_autofree char *token = g_strdup_printf ("bgrun%u", ++self->n_tokens);
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (self->bus));

  if (sender != NULL)
    {
      g_strdelimit (sender, ".", '_');
      g_hash_table_add (self->awaited,
                        g_strconcat (REQUEST_PATH_PREFIX, sender + 1, "/", token, NULL));
    }
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason", g_variant_new_string (reason));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (self->bus, PORTAL_NAME, PORTAL_PATH, BACKGROUND_IFACE,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, on_request_reply, g_object_ref (self));
}

static void
sync_status (BgrunBackgroundPortal *self)
{
  GVariantBuilder options;
  const char *wanted = self->wanted_status != NULL ? self->wanted_status : "";
  const char *sent = self->sent_status != NULL ? self->sent_status : "";

  if (self->state != STATE_READY || self->version < STATUS_VERSION ||
      g_str_equal (wanted, sent))
    return;

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "message", g_variant_new_string (wanted));
  call (self, "SetStatus", g_variant_new ("(a{sv})", &options));
  g_free (self->sent_status);
  self->sent_status = g_strdup (wanted);
}

static void
on_version (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BgrunBackgroundPortal) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source),
                                                             result, &error);
  g_autoptr(GVariant) version = NULL;

  if (reply == NULL)
    {
      self->state = STATE_UNAVAILABLE;
      g_ptr_array_set_size (self->queued_reasons, 0);
      failed (self, "no version", error);
      return;
    }

  g_variant_get (reply, "(v)", &version);
  if (g_variant_is_of_type (version, G_VARIANT_TYPE_UINT32))
    self->version = g_variant_get_uint32 (version);
  self->state = STATE_READY;
  for (guint i = 0; i < self->queued_reasons->len; i++)
    send_request (self, g_ptr_array_index (self->queued_reasons, i));
  g_ptr_array_set_size (self->queued_reasons, 0);
  sync_status (self);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BgrunBackgroundPortal) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      self->state = STATE_UNAVAILABLE;
      g_ptr_array_set_size (self->queued_reasons, 0);
      failed (self, "no session bus", error);
      return;
    }

  self->bus = g_steal_pointer (&bus);
  self->response_id = subscribe (self, PORTAL_NAME, REQUEST_IFACE, "Response", NULL, NULL,
                                 on_response);
  self->changed_id = subscribe (self, STORE_NAME, STORE_IFACE, "Changed", STORE_PATH, STORE_TABLE,
                                on_permission_changed);
  g_dbus_connection_call (self->bus, PORTAL_NAME, PORTAL_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", BACKGROUND_IFACE, "version"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, on_version, g_object_ref (self));
}

static void
bgrun_background_portal_finalize (GObject *object)
{
  BgrunBackgroundPortal *self = BGRUN_BACKGROUND_PORTAL (object);

  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->response_id);
  if (self->changed_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->changed_id);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_object (&self->bus);
  g_clear_pointer (&self->awaited, g_hash_table_unref);
  g_clear_pointer (&self->queued_reasons, g_ptr_array_unref);
  g_clear_pointer (&self->wanted_status, g_free);
  g_clear_pointer (&self->sent_status, g_free);

  G_OBJECT_CLASS (bgrun_background_portal_parent_class)->finalize (object);
}

static void
bgrun_background_portal_class_init (BgrunBackgroundPortalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bgrun_background_portal_finalize;

  signals[SIG_DENIED] =
    g_signal_new ("denied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_background_portal_init (BgrunBackgroundPortal *self)
{
  self->queued_reasons = g_ptr_array_new_with_free_func (g_free);
  self->awaited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->state = STATE_CONNECTING;
  g_bus_get (G_BUS_TYPE_SESSION, NULL, on_bus, g_object_ref (self));
}

BgrunBackgroundPortal *
bgrun_background_portal_new (const char *app_id)
{
  BgrunBackgroundPortal *self;

  g_return_val_if_fail (app_id != NULL, NULL);

  self = g_object_new (BGRUN_TYPE_BACKGROUND_PORTAL, NULL);
  self->app_id = g_strdup (app_id);
  return self;
}

void
bgrun_background_portal_request (BgrunBackgroundPortal *self,
                                 const char            *reason)
{
  g_return_if_fail (BGRUN_IS_BACKGROUND_PORTAL (self));
  g_return_if_fail (reason != NULL);

  if (self->state == STATE_READY)
    send_request (self, reason);
  else if (self->state == STATE_CONNECTING)
    g_ptr_array_add (self->queued_reasons, g_strdup (reason));
}

void
bgrun_background_portal_set_status (BgrunBackgroundPortal *self,
                                    const char            *message)
{
  g_return_if_fail (BGRUN_IS_BACKGROUND_PORTAL (self));
  g_return_if_fail (message != NULL);

  g_free (self->wanted_status);
  self->wanted_status = g_strdup (message);
  sync_status (self);
}
