/* bgrun-url-session.c: downloads that stream, resume and outlive the app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-scheduler-private.h"
#include "bgrun-system-clock.h"
#include "bgrun-url-session-internal-private.h"
#include "bgrun-url-session-readiness-private.h"
#include "bgrun-url-session-recorder-private.h"
#include "bgrun-url-session-remote-private.h"
#include "bgrun-state-directory-private.h"

/**
 * BgrunUrlSession:
 *
 * Transfers over HTTP and HTTPS with libsoup, made for big files and bad
 * networks: a download streams its body to a file in bounded chunks
 * (memory stays flat whatever the size), resumes with `Range` and
 * `If-Range` where it stopped, verifies an expected checksum, and, in a
 * background session, outlives the session object and the app. An upload
 * streams a file as the request body and, when resumable, continues from
 * the offset its server confirmed (the IETF resumable-upload draft or
 * tus).
 *
 * Create a session from a [class@Bgrun.UrlSessionConfiguration], then
 * tasks with [method@Bgrun.UrlSession.download],
 * [method@Bgrun.UrlSession.upload] or
 * [method@Bgrun.UrlSession.data]; tasks start suspended, so call
 * [method@Bgrun.UrlSessionTask.resume]. When a download has its whole
 * body, the session emits [signal@Bgrun.UrlSession::download-finished]
 * with the file, then [signal@Bgrun.UrlSession::task-completed].
 *
 * A background session (one whose configuration has an identifier)
 * records its tasks, their state and their progress in the app's state
 * directory. Creating a session with the same identifier later, in the
 * same process or after the app started again, reattaches to them: they
 * are in [method@Bgrun.UrlSession.get_tasks] with the state and progress
 * they had, and those that were running continue from the bytes already
 * on disk (a resumable upload from the offset its server has). Only one session per identifier may exist at a time in a
 * process: a second one gets no tasks and refuses new ones with
 * %BGRUN_URL_SESSION_ERROR_NOT_ALLOWED.
 *
 * When the session's scheduler uses the daemon
 * (%BGRUN_BACKEND_DAEMON), a background session's transfers run in bgrund
 * and go on after the app exits: the session and its tasks mirror them,
 * and completions that happened while the app had no session are
 * delivered when it creates one, before
 * [signal@Bgrun.UrlSession::events-finished]. Creating a task then fails
 * with %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when bgrund cannot be reached.
 *
 * In both placements a background session records each completion, with
 * its downloaded file, before it emits its signals, and forgets it once
 * the handlers have returned: an app killed while they run gets the
 * completion again, once, from its next session with the identifier,
 * before [signal@Bgrun.UrlSession::events-finished].
 *
 * The app's state directory is `<state-directory>/<app-id>/` of the
 * session's [class@Bgrun.Scheduler] (see
 * [property@Bgrun.Scheduler:state-directory]); tasks are recorded in
 * `transfers.db` there and bodies are received under `transfers/`.
 *
 * ```c
 * static void
 * on_download_finished (BgrunUrlSession *session, BgrunUrlSessionTask *task,
 *                       GFile *location, gpointer user_data)
 * {
 *   g_autoptr(GFile) target = g_file_new_for_path ("/home/me/episode.ogg");
 *
 *   // Move it now: the session removes the file when this returns.
 *   g_file_move (location, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
 * }
 *
 * config = bgrun_url_session_configuration_new_background ("org.example.App.episodes");
 * session = bgrun_url_session_new (NULL, config);
 * g_signal_connect (session, "download-finished", G_CALLBACK (on_download_finished), NULL);
 * task = bgrun_url_session_download (session, "https://example.org/episode.ogg", &error);
 * bgrun_url_session_task_resume (task);
 * ```
 *
 * Everything happens, and every signal is emitted, on the thread of the
 * main context that was the thread-default one when the session was
 * created.
 */

G_DEFINE_FINAL_TYPE (BgrunUrlSession, bgrun_url_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_CONFIGURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint bgrun_url_session_signals[N_SIGNALS];

/* ---- where things are --------------------------------------------------- */

static char *
app_directory_of (BgrunScheduler *scheduler)
{
  g_autofree char *chosen = NULL;
  g_autofree char *base = NULL;
  const char *app_id = NULL;

  if (scheduler != NULL)
    {
      g_object_get (scheduler, "state-directory", &chosen, NULL);
      app_id = bgrun_scheduler_get_app_id (scheduler);
    }
  base = bgrun_state_base_directory (chosen);
  if (app_id == NULL)
    app_id = g_get_prgname () != NULL ? g_get_prgname () : "bgrun";
  return g_build_filename (base, app_id, NULL);
}

/* ---- the tasks' side ---------------------------------------------------- */

BgrunTransferEngine *
bgrun_url_session_get_engine (BgrunUrlSession *self)
{
  return self->engine;
}

BgrunTransferQueue *
bgrun_url_session_get_queue (BgrunUrlSession *self)
{
  return self->queue;
}

BgrunUrlSessionRemote *
bgrun_url_session_get_remote (BgrunUrlSession *self)
{
  return self->remote;
}

/* Tasks wait on the scheduler's clock and device state, so that a
 * BgrunTestDriver drives them too; without a scheduler, on the system's. */
/* What the session's queue does to its tasks. */
static const BgrunTransferQueueHandlers queue_handlers = {
  .admit = bgrun_url_session_task_admit,
  .wait = bgrun_url_session_task_wait,
  .fail = bgrun_url_session_task_fail,
  .hold_back = bgrun_url_session_task_hold_back,
  .resource_deadline = bgrun_url_session_task_get_resource_deadline_usec,
};

static BgrunTransferQueue *
new_queue (BgrunUrlSession *self)
{
  g_autoptr(BgrunClock) clock = NULL;
  g_autoptr(BgrunConditions) conditions = NULL;

  if (self->scheduler != NULL)
    {
      clock = g_object_ref (bgrun_scheduler_get_clock (self->scheduler));
      conditions = g_object_ref (bgrun_scheduler_get_conditions (self->scheduler));
    }
  else
    {
      clock = bgrun_system_clock_new ();
      conditions = bgrun_conditions_new (clock);
    }
  return bgrun_transfer_queue_new (clock, conditions, self->configuration, &queue_handlers);
}

void
bgrun_url_session_deliver_completion (BgrunUrlSession     *self,
                                      BgrunUrlSessionTask *task,
                                      GFile               *download)
{
  g_autoptr(BgrunUrlSession) keep = g_object_ref (self);
  guint position;

  if (download != NULL)
    {
      g_signal_emit (self, bgrun_url_session_signals[SIG_DOWNLOAD_FINISHED], 0, task, download);
      g_file_delete (download, NULL, NULL);
    }
  g_signal_emit (self, bgrun_url_session_signals[SIG_TASK_COMPLETED], 0, task, bgrun_url_session_task_get_error (task));
  if (g_list_store_find (self->tasks, task, &position))
    g_list_store_remove (self->tasks, position);
}

/* ---- GObject ------------------------------------------------------------ */

/* Where bgrun_url_session_new_hosted() puts a hosted session, for
 * constructed() on the same thread: a private constructor has no
 * property to say it with. */
typedef struct
{
  const char      *app_directory;
  BgrunClock      *clock;
  BgrunConditions *conditions;
} HostedPlace;

static GPrivate hosted_place;

static void
bgrun_url_session_constructed (GObject *object)
{
  BgrunUrlSession *self = BGRUN_URL_SESSION (object);
  HostedPlace *place = g_private_get (&hosted_place);
  g_autofree char *app_directory = NULL;

  G_OBJECT_CLASS (bgrun_url_session_parent_class)->constructed (object);

  if (self->configuration == NULL)
    self->configuration = bgrun_url_session_configuration_new_default ();
  if (place == NULL && self->scheduler == NULL && bgrun_scheduler_get_default () != NULL)
    self->scheduler = g_object_ref (bgrun_scheduler_get_default ());
  app_directory = place != NULL ? g_strdup (place->app_directory) : app_directory_of (self->scheduler);
  self->partial_directory = g_build_filename (app_directory, "transfers", NULL);
  self->engine = bgrun_transfer_engine_new (self->configuration);
  self->queue = place != NULL ? bgrun_transfer_queue_new (place->clock, place->conditions, self->configuration,
                                                          &queue_handlers)
                              : new_queue (self);
  if (bgrun_url_session_configuration_get_identifier (self->configuration) != NULL)
    bgrun_url_session_open_background (self, app_directory, place != NULL);
}

/* Stops every transfer without touching what is recorded: a background
 * session's tasks continue in the next session with its identifier. A
 * default session's unfinished downloads cannot be continued by anyone:
 * their partial files go. */
static void
bgrun_url_session_dispose (GObject *object)
{
  BgrunUrlSession *self = BGRUN_URL_SESSION (object);
  gboolean background = self->store != NULL || self->registry_key != NULL;

  while (self->tasks != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->tasks)) > 0)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (G_LIST_MODEL (self->tasks), 0);

      g_list_store_remove (self->tasks, 0);
      /* Being cancelled: it is over, whatever later sessions find. */
      if (bgrun_url_session_task_get_state (task) == BGRUN_URL_SESSION_TASK_STATE_CANCELING)
        bgrun_url_session_forget_task (self, task);
      bgrun_url_session_task_detach (task);
      if (!background)
        bgrun_url_session_task_cancel (task);
    }
  g_clear_handle_id (&self->events_source, g_source_remove);
  if (self->scheduler != NULL && self->registry_key != NULL)
    bgrun_url_session_readiness_set_ready_in (self->scheduler, bgrun_url_session_configuration_get_identifier (self->configuration), FALSE);
  g_clear_pointer (&self->remote, bgrun_url_session_remote_free);
  g_clear_pointer (&self->recorder, bgrun_url_session_recorder_free);
  g_clear_pointer (&self->jobs, bgrun_transfer_jobs_free);
  bgrun_url_session_unregister_identifier (self);
  g_clear_object (&self->engine);
  g_clear_object (&self->queue);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bgrun_url_session_parent_class)->dispose (object);
}

static void
bgrun_url_session_finalize (GObject *object)
{
  BgrunUrlSession *self = BGRUN_URL_SESSION (object);

  g_clear_object (&self->tasks);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->configuration);
  g_free (self->partial_directory);

  G_OBJECT_CLASS (bgrun_url_session_parent_class)->finalize (object);
}

static void
bgrun_url_session_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BgrunUrlSession *self = BGRUN_URL_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_CONFIGURATION:
      g_value_set_object (value, self->configuration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BgrunUrlSession *self = BGRUN_URL_SESSION (object);
  BgrunUrlSessionConfiguration *configuration;

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;
    case PROP_CONFIGURATION:
      configuration = g_value_get_object (value);
      if (configuration != NULL)
        self->configuration = bgrun_url_session_configuration_copy (configuration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_class_init (BgrunUrlSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_url_session_constructed;
  object_class->dispose = bgrun_url_session_dispose;
  object_class->finalize = bgrun_url_session_finalize;
  object_class->get_property = bgrun_url_session_get_property;
  object_class->set_property = bgrun_url_session_set_property;

  /**
   * BgrunUrlSession:scheduler:
   *
   * The scheduler whose app the session works for: its app id and state
   * directory say where tasks are recorded and bodies received. When
   * %NULL at construction, [func@Bgrun.Scheduler.get_default]'s; without
   * one either, the program name stands for the app id.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, BGRUN_TYPE_SCHEDULER, construct);

  /**
   * BgrunUrlSession:configuration:
   *
   * A copy of the configuration the session was created with; a default
   * configuration when none was given.
   */
  properties[PROP_CONFIGURATION] =
    g_param_spec_object ("configuration", NULL, NULL, BGRUN_TYPE_URL_SESSION_CONFIGURATION, construct);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunUrlSession::download-finished:
   * @session: the session
   * @task: the download that finished
   * @location: the downloaded file
   *
   * Emitted when a download has its whole body (verified against
   * [property@Bgrun.UrlSessionTask:expected-checksum] when it has one),
   * just before [signal@Bgrun.UrlSession::task-completed].
   *
   * @location is a file in the app's state directory that belongs to the
   * session: move or copy it during the emission (with
   * [method@Gio.File.move], say). Once the handlers have returned, the
   * session removes it if it is still there.
   */
  bgrun_url_session_signals[SIG_DOWNLOAD_FINISHED] =
    g_signal_new ("download-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BGRUN_TYPE_URL_SESSION_TASK, G_TYPE_FILE);

  /**
   * BgrunUrlSession::task-completed:
   * @session: the session
   * @task: the task that completed
   * @error: (nullable): why it failed, or %NULL when it succeeded
   *
   * Emitted when a task has ended, successfully or not; the task is
   * %BGRUN_URL_SESSION_TASK_STATE_COMPLETED and leaves
   * [method@Bgrun.UrlSession.get_tasks] right after. A download that
   * failed may have resume data
   * ([method@Bgrun.UrlSessionTask.get_resume_data]).
   */
  bgrun_url_session_signals[SIG_TASK_COMPLETED] =
    g_signal_new ("task-completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BGRUN_TYPE_URL_SESSION_TASK, G_TYPE_ERROR);

  /**
   * BgrunUrlSession::events-finished:
   * @session: the session
   *
   * Emitted once, from the main loop, after a background session was
   * created and the events recorded for its identifier while no session
   * existed were delivered: completions of tasks that ran in bgrund while
   * the app was away (see [property@Bgrun.Scheduler:backend]), and, in
   * both placements, those whose delivery the app did not live through.
   */
  bgrun_url_session_signals[SIG_EVENTS_FINISHED] =
    g_signal_new ("events-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_url_session_init (BgrunUrlSession *self)
{
  self->tasks = g_list_store_new (BGRUN_TYPE_URL_SESSION_TASK);
  self->next_task_identifier = 1;
  self->lock_fd = -1;
}

/* ---- public ------------------------------------------------------------- */

/**
 * bgrun_url_session_new:
 * @scheduler: (nullable): the scheduler of the app, or %NULL for
 *   [func@Bgrun.Scheduler.get_default]'s
 * @config: how the session transfers; it is copied
 *
 * Creates a session. With a background configuration, it reattaches to
 * the tasks recorded for the configuration's identifier: they are in
 * [method@Bgrun.UrlSession.get_tasks] at once, and those that were
 * running continue.
 *
 * Returns: (transfer full): a new session
 */
BgrunUrlSession *
bgrun_url_session_new (BgrunScheduler               *scheduler,
                       BgrunUrlSessionConfiguration *config)
{
  g_return_val_if_fail (scheduler == NULL || BGRUN_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (config), NULL);

  return g_object_new (BGRUN_TYPE_URL_SESSION, "scheduler", scheduler, "configuration", config, NULL);
}

/* A background session that bgrund runs for an app: the same as one the
 * app creates, with its tasks recorded and received in @app_directory,
 * waiting on @clock and @conditions (the daemon's). */
BgrunUrlSession *
bgrun_url_session_new_hosted (BgrunUrlSessionConfiguration *config,
                              const char                   *app_directory,
                              BgrunClock                   *clock,
                              BgrunConditions              *conditions)
{
  HostedPlace place = { app_directory, clock, conditions };
  BgrunUrlSession *self;

  g_return_val_if_fail (bgrun_url_session_configuration_get_identifier (config) != NULL, NULL);

  g_private_set (&hosted_place, &place);
  self = g_object_new (BGRUN_TYPE_URL_SESSION, "configuration", config, NULL);
  g_private_set (&hosted_place, NULL);
  return self;
}

/**
 * bgrun_url_session_get_configuration:
 * @self: a session
 *
 * Gets [property@Bgrun.UrlSession:configuration].
 *
 * Returns: (transfer none): the session's copy of its configuration;
 *   changing it changes nothing
 */
BgrunUrlSessionConfiguration *
bgrun_url_session_get_configuration (BgrunUrlSession *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION (self), NULL);
  return self->configuration;
}

/**
 * bgrun_url_session_get_tasks:
 * @self: a session
 *
 * Gets the session's tasks that have not completed, in the order they
 * were created, as a list that changes as tasks come and go.
 *
 * Returns: (transfer none): a [iface@Gio.ListModel] of
 *   [class@Bgrun.UrlSessionTask]
 */
GListModel *
bgrun_url_session_get_tasks (BgrunUrlSession *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION (self), NULL);
  return G_LIST_MODEL (self->tasks);
}

/**
 * bgrun_url_session_finish_tasks_and_invalidate:
 * @self: a session
 *
 * Lets the session's tasks finish but refuses new ones: creating a task
 * then fails with %BGRUN_URL_SESSION_ERROR_NOT_ALLOWED.
 */
void
bgrun_url_session_finish_tasks_and_invalidate (BgrunUrlSession *self)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION (self));
  self->invalidated = TRUE;
  if (self->remote != NULL)
    bgrun_url_session_remote_invalidate (self->remote, FALSE);
}

/**
 * bgrun_url_session_invalidate_and_cancel:
 * @self: a session
 *
 * Cancels every task of the session (each completes with
 * %BGRUN_URL_SESSION_ERROR_CANCELLED) and refuses new ones, as
 * [method@Bgrun.UrlSession.finish_tasks_and_invalidate] does.
 */
void
bgrun_url_session_invalidate_and_cancel (BgrunUrlSession *self)
{
  guint n;

  g_return_if_fail (BGRUN_IS_URL_SESSION (self));

  self->invalidated = TRUE;
  if (self->remote != NULL)
    {
      bgrun_url_session_remote_invalidate (self->remote, TRUE);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (G_LIST_MODEL (self->tasks), i - 1);

      bgrun_url_session_task_cancel (task);
    }
}
