/* bgrun-scheduler.c: the app's handle on background work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-admin-service-private.h"
#include "bgrun-app-launch-private.h"
#include "bgrun-app-refresh-request.h"
#include "bgrun-app-refresh-task.h"
#include "bgrun-continued-processing-task.h"
#include "bgrun-dbus-broker-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-explanation-private.h"
#include "bgrun-extended-runtime-registry-private.h"
#include "bgrun-history-entry-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-processing-task.h"
#include "bgrun-progress-presenter-private.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-store-private.h"
#include "bgrun-system-clock.h"
#include "bgrun-task-private.h"
#include "bgrun-task-request-private.h"
#include "bgrun-time-private.h"
#include "bgrun-url-session-readiness-private.h"
#include "bgrun-url-session-refresh-task.h"

/**
 * BgrunScheduler:
 *
 * The app's handle on background work: register handlers, submit requests,
 * and watch what is pending, running and done.
 *
 * At startup an app registers a handler for every task identifier it may
 * be asked to run, then submits requests. The scheduler decides when each
 * runs — after its earliest begin date, when its conditions hold, within
 * the app's refresh budget — and calls the handler with a [class@Bgrun.Task]
 * that has a deadline. Submitted requests are stored before
 * [method@Bgrun.Scheduler.submit] returns, so they survive the app quitting
 * or crashing; requests that became due while the app was not running run
 * at its next start, right after their identifier is registered.
 *
 * ```c
 * static void
 * refresh (BgrunScheduler *scheduler, BgrunTask *task, gpointer data)
 * {
 *   fetch_headlines_async (bgrun_task_get_cancellable (task), on_fetched, task);
 *   // on_fetched calls bgrun_task_set_task_completed (task, TRUE)
 * }
 *
 * scheduler = bgrun_scheduler_new_for_application (G_APPLICATION (app));
 * bgrun_scheduler_register (scheduler, "org.example.News.refresh", refresh,
 *                           NULL, NULL, NULL);
 * request = bgrun_app_refresh_request_new ("org.example.News.refresh");
 * bgrun_scheduler_submit (scheduler, request, &error);
 * ```
 *
 * When a task does not run, [method@Bgrun.Scheduler.explain] says why.
 * The pending requests, running tasks and history are live
 * [iface@Gio.ListModel]s a GTK list view can show directly.
 *
 * All signals and handlers run on the main context that was the
 * thread-default when the scheduler was created.
 */

typedef struct
{
  char             *pattern;
  BgrunTaskHandler  handler;
  gpointer          user_data;
  GDestroyNotify    destroy;
} Registration;

struct _BgrunScheduler
{
  GObject parent_instance;

  char            *app_id;
  GApplication    *application;
  BgrunClock      *clock;
  BgrunConditions *conditions;
  char            *state_directory;
  gboolean         frontmost;

  BgrunBackend     backend;
  BgrunBroker     *broker;
  BgrunAdminService *admin;         /* embedded: Admin1 for bgrunctl */
  BgrunProgressPresenter *presenter;
  GPtrArray       *registrations;   /* of Registration */
  GHashTable      *tasks;           /* task id → BgrunTask */
  GListStore      *pending;         /* of BgrunTaskRequest; NULL until asked */
  GPtrArray       *pending_dicts;   /* the a{sv} of each item of pending */
  GListStore      *running;         /* of BgrunTask */
  GListStore      *history;         /* of BgrunHistoryEntry; NULL until asked */
  BgrunExtendedRuntimeRegistry *sessions;
  BgrunAppLaunch  *launch;          /* bgrund starting the app for a task */
  BgrunUrlSessionReadiness *url_sessions; /* completes URL-session refresh tasks */
};

G_DEFINE_FINAL_TYPE (BgrunScheduler, bgrun_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_APP_ID,
  PROP_APPLICATION,
  PROP_BACKEND,
  PROP_CLOCK,
  PROP_CONDITIONS,
  PROP_STATE_DIRECTORY,
  PROP_FRONTMOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIG_HANDLE_TASK,
  SIG_EXTENDED_RUNTIME_SESSION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
registration_free (gpointer data)
{
  Registration *registration = data;

  if (registration->destroy != NULL)
    registration->destroy (registration->user_data);
  g_free (registration->pattern);
  g_free (registration);
}

/* The exact registration, else the family with the longest prefix. */
static Registration *
find_registration (BgrunScheduler *self,
                   const char     *identifier)
{
  Registration *best = NULL;

  for (guint i = 0; i < self->registrations->len; i++)
    {
      Registration *candidate = g_ptr_array_index (self->registrations, i);

      if (!bgrun_identifier_matches (candidate->pattern, identifier))
        continue;
      if (g_str_equal (candidate->pattern, identifier))
        return candidate;
      if (best == NULL || strlen (candidate->pattern) > strlen (best->pattern))
        best = candidate;
    }
  return best;
}

static guint64
task_id_of (BgrunTask *task)
{
  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "bgrun-task-id"));
}

/* ---- tasks ------------------------------------------------------------ */

static void
on_task_state (BgrunTask      *task,
               GParamSpec     *pspec,
               BgrunScheduler *self)
{
  BgrunTaskState state = bgrun_task_get_state (task);

  /* Only the app's own completion travels back; the engine knows the
   * other endings because it caused them. */
  if (state == BGRUN_TASK_STATE_COMPLETED || state == BGRUN_TASK_STATE_FAILED)
    bgrun_broker_complete_task (self->broker, task_id_of (task),
                                state == BGRUN_TASK_STATE_COMPLETED);
}

static void
on_task_progress (BgrunContinuedProcessingTask *task,
                  GParamSpec                   *pspec,
                  BgrunScheduler               *self)
{
  bgrun_broker_report_progress (self->broker, task_id_of (BGRUN_TASK (task)),
                                bgrun_continued_processing_task_get_completed_units (task),
                                bgrun_continued_processing_task_get_total_units (task));
}

static GType
task_type_for_kind (const char *kind)
{
  if (g_str_equal (kind, "processing"))
    return BGRUN_TYPE_PROCESSING_TASK;
  if (g_str_equal (kind, "continued-processing"))
    return BGRUN_TYPE_CONTINUED_PROCESSING_TASK;
  if (g_str_equal (kind, BGRUN_REQUEST_KIND_URL_SESSION))
    return BGRUN_TYPE_URL_SESSION_REFRESH_TASK;
  return BGRUN_TYPE_APP_REFRESH_TASK;
}

static void
update_expiration (BgrunTask *task,
                   GVariant  *dict)
{
  gint64 expires;

  if (g_variant_lookup (dict, "expiration-date", "x", &expires))
    {
      g_autoptr(GDateTime) date = bgrun_time_from_usec (expires);
      bgrun_task_set_expiration_date (task, date);
    }
}

static BgrunTask *
task_new_from_variant (GVariant *dict)
{
  g_autoptr(GVariant) user_info = g_variant_lookup_value (dict, "user-info", G_VARIANT_TYPE_VARDICT);
  const char *identifier = "", *kind = "", *title = "", *subtitle = "";
  guint64 id = 0;
  GType type;
  BgrunTask *task;

  g_variant_lookup (dict, "identifier", "&s", &identifier);
  g_variant_lookup (dict, "kind", "&s", &kind);
  g_variant_lookup (dict, "task-id", "t", &id);
  type = task_type_for_kind (kind);
  if (type == BGRUN_TYPE_CONTINUED_PROCESSING_TASK)
    {
      g_variant_lookup (dict, "title", "&s", &title);
      g_variant_lookup (dict, "subtitle", "&s", &subtitle);
      task = g_object_new (type, "identifier", identifier, "user-info", user_info,
                           "title", title, "subtitle", subtitle, NULL);
    }
  else if (type == BGRUN_TYPE_URL_SESSION_REFRESH_TASK)
    task = g_object_new (type, "identifier", identifier, "session-identifier", identifier, NULL);
  else
    task = g_object_new (type, "identifier", identifier, "user-info", user_info, NULL);

  g_object_set_data (G_OBJECT (task), "bgrun-task-id", GSIZE_TO_POINTER (id));
  update_expiration (task, dict);
  return task;
}

static void
on_run_task (BgrunBroker    *broker,
             GVariant       *dict,
             BgrunScheduler *self)
{
  g_autoptr(BgrunTask) task = task_new_from_variant (dict);
  Registration *registration;
  gboolean handled = FALSE;

  g_hash_table_insert (self->tasks, GSIZE_TO_POINTER (task_id_of (task)), g_object_ref (task));
  g_list_store_append (self->running, task);
  if (self->application != NULL)
    g_application_hold (self->application);

  g_signal_connect_object (task, "notify::state", G_CALLBACK (on_task_state), self, 0);
  if (BGRUN_IS_CONTINUED_PROCESSING_TASK (task))
    {
      g_signal_connect_object (task, "notify::completed-units",
                               G_CALLBACK (on_task_progress), self, 0);
      g_signal_connect_object (task, "notify::total-units",
                               G_CALLBACK (on_task_progress), self, 0);
      bgrun_progress_presenter_show (self->presenter, BGRUN_CONTINUED_PROCESSING_TASK (task));
    }
  if (BGRUN_IS_URL_SESSION_REFRESH_TASK (task))
    bgrun_url_session_readiness_add_task (self->url_sessions, BGRUN_URL_SESSION_REFRESH_TASK (task));

  registration = find_registration (self, bgrun_task_get_identifier (task));
  if (registration != NULL)
    registration->handler (self, task, registration->user_data);
  else
    g_signal_emit (self, signals[SIG_HANDLE_TASK], 0, task, &handled);

  /* A URL-session refresh task nobody handles waits for its session. */
  if (registration == NULL && !handled && !BGRUN_IS_URL_SESSION_REFRESH_TASK (task))
    {
      g_warning ("libbgrun: no handler for task “%s”; it fails. Register one, or connect to “handle-task”.",
                 bgrun_task_get_identifier (task));
      bgrun_task_set_task_completed (task, FALSE);
    }
}

static void
on_expire_task (BgrunBroker    *broker,
                guint64         task_id,
                BgrunScheduler *self)
{
  BgrunTask *task = g_hash_table_lookup (self->tasks, GSIZE_TO_POINTER (task_id));

  if (task != NULL)
    bgrun_task_emit_expired (task);
}

static void
on_task_changed (BgrunBroker    *broker,
                 GVariant       *dict,
                 BgrunScheduler *self)
{
  guint64 task_id = 0;
  BgrunTask *task;

  g_variant_lookup (dict, "task-id", "t", &task_id);
  task = g_hash_table_lookup (self->tasks, GSIZE_TO_POINTER (task_id));
  if (task != NULL)
    update_expiration (task, dict);
}

static void
on_task_ended (BgrunBroker    *broker,
               guint64         task_id,
               guint           state,
               BgrunScheduler *self)
{
  g_autoptr(BgrunTask) task = NULL;
  guint position;

  if (!g_hash_table_steal_extended (self->tasks, GSIZE_TO_POINTER (task_id),
                                    NULL, (gpointer *) &task))
    return;
  bgrun_task_finish (task, state);
  if (BGRUN_IS_CONTINUED_PROCESSING_TASK (task))
    bgrun_progress_presenter_hide (self->presenter, BGRUN_CONTINUED_PROCESSING_TASK (task));
  if (g_list_store_find (self->running, task, &position))
    g_list_store_remove (self->running, position);
  if (self->application != NULL)
    g_application_release (self->application);
}

/* ---- lists ------------------------------------------------------------ */

static gboolean
same_request (GVariant *a,
              GVariant *b)
{
  return a == b || g_variant_equal (a, b);
}

/* Brings the pending model in line with the engine's list, touching only
 * what changed: a submit or a start is one small items-changed, and the
 * requests that stayed keep their objects (and a list view its rows). */
static void
refresh_pending (BgrunScheduler *self)
{
  g_autoptr(GVariant) list = bgrun_broker_list_pending (self->broker);
  g_autoptr(GPtrArray) dicts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *old = self->pending_dicts;
  guint prefix = 0, suffix = 0, i;
  GVariantIter iter;
  GVariant *dict;

  /* bgrund's url-session requests are not the app's requests. */
  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    if (g_str_equal (bgrun_request_dict_get_kind (dict), BGRUN_REQUEST_KIND_URL_SESSION))
      g_variant_unref (dict);
    else
      g_ptr_array_add (dicts, dict);

  while (prefix < old->len && prefix < dicts->len &&
         same_request (old->pdata[prefix], dicts->pdata[prefix]))
    prefix++;
  while (suffix < old->len - prefix && suffix < dicts->len - prefix &&
         same_request (old->pdata[old->len - 1 - suffix], dicts->pdata[dicts->len - 1 - suffix]))
    suffix++;

  for (i = prefix; i < dicts->len - suffix; )
    {
      g_autoptr(GError) error = NULL;
      BgrunTaskRequest *request = bgrun_task_request_new_from_variant (dicts->pdata[i], &error);

      if (request == NULL)
        {
          g_warning ("libbgrun: skipping a pending request that cannot be read: %s", error->message);
          g_ptr_array_remove_index (dicts, i);
          continue;
        }
      g_ptr_array_add (added, request);
      i++;
    }

  g_ptr_array_remove_range (old, prefix, old->len - prefix - suffix);
  for (i = 0; i < added->len; i++)
    g_ptr_array_insert (old, prefix + i, g_variant_ref (dicts->pdata[prefix + i]));
  g_list_store_splice (self->pending, prefix,
                       g_list_model_get_n_items (G_LIST_MODEL (self->pending)) - prefix - suffix,
                       added->pdata, added->len);
}

static void
on_requests_changed (BgrunBroker    *broker,
                     BgrunScheduler *self)
{
  if (self->pending != NULL)
    refresh_pending (self);
}

static void
on_history_added (BgrunBroker    *broker,
                  GVariant       *entry,
                  BgrunScheduler *self)
{
  g_autoptr(BgrunHistoryEntry) item = NULL;
  guint n;

  if (self->history == NULL)
    return;
  item = bgrun_history_entry_new_from_variant (entry);
  g_list_store_append (self->history, item);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  if (n > BGRUN_STORE_HISTORY_LIMIT)
    g_list_store_splice (self->history, 0, n - BGRUN_STORE_HISTORY_LIMIT, NULL, 0);
}

/* ---- object ----------------------------------------------------------- */

/* The Cancel button of a continued-processing notification: the user's
 * cancel expires the task, as on iOS. */
static void
on_cancel_task_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (user_data);
  g_autoptr(GError) error = NULL;

  if (!bgrun_broker_expire_task (self->broker, g_variant_get_string (parameter, NULL), &error))
    g_debug ("libbgrun: %s", error->message);
}

static void
install_cancel_action (BgrunScheduler *self)
{
  g_autoptr(GSimpleAction) action = NULL;

  if (self->application == NULL)
    return;
  action = g_simple_action_new (BGRUN_CANCEL_TASK_ACTION, G_VARIANT_TYPE_STRING);
  g_signal_connect_object (action, "activate", G_CALLBACK (on_cancel_task_action), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->application), G_ACTION (action));
}

/* @name in the app's own state directory, where the embedded engine keeps
 * its store. */
static char *
state_path_for (BgrunScheduler *self,
                const char     *name)
{
  const char *base = self->state_directory;
  g_autofree char *default_base = NULL;

  if (base == NULL)
    base = g_getenv ("BGRUN_STATE_DIR");
  if (base == NULL || *base == '\0')
    base = default_base = g_build_filename (g_get_user_state_dir (), "bgrun", NULL);
  return g_build_filename (base, self->app_id, name, NULL);
}

/* Where the engine runs, chosen once. An explicit clock, conditions or
 * state directory (the test driver) means the embedded engine. Otherwise
 * BGRUN_BACKEND=local|daemon decides, else the daemon when it is on the
 * session bus or can be started there. Sets @connection to the session
 * bus connection the daemon was found on. */
static BgrunBackend
choose_backend (gboolean          explicit_engine,
                GDBusConnection **connection)
{
  const char *forced = g_getenv ("BGRUN_BACKEND");

  if (explicit_engine || g_strcmp0 (forced, "local") == 0)
    return BGRUN_BACKEND_LOCAL;
  if (g_strcmp0 (forced, "daemon") == 0)
    return BGRUN_BACKEND_DAEMON;
  if (forced != NULL && *forced != '\0')
    g_warning ("libbgrun: BGRUN_BACKEND is “%s”, neither “local” nor “daemon”; choosing by whether bgrund is available.",
               forced);

  *connection = bgrun_dbus_open_session (NULL);
  if (*connection != NULL && bgrun_dbus_daemon_available (*connection))
    return BGRUN_BACKEND_DAEMON;
  g_clear_object (connection);
  return BGRUN_BACKEND_LOCAL;
}

/* A daemon broker that cannot reach bgrund still comes into being: each
 * of its calls tries again, and fails with UNAVAILABLE naming the bus
 * name while the daemon stays out of reach. */
static BgrunBroker *
create_broker (BgrunScheduler *self,
               gboolean        explicit_engine)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(BgrunEngine) engine = NULL;
  g_autofree char *path = NULL;
  const char *app_id = self->app_id != NULL ? self->app_id : "";

  self->backend = choose_backend (explicit_engine, &connection);
  if (self->backend == BGRUN_BACKEND_DAEMON)
    return BGRUN_BROKER (bgrun_dbus_broker_new (connection, app_id, self->clock));

  path = state_path_for (self, "tasks.db");
  engine = bgrun_engine_new (path, self->clock, self->conditions);
  return BGRUN_BROKER (bgrun_local_broker_new (engine, app_id));
}

/* The broker bgrun_scheduler_new_with_broker() hands to the scheduler it
 * constructs: a construct property would make it public API. */
static GPrivate given_broker;

static void
bgrun_scheduler_constructed (GObject *object)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (object);
  gboolean explicit_engine;
  g_autofree char *alarm_path = NULL;

  G_OBJECT_CLASS (bgrun_scheduler_parent_class)->constructed (object);

  if (self->app_id == NULL && self->application != NULL)
    self->app_id = g_strdup (g_application_get_application_id (self->application));
  if (self->app_id == NULL || !g_application_id_is_valid (self->app_id))
    g_critical ("libbgrun: “%s” is not a valid application id; the scheduler will refuse all work.",
                self->app_id != NULL ? self->app_id : "(null)");
  explicit_engine = self->clock != NULL || self->conditions != NULL || self->state_directory != NULL;
  if (self->clock == NULL)
    self->clock = bgrun_system_clock_new ();
  if (self->conditions == NULL)
    self->conditions = bgrun_conditions_new (self->clock);

  self->broker = g_private_get (&given_broker);
  if (self->broker != NULL)
    {
      g_object_ref (self->broker);
      self->backend = BGRUN_IS_DBUS_BROKER (self->broker) ? BGRUN_BACKEND_DAEMON : BGRUN_BACKEND_LOCAL;
    }
  else
    self->broker = create_broker (self, explicit_engine);
  if (self->backend == BGRUN_BACKEND_LOCAL && self->application != NULL)
    self->admin = bgrun_admin_service_new_for_application (
      bgrun_local_broker_get_engine (BGRUN_LOCAL_BROKER (self->broker)), self->application);

  g_signal_connect (self->broker, "run-task", G_CALLBACK (on_run_task), self);
  g_signal_connect (self->broker, "expire-task", G_CALLBACK (on_expire_task), self);
  g_signal_connect (self->broker, "task-changed", G_CALLBACK (on_task_changed), self);
  g_signal_connect (self->broker, "task-ended", G_CALLBACK (on_task_ended), self);
  g_signal_connect (self->broker, "requests-changed", G_CALLBACK (on_requests_changed), self);
  g_signal_connect (self->broker, "history-added", G_CALLBACK (on_history_added), self);

  self->presenter = bgrun_progress_presenter_new (self->app_id, self->application);
  install_cancel_action (self);
  if (self->application != NULL)
    self->launch = bgrun_app_launch_new (self->application, self->broker);

  alarm_path = state_path_for (self, "smart-alarm.gvariant");
  self->sessions = bgrun_extended_runtime_registry_new (self, self->application,
                                                        self->app_id, alarm_path);
}

static void
bgrun_scheduler_dispose (GObject *object)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (object);

  if (self->broker != NULL)
    g_signal_handlers_disconnect_by_data (self->broker, self);
  g_clear_object (&self->admin);
  g_clear_object (&self->broker);
  g_clear_object (&self->presenter);
  g_clear_object (&self->launch);
  g_clear_object (&self->sessions);
  g_clear_object (&self->url_sessions);
  if (self->application != NULL)
    g_action_map_remove_action (G_ACTION_MAP (self->application), BGRUN_CANCEL_TASK_ACTION);
  if (self->application != NULL)
    for (guint i = 0; i < g_hash_table_size (self->tasks); i++)
      g_application_release (self->application);
  g_hash_table_remove_all (self->tasks);
  g_clear_pointer (&self->registrations, g_ptr_array_unref);
  g_clear_object (&self->pending);
  g_clear_pointer (&self->pending_dicts, g_ptr_array_unref);
  g_clear_object (&self->running);
  g_clear_object (&self->history);
  g_clear_object (&self->conditions);
  g_clear_object (&self->clock);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (bgrun_scheduler_parent_class)->dispose (object);
}

static void
bgrun_scheduler_finalize (GObject *object)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (object);

  g_hash_table_unref (self->tasks);
  g_free (self->app_id);
  g_free (self->state_directory);

  G_OBJECT_CLASS (bgrun_scheduler_parent_class)->finalize (object);
}

static void
bgrun_scheduler_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_APP_ID:
      g_value_set_string (value, self->app_id);
      break;
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_BACKEND:
      g_value_set_enum (value, self->backend);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_CONDITIONS:
      g_value_set_object (value, self->conditions);
      break;
    case PROP_STATE_DIRECTORY:
      g_value_set_string (value, self->state_directory);
      break;
    case PROP_FRONTMOST:
      g_value_set_boolean (value, self->frontmost);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_scheduler_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_APP_ID:
      self->app_id = g_value_dup_string (value);
      break;
    case PROP_APPLICATION:
      g_set_weak_pointer (&self->application, g_value_get_object (value));
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_CONDITIONS:
      self->conditions = g_value_dup_object (value);
      break;
    case PROP_STATE_DIRECTORY:
      self->state_directory = g_value_dup_string (value);
      break;
    case PROP_FRONTMOST:
      bgrun_scheduler_set_frontmost (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_scheduler_class_init (BgrunSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_scheduler_constructed;
  object_class->dispose = bgrun_scheduler_dispose;
  object_class->finalize = bgrun_scheduler_finalize;
  object_class->get_property = bgrun_scheduler_get_property;
  object_class->set_property = bgrun_scheduler_set_property;

  /**
   * BgrunScheduler:app-id:
   *
   * The application id the work belongs to, such as `org.example.News`.
   * Task identifiers usually start with it.
   */
  properties[PROP_APP_ID] = g_param_spec_string ("app-id", NULL, NULL, NULL, construct);

  /**
   * BgrunScheduler:application:
   *
   * The application, if the scheduler was made for one. It is held while
   * tasks run, so it does not quit in the middle of one. The scheduler
   * does not keep it alive otherwise: it is %NULL once the application is
   * finalized.
   */
  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, G_TYPE_APPLICATION, construct);

  /**
   * BgrunScheduler:backend:
   *
   * Where the engine runs: in the app, or in the `bgrund` daemon. It is
   * chosen once, when the scheduler is created: the daemon when
   * `org.bgrun.Broker1` is owned or can be started on the session bus,
   * the embedded engine otherwise. The environment variable
   * `BGRUN_BACKEND` forces one (`local` or `daemon`); with `daemon` and no
   * daemon to reach, every call fails with
   * %BGRUN_SCHEDULER_ERROR_UNAVAILABLE. A scheduler given a
   * [property@Bgrun.Scheduler:clock], [property@Bgrun.Scheduler:conditions]
   * or [property@Bgrun.Scheduler:state-directory] at construction (as
   * [class@Bgrun.TestDriver] does) always uses the embedded engine,
   * whatever `BGRUN_BACKEND` says.
   */
  properties[PROP_BACKEND] =
    g_param_spec_enum ("backend", NULL, NULL, BGRUN_TYPE_BACKEND, BGRUN_BACKEND_LOCAL,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunScheduler:clock:
   *
   * The clock that times everything; a [class@Bgrun.SystemClock] unless
   * one is given at construction (tests give a [class@Bgrun.TestClock]).
   */
  properties[PROP_CLOCK] = g_param_spec_object ("clock", NULL, NULL, BGRUN_TYPE_CLOCK, construct);

  /**
   * BgrunScheduler:conditions:
   *
   * The device conditions requests wait for; following the system unless
   * given at construction (tests give simulated ones).
   */
  properties[PROP_CONDITIONS] =
    g_param_spec_object ("conditions", NULL, NULL, BGRUN_TYPE_CONDITIONS, construct);

  /**
   * BgrunScheduler:state-directory:
   *
   * Where the embedded engine keeps its store: `<state-directory>/<app-id>/`.
   * When %NULL, `$BGRUN_STATE_DIR`, else `$XDG_STATE_HOME/bgrun`.
   */
  properties[PROP_STATE_DIRECTORY] =
    g_param_spec_string ("state-directory", NULL, NULL, NULL, construct);

  /**
   * BgrunScheduler:frontmost:
   *
   * Whether the app is in the foreground. Continued-processing requests
   * are accepted only while it is. GTK apps bind it to their main
   * window's `is-active` property:
   *
   * ```c
   * g_object_bind_property (window, "is-active", scheduler, "frontmost",
   *                         G_BINDING_SYNC_CREATE);
   * ```
   */
  properties[PROP_FRONTMOST] =
    g_param_spec_boolean ("frontmost", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunScheduler::handle-task:
   * @self: the scheduler
   * @task: a task no registered handler matches
   *
   * Emitted for a task that no handler registered with
   * [method@Bgrun.Scheduler.register] matches, such as tasks the system
   * originates. A handler that takes the task returns %TRUE and completes
   * it; a task nobody takes fails at once, except a
   * [class@Bgrun.UrlSessionRefreshTask], which waits for its session's
   * events.
   *
   * Returns: %TRUE when the task was taken
   */
  signals[SIG_HANDLE_TASK] =
    g_signal_new ("handle-task", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, BGRUN_TYPE_TASK);

  /**
   * BgrunScheduler::extended-runtime-session:
   * @self: the scheduler
   * @session: a smart alarm scheduled in an earlier run of the app
   *
   * Emitted once, at the first dispatch of the main context after the
   * scheduler was created, when the app had scheduled a smart alarm with
   * [method@Bgrun.ExtendedRuntimeSession.start_at] before it last ended.
   * @session is that alarm, in %BGRUN_EXTENDED_RUNTIME_STATE_SCHEDULED:
   * it starts at its start date while the app runs, at once if the date
   * passed and the alarm's window is still open, or is invalidated with
   * %BGRUN_INVALIDATION_REASON_EXPIRED if the window closed. Connect right
   * after creating the scheduler, and keep a reference to @session.
   */
  signals[SIG_EXTENDED_RUNTIME_SESSION] =
    g_signal_new ("extended-runtime-session", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BGRUN_TYPE_EXTENDED_RUNTIME_SESSION);
}

static void
bgrun_scheduler_init (BgrunScheduler *self)
{
  self->registrations = g_ptr_array_new_with_free_func (registration_free);
  self->tasks = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->running = g_list_store_new (BGRUN_TYPE_TASK);
  self->url_sessions = bgrun_url_session_readiness_new ();
}

/* ---- API -------------------------------------------------------------- */

/* A scheduler made with a bad app id (a critical said so) refuses work
 * rather than filing it under a name no app can claim. */
static gboolean
check_app_id (BgrunScheduler  *self,
              GError         **error)
{
  if (self->app_id != NULL && g_application_id_is_valid (self->app_id))
    return TRUE;
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
               _("This scheduler was created for “%s”, which is not a valid application id. Create it with an id such as “org.example.App”."),
               self->app_id != NULL ? self->app_id : "(null)");
  return FALSE;
}

/**
 * bgrun_scheduler_new:
 * @app_id: the application id, such as `org.example.News`
 *
 * Creates a scheduler for the app @app_id, for scripts and programs
 * without a [class@Gio.Application]. Its store is under
 * `$XDG_STATE_HOME/bgrun/<app-id>/`.
 *
 * Returns: (transfer full): a new scheduler
 */
BgrunScheduler *
bgrun_scheduler_new (const char *app_id)
{
  g_return_val_if_fail (app_id != NULL, NULL);

  return g_object_new (BGRUN_TYPE_SCHEDULER, "app-id", app_id, NULL);
}

/**
 * bgrun_scheduler_new_for_application:
 * @application: an application with an application id
 *
 * Creates a scheduler for @application's id. The application is held while
 * tasks run.
 *
 * The scheduler adds the action `bgrun-run-task` to @application, which
 * the `bgrund` daemon activates to start the app for a due task when the
 * app is not running (with the app made D-Bus activatable). The app then
 * starts without `activate` being emitted, is held until the task has run,
 * and exits afterwards unless something else holds it. Create the
 * scheduler and register its handlers in the application's `startup`
 * handler, which runs in that case too.
 *
 * Returns: (transfer full): a new scheduler
 */
BgrunScheduler *
bgrun_scheduler_new_for_application (GApplication *application)
{
  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (g_application_get_application_id (application) != NULL, NULL);

  return g_object_new (BGRUN_TYPE_SCHEDULER, "application", application, NULL);
}

/**
 * bgrun_scheduler_get_default:
 *
 * Gets the scheduler of the default application
 * ([func@Gio.Application.get_default]), creating it at the first call.
 *
 * Returns: (transfer none) (nullable): the default application's
 *   scheduler, or %NULL when there is no default application
 */
BgrunScheduler *
bgrun_scheduler_get_default (void)
{
  GApplication *application = g_application_get_default ();
  BgrunScheduler *scheduler;

  if (application == NULL || g_application_get_application_id (application) == NULL)
    return NULL;
  scheduler = g_object_get_data (G_OBJECT (application), "bgrun-scheduler");
  if (scheduler == NULL)
    {
      scheduler = bgrun_scheduler_new_for_application (application);
      g_object_set_data_full (G_OBJECT (application), "bgrun-scheduler",
                              scheduler, g_object_unref);
    }
  return scheduler;
}

/**
 * bgrun_scheduler_get_app_id:
 * @self: a scheduler
 *
 * Gets [property@Bgrun.Scheduler:app-id].
 *
 * Returns: the application id
 */
const char *
bgrun_scheduler_get_app_id (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  return self->app_id;
}

/**
 * bgrun_scheduler_get_application:
 * @self: a scheduler
 *
 * Gets [property@Bgrun.Scheduler:application].
 *
 * Returns: (transfer none) (nullable): the application
 */
GApplication *
bgrun_scheduler_get_application (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  return self->application;
}

/**
 * bgrun_scheduler_get_backend:
 * @self: a scheduler
 *
 * Gets [property@Bgrun.Scheduler:backend].
 *
 * Returns: where the engine runs
 */
BgrunBackend
bgrun_scheduler_get_backend (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), BGRUN_BACKEND_LOCAL);
  return self->backend;
}

/**
 * bgrun_scheduler_get_clock:
 * @self: a scheduler
 *
 * Gets [property@Bgrun.Scheduler:clock].
 *
 * Returns: (transfer none): the clock
 */
BgrunClock *
bgrun_scheduler_get_clock (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  return self->clock;
}

/**
 * bgrun_scheduler_get_conditions:
 * @self: a scheduler
 *
 * Gets [property@Bgrun.Scheduler:conditions].
 *
 * Returns: (transfer none): the conditions
 */
BgrunConditions *
bgrun_scheduler_get_conditions (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  return self->conditions;
}

/**
 * bgrun_scheduler_get_frontmost:
 * @self: a scheduler
 *
 * Gets [property@Bgrun.Scheduler:frontmost].
 *
 * Returns: whether the app is in the foreground
 */
gboolean
bgrun_scheduler_get_frontmost (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), FALSE);
  return self->frontmost;
}

/**
 * bgrun_scheduler_set_frontmost:
 * @self: a scheduler
 * @frontmost: whether the app is in the foreground
 *
 * Sets [property@Bgrun.Scheduler:frontmost]. GTK apps bind it to their
 * window's `is-active` rather than calling this.
 */
void
bgrun_scheduler_set_frontmost (BgrunScheduler *self,
                               gboolean        frontmost)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));

  frontmost = !!frontmost;
  if (self->frontmost == frontmost)
    return;
  self->frontmost = frontmost;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRONTMOST]);
}

/**
 * bgrun_scheduler_register:
 * @self: a scheduler
 * @identifier: a reverse-DNS task identifier, or a family `prefix.*`
 * @handler: (scope notified) (closure user_data) (destroy destroy): runs
 *   the tasks of @identifier
 * @user_data: data for @handler
 * @destroy: (nullable): frees @user_data when the scheduler is finalized
 * @error: return location for a #GError
 *
 * Registers the handler for the tasks of @identifier. Call it at startup,
 * before the main loop runs, for every identifier the app may be asked to
 * run: requests that became due while the app was not running run right
 * after their identifier is registered, oldest first. A family
 * (`org.example.App.export.*`) matches every identifier under the prefix;
 * an exact registration wins over a family.
 *
 * Fails with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST when @identifier is
 * malformed or already registered.
 *
 * Returns: %TRUE when registered
 */
gboolean
bgrun_scheduler_register (BgrunScheduler    *self,
                          const char        *identifier,
                          BgrunTaskHandler   handler,
                          gpointer           user_data,
                          GDestroyNotify     destroy,
                          GError           **error)
{
  Registration *registration;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (handler != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_app_id (self, error) ||
      !bgrun_broker_register (self->broker, identifier, error))
    {
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }

  registration = g_new0 (Registration, 1);
  registration->pattern = g_strdup (identifier);
  registration->handler = handler;
  registration->user_data = user_data;
  registration->destroy = destroy;
  g_ptr_array_add (self->registrations, registration);
  return TRUE;
}

/**
 * bgrun_scheduler_submit:
 * @self: a scheduler
 * @request: the request
 * @error: return location for a #GError
 *
 * Submits a request. It is stored before this returns; a pending request
 * with the same identifier is replaced. The task runs later, from the main
 * loop, when the scheduler allows it; [method@Bgrun.Scheduler.explain]
 * says why it has not yet.
 *
 * Fails, with a message that names the identifier and says what to do:
 * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST for a malformed request,
 * %BGRUN_SCHEDULER_ERROR_NOT_PERMITTED when no handler is registered for
 * the identifier (or a continued-processing request is submitted while the
 * app is not frontmost), %BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS
 * past %BGRUN_MAX_PENDING_REQUESTS, %BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE
 * for a continued-processing request with the fail strategy that cannot
 * start now, and %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when the store cannot
 * be written. A rejected request is recorded in the history.
 *
 * Returns: %TRUE when the request was accepted
 */
gboolean
bgrun_scheduler_submit (BgrunScheduler    *self,
                        BgrunTaskRequest  *request,
                        GError           **error)
{
  g_autoptr(GVariant) dict = NULL;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (request), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_app_id (self, error))
    return FALSE;
  dict = bgrun_task_request_to_variant (request);
  return bgrun_broker_submit (self->broker, dict, self->frontmost, error);
}

/**
 * bgrun_scheduler_schedule_refresh:
 * @self: a scheduler
 * @preferred_date: (nullable): the earliest time the refresh should run,
 *   or %NULL for as soon as allowed
 * @user_info: (nullable): an `a{sv}` for the task's
 *   [property@Bgrun.Task:user-info]
 * @error: return location for a #GError
 *
 * Schedules the app's refresh, as watchOS does: one pending refresh per
 * app, under the identifier `<app-id>.refresh`; a new call replaces the
 * pending one. The task is a [class@Bgrun.AppRefreshTask] for the handler
 * registered for `<app-id>.refresh`.
 *
 * Returns: %TRUE when the refresh was scheduled
 */
gboolean
bgrun_scheduler_schedule_refresh (BgrunScheduler  *self,
                                  GDateTime       *preferred_date,
                                  GVariant        *user_info,
                                  GError         **error)
{
  g_autofree char *identifier = NULL;
  g_autoptr(BgrunTaskRequest) request = NULL;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  identifier = g_strconcat (self->app_id, ".refresh", NULL);
  request = BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new (identifier));
  bgrun_task_request_set_earliest_begin_date (request, preferred_date);
  if (user_info != NULL && !g_variant_is_of_type (user_info, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The user info of “%s” must be an a{sv} dictionary, not %s."),
                   identifier, g_variant_get_type_string (user_info));
      return FALSE;
    }
  bgrun_task_request_set_user_info (request, user_info);
  return bgrun_scheduler_submit (self, request, error);
}

/**
 * bgrun_scheduler_cancel:
 * @self: a scheduler
 * @identifier: the identifier of a pending request
 *
 * Cancels the pending request @identifier, if there is one. A task that
 * already runs is not affected.
 */
void
bgrun_scheduler_cancel (BgrunScheduler *self,
                        const char     *identifier)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (identifier != NULL);

  bgrun_broker_cancel (self->broker, identifier);
}

/**
 * bgrun_scheduler_cancel_all:
 * @self: a scheduler
 *
 * Cancels every pending request of the app.
 */
void
bgrun_scheduler_cancel_all (BgrunScheduler *self)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));

  bgrun_broker_cancel_all (self->broker);
}

/**
 * bgrun_scheduler_get_pending_requests:
 * @self: a scheduler
 *
 * Gets the pending requests, oldest first, as a live list: it changes (and
 * emits `items-changed`) whenever a request is submitted, replaced,
 * cancelled or starts running. Queued continued-processing requests are
 * in it too.
 *
 * Returns: (transfer none): a list of [class@Bgrun.TaskRequest]
 */
GListModel *
bgrun_scheduler_get_pending_requests (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);

  if (self->pending == NULL)
    {
      self->pending = g_list_store_new (BGRUN_TYPE_TASK_REQUEST);
      self->pending_dicts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      refresh_pending (self);
    }
  return G_LIST_MODEL (self->pending);
}

/**
 * bgrun_scheduler_get_running_tasks:
 * @self: a scheduler
 *
 * Gets the tasks running now, in the order they started, as a live list.
 *
 * Returns: (transfer none): a list of [class@Bgrun.Task]
 */
GListModel *
bgrun_scheduler_get_running_tasks (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  return G_LIST_MODEL (self->running);
}

/**
 * bgrun_scheduler_get_history:
 * @self: a scheduler
 *
 * Gets what happened to the app's requests and tasks, oldest first, as a
 * live list: every submit, start, end, cancel and rejection, with the
 * message of each error. It persists across restarts and keeps the last
 * 1,000 entries.
 *
 * Returns: (transfer none): a list of [class@Bgrun.HistoryEntry]
 */
GListModel *
bgrun_scheduler_get_history (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);

  if (self->history == NULL)
    {
      g_autoptr(GVariant) entries = bgrun_broker_list_history (self->broker);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
      GVariantIter iter;
      GVariant *entry;

      g_variant_iter_init (&iter, entries);
      while ((entry = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_ptr_array_add (items, bgrun_history_entry_new_from_variant (entry));
          g_variant_unref (entry);
        }
      self->history = g_list_store_new (BGRUN_TYPE_HISTORY_ENTRY);
      g_list_store_splice (self->history, 0, 0, items->pdata, items->len);
    }
  return G_LIST_MODEL (self->history);
}

/**
 * bgrun_scheduler_explain:
 * @self: a scheduler
 * @identifier: the identifier of a pending request or running task
 * @error: return location for a #GError
 *
 * Says why the request @identifier has not run yet: every reason it waits
 * and the earliest time it could run if nothing changes; for a running
 * task, its deadline. Fails with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST
 * when nothing with that identifier is pending or running.
 *
 * Returns: (transfer full): the explanation
 */
BgrunExplanation *
bgrun_scheduler_explain (BgrunScheduler  *self,
                         const char      *identifier,
                         GError         **error)
{
  g_autoptr(GVariant) dict = NULL;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (identifier != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dict = bgrun_broker_explain (self->broker, identifier, error);
  return dict != NULL ? bgrun_explanation_new_from_variant (dict) : NULL;
}

BgrunBroker *
bgrun_scheduler_get_broker (BgrunScheduler *self)
{
  return self->broker;
}

BgrunExtendedRuntimeRegistry *
bgrun_scheduler_get_session_registry (BgrunScheduler *self)
{
  return self->sessions;
}

void
bgrun_scheduler_record_history (BgrunScheduler    *self,
                                const char        *identifier,
                                BgrunHistoryEvent  event,
                                const char        *message)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GVariant) entry = NULL;

  if (self->broker == NULL)
    return;
  if (self->backend == BGRUN_BACKEND_LOCAL)
    {
      bgrun_engine_record_history (bgrun_local_broker_get_engine (BGRUN_LOCAL_BROKER (self->broker)),
                                   self->app_id, identifier, event, message);
      return;
    }
  now = bgrun_clock_get_now (self->clock);
  entry = g_variant_ref_sink (g_variant_new ("(sixs)", identifier, (gint32) event,
                                             bgrun_time_to_usec (now), message));
  on_history_added (self->broker, entry, self);
}

/* A scheduler for @broker's app on @broker, whatever its clock and
 * conditions: the test driver's scheduler in the daemon placement, which
 * has a test clock and still uses bgrund. */
BgrunScheduler *
bgrun_scheduler_new_with_broker (BgrunBroker     *broker,
                                 BgrunConditions *conditions)
{
  BgrunScheduler *self;

  g_return_val_if_fail (BGRUN_IS_BROKER (broker), NULL);
  g_return_val_if_fail (g_private_get (&given_broker) == NULL, NULL);

  g_private_set (&given_broker, broker);
  self = g_object_new (BGRUN_TYPE_SCHEDULER,
                       "app-id", bgrun_broker_get_app_id (broker),
                       "clock", bgrun_broker_get_clock (broker),
                       "conditions", conditions,
                       NULL);
  g_private_set (&given_broker, NULL);
  return self;
}

/* Whether a background URL session @session_identifier of this process
 * has delivered its events (emitted events-finished): while it has, its
 * URL-session refresh tasks complete, from the main loop. FALSE when the
 * session goes away. */
void
bgrun_scheduler_set_url_session_ready (BgrunScheduler *self,
                                       const char     *session_identifier,
                                       gboolean        ready)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (session_identifier != NULL);

  if (self->url_sessions != NULL)
    bgrun_url_session_readiness_set_ready (self->url_sessions, session_identifier, ready);
}
