/* bgrun-url-session-recorder.c: the embedded placement's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-transfer-event-private.h"
#include "bgrun-transfer-store-private.h"
#include "bgrun-url-session-events-private.h"
#include "bgrun-url-session-recorder-private.h"

struct _BgrunUrlSessionRecorder
{
  BgrunUrlSession       *session;      /* not owned: it owns this */
  BgrunStore            *store;
  char                  *app_directory;
  char                  *identifier;
  GListStore            *tasks;        /* the session's */
  BgrunUrlSessionEvents *events;
};

/* The task an event is delivered with: the session's own when it is
 * still in the list (it has just ended), or, for an event left by an app
 * that died delivering it, a new one showing the task the event saw. */
static BgrunUrlSessionTask *
task_for_view (GVariant *view,
               gpointer  user_data)
{
  BgrunUrlSessionRecorder *self = user_data;
  GListModel *tasks = G_LIST_MODEL (self->tasks);
  guint64 id;

  if (!g_variant_lookup (view, "id", "t", &id))
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (tasks, i);

      if (bgrun_url_session_task_get_task_identifier (task) == id)
        return g_steal_pointer (&task);
    }
  return bgrun_url_session_task_new_mirror (self->session, view);
}

static void
acknowledge (guint64  sequence,
             gpointer user_data)
{
  BgrunUrlSessionRecorder *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bgrun_transfer_event_forget (self->store, self->identifier, sequence, &error))
    g_warning ("libbgrun: a delivered completion of the URL session “%s” cannot be forgotten, so the next session delivers it again: %s",
               self->identifier, error->message);
}

BgrunUrlSessionRecorder *
bgrun_url_session_recorder_new (BgrunUrlSession *session,
                                BgrunStore      *store,
                                const char      *app_directory,
                                GListStore      *tasks)
{
  BgrunUrlSessionRecorder *self = g_new0 (BgrunUrlSessionRecorder, 1);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;

  self->session = session;
  self->store = g_object_ref (store);
  self->app_directory = g_strdup (app_directory);
  self->identifier = g_strdup (bgrun_url_session_configuration_get_identifier (
                                 bgrun_url_session_get_configuration (session)));
  self->tasks = g_object_ref (tasks);
  self->events = bgrun_url_session_events_new (session, task_for_view, acknowledge, self);
  left = bgrun_transfer_store_list_events (store, self->identifier, &error);
  if (left == NULL)
    g_warning ("libbgrun: the completions recorded for the URL session “%s” cannot be read, so they are not delivered: %s",
               self->identifier, error->message);
  for (guint i = 0; left != NULL && i < left->len; i++)
    bgrun_url_session_events_add (self->events, left->pdata[i]);
  return self;
}

void
bgrun_url_session_recorder_free (BgrunUrlSessionRecorder *self)
{
  bgrun_url_session_events_free (self->events);
  g_object_unref (self->tasks);
  g_object_unref (self->store);
  g_free (self->identifier);
  g_free (self->app_directory);
  g_free (self);
}

/* What cannot be recorded is delivered all the same, once, now. */
static void
deliver_unrecorded (BgrunUrlSessionRecorder *self,
                    BgrunUrlSessionTask     *task,
                    GFile                   *download,
                    const GError            *error)
{
  g_autoptr(GError) delete_error = NULL;

  g_warning ("libbgrun: the completion of “%s” in the URL session “%s” cannot be recorded, so an app killed while handling it will not get it again: %s",
             bgrun_url_session_task_get_uri (task), self->identifier, error->message);
  bgrun_url_session_deliver_completion (self->session, task, download);
  if (!bgrun_transfer_store_delete_task (self->store, self->identifier,
                                         bgrun_url_session_task_get_task_identifier (task), &delete_error))
    g_warning ("libbgrun: the completed task %" G_GUINT64_FORMAT " of the URL session “%s” stays recorded: %s",
               bgrun_url_session_task_get_task_identifier (task), self->identifier, delete_error->message);
}

void
bgrun_url_session_recorder_record (BgrunUrlSessionRecorder *self,
                                   BgrunUrlSessionTask     *task,
                                   GFile                   *download)
{
  g_autofree char *kept = NULL;
  g_autoptr(GFile) location = NULL;
  g_autoptr(GVariant) event = NULL;
  g_autoptr(GError) error = NULL;
  guint64 sequence;

  if (download != NULL && (kept = bgrun_transfer_event_keep_file (self->app_directory, download, &error)) == NULL)
    {
      deliver_unrecorded (self, task, download, error);
      return;
    }
  location = kept != NULL ? g_file_new_for_path (kept) : NULL;
  event = g_variant_ref_sink (bgrun_transfer_event_new (task, kept, bgrun_url_session_task_get_error (task)));
  sequence = bgrun_transfer_store_complete_task (self->store, self->identifier,
                                                 bgrun_url_session_task_get_task_identifier (task),
                                                 event, &error);
  if (sequence == 0)
    {
      deliver_unrecorded (self, task, location, error);
      return;
    }
  bgrun_url_session_events_add (self->events, g_variant_new ("(t@a{sv})", sequence, event));
  bgrun_url_session_events_deliver (self->events);
}

void
bgrun_url_session_recorder_deliver_events (BgrunUrlSessionRecorder *self)
{
  bgrun_url_session_events_release (self->events);
}
