/* bgrun-transfer-sweep.c: abandoned transfer files go
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A download receives its body into "<uuid>.partial" in the app's
 * transfers directory, named by its task's record in transfers.db; bgrund
 * keeps each finished download of a hosted session in transfers/events/,
 * named by the event that reports it, until the app acknowledges it. A
 * file no record names was left behind: by a task whose record was lost,
 * a crash between two steps, or resume data the app dropped. Resume data
 * names its partial file after its task is gone, and the app may use it
 * days later, so such a file goes only once it was not modified for
 * BGRUN_URL_SESSION_PARTIAL_LIFETIME.
 *
 * Names are compared without their directory: the state directory may be
 * reached by more than one path, and keeping a file too many is harmless
 * where removing one too many loses a download. The names are random
 * UUIDs, so no two files share one.
 *
 * Ages are wall-clock: a file's modification time against
 * g_get_real_time(), never a session's BgrunClock, which a test may hold
 * still while the file system's time goes on.
 *
 * The directories are opened without following a symbolic link, and
 * files are looked at and removed relative to them, so nothing outside
 * is ever touched, even if a directory is replaced meanwhile.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bgrun-limits.h"
#include "bgrun-resume-data-private.h"
#include "bgrun-transfer-store-private.h"
#include "bgrun-transfer-sweep-private.h"

/* The RESUME_FAILED message of bgrun_url_session_download_with_resume_data()
 * says "seven days". */
G_STATIC_ASSERT (BGRUN_URL_SESSION_PARTIAL_LIFETIME == 7 * 24 * 3600);

#define PARTIAL_SUFFIX ".partial"
#define EVENTS_DIRECTORY "events"

typedef struct
{
  GHashTable *referenced;   /* base names of the files records name */
  gint64      now_usec;     /* g_get_real_time () */
  gboolean    warned;       /* a removal failed and was logged */
} Sweep;

static void
add_reference (Sweep      *sweep,
               const char *path)
{
  g_hash_table_add (sweep->referenced, g_path_get_basename (path));
}

/* Each task record's "point" names the partial file of a download. */
static gboolean
add_task_references (Sweep       *sweep,
                     BgrunStore  *store,
                     const char  *session,
                     GError     **error)
{
  g_autoptr(GPtrArray) records = bgrun_transfer_store_list_tasks (store, session, error);

  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(GVariant) point = g_variant_lookup_value (records->pdata[i], "point", G_VARIANT_TYPE_VARDICT);
      const char *partial;

      if (point != NULL && g_variant_lookup (point, "partial", "&s", &partial))
        add_reference (sweep, partial);
    }
  return TRUE;
}

/* An event names the file of a finished download ("location"), or, for a
 * download that failed, the partial file of its resume data: the app has
 * not even received it yet. */
static gboolean
add_event_references (Sweep       *sweep,
                      BgrunStore  *store,
                      const char  *session,
                      GError     **error)
{
  g_autoptr(GPtrArray) events = bgrun_transfer_store_list_events (store, session, error);

  if (events == NULL)
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(GVariant) event = NULL;
      g_autoptr(GVariant) resume_data = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(BgrunResumeData) point = NULL;
      const char *location;
      guint64 sequence;

      g_variant_get (events->pdata[i], "(t@a{sv})", &sequence, &event);
      if (g_variant_lookup (event, "location", "&s", &location))
        add_reference (sweep, location);
      resume_data = g_variant_lookup_value (event, "resume-data", G_VARIANT_TYPE_BYTESTRING);
      if (resume_data != NULL)
        bytes = g_variant_get_data_as_bytes (resume_data);
      if (bytes != NULL)
        point = bgrun_resume_data_from_bytes (bytes, NULL);
      if (point != NULL)
        add_reference (sweep, point->partial_path);
    }
  return TRUE;
}

/* What every session recorded in @store names: a file of one session's
 * task may be resumed by another session of the app. */
static gboolean
add_references (Sweep       *sweep,
                BgrunStore  *store,
                GError     **error)
{
  g_auto(GStrv) sessions = bgrun_store_list_apps (store, error);

  if (sessions == NULL)
    return FALSE;
  for (guint i = 0; sessions[i] != NULL; i++)
    if (!add_task_references (sweep, store, sessions[i], error) ||
        !add_event_references (sweep, store, sessions[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
is_abandoned (Sweep      *sweep,
              int         directory_fd,
              const char *name)
{
  struct stat st;
  gint64 modified_usec;

  if (g_hash_table_contains (sweep->referenced, name) ||
      fstatat (directory_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  modified_usec = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  return sweep->now_usec - modified_usec >= (gint64) BGRUN_URL_SESSION_PARTIAL_LIFETIME * G_USEC_PER_SEC;
}

static void
remove_file (Sweep      *sweep,
             int         directory_fd,
             const char *directory,
             const char *name)
{
  int saved_errno;

  if (unlinkat (directory_fd, name, 0) == 0 || errno == ENOENT)
    {
      g_debug ("libbgrun: removed “%s” from “%s”: no task or event refers to it, and it is older than %d days",
               name, directory, BGRUN_URL_SESSION_PARTIAL_LIFETIME / (24 * 3600));
      return;
    }
  saved_errno = errno;
  if (sweep->warned)
    g_debug ("libbgrun: cannot remove the abandoned file “%s” from “%s”: %s",
             name, directory, g_strerror (saved_errno));
  else
    g_warning ("libbgrun: cannot remove the abandoned file “%s” from “%s”: %s; "
               "it takes up disk space until it can be removed",
               name, directory, g_strerror (saved_errno));
  sweep->warned = TRUE;
}

/* Opens @name of @parent_fd (or the path @name when @parent_fd is
 * AT_FDCWD) as a directory, never through a symbolic link; NULL when it
 * is missing or not a directory of its own. */
static DIR *
open_directory (int         parent_fd,
                const char *name,
                const char *path)
{
  int fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int saved_errno = errno;
  DIR *dir;

  if (fd < 0)
    {
      if (saved_errno == ELOOP || saved_errno == ENOTDIR)
        g_debug ("libbgrun: “%s” is not a directory of its own; its abandoned files stay", path);
      else if (saved_errno != ENOENT)
        g_warning ("libbgrun: cannot look for abandoned files in “%s”: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  dir = fdopendir (fd);
  if (dir == NULL)
    close (fd);
  return dir;
}

/* Removes the abandoned regular files of @dir whose names end with
 * @suffix (any name when @suffix is NULL). */
static void
sweep_directory (Sweep      *sweep,
                 DIR        *dir,
                 const char *path,
                 const char *suffix)
{
  struct dirent *entry;

  while ((entry = readdir (dir)) != NULL)
    if ((suffix == NULL || g_str_has_suffix (entry->d_name, suffix)) &&
        is_abandoned (sweep, dirfd (dir), entry->d_name))
      remove_file (sweep, dirfd (dir), path, entry->d_name);
}

void
bgrun_transfer_sweep (BgrunStore *store,
                      const char *transfers_directory)
{
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *events_path = NULL;
  g_autoptr(GError) error = NULL;
  Sweep sweep = { referenced, g_get_real_time (), FALSE };
  DIR *transfers;
  DIR *events;

  g_return_if_fail (BGRUN_IS_STORE (store));
  g_return_if_fail (transfers_directory != NULL);

  transfers = open_directory (AT_FDCWD, transfers_directory, transfers_directory);
  if (transfers == NULL)
    return;
  if (!add_references (&sweep, store, &error))
    {
      g_warning ("libbgrun: abandoned files in “%s” stay, as what the tasks refer to cannot be read: %s",
                 transfers_directory, error->message);
      closedir (transfers);
      return;
    }
  sweep_directory (&sweep, transfers, transfers_directory, PARTIAL_SUFFIX);
  events_path = g_build_filename (transfers_directory, EVENTS_DIRECTORY, NULL);
  events = open_directory (dirfd (transfers), EVENTS_DIRECTORY, events_path);
  if (events != NULL)
    {
      sweep_directory (&sweep, events, events_path, NULL);
      closedir (events);
    }
  closedir (transfers);
}
