/* bgrun-transfer-listing.c: the background transfers recorded under a
 * state directory, for bgrunctl
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <inttypes.h>
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

/* Starts @dict from @view, with whose it is and its enumerations by
 * their nicks: FALSE when one has none (a newer libbgrun's value). */
static gboolean
init_row (GVariantDict *dict,
          GVariant     *view,
          const char   *app_id,
          const char   *session_identifier,
          guint32       kind,
          guint32       state,
          guint32       reason,
          guint32       protocol)
{
  const char *kind_nick = nick_of (BGRUN_TYPE_URL_SESSION_TASK_KIND, kind);
  const char *state_nick = nick_of (BGRUN_TYPE_URL_SESSION_TASK_STATE, state);
  const char *reason_nick = nick_of (BGRUN_TYPE_URL_SESSION_WAIT_REASON, reason);
  const char *protocol_nick = nick_of (BGRUN_TYPE_UPLOAD_PROTOCOL, protocol);

  if (kind_nick == NULL || state_nick == NULL || reason_nick == NULL || protocol_nick == NULL)
    return FALSE;
  g_variant_dict_init (dict, view);
  g_variant_dict_insert (dict, "app-id", "s", app_id);
  g_variant_dict_insert (dict, "session", "s", session_identifier);
  g_variant_dict_insert (dict, "kind", "s", kind_nick);
  g_variant_dict_insert (dict, "state", "s", state_nick);
  g_variant_dict_insert (dict, "waiting-reason", "s", reason_nick);
  g_variant_dict_insert (dict, "upload-protocol", "s", protocol_nick);
  return TRUE;
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
  gboolean was_running;

  task = bgrun_url_session_task_new_from_record (NULL, record, &was_running);
  if (task == NULL)
    return NULL;
  g_variant_lookup (record, "state", "u", &state);
  if (state == BGRUN_URL_SESSION_TASK_STATE_WAITING)
    g_variant_lookup (record, "waiting-reason", "u", &reason);
  view = g_variant_ref_sink (bgrun_url_session_task_to_view (task));
  if (!init_row (&dict, view, app_id, session_identifier, bgrun_url_session_task_get_kind (task), state,
                 reason, bgrun_url_session_task_get_upload_protocol (task)))
    return NULL;
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/* The event @numbered ("(ta{sv})": a completion the app has not been
 * given yet) of @session_identifier of @app_id, as the listing shows it:
 * its task as it completed, with the event's number and, when it failed,
 * the error message; NULL when @numbered is not an event this code
 * reads. */
static GVariant *
describe_event (const char *app_id,
                const char *session_identifier,
                GVariant   *numbered)
{
  g_autoptr(GVariant) event = NULL;
  g_autoptr(GVariant) view = NULL;
  g_autoptr(GVariant) error = NULL;
  GVariantDict dict;
  guint32 kind, protocol;
  const char *message;
  guint64 sequence;

  g_variant_get (numbered, "(t@a{sv})", &sequence, &event);
  view = g_variant_lookup_value (event, "task", G_VARIANT_TYPE_VARDICT);
  if (view == NULL || !g_variant_lookup (view, "kind", "u", &kind) ||
      !g_variant_lookup (view, "upload-protocol", "u", &protocol))
    return NULL;
  if (!init_row (&dict, view, app_id, session_identifier, kind, BGRUN_URL_SESSION_TASK_STATE_COMPLETED,
                 BGRUN_URL_SESSION_WAIT_REASON_NONE, protocol))
    return NULL;
  g_variant_dict_insert (&dict, "event", "t", sequence);
  error = g_variant_dict_lookup_value (&dict, "error", G_VARIANT_TYPE ("(sis)"));
  g_variant_dict_remove (&dict, "error");
  if (error != NULL)
    {
      g_variant_get (error, "(&si&s)", NULL, NULL, &message);
      g_variant_dict_insert (&dict, "error", "s", message);
    }
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static void
skip (GPtrArray  *skipped,
      const char *message)
{
  if (skipped != NULL)
    g_ptr_array_add (skipped, g_strdup (message));
}

/* What the listing shows of a session: its tasks, then its completions
 * the app was not given. An item describe() cannot read (NULL) is
 * skipped, with the message @damaged about its number(). */
typedef struct
{
  GPtrArray  *(*list)     (BgrunStore  *store,
                           const char  *session_identifier,
                           GError     **error);
  GVariant   *(*describe) (const char  *app_id,
                           const char  *session_identifier,
                           GVariant    *item);
  guint64     (*number)   (GVariant    *item);
  const char   *damaged;  /* number, session, app id, database */
} RowKind;

static guint64
task_number (GVariant *record)
{
  guint64 id = 0;

  g_variant_lookup (record, "id", "t", &id);
  return id;
}

static guint64
event_number (GVariant *numbered)
{
  guint64 sequence = 0;

  g_variant_get_child (numbered, 0, "t", &sequence);
  return sequence;
}

static const RowKind row_kinds[] = {
  { bgrun_transfer_store_list_tasks, describe_task, task_number,
    N_("Skipped task %" PRIu64 " of the session “%s” of %s in “%s”: its record is damaged or from a newer libbgrun, so its transfer cannot be shown.") },
  { bgrun_transfer_store_list_events, describe_event, event_number,
    N_("Skipped the completion %" PRIu64 " of the session “%s” of %s in “%s”: it is damaged or from a newer libbgrun, so it cannot be shown.") },
};

static void
add_rows (GVariantBuilder *builder,
          const RowKind   *kind,
          BgrunStore      *store,
          const char      *app_id,
          const char      *session_identifier,
          GPtrArray       *skipped)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = kind->list (store, session_identifier, &error);
  if (items == NULL)
    {
      skip (skipped, error->message);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GVariant) row = kind->describe (app_id, session_identifier, items->pdata[i]);
      g_autofree char *message = NULL;

      if (row != NULL)
        {
          g_variant_builder_add_value (builder, row);
          continue;
        }
      message = g_strdup_printf (_(kind->damaged), kind->number (items->pdata[i]),
                                 session_identifier, app_id, bgrun_store_get_path (store));
      skip (skipped, message);
    }
}

static void
add_session (GVariantBuilder *builder,
             BgrunStore      *store,
             const char      *app_id,
             const char      *session_identifier,
             GPtrArray       *skipped)
{
  for (guint i = 0; i < G_N_ELEMENTS (row_kinds); i++)
    add_rows (builder, &row_kinds[i], store, app_id, session_identifier, skipped);
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
