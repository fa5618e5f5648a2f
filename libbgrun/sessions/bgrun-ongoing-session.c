/* bgrun-ongoing-session.c: work the user started and can see, with no
 * time limit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-ongoing-registry-private.h"
#include "bgrun-ongoing-session-private.h"
#include "bgrun-scheduler-private.h"

/**
 * BgrunOngoingSession:
 *
 * Work the user started and can see, which keeps running with no time
 * limit for as long as the user lets it: a local-network monitor that
 * keeps listening while the user does something else, a sync that keeps a
 * socket open. It is Linux's answer to what Android calls a foreground
 * service.
 *
 * Create one with [ctor@Bgrun.OngoingSession.new] for the app's
 * [class@Bgrun.Scheduler] and a title the user recognises ("Network
 * monitor"), then [method@Bgrun.OngoingSession.start] it from a user
 * action, while the app is frontmost. While it runs:
 *
 * - the app is held: closing its last window does not quit it;
 * - the Background portal is asked to let the app run in the background,
 *   and its status line (GNOME's "Background Apps") shows the title;
 * - a notification shows the title, the live
 *   [property@Bgrun.OngoingSession:status] and a Stop button (one
 *   notification per app: several sessions share it, one line and one
 *   Stop button each), when the scheduler was made for a registered
 *   [class@Gio.Application]; status changes reach it at most every
 *   %BGRUN_ONGOING_STATUS_MIN_INTERVAL seconds, the latest always;
 * - the machine is kept from suspending when
 *   [property@Bgrun.OngoingSession:prevents-sleep] is set.
 *
 * The user is in charge: Stop on the notification (or `bgrunctl stop`)
 * ends the session with %BGRUN_ONGOING_END_REASON_USER_STOPPED, and a
 * desktop that refuses background running (the Background portal says no)
 * ends it with %BGRUN_ONGOING_END_REASON_DENIED, with
 * [property@Bgrun.OngoingSession:end-message] telling the user where to
 * allow it. [signal@Bgrun.OngoingSession::ended] is emitted, exactly
 * once, while everything is still held, so the app can close its socket
 * and save its state; right after it returns, everything is released.
 *
 * Nothing lingers when the app ends with a session running. When it quits
 * (its [class@Gio.Application] shuts down), the session ends with
 * %BGRUN_ONGOING_END_REASON_APP_EXITED during the shutdown, the
 * notification is withdrawn, and the history records
 * %BGRUN_HISTORY_EVENT_APP_EXITED. When it crashes, the process's holds
 * go with it, and the session is recorded in the history as
 * %BGRUN_HISTORY_EVENT_APP_EXITED, with its notification withdrawn, at
 * the app's next start (the scheduler's creation), or at once by bgrund.
 *
 * Dropping the last reference to a running session ends it as
 * [method@Bgrun.OngoingSession.stop] does, without emitting
 * [signal@Bgrun.OngoingSession::ended]. Use it from the thread of the
 * scheduler's main context.
 */

struct _BgrunOngoingSession
{
  GObject parent_instance;

  BgrunScheduler        *scheduler;
  BgrunOngoingRegistry  *registry;
  char                  *title;
  char                  *status;
  char                  *end_message;
  gboolean               prevents_sleep;
  BgrunOngoingState      state;
  BgrunOngoingEndReason  end_reason;
  guint                  id;
  guint                  lease;
};

G_DEFINE_FINAL_TYPE (BgrunOngoingSession, bgrun_ongoing_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_TITLE,
  PROP_STATUS,
  PROP_PREVENTS_SLEEP,
  PROP_STATE,
  PROP_END_REASON,
  PROP_END_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIG_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- holding ---------------------------------------------------------- */

static guint
acquire_lease (BgrunOngoingSession *self)
{
  BgrunKeepAlive *keep_alive = bgrun_ongoing_registry_get_keep_alive (self->registry);
  BgrunKeepAliveFlags flags = BGRUN_KEEP_ALIVE_HOLD_APPLICATION | BGRUN_KEEP_ALIVE_BACKGROUND;
  guint lease;

  if (self->prevents_sleep)
    flags |= BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND;
  lease = bgrun_keep_alive_acquire (keep_alive, flags, self->title);
  bgrun_keep_alive_set_status (keep_alive, lease, self->title);
  return lease;
}

static void
release_lease (BgrunOngoingSession *self)
{
  if (self->lease != 0)
    bgrun_keep_alive_release (bgrun_ongoing_registry_get_keep_alive (self->registry), self->lease);
  self->lease = 0;
}

/* Releases everything a running session holds. */
static void
tear_down (BgrunOngoingSession *self)
{
  release_lease (self);
  bgrun_ongoing_registry_remove (self->registry, self);
}

void
bgrun_ongoing_session_end (BgrunOngoingSession   *self,
                           BgrunOngoingEndReason  reason,
                           const char            *message)
{
  g_autoptr(BgrunOngoingSession) held = NULL;

  g_return_if_fail (BGRUN_IS_ONGOING_SESSION (self));

  if (self->state != BGRUN_ONGOING_STATE_RUNNING)
    return;
  held = g_object_ref (self);

  g_object_freeze_notify (G_OBJECT (self));
  self->state = BGRUN_ONGOING_STATE_ENDED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (reason != BGRUN_ONGOING_END_REASON_NONE)
    {
      self->end_reason = reason;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
    }
  if (message != NULL)
    {
      self->end_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  /* Before the teardown: the app winds down while it is still held (the
   * process does not quit under it) and the user still sees the session. */
  g_signal_emit (self, signals[SIG_ENDED], 0, reason);
  tear_down (self);
}

guint
bgrun_ongoing_session_get_id (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), 0);

  return self->id;
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_ongoing_session_constructed (GObject *object)
{
  BgrunOngoingSession *self = BGRUN_ONGOING_SESSION (object);

  G_OBJECT_CLASS (bgrun_ongoing_session_parent_class)->constructed (object);

  self->registry = g_object_ref (bgrun_ongoing_registry_get (self->scheduler));
}

static void
bgrun_ongoing_session_dispose (GObject *object)
{
  BgrunOngoingSession *self = BGRUN_ONGOING_SESSION (object);

  if (self->registry != NULL && self->state == BGRUN_ONGOING_STATE_RUNNING)
    tear_down (self);
  g_clear_object (&self->registry);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (bgrun_ongoing_session_parent_class)->dispose (object);
}

static void
bgrun_ongoing_session_finalize (GObject *object)
{
  BgrunOngoingSession *self = BGRUN_ONGOING_SESSION (object);

  g_free (self->title);
  g_free (self->status);
  g_free (self->end_message);

  G_OBJECT_CLASS (bgrun_ongoing_session_parent_class)->finalize (object);
}

static void
bgrun_ongoing_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BgrunOngoingSession *self = BGRUN_ONGOING_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_PREVENTS_SLEEP:
      g_value_set_boolean (value, self->prevents_sleep);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_END_REASON:
      g_value_set_enum (value, self->end_reason);
      break;
    case PROP_END_MESSAGE:
      g_value_set_string (value, self->end_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_ongoing_session_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BgrunOngoingSession *self = BGRUN_ONGOING_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;
    case PROP_TITLE:
      bgrun_ongoing_session_set_title (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      bgrun_ongoing_session_set_status (self, g_value_get_string (value));
      break;
    case PROP_PREVENTS_SLEEP:
      bgrun_ongoing_session_set_prevents_sleep (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_ongoing_session_class_init (BgrunOngoingSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_write = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_ongoing_session_constructed;
  object_class->dispose = bgrun_ongoing_session_dispose;
  object_class->finalize = bgrun_ongoing_session_finalize;
  object_class->get_property = bgrun_ongoing_session_get_property;
  object_class->set_property = bgrun_ongoing_session_set_property;

  /**
   * BgrunOngoingSession:scheduler:
   *
   * The scheduler of the app the session keeps running; its
   * [property@Bgrun.Scheduler:frontmost] decides whether the session may
   * start, and its application shows the notification.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, BGRUN_TYPE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunOngoingSession:title:
   *
   * What the session is, as the user knows it ("Network monitor"): the
   * notification's title and the Background portal's status line. Never
   * %NULL or empty. Changing it while the session runs updates the
   * notification (rate-limited like
   * [property@Bgrun.OngoingSession:status]).
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, read_write);

  /**
   * BgrunOngoingSession:status:
   *
   * A line the app keeps up to date, shown as the notification's body
   * ("12 devices, 3,418 packets"); %NULL for none. Set it as often as it
   * changes: the notification follows at most every
   * %BGRUN_ONGOING_STATUS_MIN_INTERVAL seconds, and always ends up
   * showing the latest value.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, read_write);

  /**
   * BgrunOngoingSession:prevents-sleep:
   *
   * Whether the machine is kept from suspending while the session runs (a
   * suspend inhibitor, through logind or the Inhibit portal). Off by
   * default: a monitor that may pause with the machine needs none. It can
   * change while the session runs.
   */
  properties[PROP_PREVENTS_SLEEP] =
    g_param_spec_boolean ("prevents-sleep", NULL, NULL, FALSE, read_write);

  /**
   * BgrunOngoingSession:state:
   *
   * Where the session is in its life.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_ONGOING_STATE,
                       BGRUN_ONGOING_STATE_NOT_STARTED, read_only);

  /**
   * BgrunOngoingSession:end-reason:
   *
   * Why the session ended; %BGRUN_ONGOING_END_REASON_NONE while it has not,
   * or when the app stopped it.
   */
  properties[PROP_END_REASON] =
    g_param_spec_enum ("end-reason", NULL, NULL, BGRUN_TYPE_ONGOING_END_REASON,
                       BGRUN_ONGOING_END_REASON_NONE, read_only);

  /**
   * BgrunOngoingSession:end-message:
   *
   * A sentence for the user about why the session ended, when there is
   * something they can do about it: for
   * %BGRUN_ONGOING_END_REASON_DENIED, where to allow the app to run in
   * the background. %NULL otherwise. Set before
   * [signal@Bgrun.OngoingSession::ended] is emitted.
   */
  properties[PROP_END_MESSAGE] =
    g_param_spec_string ("end-message", NULL, NULL, NULL, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunOngoingSession::ended:
   * @self: the session
   * @reason: why it ended (also in
   *   [property@Bgrun.OngoingSession:end-reason])
   *
   * Emitted exactly once, when a running session ends, whatever ends it:
   * [method@Bgrun.OngoingSession.stop], the user's Stop, or the desktop's
   * refusal. It is emitted before anything is released: the app is still
   * held and the notification still shows the session, so the handler can
   * close what the session kept open and save its state. Emitted on the
   * main context of the scheduler's thread.
   */
  signals[SIG_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BGRUN_TYPE_ONGOING_END_REASON);
}

static void
bgrun_ongoing_session_init (BgrunOngoingSession *self)
{
}

/* ---- API -------------------------------------------------------------- */

/**
 * bgrun_ongoing_session_new:
 * @scheduler: the app's scheduler
 * @title: what the session is, as the user knows it ("Network monitor");
 *   not empty
 *
 * Creates a session, not started yet.
 *
 * Returns: (transfer full): a new session
 */
BgrunOngoingSession *
bgrun_ongoing_session_new (BgrunScheduler *scheduler,
                           const char     *title)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (title != NULL && *title != '\0', NULL);

  return g_object_new (BGRUN_TYPE_ONGOING_SESSION,
                       "scheduler", scheduler,
                       "title", title,
                       NULL);
}

/**
 * bgrun_ongoing_session_start:
 * @self: a session, not started
 * @error: return location for a [error@Bgrun.SessionError]
 *
 * Starts the session now, from a user action: it runs until the app
 * stops it, the user stops it, or the desktop refuses background running
 * (see [class@Bgrun.OngoingSession] for what it holds meanwhile).
 *
 * Fails, leaving the session as it was, with
 * %BGRUN_SESSION_ERROR_INVALID_STATE when it was already started (sessions
 * are not reusable), and with
 * %BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE when the app is
 * not frontmost: the user must see the app when work they will have to
 * stop begins. Set [property@Bgrun.Scheduler:frontmost] from the window's
 * `is-active`.
 *
 * Returns: %TRUE when the session runs
 */
gboolean
bgrun_ongoing_session_start (BgrunOngoingSession  *self,
                             GError              **error)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state != BGRUN_ONGOING_STATE_NOT_STARTED)
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_INVALID_STATE,
                   self->state == BGRUN_ONGOING_STATE_RUNNING
                   ? _("The ongoing session “%s” is already running.")
                   : _("The ongoing session “%s” has ended. Sessions are not reusable: create a new one."),
                   self->title);
      return FALSE;
    }
  if (!bgrun_scheduler_get_frontmost (self->scheduler))
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE,
                   _("“%s” is not frontmost, so its ongoing session “%s” cannot start. Start it from a user action in the app’s window, and keep the scheduler’s “frontmost” property in step with the window’s “is-active”."),
                   bgrun_scheduler_get_app_id (self->scheduler), self->title);
      return FALSE;
    }

  self->id = bgrun_ongoing_registry_new_id (self->registry);
  self->lease = acquire_lease (self);
  self->state = BGRUN_ONGOING_STATE_RUNNING;
  bgrun_ongoing_registry_add (self->registry, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  return TRUE;
}

/**
 * bgrun_ongoing_session_stop:
 * @self: a session
 *
 * Ends a running session, with %BGRUN_ONGOING_END_REASON_NONE:
 * [signal@Bgrun.OngoingSession::ended] is emitted, then the notification
 * and every hold go. A session not started yet can no longer start. Does
 * nothing when the session has ended.
 */
void
bgrun_ongoing_session_stop (BgrunOngoingSession *self)
{
  g_return_if_fail (BGRUN_IS_ONGOING_SESSION (self));

  if (self->state == BGRUN_ONGOING_STATE_NOT_STARTED)
    {
      self->state = BGRUN_ONGOING_STATE_ENDED;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      return;
    }
  bgrun_ongoing_session_end (self, BGRUN_ONGOING_END_REASON_NONE, NULL);
}

/**
 * bgrun_ongoing_session_get_scheduler:
 * @self: a session
 *
 * Gets [property@Bgrun.OngoingSession:scheduler].
 *
 * Returns: (transfer none): the scheduler
 */
BgrunScheduler *
bgrun_ongoing_session_get_scheduler (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), NULL);
  return self->scheduler;
}

/**
 * bgrun_ongoing_session_get_title:
 * @self: a session
 *
 * Gets [property@Bgrun.OngoingSession:title].
 *
 * Returns: (transfer none): the title
 */
const char *
bgrun_ongoing_session_get_title (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), NULL);
  return self->title;
}

/**
 * bgrun_ongoing_session_set_title:
 * @self: a session
 * @title: the new title; not empty
 *
 * Sets [property@Bgrun.OngoingSession:title]; a running session's
 * notification follows.
 */
void
bgrun_ongoing_session_set_title (BgrunOngoingSession *self,
                                 const char          *title)
{
  g_return_if_fail (BGRUN_IS_ONGOING_SESSION (self));
  g_return_if_fail (title != NULL && *title != '\0');

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  if (self->lease != 0)
    bgrun_keep_alive_set_status (bgrun_ongoing_registry_get_keep_alive (self->registry),
                                 self->lease, title);
  if (self->registry != NULL)
    bgrun_ongoing_registry_changed (self->registry, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * bgrun_ongoing_session_get_status:
 * @self: a session
 *
 * Gets [property@Bgrun.OngoingSession:status].
 *
 * Returns: (transfer none) (nullable): the status line
 */
const char *
bgrun_ongoing_session_get_status (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), NULL);
  return self->status;
}

/**
 * bgrun_ongoing_session_set_status:
 * @self: a session
 * @status: (nullable): the new status line, or %NULL for none
 *
 * Sets [property@Bgrun.OngoingSession:status]; a running session's
 * notification follows, at most every %BGRUN_ONGOING_STATUS_MIN_INTERVAL
 * seconds.
 */
void
bgrun_ongoing_session_set_status (BgrunOngoingSession *self,
                                  const char          *status)
{
  g_return_if_fail (BGRUN_IS_ONGOING_SESSION (self));

  if (status != NULL && *status == '\0')
    status = NULL;
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  if (self->registry != NULL)
    bgrun_ongoing_registry_changed (self->registry, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * bgrun_ongoing_session_get_prevents_sleep:
 * @self: a session
 *
 * Gets [property@Bgrun.OngoingSession:prevents-sleep].
 *
 * Returns: whether the session keeps the machine from suspending
 */
gboolean
bgrun_ongoing_session_get_prevents_sleep (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), FALSE);
  return self->prevents_sleep;
}

/**
 * bgrun_ongoing_session_set_prevents_sleep:
 * @self: a session
 * @prevents_sleep: whether to keep the machine from suspending
 *
 * Sets [property@Bgrun.OngoingSession:prevents-sleep]. On a running
 * session, the suspend inhibitor is taken or released at once.
 */
void
bgrun_ongoing_session_set_prevents_sleep (BgrunOngoingSession *self,
                                          gboolean             prevents_sleep)
{
  g_return_if_fail (BGRUN_IS_ONGOING_SESSION (self));

  prevents_sleep = !!prevents_sleep;
  if (self->prevents_sleep == prevents_sleep)
    return;
  self->prevents_sleep = prevents_sleep;
  /* A lease's flags are fixed: the new lease is taken before the old one
   * goes, so the application hold never drops in between. */
  if (self->lease != 0)
    {
      guint old = self->lease;

      self->lease = acquire_lease (self);
      bgrun_keep_alive_release (bgrun_ongoing_registry_get_keep_alive (self->registry), old);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVENTS_SLEEP]);
}

/**
 * bgrun_ongoing_session_get_state:
 * @self: a session
 *
 * Gets [property@Bgrun.OngoingSession:state].
 *
 * Returns: where the session is in its life
 */
BgrunOngoingState
bgrun_ongoing_session_get_state (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), BGRUN_ONGOING_STATE_ENDED);
  return self->state;
}

/**
 * bgrun_ongoing_session_get_end_reason:
 * @self: a session
 *
 * Gets [property@Bgrun.OngoingSession:end-reason].
 *
 * Returns: why the session ended
 */
BgrunOngoingEndReason
bgrun_ongoing_session_get_end_reason (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), BGRUN_ONGOING_END_REASON_NONE);
  return self->end_reason;
}

/**
 * bgrun_ongoing_session_get_end_message:
 * @self: a session
 *
 * Gets [property@Bgrun.OngoingSession:end-message].
 *
 * Returns: (transfer none) (nullable): what the user can do about the end
 */
const char *
bgrun_ongoing_session_get_end_message (BgrunOngoingSession *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_SESSION (self), NULL);
  return self->end_message;
}
