/* bgrun-scheduler.c: the app's handle on background work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-dbus-broker-private.h"
#include "bgrun-features-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-identifier-private.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-scheduler-internal-private.h"
#include "bgrun-system-clock.h"

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
Registration *
bgrun_scheduler_find_registration (BgrunScheduler *self,
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

/* Emits handle-task for @task, which no registration matches; whether a
 * handler took it. */
gboolean
bgrun_scheduler_emit_handle_task (BgrunScheduler *self,
                                  BgrunTask      *task)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SIG_HANDLE_TASK], 0, task, &handled);
  return handled;
}

/* ---- object ----------------------------------------------------------- */

/* The broker bgrun_scheduler_new_with_broker() hands to the scheduler it
 * constructs: a construct property would make it public API. */
static GPrivate given_broker;

static void
bgrun_scheduler_constructed (GObject *object)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (object);
  gboolean explicit_engine;
  g_autofree char *state_directory = NULL;

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
    self->broker = bgrun_scheduler_create_broker (self, explicit_engine);

  bgrun_scheduler_connect_tasks (self);
  bgrun_scheduler_connect_lists (self);

  self->presenter = bgrun_progress_presenter_new (self->app_id, self->application);
  bgrun_scheduler_install_cancel_action (self);
  if (self->application != NULL)
    self->launch = bgrun_app_launch_new (self->application, self->broker);

  /* Last: the features attach to a scheduler that is whole. */
  state_directory = bgrun_scheduler_state_path (self, NULL);
  self->placement = bgrun_placement_new (self, self->application, state_directory, self->broker);
  bgrun_features_ensure ();
  bgrun_placement_run_hooks (self->placement);
}

static void
bgrun_scheduler_dispose (GObject *object)
{
  BgrunScheduler *self = BGRUN_SCHEDULER (object);

  if (self->broker != NULL)
    g_signal_handlers_disconnect_by_data (self->broker, self);
  g_clear_object (&self->placement);
  g_clear_object (&self->broker);
  g_clear_object (&self->presenter);
  g_clear_object (&self->launch);
  if (self->application != NULL)
    g_action_map_remove_action (G_ACTION_MAP (self->application), BGRUN_CANCEL_TASK_ACTION);
  if (self->application != NULL)
    for (guint i = 0; i < g_hash_table_size (self->tasks); i++)
      g_application_release (self->application);
  g_hash_table_remove_all (self->tasks);
  g_clear_pointer (&self->registrations, g_ptr_array_unref);
  g_clear_object (&self->pending);
  g_clear_pointer (&self->pending_dicts, g_ptr_array_unref);
  g_clear_pointer (&self->pending_hidden, g_array_unref);
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
   * it; a task nobody takes fails at once, except one that libbgrun
   * itself delivers, such as a [class@Bgrun.UrlSessionRefreshTask], which
   * waits for its session's events.
   *
   * Returns: %TRUE when the task was taken
   */
  signals[SIG_HANDLE_TASK] =
    g_signal_new ("handle-task", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, BGRUN_TYPE_TASK);
}

static void
bgrun_scheduler_init (BgrunScheduler *self)
{
  self->registrations = g_ptr_array_new_with_free_func (registration_free);
  self->tasks = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->running = g_list_store_new (BGRUN_TYPE_TASK);
}

/* ---- API -------------------------------------------------------------- */

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

BgrunBroker *
bgrun_scheduler_get_broker (BgrunScheduler *self)
{
  return self->broker;
}

BgrunPlacement *
bgrun_scheduler_get_placement (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  return self->placement;
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
