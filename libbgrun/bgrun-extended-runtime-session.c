/* bgrun-extended-runtime-session.c: sessions that keep the app running
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-extended-runtime-registry-private.h"
#include "bgrun-extended-runtime-session-private.h"
#include "bgrun-haptic-player-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-time-private.h"

/**
 * BgrunExtendedRuntimeSession:
 *
 * A session that keeps the app running for a while, for an activity the
 * user started: a self-care routine, a mindfulness exercise, physical
 * therapy, or a smart alarm that wakes the user at a good moment.
 *
 * Create one with [ctor@Bgrun.ExtendedRuntimeSession.new] for the app's
 * [class@Bgrun.Scheduler] and a [enum@Bgrun.ExtendedRuntimeType], then
 * [method@Bgrun.ExtendedRuntimeSession.start] it (or, for a smart alarm,
 * schedule it with [method@Bgrun.ExtendedRuntimeSession.start_at]) while
 * the app is frontmost. While it runs, the app is held (closing its last
 * window does not quit it), and the session is kept from being interrupted:
 * self-care and mindfulness sessions keep the desktop from going idle,
 * physical-therapy sessions and smart alarms keep the machine from
 * suspending and tell the Background portal what runs ("Mindfulness
 * session, 8 min left"). Everything is released the moment the session
 * ends, whatever ends it.
 *
 * A session runs until its type's time is up
 * ([signal@Bgrun.ExtendedRuntimeSession::will-expire] warns
 * %BGRUN_EXTENDED_RUNTIME_WILL_EXPIRE_WARNING seconds before), until the
 * app calls [method@Bgrun.ExtendedRuntimeSession.invalidate], or until a
 * rule ends it; [signal@Bgrun.ExtendedRuntimeSession::invalidated] then
 * says why, exactly once. The rules: one running session per app (a
 * second one is invalidated with
 * %BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS), one scheduled smart
 * alarm per app, and a self-care or mindfulness session ends when the app
 * stays out of the foreground for more than
 * %BGRUN_EXTENDED_RUNTIME_RESIGN_GRACE seconds.
 *
 * A smart alarm must wake the user with
 * [method@Bgrun.ExtendedRuntimeSession.notify_user] before it ends; if it
 * does not, libbgrun does it when the alarm ends and records so in the
 * scheduler's history ([enum@Bgrun.HistoryEvent.NOTIFIED]). A scheduled
 * smart alarm survives the app ending: when the app starts again, the
 * scheduler gives it back through
 * [signal@Bgrun.Scheduler::extended-runtime-session]; with bgrund, the
 * app is launched for it at its time.
 *
 * All times come from the scheduler's [property@Bgrun.Scheduler:clock],
 * so tests drive sessions with [method@Bgrun.TestDriver.advance]. The
 * session lives as long as the app holds a reference: dropping the last
 * one ends a running session silently (its resources are released, no
 * signal is emitted) and drops a scheduled smart alarm from this run of
 * the app only (it is still restored at the next start).
 */

#define STOP_ACTION "bgrun-smart-alarm-stop"
#define SNOOZE_ACTION "bgrun-smart-alarm-snooze"
#define ALARM_NOTIFICATION "bgrun-smart-alarm"
#define MISSED_NOTIFICATION "bgrun-smart-alarm-missed"

struct _BgrunExtendedRuntimeSession
{
  GObject parent_instance;

  BgrunScheduler               *scheduler;
  BgrunExtendedRuntimeRegistry *registry;
  BgrunClock                   *clock;
  BgrunExtendedRuntimeType      session_type;
  BgrunExtendedRuntimeState     state;
  BgrunInvalidationReason       reason;
  GDateTime                    *start_date;
  GDateTime                    *expiration_date;

  guint    lease;
  guint    start_alarm;
  guint    expire_alarm;
  guint    warning_alarm;
  guint    status_alarm;
  guint    resign_alarm;
  guint    snooze_alarm;
  guint    repeat_id;
  gulong   frontmost_handler;
  gulong   time_changed_handler;
  gboolean notified;
  gboolean actions_installed;
};

G_DEFINE_FINAL_TYPE (BgrunExtendedRuntimeSession, bgrun_extended_runtime_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_SESSION_TYPE,
  PROP_STATE,
  PROP_START_DATE,
  PROP_EXPIRATION_DATE,
  PROP_INVALIDATION_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIG_STARTED,
  SIG_WILL_EXPIRE,
  SIG_INVALIDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What each type is: the name logind and the portals show, whether it needs
 * the app in the foreground, and how long it may run. */
static const struct {
  const char *name;
  gboolean    frontmost;
  int         duration;
} type_info[] = {
  [BGRUN_EXTENDED_RUNTIME_TYPE_SELF_CARE] = { N_("Self care session"), TRUE, BGRUN_SELF_CARE_DURATION },
  [BGRUN_EXTENDED_RUNTIME_TYPE_MINDFULNESS] = { N_("Mindfulness session"), TRUE, BGRUN_MINDFULNESS_DURATION },
  [BGRUN_EXTENDED_RUNTIME_TYPE_PHYSICAL_THERAPY] = { N_("Physical therapy session"), FALSE, BGRUN_PHYSICAL_THERAPY_DURATION },
  [BGRUN_EXTENDED_RUNTIME_TYPE_SMART_ALARM] = { N_("Smart alarm"), FALSE, BGRUN_SMART_ALARM_DURATION },
};

static void end_session (BgrunExtendedRuntimeSession *self,
                         BgrunInvalidationReason      reason,
                         const GError                *error);

/* ---- small helpers ---------------------------------------------------- */

static const char *
type_name (BgrunExtendedRuntimeSession *self)
{
  return _(type_info[self->session_type].name);
}

static gboolean
is_smart_alarm (BgrunExtendedRuntimeSession *self)
{
  return self->session_type == BGRUN_EXTENDED_RUNTIME_TYPE_SMART_ALARM;
}

static GApplication *
registered_application (BgrunExtendedRuntimeSession *self)
{
  GApplication *application = bgrun_scheduler_get_application (self->scheduler);

  if (application == NULL || !g_application_get_is_registered (application))
    return NULL;
  return application;
}

static void
remove_alarm (BgrunExtendedRuntimeSession *self,
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

static guint
add_alarm_in (BgrunExtendedRuntimeSession *self,
              double                       seconds,
              BgrunAlarmFunc               func)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);
  g_autoptr(GDateTime) when = g_date_time_add (now, (GTimeSpan) (seconds * G_USEC_PER_SEC));

  return add_alarm_at (self, when, func);
}

static void
set_state (BgrunExtendedRuntimeSession *self,
           BgrunExtendedRuntimeState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gint64
usec_left (BgrunExtendedRuntimeSession *self)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  return (bgrun_time_to_usec (self->expiration_date) - bgrun_time_to_usec (now));
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
  remove_alarm (self, &self->snooze_alarm);
  self->snooze_alarm = add_alarm_in (self, BGRUN_SMART_ALARM_SNOOZE, on_snooze_over);
}

static void
on_stop (BgrunExtendedRuntimeSession *self)
{
  end_session (self, BGRUN_INVALIDATION_REASON_NONE, NULL);
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

/* A smart alarm ends without having woken the user: the rule is that it
 * must, so libbgrun does it, and says so in the history for the developer. */
static void
notify_for_the_app (BgrunExtendedRuntimeSession *self)
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
                                  _("The smart alarm ended without notifying the user, so libbgrun did. Call bgrun_extended_runtime_session_notify_user() while the alarm runs."));
}

static void
withdraw_alarm_notification (BgrunExtendedRuntimeSession *self)
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
  status = g_strdup_printf (_("%s, %u min left"), type_name (self), MAX (minutes, 1));
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
  g_signal_emit (self, signals[SIG_WILL_EXPIRE], 0);
}

static void
on_expiration_due (BgrunClock *clock,
                   gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;

  self->expire_alarm = 0;
  end_session (self, BGRUN_INVALIDATION_REASON_EXPIRED, NULL);
}

static void
on_resign_grace_over (BgrunClock *clock,
                      gpointer    user_data)
{
  BgrunExtendedRuntimeSession *self = user_data;

  self->resign_alarm = 0;
  end_session (self, BGRUN_INVALIDATION_REASON_RESIGNED_FRONTMOST, NULL);
}

/* A frontmost session survives a short trip out of the foreground (a
 * glance at a message), so the user is not punished for one click. */
static void
on_frontmost_changed (BgrunExtendedRuntimeSession *self)
{
  if (bgrun_scheduler_get_frontmost (self->scheduler))
    remove_alarm (self, &self->resign_alarm);
  else if (self->resign_alarm == 0)
    self->resign_alarm = add_alarm_in (self, BGRUN_EXTENDED_RUNTIME_RESIGN_GRACE,
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
  end_session (self, usec_left (self) <= 0 ? BGRUN_INVALIDATION_REASON_EXPIRED
                                              : BGRUN_INVALIDATION_REASON_SUPPRESSED_BY_SYSTEM,
               NULL);
}

static BgrunKeepAliveFlags
lease_flags (BgrunExtendedRuntimeSession *self)
{
  if (type_info[self->session_type].frontmost)
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
                                          lease_flags (self), type_name (self));
  self->expire_alarm = add_alarm_at (self, expiration, on_expiration_due);
  if (!warn_now)
    self->warning_alarm = add_alarm_at (self, warning, on_warning_due);
  if (type_info[self->session_type].frontmost)
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

  g_signal_emit (self, signals[SIG_STARTED], 0);
  if (warn_now && self->state == BGRUN_EXTENDED_RUNTIME_STATE_RUNNING)
    g_signal_emit (self, signals[SIG_WILL_EXPIRE], 0);
}

/* Starts running until @expiration, unless the app already has a running
 * session: then this one is invalidated, and @error says so. */
static gboolean
begin (BgrunExtendedRuntimeSession  *self,
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
               bgrun_scheduler_get_app_id (self->scheduler), type_name (running));
  end_session (self, BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* ---- ending ----------------------------------------------------------- */

/* Releases everything the session holds. @unstore also forgets a scheduled
 * smart alarm for good (it ended); disposing keeps it stored. */
static void
tear_down (BgrunExtendedRuntimeSession *self,
           gboolean                     unstore)
{
  remove_alarm (self, &self->start_alarm);
  remove_alarm (self, &self->expire_alarm);
  remove_alarm (self, &self->warning_alarm);
  remove_alarm (self, &self->status_alarm);
  remove_alarm (self, &self->resign_alarm);
  remove_alarm (self, &self->snooze_alarm);
  g_clear_signal_handler (&self->frontmost_handler, self->scheduler);
  g_clear_signal_handler (&self->time_changed_handler, self->clock);
  if (self->repeat_id != 0)
    bgrun_haptic_player_stop_repeating (bgrun_haptic_player_get_default (), self->repeat_id);
  self->repeat_id = 0;
  withdraw_alarm_notification (self);
  if (self->lease != 0)
    bgrun_keep_alive_release (bgrun_extended_runtime_registry_get_keep_alive (self->registry),
                              self->lease);
  self->lease = 0;
  bgrun_extended_runtime_registry_forget (self->registry, self, unstore);
}

static void
end_session (BgrunExtendedRuntimeSession *self,
             BgrunInvalidationReason      reason,
             const GError                *error)
{
  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_INVALID)
    return;
  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_RUNNING && is_smart_alarm (self) && !self->notified)
    notify_for_the_app (self);
  /* A scheduled alarm ending before its time will not start at all. */
  if (bgrun_extended_runtime_registry_get_scheduled (self->registry) == self)
    bgrun_extended_runtime_registry_unschedule (self->registry, self);
  tear_down (self, TRUE);

  g_object_freeze_notify (G_OBJECT (self));
  self->reason = reason;
  if (reason != BGRUN_INVALIDATION_REASON_NONE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVALIDATION_REASON]);
  set_state (self, BGRUN_EXTENDED_RUNTIME_STATE_INVALID);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIG_INVALIDATED], 0, reason, error);
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
    end_session (self, BGRUN_INVALIDATION_REASON_EXPIRED, NULL);
  else
    begin (self, now, window_end, NULL);
}

static void
enter_scheduled (BgrunExtendedRuntimeSession *self,
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
  enter_scheduled (self, start);
  return self;
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_extended_runtime_session_constructed (GObject *object)
{
  BgrunExtendedRuntimeSession *self = BGRUN_EXTENDED_RUNTIME_SESSION (object);

  G_OBJECT_CLASS (bgrun_extended_runtime_session_parent_class)->constructed (object);

  self->registry = g_object_ref (bgrun_scheduler_get_session_registry (self->scheduler));
  self->clock = g_object_ref (bgrun_scheduler_get_clock (self->scheduler));
}

static void
bgrun_extended_runtime_session_dispose (GObject *object)
{
  BgrunExtendedRuntimeSession *self = BGRUN_EXTENDED_RUNTIME_SESSION (object);

  if (self->registry != NULL)
    tear_down (self, FALSE);
  g_clear_object (&self->registry);
  g_clear_object (&self->clock);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (bgrun_extended_runtime_session_parent_class)->dispose (object);
}

static void
bgrun_extended_runtime_session_finalize (GObject *object)
{
  BgrunExtendedRuntimeSession *self = BGRUN_EXTENDED_RUNTIME_SESSION (object);

  g_clear_pointer (&self->start_date, g_date_time_unref);
  g_clear_pointer (&self->expiration_date, g_date_time_unref);

  G_OBJECT_CLASS (bgrun_extended_runtime_session_parent_class)->finalize (object);
}

static void
bgrun_extended_runtime_session_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  BgrunExtendedRuntimeSession *self = BGRUN_EXTENDED_RUNTIME_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_SESSION_TYPE:
      g_value_set_enum (value, self->session_type);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_START_DATE:
      g_value_set_boxed (value, self->start_date);
      break;
    case PROP_EXPIRATION_DATE:
      g_value_set_boxed (value, self->expiration_date);
      break;
    case PROP_INVALIDATION_REASON:
      g_value_set_enum (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_extended_runtime_session_set_property (GObject      *object,
                                             guint         prop_id,
                                             const GValue *value,
                                             GParamSpec   *pspec)
{
  BgrunExtendedRuntimeSession *self = BGRUN_EXTENDED_RUNTIME_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;
    case PROP_SESSION_TYPE:
      self->session_type = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_extended_runtime_session_class_init (BgrunExtendedRuntimeSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_extended_runtime_session_constructed;
  object_class->dispose = bgrun_extended_runtime_session_dispose;
  object_class->finalize = bgrun_extended_runtime_session_finalize;
  object_class->get_property = bgrun_extended_runtime_session_get_property;
  object_class->set_property = bgrun_extended_runtime_session_set_property;

  /**
   * BgrunExtendedRuntimeSession:scheduler:
   *
   * The scheduler of the app the session keeps running. Its clock times
   * the session, and its [property@Bgrun.Scheduler:frontmost] decides
   * whether the session may start.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, BGRUN_TYPE_SCHEDULER,
                         construct | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BgrunExtendedRuntimeSession:session-type:
   *
   * What the session is for; it decides how long the session may run and
   * whether it needs the app in the foreground.
   */
  properties[PROP_SESSION_TYPE] =
    g_param_spec_enum ("session-type", NULL, NULL, BGRUN_TYPE_EXTENDED_RUNTIME_TYPE,
                       BGRUN_EXTENDED_RUNTIME_TYPE_SELF_CARE, construct | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BgrunExtendedRuntimeSession:state:
   *
   * Where the session is in its life.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_EXTENDED_RUNTIME_STATE,
                       BGRUN_EXTENDED_RUNTIME_STATE_NOT_STARTED, read_only);

  /**
   * BgrunExtendedRuntimeSession:start-date:
   *
   * When a scheduled smart alarm is to start; once the session runs, when
   * it started. %NULL before either.
   */
  properties[PROP_START_DATE] =
    g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  /**
   * BgrunExtendedRuntimeSession:expiration-date:
   *
   * When the running session's time is up; %NULL until it runs. A smart
   * alarm's window closes %BGRUN_SMART_ALARM_DURATION seconds after its
   * scheduled start, however late it started.
   */
  properties[PROP_EXPIRATION_DATE] =
    g_param_spec_boxed ("expiration-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  /**
   * BgrunExtendedRuntimeSession:invalidation-reason:
   *
   * Why the session became invalid; %BGRUN_INVALIDATION_REASON_NONE while
   * it is valid, or when the app ended it.
   */
  properties[PROP_INVALIDATION_REASON] =
    g_param_spec_enum ("invalidation-reason", NULL, NULL, BGRUN_TYPE_INVALIDATION_REASON,
                       BGRUN_INVALIDATION_REASON_NONE, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunExtendedRuntimeSession::started:
   * @self: the session
   *
   * Emitted when the session starts running: at once from
   * [method@Bgrun.ExtendedRuntimeSession.start], or at a scheduled smart
   * alarm's start date. Emitted on the main context of the scheduler's
   * clock.
   */
  signals[SIG_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BgrunExtendedRuntimeSession::will-expire:
   * @self: the session
   *
   * Emitted %BGRUN_EXTENDED_RUNTIME_WILL_EXPIRE_WARNING seconds before the
   * session's time is up, or right after
   * [signal@Bgrun.ExtendedRuntimeSession::started] when less than that is
   * left. Wrap up: save what the session did, tell the user. Emitted at
   * most once, on the main context of the scheduler's clock.
   */
  signals[SIG_WILL_EXPIRE] =
    g_signal_new ("will-expire", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BgrunExtendedRuntimeSession::invalidated:
   * @self: the session
   * @reason: why the session ended
   * @error: (nullable): what went wrong, for
   *   %BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS (a
   *   %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS error) and
   *   %BGRUN_INVALIDATION_REASON_ERROR; %NULL for the other reasons
   *
   * Emitted exactly once, when the session becomes invalid, after
   * everything it held was released. Emitted on the main context of the
   * scheduler's clock.
   */
  signals[SIG_INVALIDATED] =
    g_signal_new ("invalidated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BGRUN_TYPE_INVALIDATION_REASON, G_TYPE_ERROR);
}

static void
bgrun_extended_runtime_session_init (BgrunExtendedRuntimeSession *self)
{
}

/* ---- API -------------------------------------------------------------- */

/**
 * bgrun_extended_runtime_session_new:
 * @scheduler: the app's scheduler
 * @session_type: what the session is for
 *
 * Creates a session, not started yet.
 *
 * Returns: (transfer full): a new session
 */
BgrunExtendedRuntimeSession *
bgrun_extended_runtime_session_new (BgrunScheduler           *scheduler,
                                    BgrunExtendedRuntimeType  session_type)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (BGRUN_TYPE_EXTENDED_RUNTIME_SESSION,
                       "scheduler", scheduler,
                       "session-type", session_type,
                       NULL);
}

/**
 * bgrun_extended_runtime_session_get_scheduler:
 * @self: a session
 *
 * Gets [property@Bgrun.ExtendedRuntimeSession:scheduler].
 *
 * Returns: (transfer none): the scheduler
 */
BgrunScheduler *
bgrun_extended_runtime_session_get_scheduler (BgrunExtendedRuntimeSession *self)
{
  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), NULL);
  return self->scheduler;
}

/**
 * bgrun_extended_runtime_session_get_session_type:
 * @self: a session
 *
 * Gets [property@Bgrun.ExtendedRuntimeSession:session-type].
 *
 * Returns: what the session is for
 */
BgrunExtendedRuntimeType
bgrun_extended_runtime_session_get_session_type (BgrunExtendedRuntimeSession *self)
{
  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), BGRUN_EXTENDED_RUNTIME_TYPE_SELF_CARE);
  return self->session_type;
}

/**
 * bgrun_extended_runtime_session_get_state:
 * @self: a session
 *
 * Gets [property@Bgrun.ExtendedRuntimeSession:state].
 *
 * Returns: where the session is in its life
 */
BgrunExtendedRuntimeState
bgrun_extended_runtime_session_get_state (BgrunExtendedRuntimeSession *self)
{
  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), BGRUN_EXTENDED_RUNTIME_STATE_INVALID);
  return self->state;
}

/**
 * bgrun_extended_runtime_session_get_start_date:
 * @self: a session
 *
 * Gets [property@Bgrun.ExtendedRuntimeSession:start-date].
 *
 * Returns: (transfer none) (nullable): when the session starts or started
 */
GDateTime *
bgrun_extended_runtime_session_get_start_date (BgrunExtendedRuntimeSession *self)
{
  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), NULL);
  return self->start_date;
}

/**
 * bgrun_extended_runtime_session_get_expiration_date:
 * @self: a session
 *
 * Gets [property@Bgrun.ExtendedRuntimeSession:expiration-date].
 *
 * Returns: (transfer none) (nullable): when the session's time is up
 */
GDateTime *
bgrun_extended_runtime_session_get_expiration_date (BgrunExtendedRuntimeSession *self)
{
  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), NULL);
  return self->expiration_date;
}

/**
 * bgrun_extended_runtime_session_get_invalidation_reason:
 * @self: a session
 *
 * Gets [property@Bgrun.ExtendedRuntimeSession:invalidation-reason].
 *
 * Returns: why the session became invalid
 */
BgrunInvalidationReason
bgrun_extended_runtime_session_get_invalidation_reason (BgrunExtendedRuntimeSession *self)
{
  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), BGRUN_INVALIDATION_REASON_NONE);
  return self->reason;
}

/* The checks every start and schedule makes, in the order the errors
 * matter to the app. */
static gboolean
check_startable (BgrunExtendedRuntimeSession  *self,
                 GError                      **error)
{
  if (self->state != BGRUN_EXTENDED_RUNTIME_STATE_NOT_STARTED)
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_INVALID_STATE,
                   _("This session (%s) was already started or scheduled. Sessions are not reusable: create a new one."),
                   type_name (self));
      return FALSE;
    }
  if (!bgrun_scheduler_get_frontmost (self->scheduler))
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE,
                   _("“%s” is not frontmost, so its session (%s) cannot start or be scheduled. Start it from a user action in the app’s window."),
                   bgrun_scheduler_get_app_id (self->scheduler), type_name (self));
      return FALSE;
    }
  return TRUE;
}

/**
 * bgrun_extended_runtime_session_start:
 * @self: a session, not started
 * @error: return location for a [error@Bgrun.SessionError]
 *
 * Starts the session now; it runs until its type's time is up (see
 * [enum@Bgrun.ExtendedRuntimeType]) unless it is invalidated earlier.
 * [signal@Bgrun.ExtendedRuntimeSession::started] is emitted before this
 * returns.
 *
 * Fails with %BGRUN_SESSION_ERROR_INVALID_STATE when the session was
 * already started or scheduled, and with
 * %BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE when the app is
 * not frontmost; the session is left as it was. Fails with
 * %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS when the app already has a
 * running session: that one goes on, and this one is invalidated
 * ([signal@Bgrun.ExtendedRuntimeSession::invalidated] with the same
 * error).
 *
 * Returns: %TRUE when the session runs
 */
gboolean
bgrun_extended_runtime_session_start (BgrunExtendedRuntimeSession  *self,
                                      GError                      **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) expiration = NULL;

  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_startable (self, error))
    return FALSE;
  now = bgrun_clock_get_now (self->clock);
  expiration = g_date_time_add_seconds (now, type_info[self->session_type].duration);
  return begin (self, now, expiration, error);
}

/**
 * bgrun_extended_runtime_session_start_at:
 * @self: a smart-alarm session, not started
 * @date: when the alarm should start, at most
 *   %BGRUN_SMART_ALARM_MAX_ADVANCE seconds from now
 * @error: return location for a [error@Bgrun.SessionError], or a
 *   [error@GLib.FileError] when the alarm cannot be stored
 *
 * Schedules a smart alarm: the session waits in
 * %BGRUN_EXTENDED_RUNTIME_STATE_SCHEDULED and starts at @date, running
 * until %BGRUN_SMART_ALARM_DURATION seconds after @date. The alarm is
 * stored, so it survives the app ending: when the app starts again, the
 * scheduler hands it back through
 * [signal@Bgrun.Scheduler::extended-runtime-session] and it starts at
 * @date if the app runs then. When the scheduler's backend is
 * %BGRUN_BACKEND_DAEMON, bgrund also launches the app at @date if it does
 * not run then (as for a due task, without a window), and the launched
 * app receives the alarm through that signal; with the embedded engine,
 * the alarm starts only while the app runs. If the machine is
 * suspended at @date (on Linux, a user process cannot wake a suspended
 * machine), the alarm starts when the machine resumes if its window is
 * still open, and is invalidated with %BGRUN_INVALIDATION_REASON_EXPIRED
 * otherwise.
 *
 * Fails, leaving the session as it was, with
 * %BGRUN_SESSION_ERROR_INVALID_STATE when it was already started or
 * scheduled, %BGRUN_SESSION_ERROR_NOT_SUPPORTED when it is not a smart
 * alarm, %BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE when the
 * app is not frontmost, and %BGRUN_SESSION_ERROR_SCHEDULED_TOO_FAR_IN_ADVANCE
 * when @date is too far ahead. When the app already has a scheduled smart
 * alarm, fails with %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS and
 * invalidates this session; when the alarm cannot be stored, fails with
 * the file error and invalidates this session with
 * %BGRUN_INVALIDATION_REASON_ERROR.
 *
 * Returns: %TRUE when the alarm is scheduled
 */
gboolean
bgrun_extended_runtime_session_start_at (BgrunExtendedRuntimeSession  *self,
                                         GDateTime                    *date,
                                         GError                      **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_NOT_STARTED && !is_smart_alarm (self))
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_NOT_SUPPORTED,
                   _("Only smart alarms can be scheduled, not this session (%s). Start it with bgrun_extended_runtime_session_start() when it should begin."),
                   type_name (self));
      return FALSE;
    }
  if (!check_startable (self, error))
    return FALSE;

  now = bgrun_clock_get_now (self->clock);
  when = g_date_time_format_iso8601 (date);
  if (g_date_time_difference (date, now) > (GTimeSpan) BGRUN_SMART_ALARM_MAX_ADVANCE * G_USEC_PER_SEC)
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SCHEDULED_TOO_FAR_IN_ADVANCE,
                   _("The smart alarm cannot be scheduled for %s: that is more than 36 hours ahead. Schedule it later, closer to that time."),
                   when);
      return FALSE;
    }
  if (bgrun_extended_runtime_registry_get_scheduled (self->registry) != NULL)
    {
      g_autofree char *other = g_date_time_format_iso8601 (
        bgrun_extended_runtime_session_get_start_date (bgrun_extended_runtime_registry_get_scheduled (self->registry)));

      g_set_error (&local_error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
                   _("“%s” already has a smart alarm scheduled for %s; only one can be scheduled at a time. Invalidate it before scheduling another."),
                   bgrun_scheduler_get_app_id (self->scheduler), other);
      end_session (self, BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!bgrun_extended_runtime_registry_schedule (self->registry, self, date, &local_error))
    {
      end_session (self, BGRUN_INVALIDATION_REASON_ERROR, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  enter_scheduled (self, date);
  return TRUE;
}

/**
 * bgrun_extended_runtime_session_invalidate:
 * @self: a session
 *
 * Ends the session, with %BGRUN_INVALIDATION_REASON_NONE: a running
 * session stops keeping the app alive, a scheduled smart alarm is
 * cancelled (and removed from the store), a session not started yet can
 * no longer start. Does nothing when the session is already invalid.
 */
void
bgrun_extended_runtime_session_invalidate (BgrunExtendedRuntimeSession *self)
{
  g_return_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self));

  end_session (self, BGRUN_INVALIDATION_REASON_NONE, NULL);
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
                 type_name (self));
  else
    g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_NOT_YET_STARTED,
                 _("This session (%s) has not started yet, so it cannot notify the user. Notify the user once it emitted “started”."),
                 type_name (self));
  return FALSE;
}

static void
mark_notified (BgrunExtendedRuntimeSession *self)
{
  self->notified = TRUE;
  if (is_smart_alarm (self))
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
