/* bgrun-extended-runtime-session-lifecycle.c: a session running, ending,
 * and waiting as a scheduled smart alarm
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-extended-runtime-session-internal-private.h"
#include "bgrun-haptic-player-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-time-private.h"

/* ---- small helpers ---------------------------------------------------- */

void
bgrun_extended_runtime_session_remove_alarm (BgrunExtendedRuntimeSession *self,
                                             guint                       *alarm)
{
  if (*alarm != 0)
    bgrun_clock_remove_alarm (self->clock, *alarm);
  *alarm = 0;
}

static guint
add_alarm_at (BgrunExtendedRuntimeSession *self,
              GDateTime                   *when,
              BgrunAlarmFunc               func)
{
  return bgrun_clock_add_alarm (self->clock, when, func, self, NULL);
}

guint
bgrun_extended_runtime_session_add_alarm_in (BgrunExtendedRuntimeSession *self,
                                             double                       seconds,
                                             BgrunAlarmFunc               func)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);
  g_autoptr(GDateTime) when = g_date_time_add (now, bgrun_time_usec_from_seconds (seconds));

  return add_alarm_at (self, when, func);
}

static void
set_state (BgrunExtendedRuntimeSession *self,
           BgrunExtendedRuntimeState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_extended_runtime_session_properties[PROP_STATE]);
}

static void
set_date (BgrunExtendedRuntimeSession *self,
          GDateTime                  **field,
          GDateTime                   *date,
          guint                        prop)
{
  if (*field != NULL && date != NULL && g_date_time_equal (*field, date))
    return;
  g_clear_pointer (field, g_date_time_unref);
  *field = date != NULL ? g_date_time_ref (date) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_extended_runtime_session_properties[prop]);
}

static gint64
usec_left (BgrunExtendedRuntimeSession *self)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  return (bgrun_time_to_usec (self->expiration_date) - bgrun_time_to_usec (now));
}

/* ---- running ---------------------------------------------------------- */

/* The status line changes once a minute: the next change is when the
 * remaining time, rounded up to whole minutes, drops by one. */
static void
on_status_due (BgrunClock *clock,
               gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;
  gint64 left = MAX (usec_left (self), 0);
  guint minutes = (guint) ((left + 60 * G_USEC_PER_SEC - 1) / (60 * G_USEC_PER_SEC));
  g_autofree char *status = NULL;

  self->status_alarm = 0;
  /* Translators: the status of a running session, shown by the desktop's
   * list of background apps: "Mindfulness session, 8 min left". */
  status = g_strdup_printf (_("%s, %u min left"), bgrun_extended_runtime_session_type_name (self), MAX (minutes, 1));
  bgrun_keep_alive_set_status (bgrun_extended_runtime_registry_get_keep_alive (self->registry),
                               self->lease, status);
  if (minutes > 1)
    {
      g_autoptr(GDateTime) next = g_date_time_add_minutes (self->expiration_date, -(int) (minutes - 1));
      self->status_alarm = add_alarm_at (self, next, on_status_due);
    }
}

static void
on_warning_due (BgrunClock *clock,
                gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;

  self->warning_alarm = 0;
  g_signal_emit (self, bgrun_extended_runtime_session_signals[SIG_WILL_EXPIRE], 0);
}

static void
on_expiration_due (BgrunClock *clock,
                   gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;

  self->expire_alarm = 0;
  bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_EXPIRED, NULL);
}

static void
on_resign_grace_over (BgrunClock *clock,
                      gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;

  self->resign_alarm = 0;
  bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_RESIGNED_FRONTMOST, NULL);
}

/* A frontmost session survives a short trip out of the foreground (a
 * glance at a message), so the user is not punished for one click. */
static void
on_frontmost_changed (BgrunExtendedRuntimeSession *self)
{
  if (bgrun_scheduler_get_frontmost (self->scheduler))
    bgrun_extended_runtime_session_remove_alarm (self, &self->resign_alarm);
  else if (self->resign_alarm == 0)
    self->resign_alarm = bgrun_extended_runtime_session_add_alarm_in (self,
                                                                      BGRUN_EXTENDED_RUNTIME_RESIGN_GRACE,
                                       on_resign_grace_over);
}

/* The machine slept while the session ran: whatever the session was doing
 * stopped for that time, so it ends (as expired if its time ran out in
 * the meantime). */
static void
on_time_changed (BgrunExtendedRuntimeSession *self,
                 BgrunTimeChange              change)
{
  if (change != BGRUN_TIME_CHANGE_RESUMED)
    return;
  bgrun_extended_runtime_session_end (self, usec_left (self) <= 0 ? BGRUN_INVALIDATION_REASON_EXPIRED
                                              : BGRUN_INVALIDATION_REASON_SUPPRESSED_BY_SYSTEM,
               NULL);
}

static BgrunKeepAliveFlags
lease_flags (BgrunExtendedRuntimeSession *self)
{
  if (bgrun_extended_runtime_session_needs_frontmost (self))
    return BGRUN_KEEP_ALIVE_HOLD_APPLICATION | BGRUN_KEEP_ALIVE_INHIBIT_IDLE;
  return BGRUN_KEEP_ALIVE_HOLD_APPLICATION | BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND |
         BGRUN_KEEP_ALIVE_BACKGROUND;
}

static void
run (BgrunExtendedRuntimeSession *self,
     GDateTime                   *start,
     GDateTime                   *expiration)
{
  g_autoptr(GDateTime) warning = g_date_time_add_seconds (expiration,
                                                          -BGRUN_EXTENDED_RUNTIME_WILL_EXPIRE_WARNING);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);
  gboolean warn_now = g_date_time_compare (warning, now) <= 0;

  bgrun_extended_runtime_registry_set_running (self->registry, self);
  self->lease = bgrun_keep_alive_acquire (bgrun_extended_runtime_registry_get_keep_alive (self->registry),
                                          lease_flags (self),
                                          bgrun_extended_runtime_session_type_name (self));
  self->expire_alarm = add_alarm_at (self, expiration, on_expiration_due);
  if (!warn_now)
    self->warning_alarm = add_alarm_at (self, warning, on_warning_due);
  if (bgrun_extended_runtime_session_needs_frontmost (self))
    self->frontmost_handler = g_signal_connect_swapped (self->scheduler, "notify::frontmost",
                                                        G_CALLBACK (on_frontmost_changed), self);
  self->time_changed_handler = g_signal_connect_swapped (self->clock, "time-changed",
                                                         G_CALLBACK (on_time_changed), self);

  g_object_freeze_notify (G_OBJECT (self));
  set_date (self, &self->start_date, start, PROP_START_DATE);
  set_date (self, &self->expiration_date, expiration, PROP_EXPIRATION_DATE);
  set_state (self, BGRUN_EXTENDED_RUNTIME_STATE_RUNNING);
  g_object_thaw_notify (G_OBJECT (self));
  on_status_due (self->clock, self);

  g_signal_emit (self, bgrun_extended_runtime_session_signals[SIG_STARTED], 0);
  if (warn_now && self->state == BGRUN_EXTENDED_RUNTIME_STATE_RUNNING)
    g_signal_emit (self, bgrun_extended_runtime_session_signals[SIG_WILL_EXPIRE], 0);
}

gboolean
bgrun_extended_runtime_session_begin (BgrunExtendedRuntimeSession  *self,
                                      GDateTime                    *start,
                                      GDateTime                    *expiration,
                                      GError                      **error)
{
  g_autoptr(GError) local_error = NULL;
  BgrunExtendedRuntimeSession *running = bgrun_extended_runtime_registry_get_running (self->registry);

  if (running == NULL)
    {
      run (self, start, expiration);
      return TRUE;
    }
  g_set_error (&local_error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
               _("“%s” already has a running session (%s); only one session runs at a time. Invalidate it before starting another."),
               bgrun_scheduler_get_app_id (self->scheduler),
               bgrun_extended_runtime_session_type_name (running));
  bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* ---- ending ----------------------------------------------------------- */

void
bgrun_extended_runtime_session_tear_down (BgrunExtendedRuntimeSession *self,
                                          gboolean                     unstore)
{
  bgrun_extended_runtime_session_remove_alarm (self, &self->start_alarm);
  bgrun_extended_runtime_session_remove_alarm (self, &self->expire_alarm);
  bgrun_extended_runtime_session_remove_alarm (self, &self->warning_alarm);
  bgrun_extended_runtime_session_remove_alarm (self, &self->status_alarm);
  bgrun_extended_runtime_session_remove_alarm (self, &self->resign_alarm);
  bgrun_extended_runtime_session_remove_alarm (self, &self->snooze_alarm);
  g_clear_signal_handler (&self->frontmost_handler, self->scheduler);
  g_clear_signal_handler (&self->time_changed_handler, self->clock);
  if (self->repeat_id != 0)
    bgrun_haptic_player_stop_repeating (bgrun_haptic_player_get_default (), self->repeat_id);
  self->repeat_id = 0;
  bgrun_extended_runtime_session_withdraw_alarm_notification (self);
  if (self->lease != 0)
    bgrun_keep_alive_release (bgrun_extended_runtime_registry_get_keep_alive (self->registry),
                              self->lease);
  self->lease = 0;
  bgrun_extended_runtime_registry_forget (self->registry, self, unstore);
}

void
bgrun_extended_runtime_session_end (BgrunExtendedRuntimeSession *self,
                                    BgrunInvalidationReason      reason,
                                    const GError                *error)
{
  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_INVALID)
    return;
  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_RUNNING &&
      bgrun_extended_runtime_session_is_smart_alarm (self) && !self->notified)
    bgrun_extended_runtime_session_notify_for_the_app (self);
  /* A scheduled alarm ending before its time will not start at all. */
  if (bgrun_extended_runtime_registry_get_scheduled (self->registry) == self)
    bgrun_extended_runtime_registry_unschedule (self->registry, self);
  bgrun_extended_runtime_session_tear_down (self, TRUE);

  g_object_freeze_notify (G_OBJECT (self));
  self->reason = reason;
  if (reason != BGRUN_INVALIDATION_REASON_NONE)
    g_object_notify_by_pspec (G_OBJECT (self),
                              bgrun_extended_runtime_session_properties[PROP_INVALIDATION_REASON]);
  set_state (self, BGRUN_EXTENDED_RUNTIME_STATE_INVALID);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, bgrun_extended_runtime_session_signals[SIG_INVALIDATED], 0, reason, error);
}

/* ---- scheduled smart alarms ------------------------------------------- */

/* The alarm's time came (or the machine resumed after it): start it if its
 * window is still open, until the window closes; else it expired unseen. */
static void
on_start_due (BgrunClock *clock,
              gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);
  g_autoptr(GDateTime) window_end = g_date_time_add_seconds (self->start_date,
                                                             BGRUN_SMART_ALARM_DURATION);

  self->start_alarm = 0;
  bgrun_extended_runtime_registry_forget (self->registry, self, TRUE);
  if (g_date_time_compare (now, window_end) >= 0)
    bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_EXPIRED, NULL);
  else
    bgrun_extended_runtime_session_begin (self, now, window_end, NULL);
}

void
bgrun_extended_runtime_session_enter_scheduled (BgrunExtendedRuntimeSession *self,
                                                GDateTime                   *start)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_date (self, &self->start_date, start, PROP_START_DATE);
  set_state (self, BGRUN_EXTENDED_RUNTIME_STATE_SCHEDULED);
  g_object_thaw_notify (G_OBJECT (self));
  self->start_alarm = add_alarm_at (self, start, on_start_due);
}

BgrunExtendedRuntimeSession *
bgrun_extended_runtime_session_new_restored (BgrunScheduler *scheduler,
                                             GDateTime      *start)
{
  BgrunExtendedRuntimeSession *self =
    bgrun_extended_runtime_session_new (scheduler, BGRUN_EXTENDED_RUNTIME_TYPE_SMART_ALARM);

  bgrun_extended_runtime_registry_adopt (self->registry, self);
  bgrun_extended_runtime_session_enter_scheduled (self, start);
  return self;
}

