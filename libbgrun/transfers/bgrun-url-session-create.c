/* bgrun-url-session-create.c: the tasks a URL session creates: downloads,
 * downloads that continue from resume data, data tasks and uploads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-i18n-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-internal-private.h"
#include "bgrun-url-session-remote-private.h"

static gboolean
ensure_partial_directory (BgrunUrlSession  *self,
                          GError          **error)
{
  int saved_errno;

  if (g_mkdir_with_parents (self->partial_directory, 0700) == 0)
    return TRUE;
  saved_errno = errno;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
               _("Cannot create the directory “%s” for downloads: %s. Check the app’s state directory."),
               self->partial_directory, g_strerror (saved_errno));
  return FALSE;
}

static char *
new_partial_path (BgrunUrlSession *self)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (uuid, ".partial", NULL);

  return g_build_filename (self->partial_directory, name, NULL);
}

static gboolean
check_allowed (BgrunUrlSession  *self,
               GError          **error)
{
  const char *identifier = bgrun_url_session_configuration_get_identifier (self->configuration);

  if (self->duplicate)
    g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                 _("Another URL session with the identifier “%s” exists in this process: create tasks there."),
                 identifier);
  else if (self->elsewhere)
    g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                 _("Another process runs the URL session “%s” (another instance of the app, or bgrund): create tasks there, or once it has quit."),
                 identifier);
  else if (self->invalidated)
    g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                 _("The URL session was invalidated: create a new session for new tasks."));
  return !self->duplicate && !self->elsewhere && !self->invalidated;
}

static gboolean
check_uri (const char  *uri,
           GError     **error)
{
  if (bgrun_resume_data_uri_is_valid (uri))
    return TRUE;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_INVALID_URI,
               _("“%s” is not an absolute http or https URI with a host: give one like “https://example.org/file”."),
               uri);
  return FALSE;
}

/* Returns the new task, for the caller to own. */
static BgrunUrlSessionTask *
add_download (BgrunUrlSession *self,
              BgrunResumeData *point)
{
  BgrunUrlSessionTask *task;

  task = bgrun_url_session_task_new (self, bgrun_url_session_next_task_identifier (self),
                                     BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD, point);
  g_list_store_append (self->tasks, task);
  bgrun_url_session_save_task (self, task);
  return task;
}

/**
 * bgrun_url_session_download:
 * @self: a session
 * @uri: the `http` or `https` URI to download
 * @error: return location for an error
 *
 * Creates a task that downloads @uri to a file, suspended: call
 * [method@Bgrun.UrlSessionTask.resume] to start it. Fails with
 * %BGRUN_URL_SESSION_ERROR_INVALID_URI for anything but an absolute
 * `http` or `https` URI, %BGRUN_URL_SESSION_ERROR_NOT_ALLOWED on an
 * invalidated session, %BGRUN_URL_SESSION_ERROR_FILE when the state
 * directory cannot be written.
 *
 * Returns: (transfer full): the new task, or %NULL with @error set
 */
BgrunUrlSessionTask *
bgrun_url_session_download (BgrunUrlSession  *self,
                            const char       *uri,
                            GError          **error)
{
  g_autofree char *partial_path = NULL;

  g_return_val_if_fail (BGRUN_IS_URL_SESSION (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_allowed (self, error) || !check_uri (uri, error))
    return NULL;
  if (self->remote != NULL)
    return bgrun_url_session_remote_download (self->remote, uri, error);
  if (!ensure_partial_directory (self, error))
    return NULL;
  partial_path = new_partial_path (self);
  return add_download (self, bgrun_resume_data_new (uri, partial_path));
}

/**
 * bgrun_url_session_download_async:
 * @self: a URL session
 * @uri: the `http` or `https` URI to download
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the new task
 * @user_data: data for @callback
 *
 * Creates a download task as [method@Bgrun.UrlSession.download] does,
 * without blocking: a background session whose transfers run in
 * `bgrund` asks the daemon while the main loop runs. Call
 * [method@Bgrun.UrlSession.download_finish] from @callback.
 */
void
bgrun_url_session_download_async (BgrunUrlSession     *self,
                                  const char          *uri,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BgrunUrlSessionTask *created;
  GError *error = NULL;

  g_return_if_fail (BGRUN_IS_URL_SESSION (self));
  g_return_if_fail (uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_url_session_download_async);
  if (!check_allowed (self, &error) || !check_uri (uri, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->remote != NULL)
    {
      bgrun_url_session_remote_create_async (self->remote, bgrun_url_session_remote_download_request (uri),
                                             g_steal_pointer (&task));
      return;
    }
  /* In this process: nothing to wait for. */
  created = bgrun_url_session_download (self, uri, &error);
  if (created != NULL)
    g_task_return_pointer (task, created, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * bgrun_url_session_download_finish:
 * @self: a URL session
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Bgrun.UrlSession.download_async]. The errors are
 * those of [method@Bgrun.UrlSession.download], and
 * %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when `bgrund` cannot be reached.
 *
 * Returns: (transfer full): the new task, suspended, or %NULL with
 *   @error set
 */
BgrunUrlSessionTask *
bgrun_url_session_download_finish (BgrunUrlSession  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bgrun_url_session_download_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The partial file of @point, if it is still what @point says: in this
 * app's transfers directory, and holding at least point->offset bytes. */
static gboolean
check_partial_file (BgrunUrlSession  *self,
                    BgrunResumeData  *point,
                    GError          **error)
{
  g_autofree char *directory = g_path_get_dirname (point->partial_path);
  GStatBuf st;

  if (g_strcmp0 (directory, self->partial_directory) == 0 &&
      g_lstat (point->partial_path, &st) == 0 && S_ISREG (st.st_mode) &&
      (guint64) st.st_size >= point->offset)
    return TRUE;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_RESUME_FAILED,
               _("Cannot resume the download of “%s”: what it received is gone (resume data can be used once, only by the app that made it, and what it received may be removed once unchanged for seven days). Start the download again."),
               point->uri);
  return FALSE;
}

/**
 * bgrun_url_session_download_with_resume_data:
 * @self: a session
 * @resume_data: resume data from
 *   [method@Bgrun.UrlSessionTask.get_resume_data] or
 *   [method@Bgrun.UrlSessionTask.cancel_with_resume_data_finish]
 * @error: return location for an error
 *
 * Creates a suspended download that continues where the one that gave
 * @resume_data stopped: with `Range` and `If-Range`, so a resource that
 * changed meanwhile is downloaded again from zero, as is one that had no
 * validator. Resume data can be used once. Fails with
 * %BGRUN_URL_SESSION_ERROR_RESUME_FAILED when @resume_data is malformed,
 * comes from another libbgrun version, or is stale (used already, or its
 * bytes are gone).
 *
 * Returns: (transfer full): the new task, or %NULL with @error set
 */
BgrunUrlSessionTask *
bgrun_url_session_download_with_resume_data (BgrunUrlSession  *self,
                                             GBytes           *resume_data,
                                             GError          **error)
{
  g_autoptr(BgrunResumeData) point = NULL;
  g_autofree char *partial_path = NULL;

  g_return_val_if_fail (BGRUN_IS_URL_SESSION (self), NULL);
  g_return_val_if_fail (resume_data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_allowed (self, error))
    return NULL;
  if (self->remote != NULL)
    return bgrun_url_session_remote_resume_download (self->remote, resume_data, error);
  point = bgrun_resume_data_from_bytes (resume_data, error);
  if (point == NULL || !check_partial_file (self, point, error))
    return NULL;

  /* Taking the file makes the resume data stale: it is used once. */
  partial_path = new_partial_path (self);
  if (g_rename (point->partial_path, partial_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                   _("Cannot take over the partial download “%s”: %s. Check the app’s state directory."),
                   point->partial_path, g_strerror (saved_errno));
      return NULL;
    }
  g_free (point->partial_path);
  point->partial_path = g_steal_pointer (&partial_path);
  return add_download (self, g_steal_pointer (&point));
}

/**
 * bgrun_url_session_data:
 * @self: a default session
 * @uri: the `http` or `https` URI to fetch
 * @error: return location for an error
 *
 * Creates a suspended task that fetches @uri into memory; once it
 * completed, [method@Bgrun.UrlSessionTask.get_response_body] has the
 * body. For small bodies: use [method@Bgrun.UrlSession.download] for
 * anything big. Background sessions have no data tasks (as on Apple's
 * platforms): there it fails with %BGRUN_URL_SESSION_ERROR_NOT_ALLOWED.
 *
 * Returns: (transfer full): the new task, or %NULL with @error set
 */
BgrunUrlSessionTask *
bgrun_url_session_data (BgrunUrlSession  *self,
                        const char       *uri,
                        GError          **error)
{
  BgrunUrlSessionTask *task;
  const char *identifier;

  g_return_val_if_fail (BGRUN_IS_URL_SESSION (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  identifier = bgrun_url_session_configuration_get_identifier (self->configuration);
  if (identifier != NULL)
    {
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                   _("The background URL session “%s” cannot fetch “%s” into memory: use a download, or a default session."),
                   identifier, uri);
      return NULL;
    }
  if (!check_allowed (self, error) || !check_uri (uri, error))
    return NULL;
  task = bgrun_url_session_task_new (self, bgrun_url_session_next_task_identifier (self), BGRUN_URL_SESSION_TASK_KIND_DATA,
                                     bgrun_resume_data_new (uri, NULL));
  g_list_store_append (self->tasks, task);
  return task;
}

/**
 * bgrun_url_session_upload:
 * @self: a session
 * @uri: the `http` or `https` URI to upload to
 * @file: the local file to send
 * @method: `PUT` or `POST`
 * @resumable: whether the upload continues where it stopped, with a
 *   resumable-upload protocol the server speaks (see
 *   [property@Bgrun.UrlSessionTask:upload-protocol])
 * @error: return location for an error
 *
 * Creates a suspended task that sends @file as the body of a request to
 * @uri; [method@Bgrun.UrlSessionTask.resume] starts it. The body streams
 * from the file, a chunk at a time. Background sessions run uploads too.
 *
 * A plain upload (@resumable %FALSE) is one request with @method; if it
 * stops before the server answered, it starts again from the first byte.
 * A resumable one continues from the offset the server confirmed, after a
 * lost connection as after the app started anew; cancelling it asks the
 * server to forget what it received. @file must not change until the
 * upload completed: when its size, modification time or inode changes,
 * the task fails with %BGRUN_URL_SESSION_ERROR_FILE.
 *
 * Fails with %BGRUN_URL_SESSION_ERROR_INVALID_URI for anything but an
 * absolute `http` or `https` URI, %BGRUN_URL_SESSION_ERROR_FILE when
 * @file is not a local, readable regular file, and
 * %BGRUN_URL_SESSION_ERROR_NOT_ALLOWED for a method other than `PUT` or
 * `POST` or on an invalidated session.
 *
 * Returns: (transfer full): the new task, or %NULL with @error set
 */
BgrunUrlSessionTask *
bgrun_url_session_upload (BgrunUrlSession  *self,
                          const char       *uri,
                          GFile            *file,
                          const char       *method,
                          gboolean          resumable,
                          GError          **error)
{
  BgrunUploadPoint *upload;
  BgrunUrlSessionTask *task;

  g_return_val_if_fail (BGRUN_IS_URL_SESSION (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_allowed (self, error) || !check_uri (uri, error))
    return NULL;
  if (self->remote != NULL)
    return bgrun_url_session_remote_upload (self->remote, uri, file, method, resumable, error);
  upload = bgrun_upload_point_new (uri, file, method, resumable, error);
  if (upload == NULL)
    return NULL;
  task = bgrun_url_session_task_new_upload (self, bgrun_url_session_next_task_identifier (self), upload);
  g_list_store_append (self->tasks, task);
  bgrun_url_session_save_task (self, task);
  return task;
}
