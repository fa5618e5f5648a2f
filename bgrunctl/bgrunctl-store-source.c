/* bgrunctl-store-source.c: org.bgrun.Admin1's read-only stand-in over
 * the stores in a state directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bgrun-admin-records-private.h"
#include "bgrun-errors.h"
#include "bgrun-store-private.h"
#include "bgrun-transfer-listing-private.h"
#include "bgrunctl-source.h"

/* A state directory holds one store per directory: <app-id>/tasks.db for
 * each app running its engine embedded, daemon/tasks.db for bgrund, and
 * <app-id>/transfers.db for each app's background URL sessions. Each
 * is opened read-only: reading never creates, migrates or repairs one,
 * so looking at an app's store while the app runs is safe. Only what a
 * store records can be answered: no conditions, no explanation (they
 * need the engine's view of now), no running tasks, nothing that acts. */

typedef struct
{
  char  *app_id;
  BgrunStore *store;
} StoredApp;

static void
stored_app_free (gpointer data)
{
  StoredApp *app = data;

  g_free (app->app_id);
  g_object_unref (app->store);
  g_free (app);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* An app whose work moved between placements while a process was killed
 * may be in two stores for a while: the copy with the lower placement
 * epoch is stale (bgrun-store-handover.c), and left out. */
static gboolean
is_stale_copy (GPtrArray *apps,
               StoredApp *app)
{
  guint64 epoch = bgrun_store_get_placement_epoch (app->store, app->app_id);

  for (guint i = 0; i < apps->len; i++)
    {
      StoredApp *other = g_ptr_array_index (apps, i);

      if (other != app && g_str_equal (other->app_id, app->app_id) &&
          bgrun_store_get_placement_epoch (other->store, other->app_id) > epoch)
        return TRUE;
    }
  return FALSE;
}

static void
leave_out_stale_copies (GPtrArray *apps)
{
  g_autoptr(GPtrArray) stale = g_ptr_array_new ();

  for (guint i = 0; i < apps->len; i++)
    if (is_stale_copy (apps, g_ptr_array_index (apps, i)))
      g_ptr_array_add (stale, g_ptr_array_index (apps, i));
  for (guint i = 0; i < stale->len; i++)
    g_ptr_array_remove (apps, g_ptr_array_index (stale, i));
}

/* Every app of every store under @state_dir, in directory order then app
 * order, but for stale copies. A store that cannot be read is skipped,
 * and said so on stderr. */
static GPtrArray *
read_apps (const char  *state_dir,
           GError     **error)
{
  g_autoptr(GPtrArray) apps = g_ptr_array_new_with_free_func (stored_app_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (state_dir, 0, error);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (state_dir, g_ptr_array_index (names, i), "tasks.db", NULL);
      g_autoptr(BgrunStore) store = NULL;
      g_autoptr(GError) local_error = NULL;
      g_auto(GStrv) ids = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      store = bgrun_store_open_read_only (path, &local_error);
      if (store != NULL)
        ids = bgrun_store_list_apps (store, &local_error);
      if (ids == NULL)
        {
          g_printerr ("bgrunctl: %s\n", local_error->message);
          continue;
        }
      for (guint j = 0; ids[j] != NULL; j++)
        {
          StoredApp *app = g_new0 (StoredApp, 1);

          app->app_id = g_strdup (ids[j]);
          app->store = g_object_ref (store);
          g_ptr_array_add (apps, app);
        }
    }
  leave_out_stale_copies (apps);
  return g_steal_pointer (&apps);
}

/* The apps of @all that @app_id ("" for every one) names; fails when it
 * names none. */
static GPtrArray *
select_apps (GPtrArray   *all,
             const char  *state_dir,
             const char  *app_id,
             GError     **error)
{
  GPtrArray *selected = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      StoredApp *app = g_ptr_array_index (all, i);

      if (*app_id == '\0' || g_str_equal (app->app_id, app_id))
        g_ptr_array_add (selected, app);
    }
  if (*app_id != '\0' && selected->len == 0)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("No store under “%s” has requests or history of the app “%s”."),
                   state_dir, app_id);
      g_ptr_array_unref (selected);
      return NULL;
    }
  return selected;
}

static GVariant *
status (const char *state_dir,
        GPtrArray  *apps)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "placement", "s", "stores");
  g_variant_dict_insert (&dict, "version", "s", PACKAGE_VERSION);
  g_variant_dict_insert (&dict, "state-directory", "s", state_dir);
  g_variant_dict_insert (&dict, "apps", "u", apps->len);
  return g_variant_new ("(@a{sv})", g_variant_dict_end (&dict));
}

static GVariant *
list_apps (GPtrArray *apps)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < apps->len; i++)
    {
      StoredApp *app = g_ptr_array_index (apps, i);
      g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
      int pending = bgrun_store_count_requests (app->store, app->app_id, NULL);

      g_variant_dict_insert (&dict, "app-id", "s", app->app_id);
      if (pending >= 0)
        g_variant_dict_insert (&dict, "pending", "u", (guint32) pending);
      g_variant_dict_insert (&dict, "store", "s", bgrun_store_get_path (app->store));
      g_variant_builder_add_value (&builder, g_variant_dict_end (&dict));
    }
  return g_variant_new ("(aa{sv})", &builder);
}

static GVariant *
list_pending (GPtrArray  *apps,
              GError    **error)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < apps->len; i++)
    {
      StoredApp *app = g_ptr_array_index (apps, i);
      g_autoptr(GPtrArray) requests = bgrun_store_list_requests (app->store, app->app_id, error);

      if (requests == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      for (guint j = 0; j < requests->len; j++)
        {
          g_autoptr(GVariant) record = bgrun_admin_record_for_dict (app->app_id,
                                                                    g_ptr_array_index (requests, j));

          g_variant_builder_add_value (&builder, record);
        }
    }
  return g_variant_new ("(aa{sv})", &builder);
}

static GVariant *
history (GPtrArray  *apps,
         guint       limit,
         GError    **error)
{
  GPtrArray *records = bgrun_admin_history_new ();
  g_autoptr(GVariant) entries = NULL;

  for (guint i = 0; i < apps->len; i++)
    {
      StoredApp *app = g_ptr_array_index (apps, i);
      g_autoptr(GPtrArray) stored = bgrun_store_list_history (app->store, app->app_id, error);

      if (stored == NULL)
        {
          g_ptr_array_unref (records);
          return NULL;
        }
      for (guint j = 0; j < stored->len; j++)
        bgrun_admin_history_add (records, app->app_id, g_ptr_array_index (stored, j));
    }
  entries = bgrun_admin_history_end (records, limit);
  return g_variant_new ("(@aa{sv})", entries);
}

/* Transfers are in each app's transfers.db, not in the stores above. */
static GVariant *
list_transfers (const char  *state_dir,
                const char  *app_id,
                GError     **error)
{
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) transfers = NULL;

  transfers = bgrun_transfer_listing_collect (state_dir, *app_id != '\0' ? app_id : NULL, skipped, error);
  for (guint i = 0; i < skipped->len; i++)
    g_printerr ("bgrunctl: %s\n", (const char *) g_ptr_array_index (skipped, i));
  if (transfers == NULL)
    return NULL;
  return g_variant_new ("(@aa{sv})", transfers);
}

GVariant *
bgrunctl_store_source_call (const char  *state_dir,
                            const char  *method,
                            GVariant    *parameters,
                            GError     **error)
{
  static const char * const answered[] = { "Status", "ListApps", "ListPending", "History",
                                            "ListTransfers", NULL };
  g_autoptr(GVariant) args = parameters != NULL ? g_variant_ref_sink (parameters) : NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  const char *app_id = "";
  guint32 limit = 0;

  if (!g_strv_contains (answered, method))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This needs a running bgrund or app: --state-dir reads stored requests, history and transfers only."));
      return NULL;
    }
  if (g_str_equal (method, "ListTransfers"))
    {
      g_variant_get_child (args, 0, "&s", &app_id);
      return list_transfers (state_dir, app_id, error);
    }
  all = read_apps (state_dir, error);
  if (all == NULL)
    return NULL;
  if (g_str_equal (method, "Status"))
    return status (state_dir, all);
  if (g_str_equal (method, "ListApps"))
    return list_apps (all);

  g_variant_get_child (args, 0, "&s", &app_id);
  apps = select_apps (all, state_dir, app_id, error);
  if (apps == NULL)
    return NULL;
  if (g_str_equal (method, "ListPending"))
    return list_pending (apps, error);
  g_variant_get_child (args, 1, "u", &limit);
  return history (apps, limit, error);
}
