/* bgrun-region-host.c: bgrund watches the regions of apps that are not
 * running
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bgrun-errors.h"
#include "bgrun-hosted-updates-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-location-private.h"
#include "bgrun-location-provider-private.h"
#include "bgrun-region-host-private.h"
#include "bgrun-region-monitor-private.h"
#include "bgrun-region-relay-private.h"
#include "bgrun-store-private.h"
#include "bgrun-time-private.h"

/* As on the platform we model, a region the app monitors is watched
 * whether the app runs or not. While a process of the app is attached its
 * own sessions watch; once it has gone, bgrund does, from the states the
 * app last handed over, so that an entry the app already reported is not
 * reported again. An event is journaled before the app is asked for, so
 * nothing is lost if bgrund or the app stops on the way.
 *
 * The location updates of a session that allows background updates go
 * to the same journal, in order with the events, while the app cannot
 * take them: its process was killed with the session running, or is
 * being started again and runs no session yet. */

struct _BgrunRegionHost
{
  GObject parent_instance;

  BgrunEngine          *engine;
  BgrunBrokerService   *service;
  BgrunClock           *clock;
  char                 *directory;  /* <base>/daemon/regions */
  BgrunStore           *journal;
  GHashTable           *monitors;   /* app id → BgrunRegionMonitor */
  GHashTable           *watching;   /* app ids whose attached process watches */
  BgrunHostedUpdates   *hosted;     /* apps whose updates bgrund journals when they cannot */
  BgrunLocationBackend *backend;    /* while busy */
  gboolean              busy;
  gboolean              failed;     /* the provider failed: not again until the regions change */
};

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BgrunRegionHost, bgrun_region_host, G_TYPE_OBJECT)

static gboolean
has_regions (BgrunRegionMonitor *monitor)
{
  return g_list_model_get_n_items (bgrun_region_monitor_get_model (monitor)) > 0;
}

/* Whether a process of @app_id runs a location session, which watches
 * its regions and takes its updates itself. */
static gboolean
runs_session (BgrunRegionHost *self,
              const char      *app_id)
{
  return bgrun_broker_service_is_attached (self->service, app_id) &&
         g_hash_table_contains (self->watching, app_id);
}

/* Apps whose regions bgrund watches now: with regions, and not attached
 * or attached without a running session (one that runs watches them). */
static gboolean
watched (BgrunRegionHost    *self,
         const char         *app_id,
         BgrunRegionMonitor *monitor)
{
  return has_regions (monitor) && !runs_session (self, app_id);
}

/* The next sequence number of @app_id's journal. */
static guint64
next_sequence (BgrunRegionHost *self,
               const char      *app_id)
{
  g_autoptr(GPtrArray) events = bgrun_store_list_events (self->journal, app_id, NULL);
  guint64 last = 0;
  g_autoptr(GVariant) stored = bgrun_store_get_value (self->journal, app_id, "last-region-event");

  if (stored != NULL && g_variant_is_of_type (stored, G_VARIANT_TYPE_UINT64))
    last = g_variant_get_uint64 (stored);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      guint64 seq;

      g_variant_get_child (events->pdata[i], 0, "t", &seq);
      last = MAX (last, seq);
    }
  return last + 1;
}

/* Journals @dict (ended here) for @app_id, dated now, under the next
 * number; returns that number, or 0 with @error set. */
static guint64
journal (BgrunRegionHost  *self,
         const char       *app_id,
         GVariantDict     *dict,
         GError          **error)
{
  guint64 seq = next_sequence (self, app_id);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  g_variant_dict_insert (dict, "date", "x", bgrun_time_to_usec (now));
  /* Numbers are never used twice, even once the journal is emptied. */
  if (!bgrun_store_add_event (self->journal, app_id, seq, g_variant_dict_end (dict), error) ||
      !bgrun_store_set_value (self->journal, app_id, "last-region-event",
                              g_variant_new_uint64 (seq), error))
    return 0;
  return seq;
}

static void
journal_update (BgrunRegionHost *self,
                const char      *app_id,
                BgrunLocation   *fix)
{
  g_autoptr(GError) error = NULL;
  GVariantDict dict;

  if (runs_session (self, app_id) || !bgrun_hosted_updates_accept (self->hosted, app_id, fix))
    return;
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert_value (&dict, "location", bgrun_location_to_variant (fix));
  if (journal (self, app_id, &dict, &error) == 0)
    g_warning ("bgrund: a location update of %s cannot be journaled: %s", app_id, error->message);
}

static void
on_fix (BgrunLocationBackend *backend,
        BgrunLocation        *fix,
        BgrunRegionHost      *self)
{
  GHashTableIter iter;
  gpointer app_id, monitor;

  g_hash_table_iter_init (&iter, self->monitors);
  while (g_hash_table_iter_next (&iter, &app_id, &monitor))
    {
      g_autoptr(GError) error = NULL;

      if (watched (self, app_id, monitor) && !bgrun_region_monitor_feed (monitor, fix, &error))
        g_warning ("bgrund: %s", error->message);
    }

  /* After the regions: an entry the fix causes comes before the fix, as
   * in an app's own session. */
  {
    g_autofree const char **hosted = bgrun_hosted_updates_list (self->hosted);

    for (guint i = 0; hosted[i] != NULL; i++)
      journal_update (self, hosted[i], fix);
  }
}

static void update_busy (BgrunRegionHost *self);

static void
on_backend_failed (BgrunLocationBackend *backend,
                   const GError         *error,
                   BgrunRegionHost      *self)
{
  g_warning ("bgrund: cannot watch the apps’ regions: %s", error->message);
  self->failed = TRUE;
  g_signal_handlers_disconnect_by_data (self->backend, self);
  g_clear_object (&self->backend);
  /* Not busy: nothing watches until the regions or the apps change. */
  if (self->busy)
    {
      self->busy = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
update_busy (BgrunRegionHost *self)
{
  GHashTableIter iter;
  gpointer app_id, monitor;
  gboolean busy = FALSE;

  /* The provider runs while any app has regions, attached or not: one
   * that stopped and started again at every launch would report the
   * same crossing again (a replay starts over) or miss one between. */
  busy = bgrun_hosted_updates_any (self->hosted);
  g_hash_table_iter_init (&iter, self->monitors);
  while (!busy && g_hash_table_iter_next (&iter, &app_id, &monitor))
    busy = has_regions (monitor);

  if (busy && self->failed)
    busy = FALSE;
  if (busy && self->backend == NULL)
    {
      BgrunLocationBackendOptions options = { 0 };
      g_autoptr(GError) error = NULL;

      options.clock = self->clock;
      options.app_id = "org.bgrun.Broker1";
      options.replay_speed = 1.0;
      options.accuracy = BGRUN_LOCATION_ACCURACY_HUNDRED_METERS;
      options.gpsd_address = g_getenv ("BGRUN_GPSD");
      self->backend = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_AUTO, &options, &error);
      if (self->backend == NULL)
        {
          g_warning ("bgrund: cannot watch the apps’ regions: %s", error->message);
          self->failed = TRUE;
          busy = FALSE;
        }
      else
        {
          g_signal_connect (self->backend, "location", G_CALLBACK (on_fix), self);
          g_signal_connect (self->backend, "failed", G_CALLBACK (on_backend_failed), self);
          bgrun_location_backend_start (self->backend);
        }
    }
  else if (!busy && self->backend != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->backend, self);
      bgrun_location_backend_stop (self->backend);
      g_clear_object (&self->backend);
    }
  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
on_region_event (BgrunRegionMonitor *monitor,
                 BgrunRegion        *region,
                 BgrunRegionEvent    event,
                 BgrunRegionHost    *self)
{
  const char *app_id = g_object_get_data (G_OBJECT (monitor), "bgrun-app-id");
  g_autoptr(GError) error = NULL;
  GVariantDict dict;
  guint64 seq;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "identifier", "s", bgrun_region_get_identifier (region));
  g_variant_dict_insert (&dict, "latitude", "d", bgrun_region_get_latitude (region));
  g_variant_dict_insert (&dict, "longitude", "d", bgrun_region_get_longitude (region));
  g_variant_dict_insert (&dict, "radius", "d", bgrun_region_get_radius (region));
  g_variant_dict_insert (&dict, "event", "u", (guint32) event);
  seq = journal (self, app_id, &dict, &error);
  if (seq == 0)
    {
      g_warning ("bgrund: the %s of “%s” by %s cannot be journaled: %s",
                 event == BGRUN_REGION_EVENT_ENTER ? "entry" : "exit",
                 bgrun_region_get_identifier (region), app_id, error->message);
      return;
    }
  g_debug ("bgrund: %s %s “%s”; journaled as %" G_GUINT64_FORMAT, app_id,
           event == BGRUN_REGION_EVENT_ENTER ? "entered" : "left",
           bgrun_region_get_identifier (region), seq);
  if (!bgrun_engine_submit_location_region (self->engine, app_id, &error))
    g_warning ("bgrund: cannot start %s for its region events: %s", app_id, error->message);
}

static char *
regions_path (BgrunRegionHost *self,
              const char      *app_id)
{
  g_autofree char *name = g_strconcat (app_id, ".gvariant", NULL);

  return g_build_filename (self->directory, name, NULL);
}

static void
use_monitor (BgrunRegionHost *self,
             const char      *app_id)
{
  g_autofree char *path = regions_path (self, app_id);
  g_autoptr(GError) error = NULL;
  BgrunRegionMonitor *monitor = bgrun_region_monitor_new (path, &error);

  if (error != NULL)
    g_warning ("bgrund: %s", error->message);
  g_object_set_data_full (G_OBJECT (monitor), "bgrun-app-id", g_strdup (app_id), g_free);
  g_signal_connect (monitor, "region-event", G_CALLBACK (on_region_event), self);
  g_hash_table_replace (self->monitors, g_strdup (app_id), monitor);
}

/* The state @monitor knows for the region (@identifier, @latitude,
 * @longitude, @radius), or UNKNOWN for a region it does not monitor as
 * such. */
static BgrunRegionState
known_state (BgrunRegionMonitor *monitor,
             const char         *identifier,
             double              latitude,
             double              longitude,
             double              radius)
{
  GListModel *model = bgrun_region_monitor_get_model (monitor);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BgrunRegion) region = g_list_model_get_item (model, i);

      if (g_str_equal (bgrun_region_get_identifier (region), identifier) &&
          bgrun_region_get_latitude (region) == latitude &&
          bgrun_region_get_longitude (region) == longitude &&
          bgrun_region_get_radius (region) == radius)
        return bgrun_region_monitor_get_state (monitor, identifier);
    }
  return BGRUN_REGION_STATE_UNKNOWN;
}

/* @regions as the app sent them, with the states bgrund saw since for the
 * regions it watched as they are: while no session of the app watched,
 * bgrund's states are the newer ones (the app only learns them from the
 * events it is given). Floating. */
static GVariant *
merge_states (BgrunRegionMonitor *monitor,
              GVariant           *regions)
{
  GVariantBuilder builder;
  GVariantIter iter;
  const char *identifier;
  double latitude, longitude, radius;
  guint32 state;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sdddu)"));
  g_variant_iter_init (&iter, regions);
  while (g_variant_iter_next (&iter, "(&sdddu)", &identifier, &latitude, &longitude, &radius, &state))
    {
      BgrunRegionState seen = known_state (monitor, identifier, latitude, longitude, radius);

      g_variant_builder_add (&builder, "(sdddu)", identifier, latitude, longitude, radius,
                             seen != BGRUN_REGION_STATE_UNKNOWN ? (guint32) seen : state);
    }
  return g_variant_builder_end (&builder);
}

static gboolean
set_regions (gpointer     host,
             const char  *app_id,
             GVariant    *regions,
             gboolean     watching,
             GError     **error)
{
  BgrunRegionHost *self = host;
  g_autofree char *path = regions_path (self, app_id);
  g_autoptr(GError) store_error = NULL;
  BgrunRegionMonitor *previous = g_hash_table_lookup (self->monitors, app_id);
  g_autoptr(GVariant) kept = NULL;

  if (g_variant_n_children (regions) > BGRUN_LOCATION_MAX_REGIONS)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("An app monitors at most %d regions, not %zu."),
                   BGRUN_LOCATION_MAX_REGIONS, g_variant_n_children (regions));
      return FALSE;
    }
  /* Unless a session of the app watched until now, or watches (then the
   * app's states are the newer ones), bgrund's are. */
  if (previous != NULL && !watching && !g_hash_table_contains (self->watching, app_id))
    regions = kept = g_variant_ref_sink (merge_states (previous, regions));
  if (!bgrun_region_store_save (path, regions, &store_error))
    {
      g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                           store_error->message);
      return FALSE;
    }
  /* Read back as any stored file is: a region the monitor would not
   * accept sets the file aside, with a warning. */
  use_monitor (self, app_id);
  if (watching)
    g_hash_table_add (self->watching, g_strdup (app_id));
  else
    g_hash_table_remove (self->watching, app_id);
  /* New regions are worth another try of a provider that failed. */
  self->failed = FALSE;
  update_busy (self);
  return TRUE;
}

static gboolean
set_updates (gpointer     host,
             const char  *app_id,
             GVariant    *updates,
             GError     **error)
{
  BgrunRegionHost *self = host;
  gboolean running = FALSE, background = FALSE;
  double distance_filter = 0;

  g_variant_lookup (updates, "running", "b", &running);
  g_variant_lookup (updates, "background", "b", &background);
  g_variant_lookup (updates, "distance-filter", "d", &distance_filter);
  if (background && !running)
    {
      g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                           _("Background location updates need a running session."));
      return FALSE;
    }
  if (running)
    g_hash_table_add (self->watching, g_strdup (app_id));
  else
    g_hash_table_remove (self->watching, app_id);
  bgrun_hosted_updates_set (self->hosted, app_id, background, distance_filter);
  update_busy (self);
  return TRUE;
}

static GVariant *
take_events (gpointer     host,
             const char  *app_id,
             GError     **error)
{
  BgrunRegionHost *self = host;
  g_autoptr(GPtrArray) events = bgrun_store_list_events (self->journal, app_id, error);
  GVariantBuilder builder;

  if (events == NULL)
    return NULL;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ta{sv})"));
  for (guint i = 0; i < events->len; i++)
    g_variant_builder_add_value (&builder, events->pdata[i]);
  return g_variant_builder_end (&builder);
}

static gboolean
acknowledge_events (gpointer     host,
                    const char  *app_id,
                    guint64      up_to,
                    GError     **error)
{
  BgrunRegionHost *self = host;

  return bgrun_store_delete_events (self->journal, app_id, up_to, error);
}

static const BgrunRegionFuncs region_funcs = {
  set_regions, set_updates, take_events, acknowledge_events
};

static void
on_app_attached (BgrunBrokerService *service,
                 const char         *app_id,
                 gboolean            attached,
                 BgrunRegionHost    *self)
{
  /* Its sessions went with its process. */
  if (!attached)
    g_hash_table_remove (self->watching, app_id);
  update_busy (self);
}

static void
bgrun_region_host_dispose (GObject *object)
{
  BgrunRegionHost *self = BGRUN_REGION_HOST (object);

  if (self->backend != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->backend, self);
      bgrun_location_backend_stop (self->backend);
      g_clear_object (&self->backend);
    }
  if (self->service != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->service, self);
      bgrun_broker_service_set_region_funcs (self->service, NULL, NULL);
    }
  g_clear_object (&self->service);
  g_clear_object (&self->engine);
  g_clear_object (&self->clock);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
  g_clear_pointer (&self->watching, g_hash_table_unref);
  g_clear_pointer (&self->hosted, bgrun_hosted_updates_free);

  G_OBJECT_CLASS (bgrun_region_host_parent_class)->dispose (object);
}

static void
bgrun_region_host_finalize (GObject *object)
{
  g_free (BGRUN_REGION_HOST (object)->directory);

  G_OBJECT_CLASS (bgrun_region_host_parent_class)->finalize (object);
}

static void
bgrun_region_host_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, BGRUN_REGION_HOST (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_region_host_class_init (BgrunRegionHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_region_host_dispose;
  object_class->finalize = bgrun_region_host_finalize;
  object_class->get_property = bgrun_region_host_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_region_host_init (BgrunRegionHost *self)
{
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->watching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hosted = bgrun_hosted_updates_new ();
}

BgrunRegionHost *
bgrun_region_host_new (const char          *base,
                       BgrunEngine         *engine,
                       BgrunBrokerService  *service,
                       BgrunClock          *clock,
                       GError             **error)
{
  g_autoptr(BgrunRegionHost) self = g_object_new (BGRUN_TYPE_REGION_HOST, NULL);
  g_autofree char *journal_path = g_build_filename (base, "daemon", "location.db", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  self->directory = g_build_filename (base, "daemon", "regions", NULL);
  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The folder %s for the apps’ regions cannot be made: %s"),
                   self->directory, g_strerror (saved_errno));
      return NULL;
    }
  self->journal = bgrun_store_open (journal_path, error);
  if (self->journal == NULL)
    return NULL;
  self->engine = g_object_ref (engine);
  self->service = g_object_ref (service);
  self->clock = g_object_ref (clock);

  /* The regions of apps that went before bgrund last exited. */
  dir = g_dir_open (self->directory, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".gvariant"))
      {
        g_autofree char *app_id = g_strndup (name, strlen (name) - strlen (".gvariant"));

        if (g_application_id_is_valid (app_id))
          use_monitor (self, app_id);
      }

  bgrun_broker_service_set_region_funcs (service, &region_funcs, self);
  g_signal_connect (service, "app-attached", G_CALLBACK (on_app_attached), self);
  update_busy (self);
  return g_steal_pointer (&self);
}

gboolean
bgrun_region_host_get_busy (BgrunRegionHost *self)
{
  g_return_val_if_fail (BGRUN_IS_REGION_HOST (self), FALSE);

  return self->busy;
}
