/* bgrun-task.c: background work while it runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-task-request.h"

#include "bgrun-enum-types.h"
#include "bgrun-task-private.h"

/**
 * BgrunTask:
 *
 * Background work while it runs: what the scheduler gives the handler
 * registered for its identifier when a submitted request may run.
 *
 * The handler does the work (asynchronously, without blocking the main
 * loop) and calls [method@Bgrun.Task.set_task_completed] when it is done,
 * successful or not. Every task must be completed: one that is not
 * holds the app's background time until its
 * [property@Bgrun.Task:expiration-date] and is then recorded as expired.
 *
 * Shortly before the time runs out, while the task is still running, the
 * scheduler emits [signal@Bgrun.Task::expired]: stop the work, save what
 * can be saved and complete the task. A grace period of a few seconds
 * later the task becomes %BGRUN_TASK_STATE_EXPIRED and its
 * [method@Bgrun.Task.get_cancellable] is cancelled, which also stops any
 * GIO operation the work still has running with that cancellable.
 *
 * `BgrunTask` is abstract; the handler receives the subclass that matches
 * the request, such as [class@Bgrun.AppRefreshTask].
 */

typedef struct
{
  char           *identifier;
  GVariant       *user_info;
  GDateTime      *expiration_date;
  BgrunTaskState  state;
  GCancellable   *cancellable;
  gboolean        expired_emitted;  /* for this expiration date */
  guint64         run_id;           /* the engine's, see the private header */
  guint           attempt;
  gboolean        retry;            /* ended by set_task_completed_with_retry() */
  double          progress;
  GVariant       *progress_details;
  GVariant       *output;
} BgrunTaskPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BgrunTask, bgrun_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_USER_INFO,
  PROP_EXPIRATION_DATE,
  PROP_STATE,
  PROP_ATTEMPT,
  PROP_PROGRESS,
  PROP_PROGRESS_DETAILS,
  PROP_OUTPUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIG_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bgrun_task_finalize (GObject *object)
{
  BgrunTask *self = BGRUN_TASK (object);
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_free (priv->identifier);
  g_clear_pointer (&priv->user_info, g_variant_unref);
  g_clear_pointer (&priv->expiration_date, g_date_time_unref);
  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->progress_details, g_variant_unref);
  g_clear_pointer (&priv->output, g_variant_unref);

  G_OBJECT_CLASS (bgrun_task_parent_class)->finalize (object);
}

static void
bgrun_task_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BgrunTask *self = BGRUN_TASK (object);
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      g_value_set_string (value, priv->identifier);
      break;
    case PROP_USER_INFO:
      g_value_set_variant (value, priv->user_info);
      break;
    case PROP_EXPIRATION_DATE:
      g_value_set_boxed (value, priv->expiration_date);
      break;
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, priv->attempt);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, priv->progress);
      break;
    case PROP_PROGRESS_DETAILS:
      g_value_set_variant (value, priv->progress_details);
      break;
    case PROP_OUTPUT:
      g_value_set_variant (value, priv->output);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_task_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BgrunTask *self = BGRUN_TASK (object);
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      priv->identifier = g_value_dup_string (value);
      break;
    case PROP_USER_INFO:
      priv->user_info = g_value_dup_variant (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_task_class_init (BgrunTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bgrun_task_finalize;
  object_class->get_property = bgrun_task_get_property;
  object_class->set_property = bgrun_task_set_property;

  /**
   * BgrunTask:identifier:
   *
   * The identifier of the request this task runs, such as
   * `org.example.App.refresh`. For a request of a registered family it is
   * the full identifier that was submitted, such as
   * `org.example.App.export.42`.
   */
  properties[PROP_IDENTIFIER] =
    g_param_spec_string ("identifier", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTask:user-info:
   *
   * The [property@Bgrun.TaskRequest:user-info] of the request this task
   * runs: a dictionary of type `a{sv}`, or %NULL.
   */
  properties[PROP_USER_INFO] =
    g_param_spec_variant ("user-info", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTask:expiration-date:
   *
   * When the task's time runs out, or %NULL when it has no fixed limit.
   * [signal@Bgrun.Task::expired] is emitted at that time if the task is
   * still running. The scheduler may move it (a continued-processing task
   * that reports progress gets more time), with a `notify`.
   */
  properties[PROP_EXPIRATION_DATE] =
    g_param_spec_boxed ("expiration-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTask:state:
   *
   * Where the task is in its life. It starts
   * %BGRUN_TASK_STATE_RUNNING and changes once, with a `notify`, when the
   * app completes the task or the system ends it.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_TASK_STATE,
                       BGRUN_TASK_STATE_RUNNING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTask:attempt:
   *
   * Which attempt of its request this task is: 1 for the first run, one
   * more for each run before it that was retried
   * ([method@Bgrun.Task.set_task_completed_with_retry]) or interrupted,
   * as WorkManager's `runAttemptCount` counts every start. Interrupted
   * runs count here but not toward
   * [property@Bgrun.TaskRequest:max-attempts] or the retry backoff.
   */
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT32, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTask:progress:
   *
   * How much of the work is done, from 0 to 1, as the handler last
   * reported it with [method@Bgrun.Task.set_progress]. The scheduler's
   * running list shows it live, and `bgrunctl running` prints it.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTask:progress-details:
   *
   * What the handler reported with its progress: a dictionary of type
   * `a{sv}` (such as the file being worked on), or %NULL.
   */
  properties[PROP_PROGRESS_DETAILS] =
    g_param_spec_variant ("progress-details", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * BgrunTask:output:
   *
   * The output data the handler left with [method@Bgrun.Task.set_output]:
   * a dictionary of type `a{sv}`, or %NULL. The history entry of the
   * task's end keeps it ([method@Bgrun.HistoryEntry.get_output]).
   */
  properties[PROP_OUTPUT] =
    g_param_spec_variant ("output", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunTask::expired:
   * @task: the task whose time runs out
   *
   * Emitted shortly before the task's time runs out, while it is still
   * %BGRUN_TASK_STATE_RUNNING, on the scheduler's main context (the
   * thread-default main context where the scheduler was created).
   *
   * The handler should stop the work, save what it can, and call
   * [method@Bgrun.Task.set_task_completed]. After a grace period of a few
   * seconds a task that is still running becomes
   * %BGRUN_TASK_STATE_EXPIRED and its cancellable is cancelled.
   *
   * It is emitted at most once for each
   * [property@Bgrun.Task:expiration-date].
   */
  signals[SIG_EXPIRED] =
    g_signal_new ("expired",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bgrun_task_init (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  priv->state = BGRUN_TASK_STATE_RUNNING;
  priv->cancellable = g_cancellable_new ();
  priv->attempt = 1;
}

static const char *
describe_state (BgrunTaskState state)
{
  switch (state)
    {
    case BGRUN_TASK_STATE_RUNNING:
      return "running";
    case BGRUN_TASK_STATE_COMPLETED:
      return "completed";
    case BGRUN_TASK_STATE_FAILED:
      return "failed";
    case BGRUN_TASK_STATE_EXPIRED:
      return "expired";
    case BGRUN_TASK_STATE_CANCELLED:
      return "cancelled";
    default:
      return "in an unknown state";
    }
}

static gboolean
set_state (BgrunTask      *self,
           BgrunTaskState  state)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  if (priv->state != BGRUN_TASK_STATE_RUNNING)
    return FALSE;
  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  return TRUE;
}

/**
 * bgrun_task_get_identifier:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:identifier].
 *
 * Returns: the identifier of the request this task runs
 */
const char *
bgrun_task_get_identifier (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), NULL);
  return priv->identifier;
}

/**
 * bgrun_task_get_user_info:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:user-info].
 *
 * Returns: (transfer none) (nullable): the request's data for the
 *   handler, of type `a{sv}`, or %NULL
 */
GVariant *
bgrun_task_get_user_info (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), NULL);
  return priv->user_info;
}

/**
 * bgrun_task_get_expiration_date:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:expiration-date].
 *
 * Returns: (transfer none) (nullable): when the task's time runs out, or
 *   %NULL when it has no fixed limit
 */
GDateTime *
bgrun_task_get_expiration_date (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), NULL);
  return priv->expiration_date;
}

/**
 * bgrun_task_get_state:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:state].
 *
 * Returns: where the task is in its life
 */
BgrunTaskState
bgrun_task_get_state (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), BGRUN_TASK_STATE_FAILED);
  return priv->state;
}

/**
 * bgrun_task_get_cancellable:
 * @self: a task
 *
 * Gets the cancellable of the task's work. It is cancelled when the task
 * expires or is cancelled (not when the app completes it): pass it to the
 * GIO calls the work makes, so they stop when the time is up.
 *
 * Returns: (transfer none): the task's cancellable
 */
GCancellable *
bgrun_task_get_cancellable (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), NULL);
  return priv->cancellable;
}

/**
 * bgrun_task_set_task_completed:
 * @self: a task
 * @success: whether the work succeeded
 *
 * Tells the scheduler the work is done. The task becomes
 * %BGRUN_TASK_STATE_COMPLETED, or %BGRUN_TASK_STATE_FAILED when @success
 * is %FALSE, and the scheduler is free to end the app's background time.
 *
 * Call it exactly once per task, also from an
 * [signal@Bgrun.Task::expired] handler. A task that is no longer running
 * (completed before, or already expired or cancelled) ignores the call
 * with a warning.
 */
void
bgrun_task_set_task_completed (BgrunTask *self,
                               gboolean   success)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK (self));

  if (priv->state != BGRUN_TASK_STATE_RUNNING)
    {
      g_warning ("Task “%s” is already %s: completing it again has no effect",
                 priv->identifier, describe_state (priv->state));
      return;
    }
  set_state (self, success ? BGRUN_TASK_STATE_COMPLETED : BGRUN_TASK_STATE_FAILED);
}

/**
 * bgrun_task_set_task_completed_with_retry:
 * @self: a task
 *
 * Ends this attempt as failed and asks for another, as WorkManager's
 * `Result.retry()` does. The task becomes %BGRUN_TASK_STATE_FAILED; its
 * request is queued again and waits out the backoff of its
 * [property@Bgrun.TaskRequest:backoff-policy], then runs as a new task
 * whose [property@Bgrun.Task:attempt] is one more. With
 * %BGRUN_BACKOFF_POLICY_NONE, or when the attempts that ended this way or
 * by failing (interrupted runs do not count) reached
 * [property@Bgrun.TaskRequest:max-attempts], it is not retried: the
 * history entry of the failure says which.
 *
 * Call it instead of [method@Bgrun.Task.set_task_completed], once.
 */
void
bgrun_task_set_task_completed_with_retry (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK (self));

  if (priv->state != BGRUN_TASK_STATE_RUNNING)
    {
      g_warning ("Task “%s” is already %s; bgrun_task_set_task_completed_with_retry() ignored",
                 priv->identifier, describe_state (priv->state));
      return;
    }
  priv->retry = TRUE;
  set_state (self, BGRUN_TASK_STATE_FAILED);
}

/* Checks a dictionary a task reports; NULL is fine. */
static gboolean
check_dict (BgrunTask   *self,
            GVariant    *value,
            const char  *what,
            GError     **error)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  if (value == NULL)
    return TRUE;
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The %s of task “%s” has type “%s”: it must be a dictionary, “a{sv}”."),
                   what, priv->identifier, g_variant_get_type_string (value));
      return FALSE;
    }
  if (g_variant_get_size (value) > BGRUN_MAX_USER_INFO_SIZE)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The %s of task “%s” is %zu bytes, more than the limit of %d bytes."),
                   what, priv->identifier, g_variant_get_size (value), BGRUN_MAX_USER_INFO_SIZE);
      return FALSE;
    }
  return TRUE;
}

/* Sets *@slot to @value (sunk), with a notify of @prop when it changes. */
static void
replace_variant (BgrunTask  *self,
                 GVariant  **slot,
                 GVariant   *value,
                 guint       prop)
{
  if (value != NULL)
    g_variant_ref_sink (value);
  if (*slot == value || (*slot != NULL && value != NULL && g_variant_equal (*slot, value)))
    {
      g_clear_pointer (&value, g_variant_unref);
      return;
    }
  g_clear_pointer (slot, g_variant_unref);
  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * bgrun_task_set_progress:
 * @self: a task
 * @fraction: how much of the work is done, from 0 to 1
 * @details: (nullable): what to show with it, a dictionary of type
 *   `a{sv}`, or %NULL; a floating one is consumed
 * @error: return location for a #GError, or %NULL
 *
 * Reports the task's progress: [property@Bgrun.Task:progress] and
 * [property@Bgrun.Task:progress-details]. Any task may report it; the
 * scheduler's running list and `bgrunctl running` show it live, in both
 * placements.
 *
 * Returns: %TRUE, or %FALSE with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST
 *   when @fraction is not from 0 to 1, @details is not an `a{sv}` or is
 *   larger than %BGRUN_MAX_USER_INFO_SIZE bytes; nothing changes then
 */
gboolean
bgrun_task_set_progress (BgrunTask  *self,
                         double      fraction,
                         GVariant   *details,
                         GError    **error)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);
  g_autoptr(GVariant) owned = NULL;

  g_return_val_if_fail (BGRUN_IS_TASK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (details != NULL)
    owned = g_variant_ref_sink (details);
  if (!(fraction >= 0 && fraction <= 1))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The progress of task “%s” is %g: it must be a fraction from 0 to 1."),
                   priv->identifier, fraction);
      return FALSE;
    }
  if (!check_dict (self, owned, _("progress details"), error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (priv->progress != fraction)
    {
      priv->progress = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  replace_variant (self, &priv->progress_details, owned != NULL ? g_variant_ref (owned) : NULL,
                   PROP_PROGRESS_DETAILS);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/**
 * bgrun_task_set_output:
 * @self: a task
 * @output: (nullable): the task's result, a dictionary of type `a{sv}`, or
 *   %NULL; a floating one is consumed
 * @error: return location for a #GError, or %NULL
 *
 * Leaves output data: [property@Bgrun.Task:output]. When the task ends,
 * its history entry keeps it ([method@Bgrun.HistoryEntry.get_output]).
 * Set it before completing the task.
 *
 * Returns: %TRUE, or %FALSE with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST
 *   when @output is not an `a{sv}` or is larger than
 *   %BGRUN_MAX_USER_INFO_SIZE bytes; nothing changes then
 */
gboolean
bgrun_task_set_output (BgrunTask  *self,
                       GVariant   *output,
                       GError    **error)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);
  g_autoptr(GVariant) owned = NULL;

  g_return_val_if_fail (BGRUN_IS_TASK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (output != NULL)
    owned = g_variant_ref_sink (output);
  if (!check_dict (self, owned, _("output"), error))
    return FALSE;
  replace_variant (self, &priv->output, g_steal_pointer (&owned), PROP_OUTPUT);
  return TRUE;
}

/**
 * bgrun_task_get_attempt:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:attempt].
 *
 * Returns: the attempt's number, 1 for the first
 */
guint
bgrun_task_get_attempt (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), 0);
  return priv->attempt;
}

/**
 * bgrun_task_get_progress:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:progress].
 *
 * Returns: the fraction done, from 0 to 1
 */
double
bgrun_task_get_progress (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), 0);
  return priv->progress;
}

/**
 * bgrun_task_get_progress_details:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:progress-details].
 *
 * Returns: (transfer none) (nullable): the details, or %NULL
 */
GVariant *
bgrun_task_get_progress_details (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), NULL);
  return priv->progress_details;
}

/**
 * bgrun_task_get_output:
 * @self: a task
 *
 * Gets [property@Bgrun.Task:output].
 *
 * Returns: (transfer none) (nullable): the output data, or %NULL
 */
GVariant *
bgrun_task_get_output (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), NULL);
  return priv->output;
}

/* ---- private: the scheduler's side ------------------------------------ */

/* Whether the task ended with bgrun_task_set_task_completed_with_retry(). */
gboolean
bgrun_task_get_retry_requested (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  return priv->retry;
}

/* The attempt the engine numbered the task's run with (1 for the first).
 * Progress travels only from the task to the engine, never back: the
 * handler is its one source. */
void
bgrun_task_set_attempt (BgrunTask *self,
                        guint      attempt)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  priv->attempt = MAX (attempt, 1);
}

void
bgrun_task_set_run_id (BgrunTask *self,
                       guint64    run_id)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK (self));
  priv->run_id = run_id;
}

guint64
bgrun_task_get_run_id (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_val_if_fail (BGRUN_IS_TASK (self), 0);
  return priv->run_id;
}

/* Sets the time the task's time runs out (%NULL: no fixed limit). A new
 * date may emit "expired" again. */
void
bgrun_task_set_expiration_date (BgrunTask *self,
                                GDateTime *date)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK (self));

  if (date == priv->expiration_date)
    return;
  if (date != NULL && priv->expiration_date != NULL &&
      g_date_time_equal (date, priv->expiration_date))
    return;

  g_clear_pointer (&priv->expiration_date, g_date_time_unref);
  if (date != NULL)
    priv->expiration_date = g_date_time_ref (date);
  priv->expired_emitted = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRATION_DATE]);
}

/* Emits "expired" if the task is still running and has not been told
 * for its current expiration date. */
void
bgrun_task_emit_expired (BgrunTask *self)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK (self));

  if (priv->state != BGRUN_TASK_STATE_RUNNING || priv->expired_emitted)
    return;
  priv->expired_emitted = TRUE;
  g_signal_emit (self, signals[SIG_EXPIRED], 0);
}

/* Ends a task the app has not completed: @state (expired, cancelled, or
 * failed when the system gave up on it) if it is still running, then
 * cancels its cancellable. A task that already ended stays as it is. */
void
bgrun_task_finish (BgrunTask      *self,
                   BgrunTaskState  state)
{
  BgrunTaskPrivate *priv = bgrun_task_get_instance_private (self);

  g_return_if_fail (BGRUN_IS_TASK (self));
  g_return_if_fail (state != BGRUN_TASK_STATE_RUNNING);

  /* The state first, so that code woken by the cancellable sees a task
   * that has ended. */
  if (set_state (self, state))
    g_cancellable_cancel (priv->cancellable);
}
