/* bgrun-background-activity.c: finishing work after the user leaves
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-background-activity.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-system-clock.h"
#include "bgrun-time-private.h"

/**
 * BgrunBackgroundActivity:
 *
 * A short stretch of work the app finishes after the user left it: saving
 * a document, sending a message, flushing a cache, after the last window
 * was closed.
 *
 * [ctor@Bgrun.BackgroundActivity.begin] holds the default
 * [class@Gio.Application] (with [method@Gio.Application.hold]), so closing
 * the last window does not quit the app, for at most
 * %BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE seconds.
 * %BGRUN_BACKGROUND_ACTIVITY_WARNING seconds before that allowance runs out
 * the activity emits [signal@Bgrun.BackgroundActivity::expiring]; at the end
 * it releases the application on its own, and
 * [property@Bgrun.BackgroundActivity:active] turns %FALSE. Call
 * [method@Bgrun.BackgroundActivity.end] as soon as the work is done: the
 * app quits then, if nothing else holds it.
 *
 * Activities are independent: each one holds the application once and
 * releases it once, and the application keeps running until the last of
 * them ended.
 *
 * The activity lives as long as the caller keeps a reference: dropping the
 * last reference to an active activity ends it.
 *
 * ```c
 * static void
 * on_window_close (MyApp *app)
 * {
 *   g_autoptr(GError) error = NULL;
 *
 *   app->saving = bgrun_background_activity_begin ("Saving the document", &error);
 *   if (app->saving == NULL)
 *     g_warning ("%s", error->message);
 *   my_document_save_async (app->document, NULL, on_saved, app);
 * }
 *
 * static void
 * on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   MyApp *app = user_data;
 *
 *   my_document_save_finish (MY_DOCUMENT (source), result, NULL);
 *   g_clear_object (&app->saving);   // ends the activity
 * }
 * ```
 *
 * Times are read from a [class@Bgrun.Clock]; tests pass a
 * [class@Bgrun.TestClock] to [ctor@Bgrun.BackgroundActivity.begin_with_clock]
 * and move it instead of waiting.
 */

struct _BgrunBackgroundActivity
{
  GObject parent_instance;

  BgrunClock   *clock;
  gulong        time_changed_id;
  char         *reason;
  GDateTime    *expiration_date;
  GApplication *application;      /* held while active, NULL otherwise */
  guint         warning_alarm;
  guint         end_alarm;
  gboolean      warned;           /* ::expiring was emitted */
};

G_DEFINE_FINAL_TYPE (BgrunBackgroundActivity, bgrun_background_activity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REASON,
  PROP_ACTIVE,
  PROP_TIME_REMAINING,
  PROP_EXPIRATION_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIG_EXPIRING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void arm_alarms (BgrunBackgroundActivity *self);

static void
remove_alarms (BgrunBackgroundActivity *self)
{
  if (self->warning_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->warning_alarm);
  self->warning_alarm = 0;
  if (self->end_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->end_alarm);
  self->end_alarm = 0;
}

/* Releases the hold exactly once; returns whether there was one. */
static gboolean
release (BgrunBackgroundActivity *self)
{
  g_autoptr(GApplication) application = g_steal_pointer (&self->application);

  remove_alarms (self);
  g_clear_signal_handler (&self->time_changed_id, self->clock);
  if (application == NULL)
    return FALSE;

  g_debug ("Background activity “%s” ended", self->reason);
  g_application_release (application);
  return TRUE;
}

static void
release_and_notify (BgrunBackgroundActivity *self)
{
  g_autoptr(BgrunBackgroundActivity) keep = g_object_ref (self);

  if (!release (self))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_REMAINING]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_warning_alarm (BgrunClock *clock,
                  gpointer    user_data)
{
  BgrunBackgroundActivity *self = BGRUN_BACKGROUND_ACTIVITY (user_data);
  g_autoptr(BgrunBackgroundActivity) keep = g_object_ref (self);

  self->warning_alarm = 0;
  self->warned = TRUE;
  g_signal_emit (self, signals[SIG_EXPIRING], 0);
}

static void
on_end_alarm (BgrunClock *clock,
              gpointer    user_data)
{
  BgrunBackgroundActivity *self = BGRUN_BACKGROUND_ACTIVITY (user_data);

  self->end_alarm = 0;
  release_and_notify (self);
}

/* The deadline is a wall-clock date, so that it fires late rather than
 * never across a suspend; but when the wall clock is set back the date
 * would move away, and the app would be held for longer than its
 * allowance. Then the deadline is pulled in to one allowance from now. */
static void
on_time_changed (BgrunClock      *clock,
                 BgrunTimeChange  change,
                 gpointer         user_data)
{
  BgrunBackgroundActivity *self = BGRUN_BACKGROUND_ACTIVITY (user_data);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  g_autoptr(GDateTime) latest = g_date_time_add_seconds (now, BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE);

  if (self->application == NULL || g_date_time_compare (self->expiration_date, latest) <= 0)
    return;

  g_clear_pointer (&self->expiration_date, g_date_time_unref);
  self->expiration_date = g_steal_pointer (&latest);
  arm_alarms (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRATION_DATE]);
}

/* Arms the end alarm, and the warning alarm unless it already fired. */
static void
arm_alarms (BgrunBackgroundActivity *self)
{
  g_autoptr(GDateTime) warning = g_date_time_add_seconds (self->expiration_date,
                                                          -BGRUN_BACKGROUND_ACTIVITY_WARNING);

  remove_alarms (self);
  if (!self->warned)
    self->warning_alarm = bgrun_clock_add_alarm (self->clock, warning,
                                                 on_warning_alarm, self, NULL);
  self->end_alarm = bgrun_clock_add_alarm (self->clock, self->expiration_date,
                                           on_end_alarm, self, NULL);
}

static void
bgrun_background_activity_dispose (GObject *object)
{
  BgrunBackgroundActivity *self = BGRUN_BACKGROUND_ACTIVITY (object);

  /* Dropping an active activity ends it: a hold must never outlive it. */
  release (self);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bgrun_background_activity_parent_class)->dispose (object);
}

static void
bgrun_background_activity_finalize (GObject *object)
{
  BgrunBackgroundActivity *self = BGRUN_BACKGROUND_ACTIVITY (object);

  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->expiration_date, g_date_time_unref);

  G_OBJECT_CLASS (bgrun_background_activity_parent_class)->finalize (object);
}

static void
bgrun_background_activity_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BgrunBackgroundActivity *self = BGRUN_BACKGROUND_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, bgrun_background_activity_get_active (self));
      break;
    case PROP_TIME_REMAINING:
      g_value_set_double (value, bgrun_background_activity_get_time_remaining (self));
      break;
    case PROP_EXPIRATION_DATE:
      g_value_set_boxed (value, self->expiration_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_background_activity_class_init (BgrunBackgroundActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_background_activity_dispose;
  object_class->finalize = bgrun_background_activity_finalize;
  object_class->get_property = bgrun_background_activity_get_property;

  /**
   * BgrunBackgroundActivity:reason:
   *
   * What the app finishes in the background, as given to
   * [ctor@Bgrun.BackgroundActivity.begin]; it appears in debug messages.
   */
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunBackgroundActivity:active:
   *
   * Whether the activity still holds the application. It turns %FALSE,
   * with a `notify`, when [method@Bgrun.BackgroundActivity.end] is called
   * or when the allowance runs out, and never turns %TRUE again.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * BgrunBackgroundActivity:time-remaining:
   *
   * The seconds left before the activity ends on its own, read from the
   * clock each time the property is read; 0 once the activity ended.
   *
   * The value falls continuously but is not notified as it does: `notify`
   * is emitted only when the activity ends and the value drops to 0. Read
   * it when needed (or poll it, say once a second, to show a countdown),
   * or connect to [signal@Bgrun.BackgroundActivity::expiring] to learn
   * that time is almost up.
   */
  properties[PROP_TIME_REMAINING] =
    g_param_spec_double ("time-remaining", NULL, NULL,
                         0.0, BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunBackgroundActivity:expiration-date:
   *
   * When the activity ends on its own: %BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE
   * seconds after it began, in UTC. It stays as it was when the activity
   * is ended early. If the wall clock is set back, the date is brought
   * forward so that the activity never lasts longer than its allowance
   * from the moment of the change, with a `notify`.
   */
  properties[PROP_EXPIRATION_DATE] =
    g_param_spec_boxed ("expiration-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunBackgroundActivity::expiring:
   * @self: the activity
   *
   * Emitted once, %BGRUN_BACKGROUND_ACTIVITY_WARNING seconds before the
   * activity runs out of time, unless it was ended before. Finish or save
   * what can be saved quickly and call
   * [method@Bgrun.BackgroundActivity.end]: when the time is up the
   * activity ends anyway.
   *
   * If the machine was suspended past the end, the signal is emitted on
   * resume, right before the activity ends.
   *
   * Emitted on the main context of the activity's clock.
   */
  signals[SIG_EXPIRING] =
    g_signal_new ("expiring",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bgrun_background_activity_init (BgrunBackgroundActivity *self)
{
}

/**
 * bgrun_background_activity_begin: (constructor)
 * @reason: what the app finishes, for debug messages, such as "Saving the
 *   document"; must not be empty
 * @error: return location for an error
 *
 * Keeps the app running for at most %BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE
 * seconds while it finishes @reason, even when the user closes its last
 * window. Call it before the work starts, and keep the returned activity
 * until the work is done; then call [method@Bgrun.BackgroundActivity.end]
 * or drop it.
 *
 * The default [class@Gio.Application] must exist: create the app's
 * application object first. Without one this fails with
 * %BGRUN_SCHEDULER_ERROR_UNAVAILABLE; a %NULL or empty @reason fails with
 * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST.
 *
 * The activity's times come from a new [class@Bgrun.SystemClock], whose
 * alarms fire on the thread-default main context of the caller.
 *
 * Returns: (transfer full): the active activity, or %NULL with @error set
 */
BgrunBackgroundActivity *
bgrun_background_activity_begin (const char  *reason,
                                 GError     **error)
{
  g_autoptr(BgrunClock) clock = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  clock = bgrun_system_clock_new ();
  return bgrun_background_activity_begin_with_clock (clock, reason, error);
}

/**
 * bgrun_background_activity_begin_with_clock: (constructor)
 * @clock: the clock that times the allowance
 * @reason: what the app finishes, for debug messages; must not be empty
 * @error: return location for an error
 *
 * Like [ctor@Bgrun.BackgroundActivity.begin], but the allowance is timed
 * by @clock, such as a [class@Bgrun.TestClock] in tests, or the clock the
 * app's scheduler uses. Its alarms fire on the clock's main context.
 *
 * Returns: (transfer full): the active activity, or %NULL with @error set
 */
BgrunBackgroundActivity *
bgrun_background_activity_begin_with_clock (BgrunClock  *clock,
                                            const char  *reason,
                                            GError     **error)
{
  BgrunBackgroundActivity *self;
  GApplication *application;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (BGRUN_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (reason == NULL || *reason == '\0')
    {
      g_set_error_literal (error, BGRUN_SCHEDULER_ERROR,
                           BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                           _("A background activity needs a reason: pass a short description of the work it finishes, such as “Saving the document”."));
      return NULL;
    }

  application = g_application_get_default ();
  if (application == NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR,
                   BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                   _("Cannot begin the background activity “%s”: there is no GApplication to keep running. A GApplication must exist: create the app’s application object (and register or run it) before beginning a background activity."),
                   reason);
      return NULL;
    }

  self = g_object_new (BGRUN_TYPE_BACKGROUND_ACTIVITY, NULL);
  self->clock = g_object_ref (clock);
  self->reason = g_strdup (reason);
  now = bgrun_clock_get_now (clock);
  self->expiration_date = g_date_time_add_seconds (now, BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE);

  self->application = g_object_ref (application);
  g_application_hold (application);
  arm_alarms (self);
  self->time_changed_id = g_signal_connect (clock, "time-changed",
                                            G_CALLBACK (on_time_changed), self);

  g_debug ("Background activity “%s” began, for %d s at most",
           reason, BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE);
  return self;
}

/**
 * bgrun_background_activity_end:
 * @self: an activity
 *
 * Ends the activity: releases the application, so the app quits if
 * nothing else holds it, and cancels
 * [signal@Bgrun.BackgroundActivity::expiring] if it has not been emitted
 * yet. Call it as soon as the work is done.
 *
 * Ending an activity that already ended, on its own or by an earlier
 * call, does nothing.
 */
void
bgrun_background_activity_end (BgrunBackgroundActivity *self)
{
  g_return_if_fail (BGRUN_IS_BACKGROUND_ACTIVITY (self));

  release_and_notify (self);
}

/**
 * bgrun_background_activity_get_reason:
 * @self: an activity
 *
 * Gets [property@Bgrun.BackgroundActivity:reason].
 *
 * Returns: (nullable): what the app finishes in the background
 */
const char *
bgrun_background_activity_get_reason (BgrunBackgroundActivity *self)
{
  g_return_val_if_fail (BGRUN_IS_BACKGROUND_ACTIVITY (self), NULL);
  return self->reason;
}

/**
 * bgrun_background_activity_get_active:
 * @self: an activity
 *
 * Gets [property@Bgrun.BackgroundActivity:active].
 *
 * Returns: whether the activity still holds the application
 */
gboolean
bgrun_background_activity_get_active (BgrunBackgroundActivity *self)
{
  g_return_val_if_fail (BGRUN_IS_BACKGROUND_ACTIVITY (self), FALSE);
  return self->application != NULL;
}

/**
 * bgrun_background_activity_get_time_remaining:
 * @self: an activity
 *
 * Gets [property@Bgrun.BackgroundActivity:time-remaining], read from the
 * activity's clock now.
 *
 * Returns: the seconds left before the activity ends on its own, or 0 when
 *   it has ended
 */
double
bgrun_background_activity_get_time_remaining (BgrunBackgroundActivity *self)
{
  g_autoptr(GDateTime) now = NULL;
  gint64 left;

  g_return_val_if_fail (BGRUN_IS_BACKGROUND_ACTIVITY (self), 0.0);

  if (self->application == NULL)
    return 0.0;

  now = bgrun_clock_get_now (self->clock);
  left = bgrun_time_to_usec (self->expiration_date) - bgrun_time_to_usec (now);
  left = CLAMP (left, 0, (gint64) BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE * G_USEC_PER_SEC);
  return (double) left / G_USEC_PER_SEC;
}

/**
 * bgrun_background_activity_get_expiration_date:
 * @self: an activity
 *
 * Gets [property@Bgrun.BackgroundActivity:expiration-date].
 *
 * Returns: (transfer none) (nullable): when the activity ends on its own,
 *   in UTC; %NULL only for an activity that was never begun
 */
GDateTime *
bgrun_background_activity_get_expiration_date (BgrunBackgroundActivity *self)
{
  g_return_val_if_fail (BGRUN_IS_BACKGROUND_ACTIVITY (self), NULL);
  return self->expiration_date;
}
