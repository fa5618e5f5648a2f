/* bgrun-hosted-updates.c: the location updates bgrund journals for apps
 * that cannot take them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-hosted-updates-private.h"

/* On the platform we model, the system keeps collecting a background
 * session's locations while its app is relaunched, and hands them over
 * once the app sets up its location manager again. Here a session that
 * allows background updates is hosted by bgrund once its process goes,
 * with the settings the process last reported. */

typedef struct
{
  double         distance_filter;
  BgrunLocation *last;  /* the last fix journaled, or NULL */
} Hosted;

struct _BgrunHostedUpdates
{
  GHashTable *apps;  /* app id → Hosted */
};

static void
hosted_free (gpointer data)
{
  Hosted *hosted = data;

  g_clear_pointer (&hosted->last, bgrun_location_unref);
  g_free (hosted);
}

BgrunHostedUpdates *
bgrun_hosted_updates_new (void)
{
  BgrunHostedUpdates *self = g_new0 (BgrunHostedUpdates, 1);

  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, hosted_free);
  return self;
}

void
bgrun_hosted_updates_free (BgrunHostedUpdates *self)
{
  g_hash_table_unref (self->apps);
  g_free (self);
}

void
bgrun_hosted_updates_set (BgrunHostedUpdates *self,
                          const char         *app_id,
                          gboolean            background,
                          double              distance_filter)
{
  Hosted *hosted;

  if (!background)
    {
      g_hash_table_remove (self->apps, app_id);
      return;
    }
  hosted = g_new0 (Hosted, 1);
  hosted->distance_filter = MAX (distance_filter, 0.0);
  g_hash_table_replace (self->apps, g_strdup (app_id), hosted);
}

gboolean
bgrun_hosted_updates_hosts (BgrunHostedUpdates *self,
                            const char         *app_id)
{
  return g_hash_table_contains (self->apps, app_id);
}

gboolean
bgrun_hosted_updates_any (BgrunHostedUpdates *self)
{
  return g_hash_table_size (self->apps) > 0;
}

const char **
bgrun_hosted_updates_list (BgrunHostedUpdates *self)
{
  return (const char **) g_hash_table_get_keys_as_array (self->apps, NULL);
}

gboolean
bgrun_hosted_updates_accept (BgrunHostedUpdates *self,
                             const char         *app_id,
                             BgrunLocation      *fix)
{
  Hosted *hosted = g_hash_table_lookup (self->apps, app_id);

  if (hosted == NULL)
    return FALSE;
  if (hosted->last != NULL && hosted->distance_filter > 0 &&
      bgrun_location_distance_to (hosted->last, fix) < hosted->distance_filter)
    return FALSE;
  g_clear_pointer (&hosted->last, bgrun_location_unref);
  hosted->last = bgrun_location_ref (fix);
  return TRUE;
}
