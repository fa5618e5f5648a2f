/* bgrun-extended-runtime-session.c: sessions that keep the app running
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-extended-runtime-session-internal-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"

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
 * smart alarm survives the app ending: when the app starts again,
 * [func@Bgrun.ExtendedRuntimeSession.get_scheduled] gives it back; with
 * bgrund, the app is launched for it at its time.
 *
 * All times come from the scheduler's [property@Bgrun.Scheduler:clock],
 * so tests drive sessions with [method@Bgrun.TestDriver.advance]. The
 * session lives as long as the app holds a reference: dropping the last
 * one ends a running session silently (its resources are released, no
 * signal is emitted) and drops a scheduled smart alarm from this run of
 * the app only (it is still restored at the next start).
 */

G_DEFINE_FINAL_TYPE (BgrunExtendedRuntimeSession, bgrun_extended_runtime_session, G_TYPE_OBJECT)

GParamSpec *bgrun_extended_runtime_session_properties[N_PROPS];

guint bgrun_extended_runtime_session_signals[N_SIGNALS];

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

const char *
bgrun_extended_runtime_session_type_name (BgrunExtendedRuntimeSession *self)
{
  return _(type_info[self->session_type].name);
}

gboolean
bgrun_extended_runtime_session_needs_frontmost (BgrunExtendedRuntimeSession *self)
{
  return type_info[self->session_type].frontmost;
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_extended_runtime_session_constructed (GObject *object)
{
  BgrunExtendedRuntimeSession *self = BGRUN_EXTENDED_RUNTIME_SESSION (object);

  G_OBJECT_CLASS (bgrun_extended_runtime_session_parent_class)->constructed (object);

  self->registry = g_object_ref (bgrun_extended_runtime_registry_get (self->scheduler));
  self->clock = g_object_ref (bgrun_scheduler_get_clock (self->scheduler));
}

static void
bgrun_extended_runtime_session_dispose (GObject *object)
{
  BgrunExtendedRuntimeSession *self = BGRUN_EXTENDED_RUNTIME_SESSION (object);

  if (self->registry != NULL)
    bgrun_extended_runtime_session_tear_down (self, FALSE);
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
  bgrun_extended_runtime_session_properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, BGRUN_TYPE_SCHEDULER,
                         construct | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BgrunExtendedRuntimeSession:session-type:
   *
   * What the session is for; it decides how long the session may run and
   * whether it needs the app in the foreground.
   */
  bgrun_extended_runtime_session_properties[PROP_SESSION_TYPE] =
    g_param_spec_enum ("session-type", NULL, NULL, BGRUN_TYPE_EXTENDED_RUNTIME_TYPE,
                       BGRUN_EXTENDED_RUNTIME_TYPE_SELF_CARE, construct | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BgrunExtendedRuntimeSession:state:
   *
   * Where the session is in its life.
   */
  bgrun_extended_runtime_session_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_EXTENDED_RUNTIME_STATE,
                       BGRUN_EXTENDED_RUNTIME_STATE_NOT_STARTED, read_only);

  /**
   * BgrunExtendedRuntimeSession:start-date:
   *
   * When a scheduled smart alarm is to start; once the session runs, when
   * it started. %NULL before either.
   */
  bgrun_extended_runtime_session_properties[PROP_START_DATE] =
    g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  /**
   * BgrunExtendedRuntimeSession:expiration-date:
   *
   * When the running session's time is up; %NULL until it runs. A smart
   * alarm's window closes %BGRUN_SMART_ALARM_DURATION seconds after its
   * scheduled start, however late it started.
   */
  bgrun_extended_runtime_session_properties[PROP_EXPIRATION_DATE] =
    g_param_spec_boxed ("expiration-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  /**
   * BgrunExtendedRuntimeSession:invalidation-reason:
   *
   * Why the session became invalid; %BGRUN_INVALIDATION_REASON_NONE while
   * it is valid, or when the app ended it.
   */
  bgrun_extended_runtime_session_properties[PROP_INVALIDATION_REASON] =
    g_param_spec_enum ("invalidation-reason", NULL, NULL, BGRUN_TYPE_INVALIDATION_REASON,
                       BGRUN_INVALIDATION_REASON_NONE, read_only);

  g_object_class_install_properties (object_class, N_PROPS, bgrun_extended_runtime_session_properties);

  /**
   * BgrunExtendedRuntimeSession::started:
   * @self: the session
   *
   * Emitted when the session starts running: at once from
   * [method@Bgrun.ExtendedRuntimeSession.start], or at a scheduled smart
   * alarm's start date. Emitted on the main context of the scheduler's
   * clock.
   */
  bgrun_extended_runtime_session_signals[SIG_STARTED] =
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
  bgrun_extended_runtime_session_signals[SIG_WILL_EXPIRE] =
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
  bgrun_extended_runtime_session_signals[SIG_INVALIDATED] =
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
 * bgrun_extended_runtime_session_get_scheduled:
 * @scheduler: the app's scheduler
 *
 * Gives back the smart alarm the app scheduled with
 * [method@Bgrun.ExtendedRuntimeSession.start_at] and has not started yet:
 * in this run, or in an earlier one of the app that ended before the
 * alarm's date.
 *
 * Call it at startup, right after creating the scheduler (in a
 * [class@Gio.Application], in its `startup` handler), and keep a
 * reference to the session. An alarm from an earlier run comes back in
 * %BGRUN_EXTENDED_RUNTIME_STATE_SCHEDULED and starts at its start date
 * while the app runs; if the date has passed and the alarm's window is
 * still open it has started already (%BGRUN_EXTENDED_RUNTIME_STATE_RUNNING),
 * and if the window closed it is invalidated with
 * %BGRUN_INVALIDATION_REASON_EXPIRED. When bgrund launched the app for
 * its alarm, this is how the app gets it.
 *
 * Returns: (transfer full) (nullable): the scheduled smart alarm, or
 *   %NULL when the app has none
 */
BgrunExtendedRuntimeSession *
bgrun_extended_runtime_session_get_scheduled (BgrunScheduler *scheduler)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);

  return bgrun_extended_runtime_registry_restore (bgrun_extended_runtime_registry_get (scheduler));
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
                   bgrun_extended_runtime_session_type_name (self));
      return FALSE;
    }
  if (!bgrun_scheduler_get_frontmost (self->scheduler))
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE,
                   _("“%s” is not frontmost, so its session (%s) cannot start or be scheduled. Start it from a user action in the app’s window, with the scheduler’s “frontmost” bound to the window’s “is-active” (in a test: set_frontmost (TRUE) on the scheduler or the test driver)."),
                   bgrun_scheduler_get_app_id (self->scheduler),
                   bgrun_extended_runtime_session_type_name (self));
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
  return bgrun_extended_runtime_session_begin (self, now, expiration, error);
}

/**
 * bgrun_extended_runtime_session_start_at:
 * @self: a smart-alarm session, not started
 * @date: when the alarm should start, at most
 *   %BGRUN_SMART_ALARM_MAX_ADVANCE seconds from now; a date already
 *   past starts it at once, for what is left of its window
 * @error: return location for a [error@Bgrun.SessionError], or a
 *   [error@GLib.FileError] when the alarm cannot be stored
 *
 * Schedules a smart alarm: the session waits in
 * %BGRUN_EXTENDED_RUNTIME_STATE_SCHEDULED and starts at @date, running
 * until %BGRUN_SMART_ALARM_DURATION seconds after @date. The alarm is
 * stored, so it survives the app ending: when the app starts again,
 * [func@Bgrun.ExtendedRuntimeSession.get_scheduled] hands it back and it
 * starts at @date if the app runs then. When the scheduler's backend is
 * %BGRUN_BACKEND_DAEMON, bgrund also launches the app at @date if it does
 * not run then (as for a due task, without a window), and the launched
 * app receives the alarm through that function; with the embedded engine,
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

  if (self->state == BGRUN_EXTENDED_RUNTIME_STATE_NOT_STARTED &&
      !bgrun_extended_runtime_session_is_smart_alarm (self))
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_NOT_SUPPORTED,
                   _("Only smart alarms can be scheduled, not this session (%s). Start it, without a date, when it should begin."),
                   bgrun_extended_runtime_session_type_name (self));
      return FALSE;
    }
  if (!check_startable (self, error))
    return FALSE;

  now = bgrun_clock_get_now (self->clock);
  when = g_date_time_format_iso8601 (date);
  if (g_date_time_difference (date, now) > (GTimeSpan) BGRUN_SMART_ALARM_MAX_ADVANCE * G_USEC_PER_SEC)
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SCHEDULED_TOO_FAR_IN_ADVANCE,
                   _("The smart alarm cannot be scheduled for %s: that is more than %d hours ahead. Schedule it later, closer to that time."),
                   when, BGRUN_SMART_ALARM_MAX_ADVANCE / 3600);
      return FALSE;
    }
  if (bgrun_extended_runtime_registry_get_scheduled (self->registry) != NULL)
    {
      g_autofree char *other = g_date_time_format_iso8601 (
        bgrun_extended_runtime_session_get_start_date (bgrun_extended_runtime_registry_get_scheduled (self->registry)));

      g_set_error (&local_error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
                   _("“%s” already has a smart alarm scheduled for %s; only one can be scheduled at a time. Invalidate it before scheduling another."),
                   bgrun_scheduler_get_app_id (self->scheduler), other);
      bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!bgrun_extended_runtime_registry_schedule (self->registry, self, date, &local_error))
    {
      bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_ERROR, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  bgrun_extended_runtime_session_enter_scheduled (self, date);
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

  bgrun_extended_runtime_session_end (self, BGRUN_INVALIDATION_REASON_NONE, NULL);
}

