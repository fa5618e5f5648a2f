/* bgrun-job-view.c: a job in KDE Plasma's job tracker
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-job-view-private.h"

#define TRACKER_NAME       "org.kde.kuiserver"
#define TRACKER_PATH       "/JobViewServer"
#define TRACKER_INTERFACE  "org.kde.JobViewServer"
#define VIEW_INTERFACE     "org.kde.JobViewV2"

/* What changed since the last update was sent. */
typedef enum {
  CHANGED_TITLE     = 1 << 0,
  CHANGED_DETAIL    = 1 << 1,
  CHANGED_PERCENT   = 1 << 2,
  CHANGED_AMOUNTS   = 1 << 3,
  CHANGED_SPEED     = 1 << 4,
  CHANGED_SUSPENDED = 1 << 5,
} Changed;

struct _BgrunJobView
{
  GObject parent_instance;

  char            *app_id;
  BgrunJobViewCapabilities capabilities;
  GDBusConnection *bus;
  char            *path;          /* the view, once the tracker gave it */
  guint            subscription;
  GCancellable    *cancellable;
  GSource         *flush;

  Changed          changed;
  char            *title;
  char            *detail_label;
  char            *detail_value;
  guint            percent;
  guint64          processed;
  guint64          total;
  guint64          speed;
  gboolean         suspended;
  gboolean         finished;
  char            *error_message;
};

G_DEFINE_FINAL_TYPE (BgrunJobView, bgrun_job_view, G_TYPE_OBJECT)

enum {
  SIG_CANCEL_REQUESTED,
  SIG_SUSPEND_REQUESTED,
  SIG_RESUME_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
call_view (BgrunJobView *self,
           const char   *method,
           GVariant     *parameters)
{
  g_dbus_connection_call (self->bus, TRACKER_NAME, self->path, VIEW_INTERFACE, method,
                          parameters, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          NULL, NULL, NULL);
}

static void
send_changes (BgrunJobView *self)
{
  Changed changed = self->changed;

  self->changed = 0;
  if (changed & CHANGED_TITLE)
    call_view (self, "setInfoMessage", g_variant_new ("(s)", self->title));
  if (changed & CHANGED_DETAIL)
    call_view (self, "setDescriptionField",
               g_variant_new ("(uss)", 0, self->detail_label, self->detail_value));
  if (changed & CHANGED_AMOUNTS)
    {
      call_view (self, "setTotalAmount", g_variant_new ("(ts)", self->total, "bytes"));
      call_view (self, "setProcessedAmount", g_variant_new ("(ts)", self->processed, "bytes"));
    }
  if (changed & CHANGED_PERCENT)
    call_view (self, "setPercent", g_variant_new ("(u)", self->percent));
  if (changed & CHANGED_SPEED)
    call_view (self, "setSpeed", g_variant_new ("(t)", self->speed));
  if (changed & CHANGED_SUSPENDED)
    call_view (self, "setSuspended", g_variant_new ("(b)", self->suspended));
}

static void
send_end (BgrunJobView *self)
{
  send_changes (self);
  call_view (self, "terminate",
             g_variant_new ("(s)", self->error_message != NULL ? self->error_message : ""));
  if (self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->subscription);
  self->subscription = 0;
}

static gboolean
on_flush (gpointer user_data)
{
  BgrunJobView *self = user_data;

  g_clear_pointer (&self->flush, g_source_unref);
  send_changes (self);
  return G_SOURCE_REMOVE;
}

/* Something changed: sent with the next update, once there is a view. */
static void
schedule (BgrunJobView *self,
          Changed       what)
{
  self->changed |= what;
  if (self->path == NULL || self->finished || self->flush != NULL)
    return;
  self->flush = g_timeout_source_new (1000 / BGRUN_JOB_VIEW_UPDATES_PER_SECOND);
  g_source_set_callback (self->flush, on_flush, self, NULL);
  g_source_set_static_name (self->flush, "[libbgrun] job view update");
  g_source_attach (self->flush, g_main_context_get_thread_default ());
}

static void
on_view_signal (GDBusConnection *bus,
                const char      *sender,
                const char      *path,
                const char      *interface,
                const char      *name,
                GVariant        *parameters,
                gpointer         user_data)
{
  BgrunJobView *self = user_data;

  if (g_str_equal (name, "cancelRequested"))
    g_signal_emit (self, signals[SIG_CANCEL_REQUESTED], 0);
  else if (g_str_equal (name, "suspendRequested"))
    g_signal_emit (self, signals[SIG_SUSPEND_REQUESTED], 0);
  else if (g_str_equal (name, "resumeRequested"))
    g_signal_emit (self, signals[SIG_RESUME_REQUESTED], 0);
}

static void
on_view (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BgrunJobView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("libbgrun: no job view in a job tracker: %s", error->message);
      return;
    }
  g_variant_get (reply, "(o)", &self->path);
  self->subscription =
    g_dbus_connection_signal_subscribe (self->bus, TRACKER_NAME, VIEW_INTERFACE, NULL, self->path,
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_view_signal,
                                        self, NULL);
  if (self->finished)
    send_end (self);
  else
    send_changes (self);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BgrunJobView) self = user_data;
  g_autoptr(GError) error = NULL;

  self->bus = g_bus_get_finish (result, &error);
  if (self->bus == NULL)
    {
      g_debug ("libbgrun: no session bus, no job view: %s", error->message);
      return;
    }
  /* A job that ended before the bus was there is not shown at all. */
  if (self->finished)
    return;
  /* The app's id names it and its icon, as in its desktop file. */
  g_dbus_connection_call (self->bus, TRACKER_NAME, TRACKER_PATH, TRACKER_INTERFACE, "requestView",
                          g_variant_new ("(ssi)", self->app_id, self->app_id, (gint32) self->capabilities),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->cancellable, on_view, g_object_ref (self));
}

static void
bgrun_job_view_dispose (GObject *object)
{
  BgrunJobView *self = BGRUN_JOB_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->flush != NULL)
    g_source_destroy (self->flush);
  g_clear_pointer (&self->flush, g_source_unref);
  if (self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->subscription);
  self->subscription = 0;
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (bgrun_job_view_parent_class)->dispose (object);
}

static void
bgrun_job_view_finalize (GObject *object)
{
  BgrunJobView *self = BGRUN_JOB_VIEW (object);

  g_object_unref (self->cancellable);
  g_free (self->app_id);
  g_free (self->path);
  g_free (self->title);
  g_free (self->detail_label);
  g_free (self->detail_value);
  g_free (self->error_message);

  G_OBJECT_CLASS (bgrun_job_view_parent_class)->finalize (object);
}

static void
bgrun_job_view_class_init (BgrunJobViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_job_view_dispose;
  object_class->finalize = bgrun_job_view_finalize;

  signals[SIG_CANCEL_REQUESTED] =
    g_signal_new ("cancel-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_SUSPEND_REQUESTED] =
    g_signal_new ("suspend-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_RESUME_REQUESTED] =
    g_signal_new ("resume-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_job_view_init (BgrunJobView *self)
{
  self->cancellable = g_cancellable_new ();
  self->title = g_strdup ("");
  self->detail_label = g_strdup ("");
  self->detail_value = g_strdup ("");
}

BgrunJobView *
bgrun_job_view_new (const char               *app_id,
                    BgrunJobViewCapabilities  capabilities)
{
  BgrunJobView *self = g_object_new (BGRUN_TYPE_JOB_VIEW, NULL);

  self->app_id = g_strdup (app_id != NULL ? app_id : "");
  self->capabilities = capabilities;
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_bus, g_object_ref (self));
  return self;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
}

void
bgrun_job_view_set_title (BgrunJobView *self,
                          const char   *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  replace (&self->title, title);
  schedule (self, CHANGED_TITLE);
}

void
bgrun_job_view_set_detail (BgrunJobView *self,
                           const char   *label,
                           const char   *value)
{
  if (g_strcmp0 (self->detail_label, label) == 0 && g_strcmp0 (self->detail_value, value) == 0)
    return;
  replace (&self->detail_label, label);
  replace (&self->detail_value, value);
  schedule (self, CHANGED_DETAIL);
}

void
bgrun_job_view_set_percent (BgrunJobView *self,
                            guint         percent)
{
  percent = MIN (percent, 100);
  if (self->percent == percent)
    return;
  self->percent = percent;
  schedule (self, CHANGED_PERCENT);
}

void
bgrun_job_view_set_amounts (BgrunJobView *self,
                            guint64       processed,
                            guint64       total)
{
  if (self->processed == processed && self->total == total)
    return;
  self->processed = processed;
  self->total = total;
  schedule (self, CHANGED_AMOUNTS);
}

void
bgrun_job_view_set_speed (BgrunJobView *self,
                          guint64       bytes_per_second)
{
  if (self->speed == bytes_per_second)
    return;
  self->speed = bytes_per_second;
  schedule (self, CHANGED_SPEED);
}

void
bgrun_job_view_set_suspended (BgrunJobView *self,
                              gboolean      suspended)
{
  if (self->suspended == !!suspended)
    return;
  self->suspended = !!suspended;
  schedule (self, CHANGED_SUSPENDED);
}

void
bgrun_job_view_finish (BgrunJobView *self,
                       const char   *error_message)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  self->error_message = g_strdup (error_message);
  if (self->flush != NULL)
    g_source_destroy (self->flush);
  g_clear_pointer (&self->flush, g_source_unref);
  if (self->path != NULL)
    send_end (self);
}
