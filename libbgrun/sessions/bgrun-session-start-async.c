/* bgrun-session-start-async.c: starting sessions without blocking on
 * bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-extended-runtime-session.h"
#include "bgrun-ongoing-registry-private.h"
#include "bgrun-ongoing-session.h"

/* A session starts in the app's process; what may wait is telling
 * bgrund, which keeps the app's running sessions for bgrunctl and notices
 * an app that dies with some running. The synchronous start tells it
 * with a D-Bus round trip; these start the session the same way with the
 * report held back, then send the report from the main loop and complete
 * when bgrund has it. */

typedef gboolean (*StartFunc) (gpointer session, GError **error);

static void
on_reported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (bgrun_ongoing_registry_report_finish (BGRUN_ONGOING_REGISTRY (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
start_async (gpointer             session,
             BgrunScheduler      *scheduler,
             StartFunc            start,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  BgrunOngoingRegistry *registry = scheduler != NULL ? bgrun_ongoing_registry_get (scheduler) : NULL;
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  GError *error = NULL;
  gboolean started;

  g_task_set_source_tag (task, source_tag);
  if (registry != NULL)
    bgrun_ongoing_registry_defer_reports (registry, TRUE);
  started = start (session, &error);
  if (registry != NULL)
    bgrun_ongoing_registry_defer_reports (registry, FALSE);
  if (!started)
    g_task_return_error (task, error);
  else if (registry == NULL)
    g_task_return_boolean (task, TRUE);
  else
    bgrun_ongoing_registry_report_async (registry, cancellable, on_reported, g_steal_pointer (&task));
}

static gboolean
start_finish (gpointer       session,
              GAsyncResult  *result,
              gpointer       source_tag,
              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * bgrun_ongoing_session_start_async:
 * @self: a session, not started
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the session runs, or could not start
 * @user_data: data for @callback
 *
 * Starts the session as [method@Bgrun.OngoingSession.start] does, without
 * blocking: with the `bgrund` daemon, the session runs at once and bgrund
 * is told while the main loop runs; @callback runs when it has been
 * (a failure to tell it is logged, as by the synchronous call). Call
 * [method@Bgrun.OngoingSession.start_finish] from @callback.
 */
void
bgrun_ongoing_session_start_async (BgrunOngoingSession *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_ONGOING_SESSION (self));

  start_async (self, bgrun_ongoing_session_get_scheduler (self),
               (StartFunc) bgrun_ongoing_session_start, bgrun_ongoing_session_start_async,
               cancellable, callback, user_data);
}

/**
 * bgrun_ongoing_session_start_finish:
 * @self: a session
 * @result: the result given to the callback
 * @error: return location for a [error@Bgrun.SessionError]
 *
 * Finishes [method@Bgrun.OngoingSession.start_async], with the errors of
 * [method@Bgrun.OngoingSession.start].
 *
 * Returns: %TRUE when the session runs
 */
gboolean
bgrun_ongoing_session_start_finish (BgrunOngoingSession  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  return start_finish (self, result, bgrun_ongoing_session_start_async, error);
}

/**
 * bgrun_extended_runtime_session_start_async:
 * @self: a session, not started
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the session runs, or could not start
 * @user_data: data for @callback
 *
 * Starts the session as [method@Bgrun.ExtendedRuntimeSession.start] does,
 * without blocking on the `bgrund` daemon, which is told while the main
 * loop runs. Call [method@Bgrun.ExtendedRuntimeSession.start_finish] from
 * @callback.
 */
void
bgrun_extended_runtime_session_start_async (BgrunExtendedRuntimeSession *self,
                                            GCancellable                *cancellable,
                                            GAsyncReadyCallback          callback,
                                            gpointer                     user_data)
{
  g_return_if_fail (BGRUN_IS_EXTENDED_RUNTIME_SESSION (self));

  start_async (self, bgrun_extended_runtime_session_get_scheduler (self),
               (StartFunc) bgrun_extended_runtime_session_start,
               bgrun_extended_runtime_session_start_async, cancellable, callback, user_data);
}

/**
 * bgrun_extended_runtime_session_start_finish:
 * @self: a session
 * @result: the result given to the callback
 * @error: return location for a [error@Bgrun.SessionError]
 *
 * Finishes [method@Bgrun.ExtendedRuntimeSession.start_async], with the
 * errors of [method@Bgrun.ExtendedRuntimeSession.start].
 *
 * Returns: %TRUE when the session runs
 */
gboolean
bgrun_extended_runtime_session_start_finish (BgrunExtendedRuntimeSession  *self,
                                             GAsyncResult                 *result,
                                             GError                      **error)
{
  return start_finish (self, result, bgrun_extended_runtime_session_start_async, error);
}
