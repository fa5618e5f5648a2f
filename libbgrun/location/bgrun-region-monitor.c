/* bgrun-region-monitor.c: the regions an app monitors, and when the device
 * enters and leaves them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bgrun-enum-types.h"
#include "bgrun-geodesy-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-session.h"
#include "bgrun-region-monitor-private.h"
#include "bgrun-state-directory-private.h"

/* How far haversine may be from the geodesic distance, with room to
 * spare (it is within 0.5 %). */
#define HAVERSINE_ERROR 0.006

struct _BgrunRegionMonitor
{
  GObject parent_instance;

  char       *path;
  GListStore *regions;   /* of BgrunRegion, in the order they were added */
  GHashTable *states;    /* identifier → BgrunRegionState */
};

enum {
  SIG_REGION_EVENT,
  SIG_STORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BgrunRegionMonitor, bgrun_region_monitor, G_TYPE_OBJECT)

static void
bgrun_region_monitor_finalize (GObject *object)
{
  BgrunRegionMonitor *self = BGRUN_REGION_MONITOR (object);

  g_free (self->path);
  g_clear_object (&self->regions);
  g_clear_pointer (&self->states, g_hash_table_unref);

  G_OBJECT_CLASS (bgrun_region_monitor_parent_class)->finalize (object);
}

static void
bgrun_region_monitor_class_init (BgrunRegionMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bgrun_region_monitor_finalize;

  signals[SIG_REGION_EVENT] =
    g_signal_new ("region-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, BGRUN_TYPE_REGION, BGRUN_TYPE_REGION_EVENT);
  signals[SIG_STORED] =
    g_signal_new ("stored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_region_monitor_init (BgrunRegionMonitor *self)
{
  self->regions = g_list_store_new (BGRUN_TYPE_REGION);
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GVariant *
serialize (BgrunRegionMonitor *self)
{
  GVariantBuilder builder;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->regions));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sdddu)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunRegion) region = g_list_model_get_item (G_LIST_MODEL (self->regions), i);
      const char *id = bgrun_region_get_identifier (region);

      g_variant_builder_add (&builder, "(sdddu)", id,
                             bgrun_region_get_latitude (region),
                             bgrun_region_get_longitude (region),
                             bgrun_region_get_radius (region),
                             GPOINTER_TO_UINT (g_hash_table_lookup (self->states, id)));
    }
  return g_variant_builder_end (&builder);
}

static gboolean
save (BgrunRegionMonitor  *self,
      GError             **error)
{
  if (!bgrun_region_store_save (self->path, serialize (self), error))
    return FALSE;
  g_signal_emit (self, signals[SIG_STORED], 0);
  return TRUE;
}

char *
bgrun_region_monitor_path_for (BgrunScheduler *scheduler)
{
  g_autofree char *chosen = NULL;
  g_autofree char *state_directory = NULL;

  /* Beside the app's store, wherever the scheduler keeps it. */
  g_object_get (scheduler, "state-directory", &chosen, NULL);
  state_directory = bgrun_state_base_directory (chosen);
  return g_build_filename (state_directory, bgrun_scheduler_get_app_id (scheduler),
                           "location-regions.gvariant", NULL);
}

GVariant *
bgrun_region_monitor_serialize (BgrunRegionMonitor *self)
{
  g_return_val_if_fail (BGRUN_IS_REGION_MONITOR (self), NULL);

  return serialize (self);
}

gboolean
bgrun_region_monitor_set_state (BgrunRegionMonitor  *self,
                                const char          *identifier,
                                BgrunRegionState     state,
                                GError             **error)
{
  gpointer old;

  g_return_val_if_fail (BGRUN_IS_REGION_MONITOR (self), FALSE);

  if (!g_hash_table_lookup_extended (self->states, identifier, NULL, &old))
    return TRUE;
  if (GPOINTER_TO_UINT (old) == (guint) state)
    return TRUE;
  g_hash_table_insert (self->states, g_strdup (identifier), GUINT_TO_POINTER (state));
  if (save (self, error))
    return TRUE;
  g_hash_table_insert (self->states, g_strdup (identifier), old);
  return FALSE;
}

/* Fills the monitor from what the store read; FALSE (and nothing kept)
 * when a region in it is not one monitor_region() would have accepted. */
static gboolean
restore (BgrunRegionMonitor  *self,
         GVariant            *regions,
         GError             **error)
{
  GVariantIter iter;
  const char *id;
  double latitude, longitude, radius;
  guint32 state;

  g_variant_iter_init (&iter, regions);
  while (g_variant_iter_next (&iter, "(&sdddu)", &id, &latitude, &longitude, &radius, &state))
    {
      g_autoptr(BgrunRegion) region = bgrun_region_new (id, latitude, longitude, radius);
      g_autoptr(GError) invalid = NULL;

      if (!bgrun_region_validate (region, &invalid) ||
          g_hash_table_contains (self->states, id) ||
          state > BGRUN_REGION_STATE_OUTSIDE)
        {
          g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE,
                       _("The monitored regions in %s are damaged: %s"), self->path,
                       invalid != NULL ? invalid->message : _("a region is there twice, or in an unknown state"));
          g_list_store_remove_all (self->regions);
          g_hash_table_remove_all (self->states);
          return FALSE;
        }
      g_list_store_append (self->regions, region);
      g_hash_table_insert (self->states, g_strdup (id), GUINT_TO_POINTER (state));
    }
  return TRUE;
}

BgrunRegionMonitor *
bgrun_region_monitor_new (const char  *path,
                          GError     **error)
{
  BgrunRegionMonitor *self = g_object_new (BGRUN_TYPE_REGION_MONITOR, NULL);
  g_autoptr(GVariant) regions = NULL;
  g_autoptr(GError) local_error = NULL;

  self->path = g_strdup (path);
  regions = bgrun_region_store_load (path, &local_error);
  if (regions == NULL || !restore (self, regions, &local_error))
    {
      /* Keep the damaged file for whoever wants to look at it, out of the
       * way of the next save. */
      g_autofree char *aside = g_strconcat (path, ".invalid", NULL);

      g_rename (path, aside);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return self;
}

/* path → BgrunRegionMonitor, without a reference: a monitor leaves the
 * table when its last session drops it. */
static GHashTable *open_monitors;

static void
forget_monitor (gpointer  path,
                GObject  *monitor)
{
  g_hash_table_remove (open_monitors, path);
}

BgrunRegionMonitor *
bgrun_region_monitor_open (const char  *path,
                           GError     **error)
{
  BgrunRegionMonitor *monitor;
  char *key;

  if (open_monitors == NULL)
    open_monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  monitor = g_hash_table_lookup (open_monitors, path);
  if (monitor != NULL)
    return g_object_ref (monitor);

  monitor = bgrun_region_monitor_new (path, error);
  key = g_strdup (path);
  g_hash_table_insert (open_monitors, key, monitor);
  g_object_weak_ref (G_OBJECT (monitor), forget_monitor, key);
  return monitor;
}

static gboolean
find (BgrunRegionMonitor *self,
      const char         *identifier,
      guint              *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->regions));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunRegion) region = g_list_model_get_item (G_LIST_MODEL (self->regions), i);

      if (g_strcmp0 (bgrun_region_get_identifier (region), identifier) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
bgrun_region_monitor_add (BgrunRegionMonitor  *self,
                          BgrunRegion         *region,
                          GError             **error)
{
  const char *id = bgrun_region_get_identifier (region);
  g_autoptr(BgrunRegion) replaced = NULL;
  gpointer old_state = NULL;
  guint position = 0;
  gboolean replacing;

  if (!bgrun_region_validate (region, error))
    return FALSE;
  replacing = find (self, id, &position);
  if (!replacing && g_list_model_get_n_items (G_LIST_MODEL (self->regions)) >= BGRUN_LOCATION_MAX_REGIONS)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_TOO_MANY_REGIONS,
                   _("The region “%s” cannot be monitored: the app already monitors %d regions, as many as it may. Stop monitoring one first."),
                   id, BGRUN_LOCATION_MAX_REGIONS);
      return FALSE;
    }

  if (replacing)
    {
      replaced = g_list_model_get_item (G_LIST_MODEL (self->regions), position);
      old_state = g_hash_table_lookup (self->states, id);
      g_list_store_splice (self->regions, position, 1, (gpointer *) &region, 1);
    }
  else
    g_list_store_append (self->regions, region);
  g_hash_table_insert (self->states, g_strdup (id), GUINT_TO_POINTER (BGRUN_REGION_STATE_UNKNOWN));

  if (!save (self, error))
    {
      if (replacing)
        {
          g_list_store_splice (self->regions, position, 1, (gpointer *) &replaced, 1);
          g_hash_table_insert (self->states, g_strdup (id), old_state);
        }
      else
        {
          g_list_store_remove (self->regions, g_list_model_get_n_items (G_LIST_MODEL (self->regions)) - 1);
          g_hash_table_remove (self->states, id);
        }
      return FALSE;
    }
  return TRUE;
}

gboolean
bgrun_region_monitor_remove (BgrunRegionMonitor  *self,
                             const char          *identifier,
                             GError             **error)
{
  g_autoptr(BgrunRegion) removed = NULL;
  gpointer old_state;
  guint position = 0;

  if (!find (self, identifier, &position))
    return TRUE;

  removed = g_list_model_get_item (G_LIST_MODEL (self->regions), position);
  old_state = g_hash_table_lookup (self->states, identifier);
  g_list_store_remove (self->regions, position);
  g_hash_table_remove (self->states, identifier);
  if (!save (self, error))
    {
      g_list_store_insert (self->regions, position, removed);
      g_hash_table_insert (self->states, g_strdup (identifier), old_state);
      return FALSE;
    }
  return TRUE;
}

GListModel *
bgrun_region_monitor_get_model (BgrunRegionMonitor *self)
{
  return G_LIST_MODEL (self->regions);
}

BgrunRegionState
bgrun_region_monitor_get_state (BgrunRegionMonitor *self,
                                const char         *identifier)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->states, identifier));
}

gboolean
bgrun_region_monitor_feed (BgrunRegionMonitor  *self,
                           BgrunLocation       *fix,
                           GError             **error)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->regions));
  double accuracy = bgrun_location_get_horizontal_accuracy (fix);
  double fix_lat = bgrun_location_get_latitude (fix), fix_lon = bgrun_location_get_longitude (fix);
  g_autoptr(GPtrArray) entered = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (BgrunRegionEvent));
  gboolean changed = FALSE;
  gboolean saved = TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunRegion) region = g_list_model_get_item (G_LIST_MODEL (self->regions), i);
      double lat = bgrun_region_get_latitude (region), lon = bgrun_region_get_longitude (region);
      const char *id = bgrun_region_get_identifier (region);
      BgrunRegionState state = GPOINTER_TO_UINT (g_hash_table_lookup (self->states, id));
      BgrunRegionState now;
      double radius = bgrun_region_get_radius (region);
      double margin = MIN (MAX (BGRUN_REGION_HYSTERESIS, accuracy), radius / 2);
      double distance = bgrun_geodesy_haversine (lat, lon, fix_lat, fix_lon);

      /* The sphere is within 0.5 % of the ellipsoid: far from the border
       * band it decides alone, and only fixes near it pay for Vincenty. */
      if (distance * (1 - HAVERSINE_ERROR) > radius + margin)
        now = BGRUN_REGION_STATE_OUTSIDE;
      else if (distance * (1 + HAVERSINE_ERROR) < radius - margin)
        now = BGRUN_REGION_STATE_INSIDE;
      else
        {
          bgrun_geodesy_inverse (lat, lon, fix_lat, fix_lon, &distance, NULL);
          if (distance <= radius - margin)
            now = BGRUN_REGION_STATE_INSIDE;
          else if (distance >= radius + margin)
            now = BGRUN_REGION_STATE_OUTSIDE;
          else
            continue;  /* on the border: the state stays what it was */
        }
      if (now == state)
        continue;

      g_hash_table_insert (self->states, g_strdup (id), GUINT_TO_POINTER (now));
      changed = TRUE;
      if (state != BGRUN_REGION_STATE_UNKNOWN)
        {
          BgrunRegionEvent event = now == BGRUN_REGION_STATE_INSIDE ? BGRUN_REGION_EVENT_ENTER
                                                                    : BGRUN_REGION_EVENT_EXIT;

          g_ptr_array_add (entered, g_object_ref (region));
          g_array_append_val (events, event);
        }
    }

  /* Store first, then tell: an event the app heard is never heard again
   * after a restart. */
  if (changed)
    saved = save (self, error);
  for (guint i = 0; i < entered->len; i++)
    g_signal_emit (self, signals[SIG_REGION_EVENT], 0,
                   g_ptr_array_index (entered, i), g_array_index (events, BgrunRegionEvent, i));
  return saved;
}
