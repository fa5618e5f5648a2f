/* bgrun-url-session-events.c: delivering a background session's recorded
 * completions to the app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-url-session-events-private.h"

struct _BgrunUrlSessionEvents
{
  BgrunUrlSession            *session;     /* not owned: it owns this */
  BgrunUrlSessionTaskForView  task_for_view;
  BgrunUrlSessionAcknowledge  acknowledge;
  gpointer                    user_data;
  gboolean                    holding;     /* until release() */
  GQueue                      pending;     /* of GVariant (ta{sv}), in sequence order */
  guint64                     delivered;   /* the sequence of the last event delivered */
};

BgrunUrlSessionEvents *
bgrun_url_session_events_new (BgrunUrlSession            *session,
                              BgrunUrlSessionTaskForView  task_for_view,
                              BgrunUrlSessionAcknowledge  acknowledge,
                              gpointer                    user_data)
{
  BgrunUrlSessionEvents *self = g_new0 (BgrunUrlSessionEvents, 1);

  self->session = session;
  self->task_for_view = task_for_view;
  self->acknowledge = acknowledge;
  self->user_data = user_data;
  self->holding = TRUE;
  g_queue_init (&self->pending);
  return self;
}

void
bgrun_url_session_events_free (BgrunUrlSessionEvents *self)
{
  g_queue_clear_full (&self->pending, (GDestroyNotify) g_variant_unref);
  g_free (self);
}

static void
deliver_one (BgrunUrlSessionEvents *self,
             GVariant              *event)
{
  g_autoptr(GVariant) dict = NULL, view = NULL, resume = NULL;
  g_autoptr(BgrunUrlSessionTask) task = NULL;
  g_autoptr(GFile) location = NULL;
  g_autoptr(GBytes) resume_data = NULL;
  const char *path;
  guint64 sequence;

  g_variant_get (event, "(t@a{sv})", &sequence, &dict);
  if (sequence <= self->delivered)
    {
      self->acknowledge (sequence, self->user_data);
      return;
    }
  view = g_variant_lookup_value (dict, "task", G_VARIANT_TYPE_VARDICT);
  task = view != NULL ? self->task_for_view (view, self->user_data) : NULL;
  self->delivered = sequence;
  if (task != NULL)
    {
      resume = g_variant_lookup_value (dict, "resume-data", G_VARIANT_TYPE_BYTESTRING);
      resume_data = resume != NULL ? g_variant_get_data_as_bytes (resume) : NULL;
      bgrun_url_session_task_set_mirror_resume_data (task, resume_data);
      if (g_variant_lookup (dict, "location", "&s", &path))
        location = g_file_new_for_path (path);
      bgrun_url_session_deliver_completion (self->session, task, location);
    }
  self->acknowledge (sequence, self->user_data);
}

void
bgrun_url_session_events_deliver (BgrunUrlSessionEvents *self)
{
  g_autoptr(BgrunUrlSession) keep = g_object_ref (self->session);
  GVariant *event;

  while (!self->holding && (event = g_queue_pop_head (&self->pending)) != NULL)
    {
      deliver_one (self, event);
      g_variant_unref (event);
    }
}

void
bgrun_url_session_events_add (BgrunUrlSessionEvents *self,
                              GVariant              *floating_event)
{
  g_autoptr(GVariant) event = g_variant_ref_sink (floating_event);
  guint64 sequence, other;
  GList *l;

  g_variant_get (event, "(t@a{sv})", &sequence, NULL);
  for (l = self->pending.tail; l != NULL; l = l->prev)
    {
      g_variant_get (l->data, "(t@a{sv})", &other, NULL);
      if (other == sequence)
        return;
      if (other < sequence)
        break;
    }
  if (l == NULL)
    g_queue_push_head (&self->pending, g_steal_pointer (&event));
  else
    g_queue_insert_after (&self->pending, l, g_steal_pointer (&event));
}

void
bgrun_url_session_events_release (BgrunUrlSessionEvents *self)
{
  self->holding = FALSE;
  bgrun_url_session_events_deliver (self);
}

gboolean
bgrun_url_session_events_is_due (BgrunUrlSessionEvents *self)
{
  return !self->holding && !g_queue_is_empty (&self->pending);
}
