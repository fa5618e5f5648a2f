/* bgrun-ongoing-registry.c: what an app's ongoing sessions share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bgrun-dbus-broker-private.h"
#include "bgrun-extended-runtime-registry-private.h"
#include "bgrun-extended-runtime-session-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-ongoing-notification-private.h"
#include "bgrun-ongoing-registry-private.h"
#include "bgrun-ongoing-session-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-time-private.h"

/* One running session in the record: the process, when that process
 * started (so a process id the kernel gave to another process since does
 * not pass for the one that died), the session's id and its title. */
#define RECORD_TYPE G_VARIANT_TYPE ("a(xtus)")

struct _BgrunOngoingRegistry
{
  GObject parent_instance;

  BgrunScheduler           *scheduler;     /* owns the registry */
  GApplication             *application;
  BgrunKeepAlive           *keep_alive;
  GPtrArray                *running;       /* of BgrunOngoingSession, not owned */
  BgrunOngoingNotification *notification;
  char                     *record_path;   /* embedded placement */
  BgrunDbusBroker          *daemon;        /* daemon placement */
  BgrunExtendedRuntimeRegistry *extended;  /* reported with ours, to bgrund */
  char                     *history_identifier;
  guint                     last_id;
  gboolean                  record_exit;   /* shutting down, embedded */
  gboolean                  action_installed;
  gboolean                  reports_deferred;
};

G_DEFINE_FINAL_TYPE (BgrunOngoingRegistry, bgrun_ongoing_registry, G_TYPE_OBJECT)

/* ---- the record ------------------------------------------------------- */

/* When process @pid started, in clock ticks since boot (field 22 of
 * /proc/PID/stat), or 0 when it does not run (a zombie, dead but not yet
 * reaped by its parent, does not run). */
static guint64
process_start_time (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* The command name, in parentheses, may hold spaces and parentheses:
   * the fields that count come after its last ')'. */
  after_name = strrchr (contents, ')');
  if (after_name == NULL)
    return 0;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* Field 3 (state) is fields[0], so field 22 is fields[19]. */
  if (g_strv_length (fields) < 20 || g_str_equal (fields[0], "Z") || g_str_equal (fields[0], "X"))
    return 0;
  return g_ascii_strtoull (fields[19], NULL, 10);
}

static GVariant *
load_record (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GVariant) record = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("libbgrun: cannot read the record of ongoing sessions: %s", error->message);
      return NULL;
    }
  record = g_variant_ref_sink (g_variant_new_from_data (RECORD_TYPE, g_steal_pointer (&contents),
                                                        length, FALSE, g_free, NULL));
  if (!g_variant_is_normal_form (record))
    {
      g_debug ("libbgrun: ignoring %s: it is not a record of ongoing sessions", path);
      return NULL;
    }
  return g_steal_pointer (&record);
}

static gboolean
entry_alive (gint64  pid,
             guint64 start_time)
{
  return pid > 0 && start_time != 0 && process_start_time (pid) == start_time;
}

/* Writes the record: the entries of other live processes of the app as
 * they were, and this process's running sessions. */
static void
save_record (BgrunOngoingRegistry *self)
{
  g_autoptr(GVariant) old = load_record (self->record_path);
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_path_get_dirname (self->record_path);
  gint64 me = getpid ();
  guint64 my_start = process_start_time (me);
  GVariantBuilder builder;
  gboolean empty = TRUE;

  g_variant_builder_init (&builder, RECORD_TYPE);
  if (old != NULL)
    {
      GVariantIter iter;
      gint64 pid;
      guint64 start;
      guint id;
      const char *title;

      g_variant_iter_init (&iter, old);
      while (g_variant_iter_next (&iter, "(xtu&s)", &pid, &start, &id, &title))
        if (pid != me && entry_alive (pid, start))
          {
            g_variant_builder_add (&builder, "(xtus)", pid, start, id, title);
            empty = FALSE;
          }
    }
  for (guint i = 0; i < self->running->len; i++)
    {
      BgrunOngoingSession *session = g_ptr_array_index (self->running, i);

      g_variant_builder_add (&builder, "(xtus)", me, my_start,
                             bgrun_ongoing_session_get_id (session),
                             bgrun_ongoing_session_get_title (session));
      empty = FALSE;
    }
  record = g_variant_ref_sink (g_variant_builder_end (&builder));

  if (empty)
    {
      if (g_unlink (self->record_path) != 0 && errno != ENOENT)
        g_debug ("libbgrun: cannot remove %s: %s", self->record_path, g_strerror (errno));
      return;
    }
  if (g_mkdir_with_parents (directory, 0700) != 0 ||
      !g_file_set_contents_full (self->record_path, g_variant_get_data (record),
                                 g_variant_get_size (record), G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    g_warning ("libbgrun: cannot record the running ongoing sessions in %s, so a crash will go unnoticed: %s",
               self->record_path, error != NULL ? error->message : g_strerror (errno));
}

/* Sessions an earlier process of the app left running when it died: each
 * gets its history entry, and what that process showed is taken back. */
static void
sweep_record (BgrunOngoingRegistry *self)
{
  g_autoptr(GVariant) record = load_record (self->record_path);
  GVariantIter iter;
  gint64 pid;
  guint64 start;
  guint id;
  const char *title;
  guint n_dead = 0;

  if (record == NULL)
    return;
  g_variant_iter_init (&iter, record);
  while (g_variant_iter_next (&iter, "(xtu&s)", &pid, &start, &id, &title))
    {
      g_autofree char *message = NULL;

      /* This process's own entries are alive too: another scheduler of
       * the app in this process runs them. */
      if (entry_alive (pid, start))
        continue;
      message = g_strdup_printf (_("The ongoing session “%s” was still running when process %" PRId64 " of the app ended (it exited or crashed without stopping it). Stop ongoing sessions before the app quits."),
                                 title, pid);
      bgrun_scheduler_record_history (self->scheduler, self->history_identifier,
                                      BGRUN_HISTORY_EVENT_APP_EXITED, message);
      n_dead++;
    }
  if (n_dead == 0)
    return;
  /* The notification id is the app's, not the process's: where the
   * backend knows it by name (org.gtk.Notifications, the portal), the dead
   * process's notification goes. */
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, BGRUN_ONGOING_NOTIFICATION_ID);
  save_record (self);
}

/* The id the app's running extended runtime session (at most one) is
 * reported with: ongoing sessions count from 1. */
#define EXTENDED_ID 0

/* In the daemon placement, bgrund keeps the record: it sees the app's
 * connection go, whichever way the process ends. The report has the
 * extended runtime session too, for bgrunctl. */
static GVariant *
sessions_report (BgrunOngoingRegistry *self)
{
  BgrunExtendedRuntimeSession *extended = bgrun_extended_runtime_registry_get_running (self->extended);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  if (extended != NULL)
    {
      GVariantDict dict;
      GDateTime *expiration = bgrun_extended_runtime_session_get_expiration_date (extended);

      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "kind", "s", "extended-runtime");
      g_variant_dict_insert (&dict, "id", "u", EXTENDED_ID);
      g_variant_dict_insert (&dict, "title", "s", bgrun_extended_runtime_session_type_name (extended));
      if (expiration != NULL)
        g_variant_dict_insert (&dict, "expiration-date", "x", bgrun_time_to_usec (expiration));
      g_variant_builder_add_value (&builder, g_variant_dict_end (&dict));
    }
  for (guint i = 0; i < self->running->len; i++)
    {
      BgrunOngoingSession *session = g_ptr_array_index (self->running, i);
      GVariantDict dict;

      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "kind", "s", "ongoing");
      g_variant_dict_insert (&dict, "id", "u", bgrun_ongoing_session_get_id (session));
      g_variant_dict_insert (&dict, "title", "s", bgrun_ongoing_session_get_title (session));
      g_variant_builder_add_value (&builder, g_variant_dict_end (&dict));
    }
  return g_variant_builder_end (&builder);
}

static void
report_to_daemon (BgrunOngoingRegistry *self)
{
  if (!self->reports_deferred)
    bgrun_dbus_broker_set_sessions (self->daemon, "ongoing", sessions_report (self));
}

void
bgrun_ongoing_registry_defer_reports (BgrunOngoingRegistry *self,
                                      gboolean              deferred)
{
  self->reports_deferred = deferred;
}

static void
on_reported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!bgrun_dbus_broker_set_sessions_finish (BGRUN_DBUS_BROKER (source), result, &error))
    g_warning ("libbgrun: SetSessions failed: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
bgrun_ongoing_registry_report_async (BgrunOngoingRegistry *self,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, bgrun_ongoing_registry_report_async);
  if (self->daemon == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  bgrun_dbus_broker_set_sessions_async (self->daemon, "ongoing", sessions_report (self), cancellable,
                                        on_reported, task);
}

gboolean
bgrun_ongoing_registry_report_finish (BgrunOngoingRegistry  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_daemon_stop (BgrunOngoingRegistry *self,
                guint                 id)
{
  BgrunExtendedRuntimeSession *extended = bgrun_extended_runtime_registry_get_running (self->extended);

  if (id == EXTENDED_ID)
    {
      if (extended != NULL)
        bgrun_extended_runtime_session_invalidate (extended);
      return;
    }
  if (!bgrun_ongoing_registry_stop_by_user (self, id))
    g_debug ("libbgrun: bgrund asked to stop ongoing session %u, which no longer runs", id);
}

/* ---- the Stop action -------------------------------------------------- */

static void
on_stop_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  BgrunOngoingRegistry *self = user_data;
  guint64 id;

  if (parameter == NULL || !g_ascii_string_to_unsigned (g_variant_get_string (parameter, NULL), 10,
                                                        1, G_MAXUINT, &id, NULL))
    return;
  if (!bgrun_ongoing_registry_stop_by_user (self, (guint) id))
    g_debug ("libbgrun: Stop for ongoing session %" G_GUINT64_FORMAT ", which no longer runs", id);
}

static void
install_action (BgrunOngoingRegistry *self)
{
  g_autoptr(GSimpleAction) action = NULL;

  if (self->action_installed || self->application == NULL)
    return;
  action = g_simple_action_new (BGRUN_ONGOING_STOP_ACTION, G_VARIANT_TYPE_STRING);
  g_signal_connect_object (action, "activate", G_CALLBACK (on_stop_activated), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->application), G_ACTION (action));
  self->action_installed = TRUE;
}

static void
remove_action (BgrunOngoingRegistry *self)
{
  if (!self->action_installed)
    return;
  g_action_map_remove_action (G_ACTION_MAP (self->application), BGRUN_ONGOING_STOP_ACTION);
  self->action_installed = FALSE;
}

/* ---- the app quitting ------------------------------------------------- */

/* The app quits with sessions running (its main loop is over, so nothing
 * deferred would happen): each ends with APP_EXITED, and is recorded so,
 * while the app can still wind it down, and the notification goes now. */
static void
on_shutdown (BgrunOngoingRegistry *self)
{
  g_autoptr(GPtrArray) ending = g_ptr_array_new_with_free_func (g_object_unref);

  /* With bgrund, the report stays as it is: bgrund records the sessions
   * when the app's connection goes (history recorded here would stay in
   * this process). */
  if (self->daemon != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->daemon, self);
      g_clear_object (&self->daemon);
    }
  else
    self->record_exit = TRUE;
  for (guint i = 0; i < self->running->len; i++)
    g_ptr_array_add (ending, g_object_ref (g_ptr_array_index (self->running, i)));
  for (guint i = 0; i < ending->len; i++)
    {
      BgrunOngoingSession *session = g_ptr_array_index (ending, i);
      g_autofree char *message =
        g_strdup_printf (_("The ongoing session “%s” was still running when the app quit, so it ended with the app. Stop ongoing sessions before the app quits."),
                         bgrun_ongoing_session_get_title (session));

      if (self->record_exit && self->scheduler != NULL)
        bgrun_scheduler_record_history (self->scheduler, self->history_identifier,
                                        BGRUN_HISTORY_EVENT_APP_EXITED, message);
      bgrun_ongoing_session_end (session, BGRUN_ONGOING_END_REASON_APP_EXITED, NULL);
    }
  if (self->notification != NULL)
    bgrun_ongoing_notification_withdraw_now (self->notification);
}

/* ---- denial ----------------------------------------------------------- */

static void
on_background_denied (BgrunOngoingRegistry *self)
{
  g_autoptr(GPtrArray) ending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *message = NULL;

  if (self->running->len == 0)
    return;
  /* Translators: why an ongoing session ended; "Settings ▸ Apps" is
   * GNOME Settings' page where each app's "Run in Background" switch is. */
  message = g_strdup_printf (_("The desktop does not let “%s” run in the background, so its ongoing sessions were stopped. Allow it in Settings ▸ Apps ▸ %s (“Run in Background”), then start the session again."),
                             bgrun_scheduler_get_app_id (self->scheduler),
                             bgrun_scheduler_get_app_id (self->scheduler));
  for (guint i = 0; i < self->running->len; i++)
    g_ptr_array_add (ending, g_object_ref (g_ptr_array_index (self->running, i)));
  for (guint i = 0; i < ending->len; i++)
    bgrun_ongoing_session_end (g_ptr_array_index (ending, i), BGRUN_ONGOING_END_REASON_DENIED,
                               message);
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_ongoing_registry_dispose (GObject *object)
{
  BgrunOngoingRegistry *self = BGRUN_ONGOING_REGISTRY (object);

  remove_action (self);
  g_clear_object (&self->notification);
  if (self->daemon != NULL)
    g_signal_handlers_disconnect_by_data (self->daemon, self);
  g_clear_object (&self->daemon);
  if (self->extended != NULL)
    g_signal_handlers_disconnect_by_data (self->extended, self);
  g_clear_object (&self->extended);
  if (self->keep_alive != NULL)
    g_signal_handlers_disconnect_by_data (self->keep_alive, self);
  g_clear_object (&self->application);
  self->scheduler = NULL;

  G_OBJECT_CLASS (bgrun_ongoing_registry_parent_class)->dispose (object);
}

static void
bgrun_ongoing_registry_finalize (GObject *object)
{
  BgrunOngoingRegistry *self = BGRUN_ONGOING_REGISTRY (object);

  /* Sessions outlive a disposed scheduler (they hold the registry): their
   * leases are released into the keep-alive until the last one goes. */
  g_clear_object (&self->keep_alive);
  g_ptr_array_unref (self->running);
  g_free (self->record_path);
  g_free (self->history_identifier);

  G_OBJECT_CLASS (bgrun_ongoing_registry_parent_class)->finalize (object);
}

static void
bgrun_ongoing_registry_class_init (BgrunOngoingRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_ongoing_registry_dispose;
  object_class->finalize = bgrun_ongoing_registry_finalize;
}

static void
bgrun_ongoing_registry_init (BgrunOngoingRegistry *self)
{
  self->running = g_ptr_array_new ();
}

#define REGISTRY_KEY "bgrun-ongoing-registry"

void
bgrun_ongoing_registry_attach (BgrunPlacement *placement)
{
  BgrunOngoingRegistry *self = g_object_new (BGRUN_TYPE_ONGOING_REGISTRY, NULL);
  BgrunScheduler *scheduler = bgrun_placement_get_scheduler (placement);
  BgrunExtendedRuntimeRegistry *extended = bgrun_extended_runtime_registry_get (scheduler);

  self->scheduler = scheduler;
  g_set_object (&self->application, bgrun_placement_get_application (placement));
  self->keep_alive = g_object_ref (bgrun_extended_runtime_registry_get_keep_alive (extended));
  self->extended = g_object_ref (extended);
  g_signal_connect_swapped (self->keep_alive, "background-denied",
                            G_CALLBACK (on_background_denied), self);
  self->notification = bgrun_ongoing_notification_new (self->application, self->running);
  if (self->application != NULL)
    g_signal_connect_object (self->application, "shutdown", G_CALLBACK (on_shutdown), self,
                             G_CONNECT_SWAPPED);
  self->history_identifier = g_strconcat (bgrun_placement_get_app_id (placement), ".ongoing", NULL);
  bgrun_placement_attach (placement, REGISTRY_KEY, self);
  if (BGRUN_IS_DBUS_BROKER (bgrun_placement_get_broker (placement)))
    {
      /* A bgrund that replaced the one we told knows nothing yet. */
      self->daemon = g_object_ref (BGRUN_DBUS_BROKER (bgrun_placement_get_broker (placement)));
      g_signal_connect_swapped (self->daemon, "attached-again", G_CALLBACK (report_to_daemon), self);
      g_signal_connect_swapped (self->daemon, "stop-session", G_CALLBACK (on_daemon_stop), self);
      g_signal_connect_swapped (self->extended, "running-changed", G_CALLBACK (report_to_daemon), self);
      return;
    }
  self->record_path = bgrun_placement_state_path (placement, BGRUN_ONGOING_RECORD);
  sweep_record (self);
}

BgrunOngoingRegistry *
bgrun_ongoing_registry_get (BgrunScheduler *scheduler)
{
  return bgrun_placement_get_attached (bgrun_scheduler_get_placement (scheduler), REGISTRY_KEY);
}

BgrunKeepAlive *
bgrun_ongoing_registry_get_keep_alive (BgrunOngoingRegistry *self)
{
  return self->keep_alive;
}

GPtrArray *
bgrun_ongoing_registry_get_running (BgrunOngoingRegistry *self)
{
  return self->running;
}

guint
bgrun_ongoing_registry_new_id (BgrunOngoingRegistry *self)
{
  return ++self->last_id;
}

/* Shows and records the running sessions as they are now. */
static void
publish (BgrunOngoingRegistry *self)
{
  if (self->notification != NULL)
    bgrun_ongoing_notification_update (self->notification);
  if (self->record_path != NULL)
    save_record (self);
  else if (self->daemon != NULL)
    report_to_daemon (self);
}

void
bgrun_ongoing_registry_add (BgrunOngoingRegistry *self,
                            BgrunOngoingSession  *session)
{
  g_ptr_array_add (self->running, session);
  install_action (self);
  publish (self);
}

void
bgrun_ongoing_registry_remove (BgrunOngoingRegistry *self,
                               BgrunOngoingSession  *session)
{
  if (!g_ptr_array_remove (self->running, session))
    return;
  if (self->running->len == 0)
    remove_action (self);
  publish (self);
}

void
bgrun_ongoing_registry_changed (BgrunOngoingRegistry *self,
                                BgrunOngoingSession  *session)
{
  if (self->notification == NULL || !g_ptr_array_find (self->running, session, NULL))
    return;
  bgrun_ongoing_notification_refresh (self->notification);
}

gboolean
bgrun_ongoing_registry_stop_by_user (BgrunOngoingRegistry *self,
                                     guint                 id)
{
  for (guint i = 0; i < self->running->len; i++)
    {
      BgrunOngoingSession *session = g_ptr_array_index (self->running, i);

      if (bgrun_ongoing_session_get_id (session) == id)
        {
          g_autoptr(BgrunOngoingSession) held = g_object_ref (session);

          bgrun_ongoing_session_end (held, BGRUN_ONGOING_END_REASON_USER_STOPPED, NULL);
          return TRUE;
        }
    }
  return FALSE;
}
