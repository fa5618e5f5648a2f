/* bgrun-url-session-open-async.c: creating a URL session without blocking
 * on bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-url-session-internal-private.h"
#include "bgrun-url-session-remote-private.h"

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunUrlSession *session = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_pointer (task, g_object_ref (session), g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * bgrun_url_session_open_async:
 * @scheduler: (nullable): the app's scheduler, or %NULL for the default
 *   one
 * @config: the session's configuration
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the session
 * @user_data: data for @callback
 *
 * Creates a session as [ctor@Bgrun.UrlSession.new] does, without
 * blocking: a background session whose transfers run in `bgrund` is
 * opened there (reattaching to its tasks) while the main loop runs. Call
 * [func@Bgrun.UrlSession.open_finish] from @callback.
 */
void
bgrun_url_session_open_async (BgrunScheduler               *scheduler,
                             BgrunUrlSessionConfiguration *config,
                             GCancellable                 *cancellable,
                             GAsyncReadyCallback           callback,
                             gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  BgrunUrlSession *session;

  g_return_if_fail (scheduler == NULL || BGRUN_IS_SCHEDULER (scheduler));
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (config));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_url_session_open_async);
  session = bgrun_url_session_new_unopened (scheduler, config);
  g_task_set_task_data (task, session, g_object_unref);
  if (session->remote == NULL)
    {
      g_task_return_pointer (task, g_object_ref (session), g_object_unref);
      return;
    }
  bgrun_url_session_remote_open_async (session->remote,
                                       g_task_new (session, cancellable, on_opened,
                                                   g_steal_pointer (&task)));
}

/**
 * bgrun_url_session_open_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [func@Bgrun.UrlSession.open_async]. Unlike the synchronous
 * constructor, whose session tries again at its next call, this fails
 * with %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when `bgrund` cannot be reached
 * for a session whose transfers run there.
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
BgrunUrlSession *
bgrun_url_session_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bgrun_url_session_open_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
