/* bgrun-transfer-service.c: hosted URL sessions exported on D-Bus as
 * org.bgrun.Transfers1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <inttypes.h>
#include "bgrun-dbus-broker-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-resume-data-private.h"
#include "bgrun-time-private.h"
#include "bgrun-transfer-service-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-view-private.h"

/* Hand-written glue from data/org.bgrun.Transfers1.xml to the hosted
 * sessions of BgrunTransferHost: each method unpacks its arguments, acts
 * on a session of the caller's app and packs the answer; the host's
 * signals for an owner go to that connection alone. URL session errors
 * go back as they are (bgrun_dbus_register_errors() names them). */

struct _BgrunTransferService
{
  GObject parent_instance;

  BgrunTransferHost  *host;
  BgrunBrokerService *broker;
  GDBusConnection    *connection;
  guint               registration;
  GHashTable         *watches;      /* owner (unique name) → name watch id */
};

G_DEFINE_FINAL_TYPE (BgrunTransferService, bgrun_transfer_service, G_TYPE_OBJECT)

static GDBusInterfaceInfo *
get_interface_info (void)
{
  static GDBusInterfaceInfo *info = NULL;

  if (g_once_init_enter (&info))
    g_once_init_leave (&info, bgrun_dbus_load_interface_info (BGRUN_TRANSFERS_INTERFACE));
  return info;
}

typedef struct
{
  BgrunTransferService  *service;
  const char            *app_id;
  const char            *sender;
  GDBusMethodInvocation *invocation;
} Call;

/* ---- owners ------------------------------------------------------------- */

static void
on_owner_vanished (GDBusConnection *connection,
                   const char      *name,
                   gpointer         user_data)
{
  BgrunTransferService *self = user_data;

  g_debug ("bgrund: %s left; its URL sessions are closed", name);
  bgrun_broker_service_serve_waiting (self->broker, name);
  bgrun_transfer_host_close_owner (self->host, name);
  g_hash_table_remove (self->watches, name);
}

static void
watch_owner (BgrunTransferService *self,
             const char           *owner)
{
  guint watch;

  if (g_hash_table_contains (self->watches, owner))
    return;
  /* Calls back at once (from the main loop) when @owner is already gone. */
  watch = g_bus_watch_name_on_connection (self->connection, owner, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          NULL, on_owner_vanished, self, NULL);
  g_hash_table_insert (self->watches, g_strdup (owner), GUINT_TO_POINTER (watch));
}

/* ---- reading what callers send ------------------------------------------ */

/* Sets *@value to the value of @key in @dict, or to NULL when it is absent;
 * FALSE with @error set when it is absent but @required, or of another
 * type than @type. @what names @dict in the message. */
static gboolean
lookup (GVariant            *dict,
        const char          *what,
        const char          *key,
        const GVariantType  *type,
        gboolean             required,
        GVariant           **value,
        GError             **error)
{
  *value = g_variant_lookup_value (dict, key, NULL);
  if (*value == NULL && required)
    g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                 _("The %s has no “%s” (of type “%s”): add it."),
                 what, key, g_variant_type_peek_string (type));
  else if (*value != NULL && !g_variant_is_of_type (*value, type))
    g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                 _("The “%s” of the %s must be of type “%s”, not “%s”."),
                 key, what, g_variant_type_peek_string (type), g_variant_get_type_string (*value));
  else
    return TRUE;
  g_clear_pointer (value, g_variant_unref);
  return FALSE;
}

static BgrunUrlSessionTask *
find_task (BgrunUrlSession *session,
           guint64          task_id)
{
  GListModel *tasks = bgrun_url_session_get_tasks (session);

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (tasks, i);

      if (bgrun_url_session_task_get_task_identifier (task) == task_id)
        return task;
    }
  return NULL;
}

/* ---- CreateTask --------------------------------------------------------- */

static BgrunUrlSessionTask *
create_upload (BgrunUrlSession  *session,
               GVariant         *request,
               const char       *uri,
               GError          **error)
{
  g_autoptr(GVariant) path = NULL;
  g_autoptr(GVariant) method = NULL;
  g_autoptr(GVariant) resumable = NULL;
  g_autoptr(GFile) file = NULL;

  const char *what = _("upload request");

  if (!lookup (request, what, "file", G_VARIANT_TYPE_STRING, TRUE, &path, error) ||
      !lookup (request, what, "method", G_VARIANT_TYPE_STRING, FALSE, &method, error) ||
      !lookup (request, what, "resumable", G_VARIANT_TYPE_BOOLEAN, FALSE, &resumable, error))
    return NULL;
  /* The daemon opens the file itself, so a relative path means nothing. */
  if (!g_path_is_absolute (g_variant_get_string (path, NULL)))
    {
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                   _("The upload file “%s” is not an absolute path: bgrund opens it, so give its full path."),
                   g_variant_get_string (path, NULL));
      return NULL;
    }
  file = g_file_new_for_path (g_variant_get_string (path, NULL));
  return bgrun_url_session_upload (session, uri, file,
                                   method != NULL ? g_variant_get_string (method, NULL) : "PUT",
                                   resumable != NULL && g_variant_get_boolean (resumable), error);
}

static BgrunUrlSessionTask *
create_task (BgrunUrlSession  *session,
             GVariant         *request,
             GError          **error)
{
  g_autoptr(GVariant) resume_data = NULL;
  g_autoptr(GVariant) kind = NULL;
  g_autoptr(GVariant) uri = NULL;
  const char *what = _("task request");

  if (!lookup (request, what, "resume-data", G_VARIANT_TYPE_BYTESTRING, FALSE, &resume_data, error))
    return NULL;
  if (resume_data != NULL)
    {
      g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (resume_data);

      return bgrun_url_session_download_with_resume_data (session, bytes, error);
    }
  if (!lookup (request, what, "kind", G_VARIANT_TYPE_UINT32, TRUE, &kind, error) ||
      !lookup (request, what, "uri", G_VARIANT_TYPE_STRING, TRUE, &uri, error))
    return NULL;
  switch (g_variant_get_uint32 (kind))
    {
    case BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD:
      return bgrun_url_session_download (session, g_variant_get_string (uri, NULL), error);
    case BGRUN_URL_SESSION_TASK_KIND_UPLOAD:
      return create_upload (session, request, g_variant_get_string (uri, NULL), error);
    case BGRUN_URL_SESSION_TASK_KIND_DATA:
      return bgrun_url_session_data (session, g_variant_get_string (uri, NULL), error);
    default:
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The task kind %u is not a BgrunUrlSessionTaskKind: use %u for a download or %u for an upload."),
                   g_variant_get_uint32 (kind), BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD,
                   BGRUN_URL_SESSION_TASK_KIND_UPLOAD);
      return NULL;
    }
}

static void
handle_create_task (Call     *call,
                    GVariant *parameters)
{
  g_autoptr(GVariant) request = NULL;
  g_autoptr(BgrunUrlSessionTask) task = NULL;
  BgrunUrlSession *session;
  const char *identifier;
  GError *error = NULL;

  g_variant_get (parameters, "(&s@a{sv})", &identifier, &request);
  session = bgrun_transfer_host_lookup (call->service->host, call->app_id, identifier, call->sender, &error);
  if (session != NULL)
    task = create_task (session, request, &error);
  if (task == NULL)
    {
      g_dbus_method_invocation_take_error (call->invocation, error);
      return;
    }
  g_dbus_method_invocation_return_value (call->invocation,
                                         g_variant_new ("(@a{sv})", bgrun_url_session_task_to_view (task)));
}

/* ---- UpdateTask --------------------------------------------------------- */

static gboolean
check_settings (GVariant  *settings,
                GVariant **priority,
                GVariant **begin,
                GVariant **checksum,
                GVariant **description,
                GVariant **protocol,
                GError   **error)
{
  const char *what = _("task settings");

  if (!lookup (settings, what, "priority", G_VARIANT_TYPE_DOUBLE, FALSE, priority, error) ||
      !lookup (settings, what, "earliest-begin-date", G_VARIANT_TYPE_INT64, FALSE, begin, error) ||
      !lookup (settings, what, "expected-checksum", G_VARIANT_TYPE_STRING, FALSE, checksum, error) ||
      !lookup (settings, what, "description", G_VARIANT_TYPE_STRING, FALSE, description, error) ||
      !lookup (settings, what, "upload-protocol", G_VARIANT_TYPE_UINT32, FALSE, protocol, error))
    return FALSE;
  if (*priority != NULL && !(g_variant_get_double (*priority) >= 0 && g_variant_get_double (*priority) <= 1))
    g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                 _("A task’s priority is from 0 to 1, not %g."), g_variant_get_double (*priority));
  else if (*protocol != NULL && g_variant_get_uint32 (*protocol) > BGRUN_UPLOAD_PROTOCOL_TUS)
    g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                 _("The upload protocol %u is not a known upload protocol."), g_variant_get_uint32 (*protocol));
  else
    return TRUE;
  return FALSE;
}

static void
apply_settings (BgrunUrlSessionTask *task,
                GVariant            *priority,
                GVariant            *begin,
                GVariant            *checksum,
                GVariant            *description,
                GVariant            *protocol)
{
  if (priority != NULL)
    bgrun_url_session_task_set_priority (task, g_variant_get_double (priority));
  if (begin != NULL)
    {
      g_autoptr(GDateTime) date = NULL;

      if (g_variant_get_int64 (begin) != 0)
        date = bgrun_time_from_usec (g_variant_get_int64 (begin));
      bgrun_url_session_task_set_earliest_begin_date (task, date);
    }
  if (checksum != NULL && bgrun_url_session_task_get_kind (task) == BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD)
    {
      const char *text = g_variant_get_string (checksum, NULL);

      bgrun_url_session_task_set_expected_checksum (task, *text != '\0' ? text : NULL);
    }
  if (description != NULL)
    bgrun_url_session_task_set_description (task, g_variant_get_string (description, NULL));
  if (protocol != NULL)
    bgrun_url_session_task_set_upload_protocol (task, g_variant_get_uint32 (protocol));
}

static void
handle_update_task (Call     *call,
                    GVariant *parameters)
{
  g_autoptr(GVariant) settings = NULL;
  g_autoptr(GVariant) priority = NULL;
  g_autoptr(GVariant) begin = NULL;
  g_autoptr(GVariant) checksum = NULL;
  g_autoptr(GVariant) description = NULL;
  g_autoptr(GVariant) protocol = NULL;
  BgrunUrlSession *session;
  BgrunUrlSessionTask *task;
  const char *identifier;
  GError *error = NULL;
  guint64 task_id;

  g_variant_get (parameters, "(&st@a{sv})", &identifier, &task_id, &settings);
  session = bgrun_transfer_host_lookup (call->service->host, call->app_id, identifier, call->sender, &error);
  if (session == NULL ||
      !check_settings (settings, &priority, &begin, &checksum, &description, &protocol, &error))
    {
      g_dbus_method_invocation_take_error (call->invocation, error);
      return;
    }
  task = find_task (session, task_id);
  if (task != NULL)
    apply_settings (task, priority, begin, checksum, description, protocol);
  g_dbus_method_invocation_return_value (call->invocation, NULL);
}

/* ---- the other methods -------------------------------------------------- */

static void
handle_open_session (Call     *call,
                     GVariant *parameters)
{
  g_autoptr(GVariant) configuration = NULL;
  GVariant *tasks = NULL, *events = NULL;
  const char *identifier;
  GError *error = NULL;

  g_variant_get (parameters, "(&s@a{sv})", &identifier, &configuration);
  if (bgrun_transfer_host_open_session (call->service->host, call->app_id, identifier, configuration,
                                        call->sender, &tasks, &events, &error) == NULL)
    {
      g_dbus_method_invocation_take_error (call->invocation, error);
      return;
    }
  watch_owner (call->service, call->sender);
  g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(@aa{sv}@a(ta{sv}))", tasks, events));
}

static void
handle_close_session (Call     *call,
                      GVariant *parameters)
{
  const char *identifier;

  g_variant_get (parameters, "(&s)", &identifier);
  bgrun_transfer_host_close_session (call->service->host, call->app_id, identifier, call->sender);
  g_dbus_method_invocation_return_value (call->invocation, NULL);
}

static void
handle_control_task (Call     *call,
                     GVariant *parameters)
{
  BgrunUrlSession *session;
  BgrunUrlSessionTask *task;
  const char *identifier, *action;
  GError *error = NULL;
  guint64 task_id;

  g_variant_get (parameters, "(&st&s)", &identifier, &task_id, &action);
  session = bgrun_transfer_host_lookup (call->service->host, call->app_id, identifier, call->sender, &error);
  if (session != NULL && !g_strv_contains ((const char *[]) { "resume", "suspend", "cancel", NULL }, action))
    g_set_error (&error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                 _("“%s” is not something to do to a task: use “resume”, “suspend” or “cancel”."), action);
  if (error != NULL)
    {
      g_dbus_method_invocation_take_error (call->invocation, error);
      return;
    }
  task = find_task (session, task_id);
  if (task != NULL && g_str_equal (action, "resume"))
    bgrun_url_session_task_resume (task);
  else if (task != NULL && g_str_equal (action, "suspend"))
    bgrun_url_session_task_suspend (task);
  else if (task != NULL)
    bgrun_url_session_task_cancel (task);
  g_dbus_method_invocation_return_value (call->invocation, NULL);
}

static void
on_cancelled_with_resume_data (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GBytes) resume_data = NULL;
  GError *error = NULL;

  resume_data = bgrun_url_session_task_cancel_with_resume_data_finish (BGRUN_URL_SESSION_TASK (source),
                                                                       result, &error);
  if (resume_data == NULL)
    {
      g_dbus_method_invocation_take_error (invocation, error);
      return;
    }
  g_dbus_method_invocation_return_value (invocation, g_variant_new (
    "(@ay)", g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, resume_data, TRUE)));
}

static void
handle_cancel_with_resume_data (Call     *call,
                                GVariant *parameters)
{
  BgrunUrlSession *session;
  BgrunUrlSessionTask *task = NULL;
  const char *identifier;
  GError *error = NULL;
  guint64 task_id;

  g_variant_get (parameters, "(&st)", &identifier, &task_id);
  session = bgrun_transfer_host_lookup (call->service->host, call->app_id, identifier, call->sender, &error);
  if (session != NULL && (task = find_task (session, task_id)) == NULL)
    g_set_error (&error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                 _("The URL session “%s” has no task %" PRIu64 ": it may have completed; there is no resume data to give."),
                 identifier, task_id);
  if (task == NULL)
    {
      g_dbus_method_invocation_take_error (call->invocation, error);
      return;
    }
  bgrun_url_session_task_cancel_with_resume_data_async (task, NULL, on_cancelled_with_resume_data,
                                                        g_object_ref (call->invocation));
}

static void
handle_invalidate (Call     *call,
                   GVariant *parameters)
{
  const char *identifier;
  gboolean cancel;
  GError *error = NULL;

  g_variant_get (parameters, "(&sb)", &identifier, &cancel);
  if (!bgrun_transfer_host_invalidate (call->service->host, call->app_id, identifier, call->sender,
                                       cancel, &error))
    g_dbus_method_invocation_take_error (call->invocation, error);
  else
    g_dbus_method_invocation_return_value (call->invocation, NULL);
}

static void
handle_acknowledge_events (Call     *call,
                           GVariant *parameters)
{
  const char *identifier;
  guint64 up_to;
  GError *error = NULL;

  g_variant_get (parameters, "(&st)", &identifier, &up_to);
  if (!bgrun_transfer_host_acknowledge (call->service->host, call->app_id, identifier, call->sender,
                                        up_to, &error))
    g_dbus_method_invocation_take_error (call->invocation, error);
  else
    g_dbus_method_invocation_return_value (call->invocation, NULL);
}

static const struct
{
  const char *name;
  void      (*handler) (Call     *call,
                        GVariant *parameters);
} methods[] = {
  { "OpenSession", handle_open_session },
  { "CloseSession", handle_close_session },
  { "CreateTask", handle_create_task },
  { "UpdateTask", handle_update_task },
  { "ControlTask", handle_control_task },
  { "CancelWithResumeData", handle_cancel_with_resume_data },
  { "Invalidate", handle_invalidate },
  { "AcknowledgeEvents", handle_acknowledge_events },
};

/* GDBus has checked the arguments against the interface already. */
static void
refuse_unattached (GDBusMethodInvocation *invocation)
{
  g_dbus_method_invocation_return_error (invocation, BGRUN_SCHEDULER_ERROR,
                                         BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                                         _("Call Attach on org.bgrun.Broker1 with the app’s id before %s: background URL sessions belong to an app."),
                                         g_dbus_method_invocation_get_method_name (invocation));
}

/* The call's turn among the app's calls has come. */
static void
serve_call (GObject               *owner,
            GDBusMethodInvocation *invocation)
{
  BgrunTransferService *self = BGRUN_TRANSFER_SERVICE (owner);
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  const char *method_name = g_dbus_method_invocation_get_method_name (invocation);
  Call call = { self, bgrun_broker_service_get_app_id_of (self->broker, sender), sender, invocation };

  if (call.app_id == NULL)
    {
      refuse_unattached (invocation);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (method_name, methods[i].name))
      {
        methods[i].handler (&call, g_dbus_method_invocation_get_parameters (invocation));
        return;
      }
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                         _("No method %s"), method_name);
}

/* Served in turns with the app's Broker1 calls, in the order it sent them. */
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
  BgrunTransferService *self = user_data;

  if (bgrun_broker_service_get_app_id_of (self->broker, sender) == NULL)
    refuse_unattached (invocation);
  else
    bgrun_broker_service_queue_call (self->broker, invocation, serve_call, G_OBJECT (self));
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

/* ---- signals ------------------------------------------------------------ */

static void
send_to (BgrunTransferService *self,
         const char           *owner,
         const char           *signal_name,
         GVariant             *parameters)
{
  g_autoptr(GError) error = NULL;

  if (!g_dbus_connection_emit_signal (self->connection, owner, BGRUN_DBUS_PATH, BGRUN_TRANSFERS_INTERFACE,
                                      signal_name, parameters, &error))
    g_warning ("bgrund: cannot send %s to %s: %s", signal_name, owner, error->message);
}

static void
on_task_changed (BgrunTransferHost    *host,
                 const char           *owner,
                 const char           *identifier,
                 GVariant             *task,
                 BgrunTransferService *self)
{
  send_to (self, owner, "TaskChanged", g_variant_new ("(s@a{sv})", identifier, task));
}

static void
on_task_event (BgrunTransferHost    *host,
               const char           *owner,
               const char           *identifier,
               guint64               sequence,
               GVariant             *event,
               BgrunTransferService *self)
{
  send_to (self, owner, "TaskEvent", g_variant_new ("(st@a{sv})", identifier, sequence, event));
}

/* ---- object ------------------------------------------------------------- */

static void
bgrun_transfer_service_dispose (GObject *object)
{
  BgrunTransferService *self = BGRUN_TRANSFER_SERVICE (object);

  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_hash_table_remove_all (self->watches);
  g_clear_object (&self->host);
  g_clear_object (&self->broker);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bgrun_transfer_service_parent_class)->dispose (object);
}

static void
bgrun_transfer_service_finalize (GObject *object)
{
  BgrunTransferService *self = BGRUN_TRANSFER_SERVICE (object);

  g_hash_table_unref (self->watches);

  G_OBJECT_CLASS (bgrun_transfer_service_parent_class)->finalize (object);
}

static void
bgrun_transfer_service_class_init (BgrunTransferServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_transfer_service_dispose;
  object_class->finalize = bgrun_transfer_service_finalize;
}

static void
unwatch (gpointer data)
{
  g_bus_unwatch_name (GPOINTER_TO_UINT (data));
}

static void
bgrun_transfer_service_init (BgrunTransferService *self)
{
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unwatch);
}

BgrunTransferService *
bgrun_transfer_service_new (BgrunTransferHost   *host,
                            BgrunBrokerService  *broker,
                            GDBusConnection     *connection,
                            GError             **error)
{
  g_autoptr(BgrunTransferService) self = g_object_new (BGRUN_TYPE_TRANSFER_SERVICE, NULL);

  g_return_val_if_fail (BGRUN_IS_TRANSFER_HOST (host), NULL);
  g_return_val_if_fail (BGRUN_IS_BROKER_SERVICE (broker), NULL);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);

  bgrun_dbus_register_errors ();
  self->host = g_object_ref (host);
  self->broker = g_object_ref (broker);
  self->connection = g_object_ref (connection);
  self->registration = g_dbus_connection_register_object (connection, BGRUN_DBUS_PATH, get_interface_info (),
                                                          &vtable, self, NULL, error);
  if (self->registration == 0)
    return NULL;
  g_signal_connect (host, "task-changed", G_CALLBACK (on_task_changed), self);
  g_signal_connect (host, "task-event", G_CALLBACK (on_task_event), self);
  return g_steal_pointer (&self);
}
