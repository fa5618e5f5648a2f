/* bgrun-progress-presenter.c: shows continued-processing progress
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-job-view-private.h"
#include "bgrun-progress-presenter-private.h"
#include "bgrun-task.h"

/* A continued-processing task is work the user started and is waiting
 * for, so its progress is shown while it runs, in two places:
 *
 * - a notification (when the app is a registered GApplication) with the
 *   title, the subtitle and the percentage, and a Cancel button that
 *   activates app.bgrun-cancel-task with the task's identifier;
 * - the launcher's progress bar, through the Unity LauncherEntry
 *   protocol: an `Update` signal on the session bus carrying the app's
 *   desktop file URI and `progress`/`progress-visible`, which docks and
 *   panels that show app progress listen for;
 * - a job in KDE Plasma's job tracker (bgrun-job-view.c), with its
 *   percentage and a Cancel that emits "cancel-requested" with the
 *   task's identifier, which the scheduler turns into the same expiry
 *   as the notification's button.
 *
 * Updates are throttled to BGRUN_PROGRESS_UPDATES_PER_SECOND per task (the
 * last value always gets through), and both are cleared when the task
 * ends. The launcher shows one bar per app: the mean of its tasks. */

#define LAUNCHER_INTERFACE "com.canonical.Unity.LauncherEntry"

struct _BgrunProgressPresenter
{
  GObject parent_instance;

  char            *app_id;
  GApplication    *application;
  GDBusConnection *bus;
  GCancellable    *cancellable;
  GPtrArray       *tasks;        /* of BgrunContinuedProcessingTask */
  GHashTable      *last_shown;   /* task → gint64 monotonic µs */
  GHashTable      *job_views;    /* task → BgrunJobView */
  GSource         *flush;        /* pending throttled update */
};

G_DEFINE_FINAL_TYPE (BgrunProgressPresenter, bgrun_progress_presenter, G_TYPE_OBJECT)

enum {
  SIG_CANCEL_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
notification_id (BgrunContinuedProcessingTask *task)
{
  return g_strconcat ("bgrun-task-", bgrun_task_get_identifier (BGRUN_TASK (task)), NULL);
}

static void
send_notification (BgrunProgressPresenter       *self,
                   BgrunContinuedProcessingTask *task)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  const char *subtitle = bgrun_continued_processing_task_get_subtitle (task);
  int percent = (int) (bgrun_continued_processing_task_get_fraction (task) * 100.0);

  if (self->application == NULL || !g_application_get_is_registered (self->application))
    return;

  body = subtitle != NULL && *subtitle != '\0'
         ? g_strdup_printf (_("%s — %d %% done"), subtitle, percent)
         : g_strdup_printf (_("%d %% done"), percent);
  notification = g_notification_new (bgrun_continued_processing_task_get_title (task));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_LOW);
  g_notification_add_button_with_target (notification, _("Cancel"),
                                         "app." BGRUN_CANCEL_TASK_ACTION, "s",
                                         bgrun_task_get_identifier (BGRUN_TASK (task)));
  id = notification_id (task);
  g_application_send_notification (self->application, id, notification);
}

static void
send_launcher_update (BgrunProgressPresenter *self)
{
  g_autofree char *uri = g_strconcat ("application://", self->app_id, ".desktop", NULL);
  GVariantBuilder properties;
  double sum = 0;

  if (self->bus == NULL)
    return;

  for (guint i = 0; i < self->tasks->len; i++)
    sum += bgrun_continued_processing_task_get_fraction (g_ptr_array_index (self->tasks, i));

  g_variant_builder_init (&properties, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&properties, "{sv}", "progress",
                         g_variant_new_double (self->tasks->len > 0 ? sum / self->tasks->len : 0.0));
  g_variant_builder_add (&properties, "{sv}", "progress-visible",
                         g_variant_new_boolean (self->tasks->len > 0));
  g_dbus_connection_emit_signal (self->bus, NULL, "/org/bgrun/LauncherEntry",
                                 LAUNCHER_INTERFACE, "Update",
                                 g_variant_new ("(sa{sv})", uri, &properties), NULL);
}

static void
update_job_view (BgrunProgressPresenter       *self,
                 BgrunContinuedProcessingTask *task)
{
  BgrunJobView *view = g_hash_table_lookup (self->job_views, task);
  const char *subtitle = bgrun_continued_processing_task_get_subtitle (task);

  bgrun_job_view_set_title (view, bgrun_continued_processing_task_get_title (task));
  bgrun_job_view_set_detail (view, "", subtitle != NULL ? subtitle : "");
  bgrun_job_view_set_percent (view, (guint) (bgrun_continued_processing_task_get_fraction (task) * 100.0));
}

static void
present (BgrunProgressPresenter       *self,
         BgrunContinuedProcessingTask *task)
{
  gint64 *shown = g_new (gint64, 1);

  *shown = g_get_monotonic_time ();
  g_hash_table_replace (self->last_shown, task, shown);
  send_notification (self, task);
  send_launcher_update (self);
  update_job_view (self, task);
}

static void
on_job_view_cancel (BgrunJobView           *view,
                    BgrunProgressPresenter *self)
{
  GHashTableIter iter;
  gpointer task, task_view;

  g_hash_table_iter_init (&iter, self->job_views);
  while (g_hash_table_iter_next (&iter, &task, &task_view))
    if (task_view == view)
      {
        g_signal_emit (self, signals[SIG_CANCEL_REQUESTED], 0,
                       bgrun_task_get_identifier (BGRUN_TASK (task)));
        return;
      }
}

static gboolean
on_flush (gpointer user_data)
{
  BgrunProgressPresenter *self = user_data;

  g_clear_pointer (&self->flush, g_source_unref);
  for (guint i = 0; i < self->tasks->len; i++)
    present (self, g_ptr_array_index (self->tasks, i));
  return G_SOURCE_REMOVE;
}

static void
on_progress (BgrunContinuedProcessingTask *task,
             GParamSpec                   *pspec,
             BgrunProgressPresenter       *self)
{
  gint64 *last = g_hash_table_lookup (self->last_shown, task);
  gint64 interval = G_USEC_PER_SEC / BGRUN_PROGRESS_UPDATES_PER_SECOND;
  gint64 now = g_get_monotonic_time ();

  if (last == NULL || now - *last >= interval)
    {
      present (self, task);
      return;
    }
  /* Too soon: one deferred update carries the latest values. */
  if (self->flush == NULL)
    {
      self->flush = g_timeout_source_new ((guint) ((*last + interval - now) / 1000) + 1);
      g_source_set_callback (self->flush, on_flush, self, NULL);
      g_source_set_static_name (self->flush, "[libbgrun] progress update");
      g_source_attach (self->flush, g_main_context_get_thread_default ());
    }
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("libbgrun: no session bus, no launcher progress: %s", error->message);
      return;
    }
  BGRUN_PROGRESS_PRESENTER (user_data)->bus = bus;
  send_launcher_update (BGRUN_PROGRESS_PRESENTER (user_data));
}

static void
bgrun_progress_presenter_dispose (GObject *object)
{
  BgrunProgressPresenter *self = BGRUN_PROGRESS_PRESENTER (object);

  g_cancellable_cancel (self->cancellable);
  while (self->tasks->len > 0)
    bgrun_progress_presenter_hide (self, g_ptr_array_index (self->tasks, 0));
  if (self->flush != NULL)
    g_source_destroy (self->flush);
  g_clear_pointer (&self->flush, g_source_unref);
  g_clear_object (&self->bus);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (bgrun_progress_presenter_parent_class)->dispose (object);
}

static void
bgrun_progress_presenter_finalize (GObject *object)
{
  BgrunProgressPresenter *self = BGRUN_PROGRESS_PRESENTER (object);

  g_ptr_array_unref (self->tasks);
  g_hash_table_unref (self->last_shown);
  g_hash_table_unref (self->job_views);
  g_object_unref (self->cancellable);
  g_free (self->app_id);

  G_OBJECT_CLASS (bgrun_progress_presenter_parent_class)->finalize (object);
}

static void
bgrun_progress_presenter_class_init (BgrunProgressPresenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_progress_presenter_dispose;
  object_class->finalize = bgrun_progress_presenter_finalize;

  /* The user asked to cancel the task with this identifier. */
  signals[SIG_CANCEL_REQUESTED] =
    g_signal_new ("cancel-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bgrun_progress_presenter_init (BgrunProgressPresenter *self)
{
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_shown = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->job_views = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->cancellable = g_cancellable_new ();
}

BgrunProgressPresenter *
bgrun_progress_presenter_new (const char   *app_id,
                              GApplication *application)
{
  BgrunProgressPresenter *self = g_object_new (BGRUN_TYPE_PROGRESS_PRESENTER, NULL);

  self->app_id = g_strdup (app_id);
  g_set_object (&self->application, application);
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_bus, self);
  return self;
}

void
bgrun_progress_presenter_show (BgrunProgressPresenter       *self,
                               BgrunContinuedProcessingTask *task)
{
  BgrunJobView *view = bgrun_job_view_new (self->app_id, BGRUN_JOB_VIEW_KILLABLE);

  g_signal_connect_object (view, "cancel-requested", G_CALLBACK (on_job_view_cancel), self, 0);
  g_hash_table_replace (self->job_views, task, view);
  g_ptr_array_add (self->tasks, g_object_ref (task));
  g_signal_connect_object (task, "notify::fraction", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (task, "notify::title", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (task, "notify::subtitle", G_CALLBACK (on_progress), self, 0);
  present (self, task);
}

void
bgrun_progress_presenter_hide (BgrunProgressPresenter       *self,
                               BgrunContinuedProcessingTask *task)
{
  g_autofree char *id = notification_id (task);
  BgrunJobView *view = g_hash_table_lookup (self->job_views, task);

  g_signal_handlers_disconnect_by_data (task, self);
  g_hash_table_remove (self->last_shown, task);
  if (view != NULL)
    {
      g_signal_handlers_disconnect_by_data (view, self);
      bgrun_job_view_finish (view, NULL);
      g_hash_table_remove (self->job_views, task);
    }
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, id);
  g_ptr_array_remove (self->tasks, task);
  send_launcher_update (self);
}
