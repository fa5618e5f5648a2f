/* bgrun-url-session-readiness.c: refresh tasks that end with their session's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-scheduler-private.h"
#include "bgrun-url-session-readiness-private.h"

/* A URL-session refresh task is over once the app has its events: when a
 * session with the task's session identifier has emitted events-finished
 * in this process, before the task arrived or after. The session says so
 * with set_ready (TRUE) after the emission, and set_ready (FALSE) when it
 * goes away. Completion always happens from an idle callback, never
 * inside set_ready() or add_task(): those are called from a signal
 * emission (the session's, the scheduler's run-task) that should finish
 * before the task's state changes. */

struct _BgrunUrlSessionReadiness
{
  GObject parent_instance;

  GHashTable   *ready;      /* session identifiers whose events were delivered */
  GPtrArray    *tasks;      /* of BgrunUrlSessionRefreshTask, running */
  GMainContext *context;
  GSource      *idle;
};

G_DEFINE_FINAL_TYPE (BgrunUrlSessionReadiness, bgrun_url_session_readiness, G_TYPE_OBJECT)

static gboolean
is_ready (BgrunUrlSessionReadiness   *self,
          BgrunUrlSessionRefreshTask *task)
{
  const char *identifier = bgrun_url_session_refresh_task_get_session_identifier (task);

  return identifier != NULL && g_hash_table_contains (self->ready, identifier);
}

/* Completes every running task whose session is ready. */
static void
complete_ready (BgrunUrlSessionReadiness *self)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_full (self->tasks->len, g_object_unref);

  for (guint i = 0; i < self->tasks->len; i++)
    g_ptr_array_add (tasks, g_object_ref (g_ptr_array_index (self->tasks, i)));
  /* Completing a task removes it from self->tasks: walk a copy. */
  for (guint i = 0; i < tasks->len; i++)
    {
      BgrunTask *task = g_ptr_array_index (tasks, i);

      if (bgrun_task_get_state (task) == BGRUN_TASK_STATE_RUNNING &&
          is_ready (self, BGRUN_URL_SESSION_REFRESH_TASK (task)))
        bgrun_task_set_task_completed (task, TRUE);
    }
}

static gboolean
on_idle (gpointer user_data)
{
  BgrunUrlSessionReadiness *self = user_data;

  g_clear_pointer (&self->idle, g_source_unref);
  complete_ready (self);
  return G_SOURCE_REMOVE;
}

static void
complete_ready_soon (BgrunUrlSessionReadiness *self)
{
  if (self->idle != NULL)
    return;
  self->idle = g_idle_source_new ();
  g_source_set_callback (self->idle, on_idle, self, NULL);
  g_source_set_static_name (self->idle, "[libbgrun] complete URL-session refresh tasks");
  g_source_attach (self->idle, self->context);
}

static void
on_task_state (BgrunTask                *task,
               GParamSpec               *pspec,
               BgrunUrlSessionReadiness *self)
{
  if (bgrun_task_get_state (task) == BGRUN_TASK_STATE_RUNNING)
    return;
  g_signal_handlers_disconnect_by_func (task, on_task_state, self);
  g_ptr_array_remove (self->tasks, task);
}

static void
bgrun_url_session_readiness_dispose (GObject *object)
{
  BgrunUrlSessionReadiness *self = BGRUN_URL_SESSION_READINESS (object);

  if (self->idle != NULL)
    g_source_destroy (self->idle);
  g_clear_pointer (&self->idle, g_source_unref);
  for (guint i = 0; i < self->tasks->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->tasks, i), self);
  g_ptr_array_set_size (self->tasks, 0);

  G_OBJECT_CLASS (bgrun_url_session_readiness_parent_class)->dispose (object);
}

static void
bgrun_url_session_readiness_finalize (GObject *object)
{
  BgrunUrlSessionReadiness *self = BGRUN_URL_SESSION_READINESS (object);

  g_hash_table_unref (self->ready);
  g_ptr_array_unref (self->tasks);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (bgrun_url_session_readiness_parent_class)->finalize (object);
}

static void
bgrun_url_session_readiness_class_init (BgrunUrlSessionReadinessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_url_session_readiness_dispose;
  object_class->finalize = bgrun_url_session_readiness_finalize;
}

static void
bgrun_url_session_readiness_init (BgrunUrlSessionReadiness *self)
{
  self->ready = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_ref_thread_default ();
}

/* Made on the main context the tasks are completed on. */
BgrunUrlSessionReadiness *
bgrun_url_session_readiness_new (void)
{
  return g_object_new (BGRUN_TYPE_URL_SESSION_READINESS, NULL);
}

void
bgrun_url_session_readiness_set_ready (BgrunUrlSessionReadiness *self,
                                       const char               *session_identifier,
                                       gboolean                  ready)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_READINESS (self));
  g_return_if_fail (session_identifier != NULL);

  if (!ready)
    {
      g_hash_table_remove (self->ready, session_identifier);
      return;
    }
  g_hash_table_add (self->ready, g_strdup (session_identifier));
  /* Now, not from the main loop: an app that quits its loop once it has
   * its events must not leave the task behind. */
  complete_ready (self);
}

/* Follows @task while it runs; it completes as soon as its session is
 * ready, which may be at once (from the main loop). */
void
bgrun_url_session_readiness_add_task (BgrunUrlSessionReadiness   *self,
                                      BgrunUrlSessionRefreshTask *task)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_READINESS (self));
  g_return_if_fail (BGRUN_IS_URL_SESSION_REFRESH_TASK (task));

  if (bgrun_task_get_state (BGRUN_TASK (task)) != BGRUN_TASK_STATE_RUNNING)
    return;
  g_ptr_array_add (self->tasks, g_object_ref (task));
  g_signal_connect (task, "notify::state", G_CALLBACK (on_task_state), self);
  if (is_ready (self, task))
    complete_ready_soon (self);
}

#define READINESS_KEY "bgrun-url-session-readiness"

static void
on_task_started (BgrunPlacement           *placement,
                 BgrunTask                *task,
                 BgrunUrlSessionReadiness *self)
{
  if (BGRUN_IS_URL_SESSION_REFRESH_TASK (task))
    bgrun_url_session_readiness_add_task (self, BGRUN_URL_SESSION_REFRESH_TASK (task));
}

void
bgrun_url_session_readiness_attach (BgrunPlacement *placement)
{
  BgrunUrlSessionReadiness *self = bgrun_url_session_readiness_new ();

  g_signal_connect_object (placement, "task-started", G_CALLBACK (on_task_started), self, 0);
  bgrun_placement_attach (placement, READINESS_KEY, self);
}

void
bgrun_url_session_readiness_set_ready_in (BgrunScheduler *scheduler,
                                          const char     *session_identifier,
                                          gboolean        ready)
{
  BgrunPlacement *placement;
  BgrunUrlSessionReadiness *self;

  g_return_if_fail (BGRUN_IS_SCHEDULER (scheduler));

  placement = bgrun_scheduler_get_placement (scheduler);
  self = placement != NULL ? bgrun_placement_get_attached (placement, READINESS_KEY) : NULL;
  if (self != NULL)
    bgrun_url_session_readiness_set_ready (self, session_identifier, ready);
}
