/* bgrun-transfer-event.c: a background session's completion, recorded
 * until the app has taken it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-i18n-private.h"
#include "bgrun-transfer-event-private.h"
#include "bgrun-transfer-store-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-view-private.h"

char *
bgrun_transfer_event_keep_file (const char  *app_directory,
                                GFile       *download,
                                GError     **error)
{
  g_autofree char *directory = g_build_filename (app_directory, "transfers", "events", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *kept = g_build_filename (directory, uuid, NULL);
  g_autofree char *path = g_file_get_path (download);
  int saved_errno;

  if (g_mkdir_with_parents (directory, 0700) == 0 && g_rename (path, kept) == 0)
    return g_steal_pointer (&kept);
  saved_errno = errno;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
               _("Cannot keep the downloaded file “%s” in “%s” until the app has it: %s. Check the app’s state directory."),
               path, directory, g_strerror (saved_errno));
  return NULL;
}

GVariant *
bgrun_transfer_event_new (BgrunUrlSessionTask *task,
                          const char          *location,
                          const GError        *error)
{
  g_autoptr(GBytes) resume_data = NULL;
  GVariantDict event;

  g_variant_dict_init (&event, NULL);
  g_variant_dict_insert_value (&event, "task", bgrun_url_session_task_to_view (task));
  if (location != NULL)
    g_variant_dict_insert (&event, "location", "s", location);
  if (error != NULL && bgrun_url_session_task_get_kind (task) == BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD)
    resume_data = bgrun_url_session_task_get_resume_data (task);
  if (resume_data != NULL)
    g_variant_dict_insert_value (&event, "resume-data",
                                 g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, resume_data, TRUE));
  return g_variant_dict_end (&event);
}

/* Removes the files of @events numbered @up_to or less (most were removed
 * after their delivery already), then their directory if nothing else is
 * left in it. */
static void
remove_files (GPtrArray  *events,
              const char *identifier,
              guint64     up_to)
{
  g_autofree char *directory = NULL;

  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(GVariant) event = NULL;
      const char *location;
      guint64 sequence;

      g_variant_get (events->pdata[i], "(t@a{sv})", &sequence, &event);
      if (sequence > up_to || !g_variant_lookup (event, "location", "&s", &location))
        continue;
      if (g_unlink (location) != 0 && errno != ENOENT)
        g_warning ("libbgrun: cannot remove “%s”, kept for an event of the URL session “%s”: %s",
                   location, identifier, g_strerror (errno));
      if (directory == NULL)
        directory = g_path_get_dirname (location);
    }
  /* Fails, as it should, while other events keep files there. */
  if (directory != NULL)
    g_rmdir (directory);
}

gboolean
bgrun_transfer_event_forget (BgrunStore  *store,
                             const char  *identifier,
                             guint64      up_to,
                             GError     **error)
{
  g_autoptr(GPtrArray) events = bgrun_transfer_store_list_events (store, identifier, error);

  /* The events go first: an event without its file would be worse than
   * a file left behind. */
  if (events == NULL || !bgrun_transfer_store_delete_events (store, identifier, up_to, error))
    return FALSE;
  remove_files (events, identifier, up_to);
  return TRUE;
}
