/* bgrun-extended-runtime-session-notify.c: a session notifying the user,
 * and the notification of a running smart alarm
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-extended-runtime-session-internal-private.h"
#include "bgrun-haptic-player-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"

#define STOP_ACTION "bgrun-smart-alarm-stop"
#define SNOOZE_ACTION "bgrun-smart-alarm-snooze"
#define ALARM_NOTIFICATION "bgrun-smart-alarm"
#define MISSED_NOTIFICATION "bgrun-smart-alarm-missed"

static GApplication *
registered_application (BgrunExtendedRuntimeSession *self)
{
  GApplication *application = bgrun_scheduler_get_application (self->scheduler);

  if (application == NULL || !g_application_get_is_registered (application))
    return NULL;
  return application;
}

/* ---- notifying the user ----------------------------------------------- */

static void
install_action (GApplication                *application,
                const char                  *name,
                GCallback                    callback,
                BgrunExtendedRuntimeSession *self)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, NULL);

  g_signal_connect_object (action, "activate", callback, self, G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (action));
}

static void show_alarm_notification (BgrunExtendedRuntimeSession *self);

static GNotification *
new_alarm_notification (void)
{
  GNotification *notification = g_notification_new (_("Smart alarm"));

  g_notification_set_body (notification, _("It is time to wake up."));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  return notification;
}

static void
on_snooze_over (BgrunClock *clock,
                gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;

  self->snooze_alarm = 0;
  bgrun_haptic_player_play (bgrun_haptic_player_get_default (), BGRUN_HAPTIC_TYPE_NOTIFICATION);
  show_alarm_notification (self);
}

/* Snooze: silence the alarm now (its repetition and its notification), and
 * sound it again in nine minutes, if the alarm still runs then. */
static void
on_snooze (BgrunExtendedRuntimeSession *self)
{
  GApplication *application = registered_application (self);

  if (self->repeat_id != 0)
    bgrun_haptic_player_stop_repeating (bgrun_haptic_player_get_default (), self->repeat_id);
  self->repeat_id = 0;
  if (application != NULL)
    g_application_withdraw_notification (application, ALARM_NOTIFICATION);
  bgrun_extended_runtime_session_remove_alarm (self, &self->snooze_alarm);
  self->snooze_alarm = bgrun_extended_runtime_session_add_alarm_in (self, BGRUN_SMART_ALARM_SNOOZE,
                                                                    on_snooze_over);
}

static void
on_stop (BgrunExtendedRuntimeSession *self)
{
  bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_NONE, NULL);
}

/* The notification of a running smart alarm, with Stop and Snooze buttons
 * that reach the session through application actions. */
static void
show_alarm_notification (BgrunExtendedRuntimeSession *self)
{
  GApplication *application = registered_application (self);
  g_autoptr(GNotification) notification = NULL;

  if (application == NULL)
    return;
  if (!self->actions_installed)
    {
      install_action (application, STOP_ACTION, G_CALLBACK (on_stop), self);
      install_action (application, SNOOZE_ACTION, G_CALLBACK (on_snooze), self);
      self->actions_installed = TRUE;
    }
  notification = new_alarm_notification ();
  g_notification_add_button (notification, _("Stop"), "app." STOP_ACTION);
  g_notification_add_button (notification, _("Snooze"), "app." SNOOZE_ACTION);
  g_application_send_notification (application, ALARM_NOTIFICATION, notification);
}

void
bgrun_extended_runtime_session_notify_for_the_app (BgrunExtendedRuntimeSession *self)
{
  GApplication *application = registered_application (self);
  g_autofree char *identifier = g_strconcat (bgrun_scheduler_get_app_id (self->scheduler),
                                             BGRUN_SMART_ALARM_IDENTIFIER_SUFFIX, NULL);

  bgrun_haptic_player_play (bgrun_haptic_player_get_default (), BGRUN_HAPTIC_TYPE_NOTIFICATION);
  if (application != NULL)
    {
      g_autoptr(GNotification) notification = new_alarm_notification ();

      g_application_send_notification (application, MISSED_NOTIFICATION, notification);
    }
  bgrun_scheduler_record_history (self->scheduler, identifier, BGRUN_HISTORY_EVENT_NOTIFIED,
                                  _("The smart alarm ended without notifying the user, so libbgrun did. Notify the user from the session while the alarm runs."));
}

void
bgrun_extended_runtime_session_withdraw_alarm_notification (BgrunExtendedRuntimeSession *self)
{
  GApplication *application = bgrun_scheduler_get_application (self->scheduler);

  if (!self->actions_installed)
    return;
  self->actions_installed = FALSE;
  if (application == NULL)
    return;
  g_action_map_remove_action (G_ACTION_MAP (application), STOP_ACTION);
  g_action_map_remove_action (G_ACTION_MAP (application), SNOOZE_ACTION);
  if (g_application_get_is_registered (application))
    g_application_withdraw_notification (application, ALARM_NOTIFICATION);
}

static gboolean
check_running (BgrunExtendedRuntimeSession  *self,
               GError                      **error)
{
  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_RUNNING)
    return TRUE;
  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_INVALID)
    g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_INVALID_STATE,
                 _("This session (%s) has ended, so it cannot notify the user. Create and start a new session."),
                 bgrun_extended_runtime_session_type_name (self));
  else
    g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_NOT_YET_STARTED,
                 _("This session (%s) has not started yet, so it cannot notify the user. Notify the user once it emitted “started”."),
                 bgrun_extended_runtime_session_type_name (self));
  return FALSE;
}

static void
mark_notified (BgrunExtendedRuntimeSession *self)
{
  self->notified = TRUE;
  if (bgrun_extended_runtime_session_is_smart_alarm (self))
    show_alarm_notification (self);
}

/**
 * bgrun_extended_runtime_session_notify_user:
 * @self: a running session
 * @type: the kind of feedback
 * @error: return location for a [error@Bgrun.SessionError]
 *
 * Gives the user feedback: a short sound for @type (see
 * [enum@Bgrun.HapticType]). For a smart alarm, it also shows a
 * notification with Stop and Snooze buttons, when the scheduler was made
 * for a registered [class@Gio.Application]: Stop invalidates the session
 * (%BGRUN_INVALIDATION_REASON_NONE), Snooze silences it and sounds it again
 * %BGRUN_SMART_ALARM_SNOOZE seconds later.
 *
 * Fails with %BGRUN_SESSION_ERROR_NOT_YET_STARTED when the session does
 * not run yet, and %BGRUN_SESSION_ERROR_INVALID_STATE when it has ended.
 *
 * Returns: %TRUE when the user was notified
 */
gboolean
bgrun_extended_runtime_session_notify_user (BgrunExtendedRuntimeSession  *self,
                                            BgrunHapticType               type,
                                            GError                      **error)
{
  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_running (self, error))
    return FALSE;
  bgrun_haptic_player_play (bgrun_haptic_player_get_default (), type);
  mark_notified (self);
  return TRUE;
}

typedef struct
{
  BgrunExtendedRuntimeSession *session;  /* not owned: it stops the repetition */
  BgrunNotifyRepeatFunc        func;
  gpointer                     user_data;
  GDestroyNotify               destroy;
} Repeat;

static gboolean
repeat_again (BgrunHapticType type,
              gpointer        data)
{
  Repeat *repeat = data;

  return repeat->func == NULL || repeat->func (repeat->session, type, repeat->user_data);
}

static void
repeat_free (gpointer data)
{
  Repeat *repeat = data;

  if (repeat->destroy != NULL)
    repeat->destroy (repeat->user_data);
  g_free (repeat);
}

/**
 * bgrun_extended_runtime_session_notify_user_repeating:
 * @self: a running session
 * @type: the kind of feedback
 * @interval: seconds between repetitions: more than 0, at most
 *   %BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX (usually
 *   %BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_DEFAULT); anything else is a
 *   programmer error
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   called before each repetition; it returns %FALSE to stop. %NULL
 *   repeats until the session ends.
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the repetition ends
 * @error: return location for a [error@Bgrun.SessionError]
 *
 * Like [method@Bgrun.ExtendedRuntimeSession.notify_user], then gives the
 * same feedback again every @interval seconds of real time (sounds are
 * heard in real time, so the interval does not follow the scheduler's
 * clock) until @func returns %FALSE, the session ends, the user snoozes a
 * smart alarm, or this is called again (which replaces the repetition).
 * @destroy runs exactly once, when the repetition ends or at once when
 * this fails.
 *
 * Returns: %TRUE when the user was notified
 */
gboolean
bgrun_extended_runtime_session_notify_user_repeating (BgrunExtendedRuntimeSession  *self,
                                                      BgrunHapticType               type,
                                                      double                        interval,
                                                      BgrunNotifyRepeatFunc         func,
                                                      gpointer                      user_data,
                                                      GDestroyNotify                destroy,
                                                      GError                      **error)
{
  BgrunHapticPlayer *player;
  Repeat *repeat;

  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), FALSE);
  g_return_val_if_fail (interval > 0 && interval <= BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_running (self, error))
    {
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }
  player = bgrun_haptic_player_get_default ();
  if (self->repeat_id != 0)
    bgrun_haptic_player_stop_repeating (player, self->repeat_id);
  repeat = g_new0 (Repeat, 1);
  repeat->session = self;
  repeat->func = func;
  repeat->user_data = user_data;
  repeat->destroy = destroy;
  self->repeat_id = bgrun_haptic_player_play_repeating (player, type, interval, repeat_again,
                                                        repeat, repeat_free);
  mark_notified (self);
  return TRUE;
}
