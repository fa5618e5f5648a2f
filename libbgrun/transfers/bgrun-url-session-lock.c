/* bgrun-url-session-lock.c: one process at a time runs a background
 * session's tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two processes that each created the background session of one
 * identifier (two instances of an app, or an app that runs its engine
 * embedded while bgrund still hosts the session) would both run its
 * recorded tasks, writing the same partial files. The process that runs
 * them holds a lock the kernel drops with it, however it ends; the lock
 * files live apart from the transfers' files, which the sweep may remove.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bgrun-i18n-private.h"
#include "bgrun-url-session-lock-private.h"

#define LOCK_DIRECTORY "url-sessions"

static int
fail_errno (int          saved_errno,
            const char  *path,
            GError     **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot lock “%s”: %s"), path, g_strerror (saved_errno));
  return -1;
}

int
bgrun_url_session_lock_take (const char  *app_directory,
                             const char  *identifier,
                             GError     **error)
{
  g_autofree char *directory = g_build_filename (app_directory, LOCK_DIRECTORY, NULL);
  g_autofree char *escaped = g_uri_escape_string (identifier, NULL, FALSE);
  g_autofree char *name = g_strconcat (escaped, ".lock", NULL);
  g_autofree char *path = g_build_filename (directory, name, NULL);
  int fd, saved_errno;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    return fail_errno (errno, directory, error);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail_errno (errno, path, error);
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    return fd;
  saved_errno = errno;
  close (fd);
  if (saved_errno != EWOULDBLOCK)
    return fail_errno (saved_errno, path, error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
               _("Another process holds “%s”"), path);
  return -1;
}
