/* bgrun-transfer-listing.c: the background transfers recorded under a
 * state directory, for bgrunctl
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-transfer-listing-private.h"
#include "bgrun-transfer-store-private.h"
#include "bgrun-url-session-private.h"
#include "bgrun-url-session-view-private.h"

#define TRANSFERS_DATABASE "transfers.db"

/* Each task is rebuilt from its record, without a session, exactly as a
 * session created again would rebuild it, and described as an app sees
 * it; the rebuilt task never runs and is dropped at once. */

/* @value's nick in the enumeration @type, or NULL when it has none. */
static const char *
nick_of (GType   type,
         guint32 value)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (enum_class, (int) value);

  return found != NULL ? found->value_nick : NULL;
}

/* The task @record of @session_identifier of @app_id, as the listing
 * shows it; NULL when @record is not a task record this code reads. */
static GVariant *
describe_task (const char *app_id,
               const char *session_identifier,
               GVariant   *record)
{
  g_autoptr(BgrunUrlSessionTask) task = NULL;
  g_autoptr(GVariant) view = NULL;
  GVariantDict dict;
  guint32 state = BGRUN_URL_SESSION_TASK_STATE_SUSPENDED;
  guint32 reason = BGRUN_URL_SESSION_WAIT_REASON_NONE;
  const char *state_nick, *reason_nick;
  gboolean was_running;

  task = bgrun_url_session_task_new_from_record (NULL, record, &was_running);
  if (task == NULL)
    return NULL;
  g_variant_lookup (record, "state", "u", &state);
  if (state == BGRUN_URL_SESSION_TASK_STATE_WAITING)
    g_variant_lookup (record, "waiting-reason", "u", &reason);
  state_nick = nick_of (BGRUN_TYPE_URL_SESSION_TASK_STATE, state);
  reason_nick = nick_of (BGRUN_TYPE_URL_SESSION_WAIT_REASON, reason);
  if (state_nick == NULL || reason_nick == NULL)
    return NULL;

  view = g_variant_ref_sink (bgrun_url_session_task_to_view (task));
  g_variant_dict_init (&dict, view);
  g_variant_dict_insert (&dict, "app-id", "s", app_id);
  g_variant_dict_insert (&dict, "session", "s", session_identifier);
  g_variant_dict_insert (&dict, "kind", "s",
                         nick_of (BGRUN_TYPE_URL_SESSION_TASK_KIND, bgrun_url_session_task_get_kind (task)));
  g_variant_dict_insert (&dict, "state", "s", state_nick);
  g_variant_dict_insert (&dict, "waiting-reason", "s", reason_nick);
  g_variant_dict_insert (&dict, "upload-protocol", "s",
                         nick_of (BGRUN_TYPE_UPLOAD_PROTOCOL, bgrun_url_session_task_get_upload_protocol (task)));
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static void
skip (GPtrArray  *skipped,
      const char *message)
{
  if (skipped != NULL)
    g_ptr_array_add (skipped, g_strdup (message));
}

static void
add_session (GVariantBuilder *builder,
             BgrunStore      *store,
             const char      *app_id,
             const char      *session_identifier,
             GPtrArray       *skipped)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = bgrun_transfer_store_list_tasks (store, session_identifier, &error);
  if (records == NULL)
    {
      skip (skipped, error->message);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    {
      GVariant *record = g_ptr_array_index (records, i);
      g_autoptr(GVariant) task = describe_task (app_id, session_identifier, record);
      g_autofree char *message = NULL;
      guint64 id = 0;

      if (task != NULL)
        {
          g_variant_builder_add_value (builder, task);
          continue;
        }
      g_variant_lookup (record, "id", "t", &id);
      message = g_strdup_printf (_("Skipped task %" G_GUINT64_FORMAT " of the session “%s” of %s in “%s”: its record is damaged or from a newer libbgrun, so its transfer cannot be shown."),
                                 id, session_identifier, app_id, bgrun_store_get_path (store));
      skip (skipped, message);
    }
}

static void
add_app (GVariantBuilder *builder,
         const char      *path,
         const char      *app_id,
         GPtrArray       *skipped)
{
  g_autoptr(BgrunStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sessions = NULL;

  store = bgrun_store_open_read_only (path, &error);
  if (store != NULL)
    sessions = bgrun_store_list_apps (store, &error);
  if (sessions == NULL)
    {
      skip (skipped, error->message);
      return;
    }
  for (guint i = 0; sessions[i] != NULL; i++)
    add_session (builder, store, app_id, sessions[i], skipped);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The directories under @base_directory that hold a transfers database,
 * sorted; none when @base_directory does not exist. */
static GPtrArray *
app_directories (const char *base_directory,
                 GPtrArray  *skipped)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (base_directory, 0, &error);
  const char *name;

  if (dir == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        skip (skipped, error->message);
      return g_steal_pointer (&names);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (base_directory, name, TRANSFERS_DATABASE, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

GVariant *
bgrun_transfer_listing_collect (const char  *base_directory,
                                const char  *app_id,
                                GPtrArray   *skipped,
                                GError     **error)
{
  g_autoptr(GPtrArray) apps = NULL;
  GVariantBuilder builder;

  g_return_val_if_fail (base_directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (app_id == NULL)
    apps = app_directories (base_directory, skipped);
  else
    {
      g_autofree char *path = g_build_filename (base_directory, app_id, TRANSFERS_DATABASE, NULL);

      if (!g_application_id_is_valid (app_id) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("The app “%s” has no background transfers recorded under “%s”: it never created a background URL session there. Check the app id with “bgrunctl transfers”, which lists every app’s."),
                       app_id, base_directory);
          return NULL;
        }
      apps = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (apps, g_strdup (app_id));
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < apps->len; i++)
    {
      const char *name = g_ptr_array_index (apps, i);
      g_autofree char *path = g_build_filename (base_directory, name, TRANSFERS_DATABASE, NULL);

      add_app (&builder, path, name, skipped);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}
