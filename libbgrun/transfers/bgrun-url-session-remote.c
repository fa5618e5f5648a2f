/* bgrun-url-session-remote.c: a background URL session whose transfers
 * run in bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-placement-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-events-private.h"
#include "bgrun-url-session-remote-private.h"
#include "bgrun-url-session-view-private.h"

/* In the daemon placement a background session runs no transfer itself:
 * bgrund does (org.bgrun.Transfers1, data/org.bgrun.Transfers1.xml), and
 * the session's tasks are mirrors of the daemon's, updated by its
 * TaskChanged signals.
 *
 * A completion is an event that bgrund keeps until the app acknowledges
 * it, delivered as the embedded placement delivers its own
 * (bgrun-url-session-events-private.h): in the order of the sequence
 * numbers, ::download-finished and ::task-completed, then the
 * acknowledgement. One the app already delivered (its acknowledgement was
 * lost with a daemon that went away) is acknowledged again, never
 * delivered twice. An app that dies while delivering gets the event again
 * in its next session: bgrund still has it.
 *
 * When another bgrund takes the bus name (restarted, replaced), the broker
 * attaches again and the session opens its identifier again in the new
 * daemon, bringing the mirrors up to date. */

struct _BgrunUrlSessionRemote
{
  BgrunUrlSession *session;     /* not owned: it owns this */
  BgrunDbusBroker *broker;
  GListStore      *tasks;       /* the session's */
  char            *identifier;
  gboolean         open;        /* in the daemon attached to now */
  BgrunUrlSessionEvents *events;
  gulong           signal_handler;
  gulong           attached_handler;
  guint            reopen_source;
};

BgrunDbusBroker *
bgrun_url_session_remote_broker_for (BgrunUrlSession *session,
                                     BgrunScheduler  *scheduler)
{
  BgrunUrlSessionConfiguration *config = bgrun_url_session_get_configuration (session);

  BgrunBroker *broker;

  if (scheduler == NULL || bgrun_url_session_configuration_get_identifier (config) == NULL)
    return NULL;
  broker = bgrun_placement_get_broker (bgrun_scheduler_get_placement (scheduler));
  return BGRUN_IS_DBUS_BROKER (broker) ? BGRUN_DBUS_BROKER (broker) : NULL;
}

static GVariant *
call (BgrunUrlSessionRemote  *self,
      const char             *method,
      GVariant               *parameters,
      const GVariantType     *reply_type,
      GError                **error)
{
  /* Registers the domain's D-Bus names, so bgrund's URL-session errors
   * come back as themselves. */
  bgrun_url_session_error_quark ();
  return bgrun_dbus_broker_call_transfers (self->broker, method, parameters, reply_type, error);
}

static gboolean ensure_open (BgrunUrlSessionRemote *self, GError **error);

/* Calls @method on the session, opening it first in the daemon of now;
 * when another daemon took over during the call (the session is not open
 * there), once more, in that one. */
static GVariant *
call_in_session (BgrunUrlSessionRemote  *self,
                 const char             *method,
                 GVariant               *parameters,
                 const GVariantType     *reply_type,
                 GError                **error)
{
  g_autoptr(GVariant) args = g_variant_ref_sink (parameters);
  GError *local_error = NULL;
  GVariant *reply = NULL;

  for (guint attempt = 0; attempt < 2 && reply == NULL; attempt++)
    {
      g_clear_error (&local_error);
      if (ensure_open (self, &local_error))
        reply = call (self, method, args, reply_type, &local_error);
      if (self->open)
        break;
    }
  if (reply == NULL)
    g_propagate_error (error, local_error);
  return reply;
}

/* For calls whose failure the API has no error for. */
static void
call_logged (BgrunUrlSessionRemote *self,
             const char            *method,
             GVariant              *parameters)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call_in_session (self, method, parameters, NULL, &error);
  if (reply == NULL)
    g_warning ("libbgrun: %s of the URL session “%s” in bgrund failed: %s",
               method, self->identifier, error->message);
}

/* ---- mirrors -------------------------------------------------------- */

static BgrunUrlSessionTask *
find_mirror (BgrunUrlSessionRemote *self,
             guint64                id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);

      if (bgrun_url_session_task_get_task_identifier (task) == id)
        return task;
    }
  return NULL;
}

/* The mirror of @view, brought up to date (@with_settings: see
 * bgrun_url_session_task_apply_view()), or made and added when the
 * session has none (NULL for a view without a task). Transfer none: the
 * session's list has it. */
static BgrunUrlSessionTask *
mirror_view (BgrunUrlSessionRemote *self,
             GVariant              *view,
             gboolean               with_settings)
{
  BgrunUrlSessionTask *task;
  guint64 id;

  if (!g_variant_lookup (view, "id", "t", &id))
    return NULL;
  task = find_mirror (self, id);
  if (task != NULL)
    {
      bgrun_url_session_task_apply_view (task, view, with_settings);
      return task;
    }
  task = bgrun_url_session_task_new_mirror (self->session, view);
  if (task != NULL)
    {
      g_list_store_append (self->tasks, task);
      g_object_unref (task);
    }
  else
    g_warning ("libbgrun: bgrund described a task of the URL session “%s” without an id, a kind or a URI; it was ignored.",
               self->identifier);
  return task;
}

/* ---- events --------------------------------------------------------- */

static void
acknowledge (guint64  sequence,
             gpointer user_data)
{
  BgrunUrlSessionRemote *self = user_data;

  call_logged (self, "AcknowledgeEvents", g_variant_new ("(st)", self->identifier, sequence));
}

/* The mirror an event is delivered with. */
static BgrunUrlSessionTask *
task_for_view (GVariant *view,
               gpointer  user_data)
{
  BgrunUrlSessionTask *task = mirror_view (user_data, view, FALSE);

  return task != NULL ? g_object_ref (task) : NULL;
}

void
bgrun_url_session_remote_deliver_events (BgrunUrlSessionRemote *self)
{
  bgrun_url_session_events_release (self->events);
}

/* ---- the daemon's signals ------------------------------------------- */

static void
on_transfers_signal (BgrunDbusBroker       *broker,
                     const char            *name,
                     GVariant              *parameters,
                     BgrunUrlSessionRemote *self)
{
  g_autoptr(GVariant) payload = NULL;
  BgrunUrlSessionTask *task;
  const char *identifier;
  guint64 sequence, id;

  /* Only tasks the session shows: the others were not created yet (the
   * reply to CreateTask has them) or were delivered already. */
  if (g_str_equal (name, "TaskChanged") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv})")))
    {
      g_variant_get (parameters, "(&s@a{sv})", &identifier, &payload);
      if (g_str_equal (identifier, self->identifier) && g_variant_lookup (payload, "id", "t", &id) &&
          (task = find_mirror (self, id)) != NULL)
        bgrun_url_session_task_apply_view (task, payload, FALSE);
    }
  else if (g_str_equal (name, "TaskEvent") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sta{sv})")))
    {
      g_variant_get (parameters, "(&st@a{sv})", &identifier, &sequence, &payload);
      if (!g_str_equal (identifier, self->identifier))
        return;
      bgrun_url_session_events_add (self->events, g_variant_new ("(t@a{sv})", sequence, payload));
      bgrun_url_session_events_deliver (self->events);
    }
}

static gboolean reopen (gpointer user_data);
static void adopt_opened (BgrunUrlSessionRemote *self, GVariant *reply);

static GVariant *
open_parameters (BgrunUrlSessionRemote *self)
{
  BgrunUrlSessionConfiguration *config = bgrun_url_session_get_configuration (self->session);

  return g_variant_new ("(s@a{sv})", self->identifier, bgrun_url_session_configuration_to_variant (config));
}

/* Opens the identifier in the daemon attached to now: mirrors its tasks
 * and queues its events, which are delivered from the main loop. */
static gboolean
open_session (BgrunUrlSessionRemote  *self,
              GError                **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = call (self, "OpenSession", open_parameters (self), G_VARIANT_TYPE ("(aa{sv}a(ta{sv}))"), error);
  if (reply == NULL)
    return FALSE;
  adopt_opened (self, reply);
  return TRUE;
}

/* The session's tasks and events, from the daemon's answer to
 * OpenSession. */
static void
adopt_opened (BgrunUrlSessionRemote *self,
              GVariant              *reply)
{
  g_autoptr(GVariant) views = NULL, events = NULL;
  GVariantIter iter;
  GVariant *child;

  self->open = TRUE;
  g_variant_get (reply, "(@aa{sv}@a(ta{sv}))", &views, &events);
  g_variant_iter_init (&iter, views);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      mirror_view (self, child, TRUE);
      g_variant_unref (child);
    }
  g_variant_iter_init (&iter, events);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      bgrun_url_session_events_add (self->events, child);
      g_variant_unref (child);
    }
  if (bgrun_url_session_events_is_due (self->events) && self->reopen_source == 0)
    self->reopen_source = g_idle_add (reopen, self);
}

/* Every call needs the session open in the daemon of now. */
static gboolean
ensure_open (BgrunUrlSessionRemote  *self,
             GError                **error)
{
  return self->open || open_session (self, error);
}

static gboolean
reopen (gpointer user_data)
{
  BgrunUrlSessionRemote *self = user_data;
  g_autoptr(GError) error = NULL;

  self->reopen_source = 0;
  if (!ensure_open (self, &error))
    g_warning ("libbgrun: cannot open the URL session “%s” again in the restarted bgrund: %s",
               self->identifier, error->message);
  bgrun_url_session_events_deliver (self->events);
  return G_SOURCE_REMOVE;
}

/* A new daemon: from the main loop, open the session there. */
static void
on_attached_again (BgrunDbusBroker       *broker,
                   BgrunUrlSessionRemote *self)
{
  self->open = FALSE;
  if (self->reopen_source == 0)
    self->reopen_source = g_idle_add (reopen, self);
}

/* ---- the session's side --------------------------------------------- */

/* The daemon closes the session when the connection closes too, as it
 * does when the app exits or a newer scheduler took the app over. */
static void
close_session (BgrunUrlSessionRemote *self)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call (self, "CloseSession", g_variant_new ("(s)", self->identifier), NULL, &error);
  if (reply == NULL)
    g_debug ("libbgrun: the URL session “%s” was not closed in bgrund: %s", self->identifier, error->message);
}

BgrunUrlSessionRemote *
bgrun_url_session_remote_new (BgrunUrlSession *session,
                              BgrunDbusBroker *broker,
                              GListStore      *tasks,
                              gboolean         open_now)
{
  BgrunUrlSessionRemote *self = g_new0 (BgrunUrlSessionRemote, 1);
  g_autoptr(GError) error = NULL;

  self->session = session;
  self->broker = g_object_ref (broker);
  self->tasks = g_object_ref (tasks);
  self->identifier = g_strdup (bgrun_url_session_configuration_get_identifier (
                                 bgrun_url_session_get_configuration (session)));
  self->events = bgrun_url_session_events_new (session, task_for_view, acknowledge, self);
  self->signal_handler = g_signal_connect (broker, "transfers-signal", G_CALLBACK (on_transfers_signal), self);
  self->attached_handler = g_signal_connect (broker, "attached-again", G_CALLBACK (on_attached_again), self);
  if (open_now && !open_session (self, &error))
    g_warning ("libbgrun: the URL session “%s” cannot reach its tasks in bgrund; it tries again at its next call: %s",
               self->identifier, error->message);
  return self;
}

void
bgrun_url_session_remote_free (BgrunUrlSessionRemote *self)
{
  g_clear_signal_handler (&self->signal_handler, self->broker);
  g_clear_signal_handler (&self->attached_handler, self->broker);
  g_clear_handle_id (&self->reopen_source, g_source_remove);
  if (self->open)
    close_session (self);
  bgrun_url_session_events_free (self->events);
  g_object_unref (self->broker);
  g_object_unref (self->tasks);
  g_free (self->identifier);
  g_free (self);
}

static BgrunUrlSessionTask *created_task (BgrunUrlSessionRemote *self, GVariant *reply, GError **error);

/* Creates the task @request describes, as a mirror. */
static BgrunUrlSessionTask *
create_task (BgrunUrlSessionRemote  *self,
             GVariant               *request,
             GError                **error)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (request);
  g_autoptr(GVariant) reply = NULL;

  reply = call_in_session (self, "CreateTask", g_variant_new ("(s@a{sv})", self->identifier, owned),
                           G_VARIANT_TYPE ("(a{sv})"), error);
  return reply != NULL ? created_task (self, reply, error) : NULL;
}

static GVariant *new_request (BgrunUrlSessionTaskKind kind, const char *uri, GVariantBuilder *builder);

/* The mirror in @reply, CreateTask's answer, for the caller to own. */
static BgrunUrlSessionTask *
created_task (BgrunUrlSessionRemote  *self,
              GVariant               *reply,
              GError                **error)
{
  g_autoptr(GVariant) view = NULL;
  BgrunUrlSessionTask *task;

  g_variant_get (reply, "(@a{sv})", &view);
  task = mirror_view (self, view, FALSE);
  if (task != NULL)
    return g_object_ref (task);
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
                 _("bgrund answered the creation of a task of the URL session “%s” without the task: update bgrund to the version of libbgrun."),
                 self->identifier);
  return NULL;
}

/* ---- calls without blocking ------------------------------------------ */

/* A call in the session from the main loop: the GTask's data; its result
 * is the reply. The remote is the session's, which the caller keeps
 * alive (its own GTask holds the session). */
typedef struct
{
  BgrunUrlSessionRemote *remote;
  char                  *method;
  GVariant              *parameters;
  const GVariantType    *reply_type;  /* static */
} SessionCall;

static void
session_call_free (SessionCall *call)
{
  g_free (call->method);
  g_variant_unref (call->parameters);
  g_free (call);
}

static void
on_session_reply (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GVariant *reply;

  reply = bgrun_dbus_broker_call_transfers_finish (BGRUN_DBUS_BROKER (source), result, &error);
  if (reply != NULL)
    g_task_return_pointer (task, reply, (GDestroyNotify) g_variant_unref);
  else
    g_task_return_error (task, error);
}

static void
send_in_session (GTask *task)
{
  SessionCall *call = g_task_get_task_data (task);

  bgrun_dbus_broker_call_transfers_async (call->remote->broker, call->method,
                                          g_variant_ref (call->parameters), call->reply_type,
                                          g_task_get_cancellable (task), on_session_reply, task);
}

static void
on_opened_for_call (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  send_in_session (g_steal_pointer (&task));
}

/* call_in_session() from the main loop: the session is opened first when
 * the daemon of now does not have it. @parameters (floating or not) is
 * consumed; the reply goes to @callback, for session_call_finish(). */
static void
session_call_async (BgrunUrlSessionRemote *self,
                    const char            *method,
                    GVariant              *parameters,
                    const GVariantType    *reply_type,
                    GCancellable          *cancellable,
                    GAsyncReadyCallback    callback,
                    gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SessionCall *call = g_new0 (SessionCall, 1);

  bgrun_url_session_error_quark ();
  call->remote = self;
  call->method = g_strdup (method);
  call->parameters = g_variant_ref_sink (parameters);
  call->reply_type = reply_type;
  g_task_set_task_data (task, call, (GDestroyNotify) session_call_free);
  if (self->open)
    send_in_session (task);
  else
    bgrun_url_session_remote_open_async (self, g_task_new (NULL, cancellable, on_opened_for_call, task));
}

static GVariant *
session_call_finish (GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_task_created (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunUrlSessionRemote *self = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  BgrunUrlSessionTask *created = NULL;
  GError *error = NULL;

  reply = session_call_finish (result, &error);
  if (reply != NULL)
    created = created_task (self, reply, &error);
  if (created != NULL)
    g_task_return_pointer (task, created, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunUrlSessionRemote *self = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = bgrun_dbus_broker_call_transfers_finish (BGRUN_DBUS_BROKER (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!self->open)
    adopt_opened (self, reply);
  g_task_return_boolean (task, TRUE);
}

/* Opens the session in bgrund, as bgrun_url_session_remote_new() with
 * @open_now does, from the main loop; @task (made by the caller,
 * consumed) gets whether it was opened. */
void
bgrun_url_session_remote_open_async (BgrunUrlSessionRemote *self,
                                     GTask                 *task)
{
  bgrun_url_session_error_quark ();
  g_task_set_task_data (task, self, NULL);
  bgrun_dbus_broker_call_transfers_async (self->broker, "OpenSession", open_parameters (self),
                                          G_VARIANT_TYPE ("(aa{sv}a(ta{sv}))"),
                                          g_task_get_cancellable (task), on_opened, task);
}

/* Creates the task @request (floating or not, consumed) describes, as
 * create_task() does, from the main loop. Returns the mirror through
 * @task (which the caller made, with its source object). */
void
bgrun_url_session_remote_create_async (BgrunUrlSessionRemote *self,
                                       GVariant              *request,
                                       GTask                 *task)
{
  g_task_set_task_data (task, self, NULL);
  session_call_async (self, "CreateTask", g_variant_new ("(s@a{sv})", self->identifier, request),
                      G_VARIANT_TYPE ("(a{sv})"), g_task_get_cancellable (task), on_task_created, task);
}

static void
on_controlled (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = session_call_finish (result, &error);
  if (reply != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* bgrun_url_session_remote_control() from the main loop; unlike it, a
 * failure goes to @task (made by the caller, consumed) as its error. */
void
bgrun_url_session_remote_control_async (BgrunUrlSessionRemote *self,
                                        guint64                task_id,
                                        const char            *action,
                                        GTask                 *task)
{
  session_call_async (self, "ControlTask", g_variant_new ("(sts)", self->identifier, task_id, action),
                      NULL, g_task_get_cancellable (task), on_controlled, task);
}

static void
on_cancelled_with_resume_data (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL, bytes = NULL;
  GError *error = NULL;

  reply = session_call_finish (result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bytes = g_variant_get_child_value (reply, 0);
  g_task_return_pointer (task, g_variant_get_data_as_bytes (bytes), (GDestroyNotify) g_bytes_unref);
}

/* Cancels the download @task_id in bgrund, keeping what it received,
 * from the main loop: the resume data (a GBytes) or the error goes to
 * @task (consumed). */
void
bgrun_url_session_remote_cancel_with_resume_data_async (BgrunUrlSessionRemote *self,
                                                        guint64                task_id,
                                                        GTask                 *task)
{
  session_call_async (self, "CancelWithResumeData", g_variant_new ("(st)", self->identifier, task_id),
                      G_VARIANT_TYPE ("(ay)"), g_task_get_cancellable (task),
                      on_cancelled_with_resume_data, task);
}

/* The request of a download of @uri. */
GVariant *
bgrun_url_session_remote_download_request (const char *uri)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  return new_request (BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD, uri, &builder);
}

static GVariant *
new_request (BgrunUrlSessionTaskKind  kind,
             const char              *uri,
             GVariantBuilder         *builder)
{
  g_variant_builder_add (builder, "{sv}", "kind", g_variant_new_uint32 (kind));
  g_variant_builder_add (builder, "{sv}", "uri", g_variant_new_string (uri));
  return g_variant_builder_end (builder);
}

BgrunUrlSessionTask *
bgrun_url_session_remote_download (BgrunUrlSessionRemote  *self,
                                   const char             *uri,
                                   GError                **error)
{
  return create_task (self, bgrun_url_session_remote_download_request (uri), error);
}

BgrunUrlSessionTask *
bgrun_url_session_remote_resume_download (BgrunUrlSessionRemote  *self,
                                          GBytes                 *resume_data,
                                          GError                **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&builder, "{sv}", "resume-data",
                         g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, resume_data, TRUE));
  return create_task (self, g_variant_builder_end (&builder), error);
}

BgrunUrlSessionTask *
bgrun_url_session_remote_upload (BgrunUrlSessionRemote  *self,
                                 const char             *uri,
                                 GFile                  *file,
                                 const char             *method,
                                 gboolean                resumable,
                                 GError                **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = NULL;

  if (path == NULL)
    {
      name = g_file_get_parse_name (file);
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                   _("Cannot upload “%s”: it is not a local file. Copy it to a local file first."), name);
      return NULL;
    }
  g_variant_builder_add (&builder, "{sv}", "file", g_variant_new_string (path));
  g_variant_builder_add (&builder, "{sv}", "method", g_variant_new_string (method));
  g_variant_builder_add (&builder, "{sv}", "resumable", g_variant_new_boolean (resumable));
  return create_task (self, new_request (BGRUN_URL_SESSION_TASK_KIND_UPLOAD, uri, &builder), error);
}

void
bgrun_url_session_remote_control (BgrunUrlSessionRemote *self,
                                  guint64                task_id,
                                  const char            *action)
{
  call_logged (self, "ControlTask", g_variant_new ("(sts)", self->identifier, task_id, action));
}

void
bgrun_url_session_remote_update (BgrunUrlSessionRemote *self,
                                 guint64                task_id,
                                 const char            *key,
                                 GVariant              *value)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&builder, "{sv}", key, value);
  call_logged (self, "UpdateTask",
               g_variant_new ("(st@a{sv})", self->identifier, task_id, g_variant_builder_end (&builder)));
}

void
bgrun_url_session_remote_invalidate (BgrunUrlSessionRemote *self,
                                     gboolean               cancel)
{
  call_logged (self, "Invalidate", g_variant_new ("(sb)", self->identifier, cancel));
}
