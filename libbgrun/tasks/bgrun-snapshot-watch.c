/* bgrun-snapshot-watch.c: when the app gets its snapshot tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-windows-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-snapshot-watch-private.h"
#include "bgrun-task-triggers-private.h"
#include "bgrun-time-private.h"

#define BGRUN_TYPE_SNAPSHOT_WATCH (bgrun_snapshot_watch_get_type ())
G_DECLARE_FINAL_TYPE (BgrunSnapshotWatch, bgrun_snapshot_watch, BGRUN, SNAPSHOT_WATCH, GObject)

struct _BgrunSnapshotWatch
{
  GObject          parent_instance;
  GWeakRef         placement;
  BgrunClock      *clock;
  BgrunAppWindows *windows;        /* a GtkApplication's windows; NULL: none */
  guint            default_alarm;  /* RETURN_TO_DEFAULT_STATE, while in the background */
  gboolean         in_front;
  gboolean         activated;      /* the GApplication's `activate` was emitted */
  gboolean         started_a_task; /* this process ran a task already */
};

G_DEFINE_FINAL_TYPE (BgrunSnapshotWatch, bgrun_snapshot_watch, G_TYPE_OBJECT)

#define WATCH_KEY     "bgrun-snapshot-watch"
#define PLACEMENT_KEY "bgrun-snapshot-placement"

gboolean
bgrun_snapshot_watch_schedule (BgrunPlacement       *placement,
                               BgrunSnapshotReason   reason,
                               gint64                begin,
                               GVariant             *user_info,
                               GError              **error)
{
  g_autoptr(GEnumClass) reasons = g_type_class_ref (BGRUN_TYPE_SNAPSHOT_REASON);
  g_autoptr(GVariant) owned = user_info != NULL ? g_variant_ref_sink (user_info) : NULL;
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (owned);

  g_variant_dict_insert (&data, "reason", "s", g_enum_get_value (reasons, reason)->value_nick);
  if (begin > 0)
    g_variant_dict_insert (&data, "begin", "x", begin);
  return bgrun_task_trigger_report (placement, BGRUN_REQUEST_KIND_SNAPSHOT, g_variant_dict_end (&data),
                                    error);
}

static void
schedule_now (BgrunSnapshotWatch  *self,
              BgrunSnapshotReason  reason)
{
  g_autoptr(BgrunPlacement) placement = g_weak_ref_get (&self->placement);
  g_autoptr(GError) error = NULL;

  if (placement == NULL || !bgrun_task_triggers_subscribed (placement, BGRUN_REQUEST_KIND_SNAPSHOT))
    return;
  if (!bgrun_snapshot_watch_schedule (placement, reason, 0, NULL, &error))
    g_warning ("libbgrun: cannot start the app’s snapshot task: %s", error->message);
}

static void
on_return_to_default (BgrunClock *clock,
                      gpointer    user_data)
{
  BgrunSnapshotWatch *self = user_data;

  self->default_alarm = 0;
  schedule_now (self, BGRUN_SNAPSHOT_REASON_RETURN_TO_DEFAULT_STATE);
}

/* The app came to the front (a window shown) or left it (its last window
 * hidden or minimised; the scheduler's frontmost turned FALSE for an app
 * that is no GtkApplication). */
static void
set_in_front (BgrunSnapshotWatch *self,
              gboolean            in_front)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) then = NULL;

  if (in_front == self->in_front)
    return;
  self->in_front = in_front;
  if (self->default_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->default_alarm);
  self->default_alarm = 0;
  if (in_front)
    return;
  schedule_now (self, BGRUN_SNAPSHOT_REASON_APP_BACKGROUNDED);
  now = bgrun_clock_get_now (self->clock);
  then = g_date_time_add_seconds (now, BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY);
  self->default_alarm = bgrun_clock_add_alarm (self->clock, then, on_return_to_default, self, NULL);
}

static void
on_frontmost (BgrunScheduler     *scheduler,
              GParamSpec         *pspec,
              BgrunSnapshotWatch *self)
{
  set_in_front (self, bgrun_scheduler_get_frontmost (scheduler));
}

static void
on_shown (BgrunAppWindows    *windows,
          GParamSpec         *pspec,
          BgrunSnapshotWatch *self)
{
  set_in_front (self, bgrun_app_windows_get_shown (windows));
}

static void
on_activate (BgrunSnapshotWatch *self)
{
  self->activated = TRUE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_task_started (BgrunPlacement     *placement,
                 BgrunTask          *task,
                 BgrunSnapshotWatch *self)
{
  gboolean first = !self->started_a_task;

  self->started_a_task = TRUE;
  if (BGRUN_IS_SNAPSHOT_REFRESH_TASK (task))
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, placement);
      g_object_set_data_full (G_OBJECT (task), PLACEMENT_KEY, ref, weak_ref_free);
      return;
    }
  /* Started in the background for this task, and never shown: the user
   * has not seen the app yet; its first view may be prepared now. */
  if (first && !self->activated && !self->in_front &&
      bgrun_placement_get_application (placement) != NULL)
    schedule_now (self, BGRUN_SNAPSHOT_REASON_PRELAUNCH);
}

void
bgrun_snapshot_watch_expires (BgrunTask *task,
                              GDateTime *when,
                              GVariant  *user_info)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (task), PLACEMENT_KEY);
  g_autoptr(BgrunPlacement) placement = ref != NULL ? g_weak_ref_get (ref) : NULL;
  g_autoptr(GError) error = NULL;

  if (placement != NULL &&
      !bgrun_snapshot_watch_schedule (placement, BGRUN_SNAPSHOT_REASON_APP_SCHEDULED,
                                      bgrun_time_to_usec (when), user_info, &error))
    g_warning ("libbgrun: cannot schedule the app’s next snapshot: %s", error->message);
}

static void
bgrun_snapshot_watch_dispose (GObject *object)
{
  BgrunSnapshotWatch *self = BGRUN_SNAPSHOT_WATCH (object);

  if (self->default_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->default_alarm);
  self->default_alarm = 0;
  g_clear_object (&self->windows);
  g_clear_object (&self->clock);
  g_weak_ref_set (&self->placement, NULL);

  G_OBJECT_CLASS (bgrun_snapshot_watch_parent_class)->dispose (object);
}

static void
bgrun_snapshot_watch_finalize (GObject *object)
{
  g_weak_ref_clear (&BGRUN_SNAPSHOT_WATCH (object)->placement);

  G_OBJECT_CLASS (bgrun_snapshot_watch_parent_class)->finalize (object);
}

static void
bgrun_snapshot_watch_class_init (BgrunSnapshotWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_snapshot_watch_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_snapshot_watch_finalize;
}

static void
bgrun_snapshot_watch_init (BgrunSnapshotWatch *self)
{
  g_weak_ref_init (&self->placement, NULL);
}

void
bgrun_snapshot_watch_attach (BgrunPlacement *placement)
{
  BgrunScheduler *scheduler = bgrun_placement_get_scheduler (placement);
  GApplication *application = bgrun_placement_get_application (placement);
  BgrunSnapshotWatch *self;

  if (scheduler == NULL)
    return;
  self = g_object_new (BGRUN_TYPE_SNAPSHOT_WATCH, NULL);
  g_weak_ref_set (&self->placement, placement);
  self->clock = g_object_ref (bgrun_placement_get_clock (placement));
  g_signal_connect_object (placement, "task-started", G_CALLBACK (on_task_started), self, 0);
  if (application != NULL)
    {
      self->windows = bgrun_app_windows_new (application);
      g_signal_connect_object (application, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
    }
  /* A GTK app is in front while it shows a window; any other, while its
   * scheduler is frontmost. */
  if (self->windows != NULL)
    {
      self->in_front = bgrun_app_windows_get_shown (self->windows);
      g_signal_connect_object (self->windows, "notify::shown", G_CALLBACK (on_shown), self, 0);
    }
  else
    {
      self->in_front = bgrun_scheduler_get_frontmost (scheduler);
      g_signal_connect_object (scheduler, "notify::frontmost", G_CALLBACK (on_frontmost), self, 0);
    }
  bgrun_placement_attach (placement, WATCH_KEY, self);
}
