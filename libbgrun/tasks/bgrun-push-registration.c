/* bgrun-push-registration.c: the app's UnifiedPush registration
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-push-registration.h"
#include "bgrun-push-distributor-watch-private.h"
#include "bgrun-push-registration-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-task-triggers-private.h"
#include "bgrun-web-push-private.h"

/**
 * BgrunPushRegistration:
 *
 * The app's registration for push messages with the desktop's
 * [UnifiedPush](https://unifiedpush.org) distributor (ntfy,
 * KUnifiedPush, NextPush…), through the distributor's D-Bus interface
 * (`org.unifiedpush.Distributor2`), and the connector the distributor
 * calls back (`org.unifiedpush.Connector2` at
 * `/org/unifiedpush/Connector` on the app's bus name).
 *
 * Once [method@Bgrun.PushRegistration.register] succeeded, the
 * distributor gives an endpoint ([property@Bgrun.PushRegistration:endpoint]):
 * the app hands it, with [property@Bgrun.PushRegistration:public-key] and
 * [property@Bgrun.PushRegistration:auth-secret], to its application
 * server, as a browser hands a Web Push subscription. The server encrypts
 * each message for these keys (RFC 8291) and posts it to the endpoint;
 * each becomes a [class@Bgrun.PushRefreshTask]. The token, the endpoint
 * and the keys are kept in the app's state directory (mode 0600), so the
 * registration outlives the process: a message for an app that does not
 * run starts it (the distributor's call starts the app by D-Bus
 * activation, so the app needs a D-Bus service file), and the app gets
 * the task once it made its scheduler. Make the scheduler before the
 * application registers on the bus (before g_application_run()) so that
 * the connector answers the very call that started the app.
 *
 * Get it with [func@Bgrun.PushRegistration.get_for_scheduler].
 */

#define STATE_GROUP "UnifiedPush"
#define CONNECTOR_PATH "/org/unifiedpush/Connector"
#define DISTRIBUTOR_PATH "/org/unifiedpush/Distributor"
#define DISTRIBUTOR_IFACE "org.unifiedpush.Distributor2"
/* Sizes the specification sets, in bytes. */
#define MAX_TOKEN 100
#define MAX_DESCRIPTION 100
#define MAX_ENDPOINT 1000
#define MAX_MESSAGE 4096
/* How long the application is held for a message, until its task starts. */
#define HOLD_SECONDS 15
#define PUSH_REGISTRATION_KEY "bgrun-push-registration"

struct _BgrunPushRegistration
{
  GObject           parent_instance;
  GWeakRef          placement;
  GApplication     *application;
  GDBusConnection  *connection;
  guint             object_id;
  guint             watch_id;
  guint             registering;          /* Register calls under way */
  gboolean          distributor_present;  /* as last seen on the bus */
  char             *state_path;
  char             *keys_path;
  GKeyFile         *state;
  BgrunWebPushKeys *keys;
  char             *public_key;
  char             *auth_secret;
  char             *endpoint;     /* as kept in state */
  char             *distributor;  /* as kept in state */
  char             *vapid;        /* as kept in state */
};

G_DEFINE_FINAL_TYPE (BgrunPushRegistration, bgrun_push_registration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_PUBLIC_KEY,
  PROP_AUTH_SECRET,
  PROP_DISTRIBUTOR,
  PROP_VAPID_PUBLIC_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char connector_xml[] =
  "<node>"
  "  <interface name='org.unifiedpush.Connector2'>"
  "    <method name='Message'>"
  "      <arg name='args' type='a{sv}' direction='in'/>"
  "      <arg name='res' type='a{sv}' direction='out'/>"
  "    </method>"
  "    <method name='NewEndpoint'>"
  "      <arg name='args' type='a{sv}' direction='in'/>"
  "      <arg name='res' type='a{sv}' direction='out'/>"
  "    </method>"
  "    <method name='Unregistered'>"
  "      <arg name='args' type='a{sv}' direction='in'/>"
  "      <arg name='res' type='a{sv}' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static char *
state_string (BgrunPushRegistration *self,
              const char            *key)
{
  return g_key_file_get_string (self->state, STATE_GROUP, key, NULL);
}

static void
save_state (BgrunPushRegistration *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_key_file_to_data (self->state, NULL, NULL);

  if (!g_file_set_contents_full (self->state_path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    g_warning ("Cannot keep the UnifiedPush registration: %s", error->message);
}

static void
set_state_string (BgrunPushRegistration *self,
                  const char            *key,
                  const char            *value)
{
  if (value != NULL)
    g_key_file_set_string (self->state, STATE_GROUP, key, value);
  else
    g_key_file_remove_key (self->state, STATE_GROUP, key, NULL);
  save_state (self);
}

static gboolean
has_token (BgrunPushRegistration *self,
           GVariant              *args)
{
  g_autofree char *token = state_string (self, "token");
  const char *given = NULL;

  return token != NULL && g_variant_lookup (args, "token", "&s", &given) &&
         g_str_equal (token, given);
}

static gboolean
load_keys (BgrunPushRegistration  *self,
           GError                **error)
{
  if (self->keys != NULL)
    return TRUE;
  self->keys = bgrun_web_push_keys_load (self->keys_path, error);
  if (self->keys == NULL)
    return FALSE;
  self->public_key = bgrun_web_push_keys_get_public (self->keys);
  self->auth_secret = bgrun_web_push_keys_get_auth (self->keys);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLIC_KEY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_SECRET]);
  return TRUE;
}

static gboolean
on_hold_timeout (gpointer user_data)
{
  g_application_release (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

/* Decrypts @message and reports it as a push task, or, when it does not
 * decrypt, as a failure for the app's history. */
static void
deliver (BgrunPushRegistration *self,
         GVariant              *message,
         const char            *id)
{
  g_autoptr(BgrunPlacement) placement = g_weak_ref_get (&self->placement);
  g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (message);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);

  if (placement == NULL)
    return;
  g_variant_dict_insert (&data, "message-id", "s", id);
  if (load_keys (self, &error))
    plain = bgrun_web_push_decrypt (self->keys, bytes, &error);
  if (plain != NULL)
    g_variant_dict_insert_value (&data, "message",
                                 g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, plain, TRUE));
  else
    g_variant_dict_insert (&data, "failed", "s", error->message);
  g_clear_error (&error);
  g_application_hold (self->application);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, HOLD_SECONDS, on_hold_timeout,
                              g_object_ref (self->application), g_object_unref);
  if (!bgrun_task_trigger_report (placement, BGRUN_REQUEST_KIND_PUSH, g_variant_dict_end (&data), &error))
    g_warning ("Cannot deliver a push message: %s", error->message);
}

/* Keeps @key (endpoint or distributor) in the state file and its field,
 * and notifies its property. */
static void
set_kept (BgrunPushRegistration *self,
          const char            *key,
          const char            *value)
{
  gboolean endpoint = g_str_equal (key, "endpoint");
  char **field = endpoint ? &self->endpoint : &self->distributor;

  if (g_strcmp0 (*field, value) == 0)
    return;
  set_state_string (self, key, value);
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[endpoint ? PROP_ENDPOINT : PROP_DISTRIBUTOR]);
}

/* The registration is over (the app or the distributor ended it): its
 * token, endpoint and distributor are forgotten, so calls with the token
 * are ignored from now on and nothing registers again by itself. */
static void
forget (BgrunPushRegistration *self)
{
  g_key_file_remove_key (self->state, STATE_GROUP, "token", NULL);
  set_kept (self, "endpoint", NULL);
  set_kept (self, "distributor", NULL);
  save_state (self);
}

static gboolean
is_endpoint (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (strlen (text) > MAX_ENDPOINT)
    return FALSE;
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && (g_str_equal (g_uri_get_scheme (uri), "https") ||
                         g_str_equal (g_uri_get_scheme (uri), "http"));
}

/* Message: its "message" (ay, 1 to 4096 bytes) becomes a task; its
 * optional "id" (s) is acknowledged by returning it. A call whose fields
 * do not follow the specification is ignored, not acknowledged. */
static GVariant *
on_message (BgrunPushRegistration *self,
            GVariant              *args)
{
  g_autoptr(GVariant) message = g_variant_lookup_value (args, "message", G_VARIANT_TYPE_BYTESTRING);
  g_autoptr(GVariant) id = g_variant_lookup_value (args, "id", NULL);
  g_auto(GVariantDict) res = G_VARIANT_DICT_INIT (NULL);
  gsize size = message != NULL ? g_variant_get_size (message) : 0;

  if (size < 1 || size > MAX_MESSAGE || (id != NULL && !g_variant_is_of_type (id, G_VARIANT_TYPE_STRING)))
    {
      g_warning ("A UnifiedPush Message call is ignored: it needs a “message” (ay) of 1 to %d bytes (it has %" G_GSIZE_FORMAT ") and, if any, an “id” of type s",
                 MAX_MESSAGE, size);
      return g_variant_dict_end (&res);
    }
  deliver (self, message, id != NULL ? g_variant_get_string (id, NULL) : "");
  if (id != NULL)
    g_variant_dict_insert_value (&res, "id", id);
  return g_variant_dict_end (&res);
}

/* What the connector answers a call of the connection's distributor. */
static GVariant *
answer (BgrunPushRegistration *self,
        const char            *method_name,
        GVariant              *args)
{
  const char *endpoint = NULL;

  if (g_str_equal (method_name, "Message"))
    return on_message (self, args);
  if (g_str_equal (method_name, "NewEndpoint") &&
      g_variant_lookup (args, "endpoint", "&s", &endpoint) && is_endpoint (endpoint))
    set_kept (self, "endpoint", endpoint);
  else if (g_str_equal (method_name, "Unregistered"))
    forget (self);
  return g_variant_new ("a{sv}", NULL);
}

/* The distributor's calls: each with the connection's token, or ignored
 * (UnifiedPush's D-Bus specification); each answered with a dictionary,
 * empty but for a message's acknowledgement. */
static void
connector_method_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *object_path,
                       const char            *interface_name,
                       const char            *method_name,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  BgrunPushRegistration *self = user_data;
  g_autoptr(GVariant) args = g_variant_get_child_value (parameters, 0);
  GVariant *res;

  if (has_token (self, args))
    res = answer (self, method_name, args);
  else
    res = g_variant_new ("a{sv}", NULL);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@a{sv})", res));
}

static const GDBusInterfaceVTable connector_vtable = { connector_method_call, NULL, NULL, { 0 } };

static gboolean
export_connector (BgrunPushRegistration  *self,
                  GError                **error)
{
  g_autoptr(GDBusNodeInfo) node = NULL;

  if (self->object_id != 0)
    return TRUE;
  node = g_dbus_node_info_new_for_xml (connector_xml, NULL);
  self->object_id = g_dbus_connection_register_object (self->connection, CONNECTOR_PATH,
                                                       node->interfaces[0], &connector_vtable,
                                                       self, NULL, error);
  return self->object_id != 0;
}

/* ---- registering ------------------------------------------------------ */

/* What one Register call carries to the distributor's answer. */
typedef struct
{
  BgrunPushRegistration *self;
  char                  *distributor;
} Registering;

static Registering *
registering_new (BgrunPushRegistration *self)
{
  Registering *registering = g_new0 (Registering, 1);

  registering->self = g_object_ref (self);
  self->registering++;
  return registering;
}

static void
registering_free (Registering *registering)
{
  registering->self->registering--;
  g_object_unref (registering->self);
  g_free (registering->distributor);
  g_free (registering);
}

/* The distributor the app registered with if it still runs, else the
 * first one in @names (ListNames's reply) by name, or NULL. */
static char *
pick_distributor (BgrunPushRegistration  *self,
                  GVariant               *names_reply,
                  GError                **error)
{
  g_autofree const char **names = NULL;
  const char *first = NULL;

  g_variant_get (names_reply, "(^a&s)", &names);
  self->distributor_present = self->distributor != NULL &&
                              g_strv_contains (names, self->distributor);
  if (self->distributor_present)
    return g_strdup (self->distributor);
  for (gsize i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], BGRUN_PUSH_DISTRIBUTOR_PREFIX) &&
        (first == NULL || strcmp (names[i], first) < 0))
      first = names[i];
  if (first != NULL)
    return g_strdup (first);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No UnifiedPush distributor runs on the session bus (a service named org.unifiedpush.Distributor.…): install and start one, such as ntfy or KUnifiedPush. The app registers with the first one that starts."));
  return NULL;
}

/* What each failure reason of the specification means for the app. */
static const struct
{
  const char *reason;
  GIOErrorEnum code;
  const char *message;
} refusals[] = {
  { "INTERNAL_ERROR", G_IO_ERROR_FAILED,
    N_("The UnifiedPush distributor %s had an internal error; register again later.") },
  { "NETWORK", G_IO_ERROR_NETWORK_UNREACHABLE,
    N_("The UnifiedPush distributor %s cannot reach its push server; register again when the network is back.") },
  { "ACTION_REQUIRED", G_IO_ERROR_FAILED,
    N_("The UnifiedPush distributor %s needs the user first (to log in to its push server, or because it has as many registrations as it takes).") },
  { "VAPID_REQUIRED", G_IO_ERROR_INVALID_ARGUMENT,
    N_("The UnifiedPush distributor %s requires a VAPID public key: set the app server’s with bgrun_push_registration_set_vapid_public_key() and register again.") },
  { "UNAUTHORIZED", G_IO_ERROR_PERMISSION_DENIED,
    N_("The UnifiedPush distributor %s takes registrations only from sandboxed apps that expose their D-Bus service.") },
};

/* The error for Register's answer @res, or TRUE when it succeeded. */
static gboolean
check_register_answer (GVariant    *res,
                       const char  *distributor,
                       GError     **error)
{
  const char *success = "", *reason = "";

  g_variant_lookup (res, "success", "&s", &success);
  g_variant_lookup (res, "reason", "&s", &reason);
  if (g_str_equal (success, "REGISTRATION_SUCCEEDED"))
    return TRUE;
  for (gsize i = 0; g_str_equal (success, "REGISTRATION_FAILED") && i < G_N_ELEMENTS (refusals); i++)
    if (g_str_equal (reason, refusals[i].reason))
      {
        g_set_error (error, G_IO_ERROR, refusals[i].code, _(refusals[i].message), distributor);
        return FALSE;
      }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("The UnifiedPush distributor %s answered the registration with “%s” and reason “%s”, which the specification does not define."),
               distributor, success, reason);
  return FALSE;
}

static void
on_register_reply (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunPushRegistration *self = g_task_get_source_object (task);
  Registering *registering = g_task_get_task_data (task);
  const char *distributor = registering->distributor;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) res = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The UnifiedPush distributor %s did not answer the registration: %s"),
                               distributor, error->message);
      return;
    }
  res = g_variant_get_child_value (reply, 0);
  if (!check_register_answer (res, distributor, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->distributor_present = TRUE;
  set_kept (self, "distributor", distributor);
  g_task_return_boolean (task, TRUE);
}

/* Register's arguments: the app's bus name, the connection's token, and
 * the description and the VAPID key when there are. */
static GVariant *
register_args (BgrunPushRegistration *self)
{
  g_auto(GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *token = state_string (self, "token");
  g_autofree char *description = state_string (self, "description");

  g_variant_dict_insert (&args, "service", "s", g_application_get_application_id (self->application));
  g_variant_dict_insert (&args, "token", "s", token);
  if (description != NULL)
    g_variant_dict_insert (&args, "description", "s", description);
  if (self->vapid != NULL)
    g_variant_dict_insert (&args, "vapid", "s", self->vapid);
  return g_variant_dict_end (&args);
}

/* Calls Register on @distributor for @task. Moving to another distributor
 * than the one the app registered with starts a new connection: a new
 * token, and no endpoint until the new distributor gives one. */
static void
call_register (BgrunPushRegistration *self,
               const char            *distributor,
               GTask                 *task)
{
  Registering *registering = g_task_get_task_data (task);

  registering->distributor = g_strdup (distributor);
  if (self->distributor != NULL && !g_str_equal (self->distributor, distributor))
    {
      g_autofree char *fresh = g_uuid_string_random ();

      set_state_string (self, "token", fresh);
      set_kept (self, "endpoint", NULL);
    }
  g_dbus_connection_call (self->connection, distributor, DISTRIBUTOR_PATH, DISTRIBUTOR_IFACE,
                          "Register", g_variant_new ("(@a{sv})", register_args (self)),
                          G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), on_register_reply, task);
}

static void
on_registered_by_itself (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("%s", error->message);
}

/* A distributor started or stopped. While the app wants push messages
 * (it has a token), it registers with a distributor that starts when it
 * has none, when its own comes back (which confirms or changes the
 * endpoint) and when another starts while its own is gone. */
static void
on_distributor_changed (const char *name,
                        gboolean    appeared,
                        gpointer    user_data)
{
  BgrunPushRegistration *self = user_data;
  g_autofree char *token = state_string (self, "token");
  GTask *task;

  if (g_strcmp0 (name, self->distributor) == 0)
    self->distributor_present = appeared;
  if (!appeared || token == NULL || self->registering > 0 ||
      (self->distributor_present && g_strcmp0 (name, self->distributor) != 0))
    return;
  task = g_task_new (self, NULL, on_registered_by_itself, NULL);
  g_task_set_task_data (task, registering_new (self), (GDestroyNotify) registering_free);
  call_register (self, name, task);
}

static void
on_names (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  BgrunPushRegistration *self = g_task_get_source_object (task);
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *distributor = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL)
    distributor = pick_distributor (self, reply, &error);
  if (distributor == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  call_register (self, distributor, task);
}

/* Whether @description (which may be NULL) follows the specification:
 * UTF-8 of at most 100 bytes; FALSE with @error when not. */
static gboolean
check_description (const char  *description,
                   GError     **error)
{
  if (description == NULL || (g_utf8_validate (description, -1, NULL) &&
                              strlen (description) <= MAX_DESCRIPTION))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("A UnifiedPush registration’s description is UTF-8 text of at most %d bytes."),
               MAX_DESCRIPTION);
  return FALSE;
}

/**
 * bgrun_push_registration_register:
 * @self: the registration
 * @description: (nullable): what the app receives push messages for (for
 *   example the account's name), as the distributor may show it: UTF-8, at
 *   most 100 bytes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the distributor answered
 * @user_data: data for @callback
 *
 * Registers the app with the UnifiedPush distributor on the session bus
 * (`org.unifiedpush.Distributor2.Register`), or again with the one it
 * registered with, which then confirms the endpoint: call it at every
 * start of the app, as the specification asks. The Web Push keys are made
 * the first time and kept, and the
 * [property@Bgrun.PushRegistration:vapid-public-key] goes with the call
 * when there is one.
 * [property@Bgrun.PushRegistration:endpoint] is set when the distributor
 * gives it (during the call or right after), and changes whenever the
 * distributor says so.
 *
 * From this call on, while the app is registered or trying to be, the
 * registration follows the distributors on the bus: when none ran, it
 * registers with the first that starts; when the app's own stops and
 * starts again, it registers with it again; when another starts while
 * the app's own is gone, it moves to that one (a new connection, so a new
 * endpoint). Each is seen through
 * [property@Bgrun.PushRegistration:distributor] and
 * [property@Bgrun.PushRegistration:endpoint].
 */
void
bgrun_push_registration_register (BgrunPushRegistration *self,
                                  const char            *description,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (BGRUN_IS_PUSH_REGISTRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_push_registration_register);
  if (!check_description (description, &error) || !load_keys (self, &error) ||
      !export_connector (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  token = state_string (self, "token");
  if (token == NULL)
    {
      token = g_uuid_string_random ();
      g_key_file_set_string (self->state, STATE_GROUP, "token", token);
    }
  set_state_string (self, "description", description);
  g_task_set_task_data (task, registering_new (self), (GDestroyNotify) registering_free);
  if (self->watch_id == 0)
    self->watch_id = bgrun_push_watch_distributors (self->connection, on_distributor_changed, self);
  g_dbus_connection_call (self->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListNames", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable, on_names, g_steal_pointer (&task));
}

/**
 * bgrun_push_registration_register_finish:
 * @self: the registration
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Bgrun.PushRegistration.register].
 *
 * Returns: %TRUE when the distributor accepted the registration; %FALSE
 *   with @error set when there is no distributor yet
 *   (%G_IO_ERROR_NOT_FOUND: the registration is made when one starts), when
 *   it refused (%G_IO_ERROR_NETWORK_UNREACHABLE when it cannot reach its
 *   push server, %G_IO_ERROR_INVALID_ARGUMENT when it requires a VAPID
 *   key or the description is too long, %G_IO_ERROR_PERMISSION_DENIED when
 *   it takes only sandboxed apps, else %G_IO_ERROR_FAILED) or did not
 *   answer (%G_IO_ERROR_FAILED), or when the keys could not be read or kept
 */
gboolean
bgrun_push_registration_register_finish (BgrunPushRegistration  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * bgrun_push_registration_unregister:
 * @self: the registration
 * @error: return location for an error
 *
 * Tells the distributor the app no longer wants push messages
 * (`org.unifiedpush.Distributor2.Unregister`, without waiting for its
 * answer) and forgets the endpoint and the connection's token, as the
 * specification asks, even before the distributor confirms.
 *
 * Returns: %TRUE when done; %FALSE with %G_IO_ERROR_NOT_FOUND when the
 *   app is not registered
 */
gboolean
bgrun_push_registration_unregister (BgrunPushRegistration  *self,
                                    GError                **error)
{
  g_autofree char *token = NULL;

  g_return_val_if_fail (BGRUN_IS_PUSH_REGISTRATION (self), FALSE);

  token = state_string (self, "token");
  if (token == NULL || self->distributor == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The app is not registered for push messages."));
      return FALSE;
    }
  g_dbus_connection_call (self->connection, self->distributor, DISTRIBUTOR_PATH, DISTRIBUTOR_IFACE,
                          "Unregister", g_variant_new_parsed ("({'token': <%s>},)", token),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
  forget (self);
  return TRUE;
}

/**
 * bgrun_push_registration_set_vapid_public_key:
 * @self: the registration
 * @key: (nullable): the application server's VAPID public key (RFC 8292),
 *   as web-push libraries print it: the uncompressed P-256 point,
 *   base64url without padding (87 characters), or %NULL for none
 * @error: return location for an error
 *
 * Sets [property@Bgrun.PushRegistration:vapid-public-key], which the next
 * [method@Bgrun.PushRegistration.register] passes to the distributor
 * (Register's `vapid`), so that its push server takes only messages the
 * app's server signed with the matching private key. The key is kept
 * across restarts with the registration; after changing it, register
 * again.
 *
 * Returns: %TRUE when set; %FALSE with %G_IO_ERROR_INVALID_ARGUMENT,
 *   saying what is wrong, when @key is no such key (it is then not set)
 */
gboolean
bgrun_push_registration_set_vapid_public_key (BgrunPushRegistration  *self,
                                              const char             *key,
                                              GError                **error)
{
  g_return_val_if_fail (BGRUN_IS_PUSH_REGISTRATION (self), FALSE);

  if (key != NULL && !bgrun_web_push_check_vapid_key (key, error))
    return FALSE;
  if (g_strcmp0 (key, self->vapid) == 0)
    return TRUE;
  set_state_string (self, "vapid", key);
  g_free (self->vapid);
  self->vapid = g_strdup (key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VAPID_PUBLIC_KEY]);
  return TRUE;
}

/* ---- properties ------------------------------------------------------- */

/**
 * bgrun_push_registration_get_endpoint:
 * @self: the registration
 *
 * Gets [property@Bgrun.PushRegistration:endpoint].
 *
 * Returns: (nullable): the endpoint, or %NULL while there is none
 */
const char *
bgrun_push_registration_get_endpoint (BgrunPushRegistration *self)
{
  g_return_val_if_fail (BGRUN_IS_PUSH_REGISTRATION (self), NULL);
  return self->endpoint;
}

/**
 * bgrun_push_registration_get_public_key:
 * @self: the registration
 *
 * Gets [property@Bgrun.PushRegistration:public-key].
 *
 * Returns: (nullable): the key, or %NULL before the first registration
 */
const char *
bgrun_push_registration_get_public_key (BgrunPushRegistration *self)
{
  g_return_val_if_fail (BGRUN_IS_PUSH_REGISTRATION (self), NULL);
  return self->public_key;
}

/**
 * bgrun_push_registration_get_auth_secret:
 * @self: the registration
 *
 * Gets [property@Bgrun.PushRegistration:auth-secret].
 *
 * Returns: (nullable): the secret, or %NULL before the first registration
 */
const char *
bgrun_push_registration_get_auth_secret (BgrunPushRegistration *self)
{
  g_return_val_if_fail (BGRUN_IS_PUSH_REGISTRATION (self), NULL);
  return self->auth_secret;
}

/**
 * bgrun_push_registration_get_distributor:
 * @self: the registration
 *
 * Gets [property@Bgrun.PushRegistration:distributor].
 *
 * Returns: (nullable): the distributor's bus name, or %NULL
 */
const char *
bgrun_push_registration_get_distributor (BgrunPushRegistration *self)
{
  g_return_val_if_fail (BGRUN_IS_PUSH_REGISTRATION (self), NULL);
  return self->distributor;
}

/**
 * bgrun_push_registration_get_vapid_public_key:
 * @self: the registration
 *
 * Gets [property@Bgrun.PushRegistration:vapid-public-key].
 *
 * Returns: (nullable): the key, or %NULL when the app set none
 */
const char *
bgrun_push_registration_get_vapid_public_key (BgrunPushRegistration *self)
{
  g_return_val_if_fail (BGRUN_IS_PUSH_REGISTRATION (self), NULL);
  return self->vapid;
}

static void
bgrun_push_registration_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BgrunPushRegistration *self = BGRUN_PUSH_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_PUBLIC_KEY:
      g_value_set_string (value, self->public_key);
      break;
    case PROP_AUTH_SECRET:
      g_value_set_string (value, self->auth_secret);
      break;
    case PROP_DISTRIBUTOR:
      g_value_set_string (value, self->distributor);
      break;
    case PROP_VAPID_PUBLIC_KEY:
      g_value_set_string (value, self->vapid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_push_registration_dispose (GObject *object)
{
  BgrunPushRegistration *self = BGRUN_PUSH_REGISTRATION (object);

  if (self->object_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->object_id);
  self->object_id = 0;
  if (self->watch_id != 0)
    g_dbus_connection_signal_unsubscribe (self->connection, self->watch_id);
  self->watch_id = 0;
  g_clear_object (&self->connection);
  g_clear_object (&self->application);
  g_weak_ref_set (&self->placement, NULL);

  G_OBJECT_CLASS (bgrun_push_registration_parent_class)->dispose (object);
}

static void
bgrun_push_registration_finalize (GObject *object)
{
  BgrunPushRegistration *self = BGRUN_PUSH_REGISTRATION (object);

  g_weak_ref_clear (&self->placement);
  g_clear_pointer (&self->keys, bgrun_web_push_keys_free);
  g_clear_pointer (&self->state, g_key_file_unref);
  g_free (self->state_path);
  g_free (self->keys_path);
  g_free (self->public_key);
  g_free (self->auth_secret);
  g_free (self->endpoint);
  g_free (self->distributor);
  g_free (self->vapid);

  G_OBJECT_CLASS (bgrun_push_registration_parent_class)->finalize (object);
}

static void
bgrun_push_registration_class_init (BgrunPushRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bgrun_push_registration_get_property;
  object_class->dispose = bgrun_push_registration_dispose;
  object_class->finalize = bgrun_push_registration_finalize;

  /**
   * BgrunPushRegistration:endpoint:
   *
   * The URL the app's application server posts its messages to, as the
   * distributor gave it, or %NULL. Kept across restarts; notified when
   * the distributor changes it or ends the registration.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunPushRegistration:public-key:
   *
   * The app's P-256 public key (uncompressed, base64url), a Web Push
   * subscription's `p256dh`, or %NULL before the first registration.
   */
  properties[PROP_PUBLIC_KEY] =
    g_param_spec_string ("public-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunPushRegistration:auth-secret:
   *
   * The app's 16-byte authentication secret (base64url), a Web Push
   * subscription's `auth`, or %NULL before the first registration.
   */
  properties[PROP_AUTH_SECRET] =
    g_param_spec_string ("auth-secret", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunPushRegistration:distributor:
   *
   * The bus name of the distributor the app is registered with, or %NULL.
   */
  properties[PROP_DISTRIBUTOR] =
    g_param_spec_string ("distributor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunPushRegistration:vapid-public-key:
   *
   * The app server's VAPID public key (RFC 8292) that
   * [method@Bgrun.PushRegistration.register] passes to the distributor,
   * or %NULL. Set it with
   * [method@Bgrun.PushRegistration.set_vapid_public_key], which checks
   * it; kept across restarts.
   */
  properties[PROP_VAPID_PUBLIC_KEY] =
    g_param_spec_string ("vapid-public-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_push_registration_init (BgrunPushRegistration *self)
{
  g_weak_ref_init (&self->placement, NULL);
  self->state = g_key_file_new ();
}

/* What an earlier run kept: the token, endpoint, distributor and VAPID
 * key, and the Web Push keys; with a token, the connector answers at once. */
static void
restore (BgrunPushRegistration *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!g_key_file_load_from_file (self->state, self->state_path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Cannot read the UnifiedPush registration in %s: %s", self->state_path, error->message);
      return;
    }
  token = state_string (self, "token");
  self->endpoint = state_string (self, "endpoint");
  self->distributor = state_string (self, "distributor");
  self->vapid = state_string (self, "vapid");
  if (token != NULL && (!load_keys (self, &error) || !export_connector (self, &error)))
    g_warning ("Cannot receive push messages: %s", error->message);
}

void
bgrun_push_registration_attach (BgrunPlacement *placement)
{
  GApplication *application = bgrun_placement_get_application (placement);
  g_autoptr(GError) error = NULL;
  BgrunPushRegistration *self;
  GDBusConnection *connection;

  if (application == NULL || g_application_get_application_id (application) == NULL)
    return;
  /* Before the application registers, the connection it will use is the
   * shared session bus one. */
  if (g_application_get_is_registered (application))
    connection = g_application_get_dbus_connection (application);
  else
    connection = NULL;
  connection = connection != NULL ? g_object_ref (connection) : g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (connection == NULL)
    return;
  self = g_object_new (BGRUN_TYPE_PUSH_REGISTRATION, NULL);
  g_weak_ref_set (&self->placement, placement);
  self->application = g_object_ref (application);
  self->connection = connection;
  self->state_path = bgrun_placement_state_path (placement, "unifiedpush");
  self->keys_path = bgrun_placement_state_path (placement, "web-push-keys");
  restore (self);
  bgrun_placement_attach (placement, PUSH_REGISTRATION_KEY, self);
}

/**
 * bgrun_push_registration_get_for_scheduler:
 * @scheduler: the app's scheduler, made with a #GApplication that has an
 *   application id (its bus name, which the distributor calls)
 *
 * Gets the app's push registration.
 *
 * Returns: (transfer none) (nullable): the registration, or %NULL for a
 *   scheduler without an application or without a session bus
 */
BgrunPushRegistration *
bgrun_push_registration_get_for_scheduler (BgrunScheduler *scheduler)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);
  return bgrun_placement_get_attached (bgrun_scheduler_get_placement (scheduler), PUSH_REGISTRATION_KEY);
}
