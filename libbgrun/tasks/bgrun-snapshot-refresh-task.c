/* bgrun-snapshot-refresh-task.c: a chance to bring what the app shows up
 * to date before the user sees it again
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-snapshot-refresh-task.h"
#include "bgrun-snapshot-watch-private.h"
#include "bgrun-task-triggers-private.h"
#include "bgrun-time-private.h"

/**
 * BgrunSnapshotRefreshTask:
 *
 * On watchOS the system photographs an app's screen for the dock and
 * for its next launch, and gives the app a moment to get that screen
 * right first. A desktop has no dock of snapshots; what the task is for
 * here is the state the app shows when the user comes back to it: its
 * window's content (the one the window switcher's thumbnail shows), the
 * view it opens on, its desktop actions. The task says why it runs
 * ([property@Bgrun.SnapshotRefreshTask:reason]):
 *
 * - %BGRUN_SNAPSHOT_REASON_APP_BACKGROUNDED: the app just left the
 *   foreground: the last window of its `GtkApplication` was hidden or
 *   minimised (libbgrun follows the windows by itself), or, for an
 *   application that is no `GtkApplication`, its scheduler's
 *   [property@Bgrun.Scheduler:frontmost] turned %FALSE;
 * - %BGRUN_SNAPSHOT_REASON_RETURN_TO_DEFAULT_STATE: it stayed in the
 *   background for %BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY seconds: go
 *   back to the default view (the inbox rather than the message read an
 *   hour ago);
 * - %BGRUN_SNAPSHOT_REASON_PRELAUNCH: it was started in the background,
 *   for a task, and the user has not opened it: prepare its first view;
 * - %BGRUN_SNAPSHOT_REASON_APP_SCHEDULED: at the time the app asked for
 *   with [func@Bgrun.SnapshotRefreshTask.schedule], or at the estimated
 *   expiration of its last snapshot.
 *
 * An app asks for the first three with
 * [func@Bgrun.SnapshotRefreshTask.subscribe] at every start: they are
 * seen by its own process.
 *
 * The handler completes it with
 * [method@Bgrun.SnapshotRefreshTask.set_task_completed_with_snapshot],
 * saying whether the app is back in its default state, until when what it
 * shows stays true (another snapshot task comes then, with the user info
 * given), or with [method@Bgrun.Task.set_task_completed].
 *
 * Its identifier is `<app-id>.snapshot.<reason>` (the reason's nick, such
 * as `app-backgrounded`): register a handler for `<app-id>.snapshot.*`.
 * With the `bgrund` daemon, a scheduled snapshot starts the app when it
 * does not run.
 */

struct _BgrunSnapshotRefreshTask
{
  BgrunTask  parent_instance;
  gboolean   restored_default_state;
  GDateTime *estimated_expiration;
  GVariant  *snapshot_user_info;
};

G_DEFINE_FINAL_TYPE (BgrunSnapshotRefreshTask, bgrun_snapshot_refresh_task, BGRUN_TYPE_TASK)

enum {
  PROP_0,
  PROP_REASON,
  PROP_RESTORED_DEFAULT_STATE,
  PROP_ESTIMATED_EXPIRATION,
  PROP_SNAPSHOT_USER_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_snapshot_refresh_task_finalize (GObject *object)
{
  BgrunSnapshotRefreshTask *self = BGRUN_SNAPSHOT_REFRESH_TASK (object);

  g_clear_pointer (&self->estimated_expiration, g_date_time_unref);
  g_clear_pointer (&self->snapshot_user_info, g_variant_unref);

  G_OBJECT_CLASS (bgrun_snapshot_refresh_task_parent_class)->finalize (object);
}

static void
bgrun_snapshot_refresh_task_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  BgrunSnapshotRefreshTask *self = BGRUN_SNAPSHOT_REFRESH_TASK (object);

  switch (prop_id)
    {
    case PROP_REASON:
      g_value_set_enum (value, bgrun_snapshot_refresh_task_get_reason (self));
      break;
    case PROP_RESTORED_DEFAULT_STATE:
      g_value_set_boolean (value, self->restored_default_state);
      break;
    case PROP_ESTIMATED_EXPIRATION:
      g_value_set_boxed (value, self->estimated_expiration);
      break;
    case PROP_SNAPSHOT_USER_INFO:
      g_value_set_variant (value, self->snapshot_user_info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_snapshot_refresh_task_class_init (BgrunSnapshotRefreshTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bgrun_snapshot_refresh_task_finalize;
  object_class->get_property = bgrun_snapshot_refresh_task_get_property;

  /**
   * BgrunSnapshotRefreshTask:reason:
   *
   * Why the task runs.
   */
  properties[PROP_REASON] =
    g_param_spec_enum ("reason", NULL, NULL, BGRUN_TYPE_SNAPSHOT_REASON,
                       BGRUN_SNAPSHOT_REASON_APP_SCHEDULED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunSnapshotRefreshTask:restored-default-state:
   *
   * What the handler said when it completed the task: whether the app
   * shows its default state again.
   */
  properties[PROP_RESTORED_DEFAULT_STATE] =
    g_param_spec_boolean ("restored-default-state", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunSnapshotRefreshTask:estimated-expiration:
   *
   * What the handler said when it completed the task: until when what the
   * app shows stays true, or %NULL.
   */
  properties[PROP_ESTIMATED_EXPIRATION] =
    g_param_spec_boxed ("estimated-expiration", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunSnapshotRefreshTask:snapshot-user-info:
   *
   * What the handler said when it completed the task: the user info of
   * the snapshot task at its estimated expiration, or %NULL.
   */
  properties[PROP_SNAPSHOT_USER_INFO] =
    g_param_spec_variant ("snapshot-user-info", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_snapshot_refresh_task_init (BgrunSnapshotRefreshTask *self)
{
}

/**
 * bgrun_snapshot_refresh_task_get_reason:
 * @self: the task
 *
 * Gets [property@Bgrun.SnapshotRefreshTask:reason].
 *
 * Returns: why the task runs
 */
BgrunSnapshotReason
bgrun_snapshot_refresh_task_get_reason (BgrunSnapshotRefreshTask *self)
{
  g_autoptr(GEnumClass) reasons = g_type_class_ref (BGRUN_TYPE_SNAPSHOT_REASON);
  GVariant *user_info;
  const char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (BGRUN_IS_SNAPSHOT_REFRESH_TASK (self), BGRUN_SNAPSHOT_REASON_APP_SCHEDULED);

  user_info = bgrun_task_get_user_info (BGRUN_TASK (self));
  if (user_info != NULL)
    g_variant_lookup (user_info, "reason", "&s", &nick);
  value = nick != NULL ? g_enum_get_value_by_nick (reasons, nick) : NULL;
  return value != NULL ? (BgrunSnapshotReason) value->value : BGRUN_SNAPSHOT_REASON_APP_SCHEDULED;
}

/**
 * bgrun_snapshot_refresh_task_set_task_completed_with_snapshot:
 * @self: the task
 * @restored_default_state: whether the app shows its default state again
 * @estimated_expiration: (nullable): until when what the app shows stays
 *   true; another snapshot task, %BGRUN_SNAPSHOT_REASON_APP_SCHEDULED,
 *   runs then
 * @user_info: (nullable): the user info of that task
 *
 * Completes the task successfully, as
 * [method@Bgrun.Task.set_task_completed] does, with what the snapshot
 * says. A task that is not running any more is left as it is.
 */
void
bgrun_snapshot_refresh_task_set_task_completed_with_snapshot (BgrunSnapshotRefreshTask *self,
                                                              gboolean                  restored_default_state,
                                                              GDateTime                *estimated_expiration,
                                                              GVariant                 *user_info)
{
  g_return_if_fail (BGRUN_IS_SNAPSHOT_REFRESH_TASK (self));
  g_return_if_fail (user_info == NULL || g_variant_is_of_type (user_info, G_VARIANT_TYPE_VARDICT));

  if (bgrun_task_get_state (BGRUN_TASK (self)) != BGRUN_TASK_STATE_RUNNING)
    return;
  self->restored_default_state = restored_default_state;
  g_clear_pointer (&self->estimated_expiration, g_date_time_unref);
  if (estimated_expiration != NULL)
    self->estimated_expiration = g_date_time_ref (estimated_expiration);
  g_clear_pointer (&self->snapshot_user_info, g_variant_unref);
  if (user_info != NULL)
    self->snapshot_user_info = g_variant_ref_sink (user_info);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTORED_DEFAULT_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESTIMATED_EXPIRATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT_USER_INFO]);
  if (estimated_expiration != NULL)
    bgrun_snapshot_watch_expires (BGRUN_TASK (self), estimated_expiration, user_info);
  bgrun_task_set_task_completed (BGRUN_TASK (self), TRUE);
}

/**
 * bgrun_snapshot_refresh_task_get_restored_default_state:
 * @self: the task
 *
 * Gets [property@Bgrun.SnapshotRefreshTask:restored-default-state].
 *
 * Returns: whether the app said it shows its default state again
 */
gboolean
bgrun_snapshot_refresh_task_get_restored_default_state (BgrunSnapshotRefreshTask *self)
{
  g_return_val_if_fail (BGRUN_IS_SNAPSHOT_REFRESH_TASK (self), FALSE);
  return self->restored_default_state;
}

/**
 * bgrun_snapshot_refresh_task_get_estimated_expiration:
 * @self: the task
 *
 * Gets [property@Bgrun.SnapshotRefreshTask:estimated-expiration].
 *
 * Returns: (transfer none) (nullable): until when the snapshot stays true
 */
GDateTime *
bgrun_snapshot_refresh_task_get_estimated_expiration (BgrunSnapshotRefreshTask *self)
{
  g_return_val_if_fail (BGRUN_IS_SNAPSHOT_REFRESH_TASK (self), NULL);
  return self->estimated_expiration;
}

/**
 * bgrun_snapshot_refresh_task_get_snapshot_user_info:
 * @self: the task
 *
 * Gets [property@Bgrun.SnapshotRefreshTask:snapshot-user-info].
 *
 * Returns: (transfer none) (nullable): the user info of the next snapshot
 */
GVariant *
bgrun_snapshot_refresh_task_get_snapshot_user_info (BgrunSnapshotRefreshTask *self)
{
  g_return_val_if_fail (BGRUN_IS_SNAPSHOT_REFRESH_TASK (self), NULL);
  return self->snapshot_user_info;
}

/**
 * bgrun_snapshot_refresh_task_subscribe:
 * @scheduler: the app's scheduler
 * @subscribed: whether the app wants snapshot tasks
 * @error: return location for an error
 *
 * Asks for a [class@Bgrun.SnapshotRefreshTask] each time the app leaves
 * the foreground, stays in the background for
 * %BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY seconds, or is started in the
 * background, or, with @subscribed %FALSE, stops asking. It lasts while
 * the scheduler does: call it at every start. Scheduled snapshots
 * ([func@Bgrun.SnapshotRefreshTask.schedule]) need no subscription.
 *
 * Returns: %TRUE
 */
gboolean
bgrun_snapshot_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                       gboolean         subscribed,
                                       GError         **error)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bgrun_task_triggers_subscribe (scheduler, BGRUN_REQUEST_KIND_SNAPSHOT, subscribed, error);
}

/**
 * bgrun_snapshot_refresh_task_schedule:
 * @scheduler: the app's scheduler
 * @preferred_date: when the app would like its snapshot task
 * @user_info: (nullable): an `a{sv}` the task carries
 * @error: return location for an error
 *
 * Asks for a [class@Bgrun.SnapshotRefreshTask] with
 * %BGRUN_SNAPSHOT_REASON_APP_SCHEDULED at @preferred_date (a lower bound),
 * as WatchKit's `scheduleSnapshotRefresh`. One is pending at a time: a
 * new call replaces it. With the `bgrund` daemon, it starts the app when
 * it does not run then.
 *
 * Returns: %TRUE when scheduled; %FALSE with @error set when the daemon
 *   could not be told
 */
gboolean
bgrun_snapshot_refresh_task_schedule (BgrunScheduler  *scheduler,
                                      GDateTime       *preferred_date,
                                      GVariant        *user_info,
                                      GError         **error)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), FALSE);
  g_return_val_if_fail (preferred_date != NULL, FALSE);
  g_return_val_if_fail (user_info == NULL || g_variant_is_of_type (user_info, G_VARIANT_TYPE_VARDICT), FALSE);

  return bgrun_snapshot_watch_schedule (bgrun_scheduler_get_placement (scheduler),
                                        BGRUN_SNAPSHOT_REASON_APP_SCHEDULED,
                                        bgrun_time_to_usec (preferred_date), user_info, error);
}
