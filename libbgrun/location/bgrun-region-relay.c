/* bgrun-region-relay.c: an app's regions, watched by bgrund while the app
 * does not run, and the events it saw then
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-dbus-broker-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-location-private.h"
#include "bgrun-region-monitor-private.h"
#include "bgrun-region-relay-private.h"
#include "bgrun-scheduler-private.h"

/* On the platform we model, a region event launches an app that is not
 * running, and the app gets it once it sets up its location manager
 * again. Here bgrund watches the regions while the app is gone and
 * journals what it saw; the relay takes the journal when the app comes
 * back and hands each event to the app's sessions once, in order,
 * before telling bgrund to forget it. The locations bgrund journaled for
 * a session that allows background updates, while the app could not
 * take them, come the same way. */

/* ---- the kind and its task -------------------------------------------- */

struct _BgrunRegionEventsTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunRegionEventsTask, bgrun_region_events_task, BGRUN_TYPE_TASK)

static void
bgrun_region_events_task_class_init (BgrunRegionEventsTaskClass *klass)
{
}

static void
bgrun_region_events_task_init (BgrunRegionEventsTask *self)
{
}

/* The events are in bgrund's journal already: the task only brings the
 * app up to take them. */
static const BgrunKind location_region_kind = {
  .name = BGRUN_REQUEST_KIND_LOCATION_REGION,
  .task_type = bgrun_region_events_task_get_type,
  .duration = 30,
  .flags = BGRUN_KIND_SYSTEM,
  .identifier_alias = NULL,
  .waits_for_app = N_("The app is not running; bgrund starts it to deliver the region events it saw."),
  .cannot_run_now = N_("Cannot run “%s” now: it delivers region events, and no process of %s is running to receive them. Start the app; the task runs when it connects."),
  .identifier_taken = N_("Cannot submit “%s”: libbgrun uses that identifier to deliver region events. Give the request another identifier."),
  .identifier_used = N_("Cannot start %s for its region events: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
};

void
bgrun_region_relay_kind_register (void)
{
  bgrun_kind_register (&location_region_kind);
}

gboolean
bgrun_engine_submit_location_region (BgrunEngine  *engine,
                                     const char   *app_id,
                                     GError      **error)
{
  return bgrun_engine_submit_system_request (engine, app_id, BGRUN_REQUEST_KIND_LOCATION_REGION,
                                             BGRUN_LOCATION_REGION_IDENTIFIER, error);
}

/* ---- the relay -------------------------------------------------------- */

#define BGRUN_TYPE_REGION_RELAY (bgrun_region_relay_get_type ())
G_DECLARE_FINAL_TYPE (BgrunRegionRelay, bgrun_region_relay, BGRUN, REGION_RELAY, GObject)

struct _BgrunRegionRelay
{
  GObject parent_instance;

  BgrunDbusBroker    *daemon;
  BgrunRegionMonitor *monitor;
  GArray             *taken;     /* guint64 sequence numbers, in order */
  GPtrArray          *events;    /* a{sv}, the same order */
  GPtrArray          *sessions;  /* GWeakRef *, the app's sessions */
  GPtrArray          *running;   /* the running ones, not owned */
  guint               delivery;  /* idle source */
};

G_DEFINE_FINAL_TYPE (BgrunRegionRelay, bgrun_region_relay, G_TYPE_OBJECT)

#define RELAY_KEY "bgrun-region-relay"

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
send_regions (BgrunRegionRelay *self)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = bgrun_dbus_broker_call_broker (self->daemon, "SetRegions",
                                         g_variant_new ("(@a(sdddu)b)",
                                                        bgrun_region_monitor_serialize (self->monitor),
                                                        self->running->len > 0),
                                         &error);
  if (reply == NULL)
    g_warning ("libbgrun: bgrund cannot watch the app’s regions while it does not run: %s",
               error->message);
}

/* Tells bgrund whether a session runs, and whether bgrund is to host
 * the updates of one that allows background updates should the process
 * go (SetLocationUpdates). */
static void
send_updates (BgrunRegionRelay *self)
{
  GVariantDict dict;
  gboolean background = FALSE;
  double distance_filter = G_MAXDOUBLE;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->running->len; i++)
    if (bgrun_location_session_get_allows_background_updates (self->running->pdata[i]))
      {
        background = TRUE;
        distance_filter = MIN (distance_filter,
                               bgrun_location_session_get_distance_filter (self->running->pdata[i]));
      }
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "running", "b", self->running->len > 0);
  g_variant_dict_insert (&dict, "background", "b", background);
  if (background)
    g_variant_dict_insert (&dict, "distance-filter", "d", MAX (distance_filter, 0.0));
  reply = bgrun_dbus_broker_call_broker (self->daemon, "SetLocationUpdates",
                                         g_variant_new ("(@a{sv})", g_variant_dict_end (&dict)),
                                         &error);
  if (reply == NULL)
    g_warning ("libbgrun: bgrund cannot keep the app’s background location updates: %s",
               error->message);
}

static void deliver_soon (BgrunRegionRelay *self);

/* Takes what bgrund journaled that this process has not taken yet. */
static void
take_events (BgrunRegionRelay *self)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) events = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  GVariant *event;
  guint64 seq;

  reply = bgrun_dbus_broker_call_broker (self->daemon, "TakeRegionEvents", NULL, &error);
  if (reply == NULL)
    {
      g_warning ("libbgrun: cannot take the region events bgrund saw: %s", error->message);
      return;
    }
  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(a(ta{sv}))")))
    {
      g_warning ("libbgrun: bgrund answered TakeRegionEvents with %s, not (a(ta{sv}))",
                 g_variant_get_type_string (reply));
      return;
    }
  events = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, events);
  while (g_variant_iter_next (&iter, "(t@a{sv})", &seq, &event))
    {
      if (self->taken->len > 0 && seq <= g_array_index (self->taken, guint64, self->taken->len - 1))
        {
          g_variant_unref (event);
          continue;
        }
      g_array_append_val (self->taken, seq);
      g_ptr_array_add (self->events, event);
    }
  if (self->events->len > 0)
    deliver_soon (self);
}

/* The live sessions, held. */
static GPtrArray *
live_sessions (BgrunRegionRelay *self)
{
  GPtrArray *live = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->sessions->len; )
    {
      gpointer session = g_weak_ref_get (self->sessions->pdata[i]);

      if (session == NULL)
        {
          g_ptr_array_remove_index (self->sessions, i);
          continue;
        }
      g_ptr_array_add (live, session);
      i++;
    }
  return live;
}

static void
deliver_location (GPtrArray *sessions,
                  GVariant  *location)
{
  g_autoptr(BgrunLocation) fix = bgrun_location_from_variant (location);

  if (fix == NULL)
    {
      g_warning ("libbgrun: skipping a location from bgrund that is not what it sends");
      return;
    }
  for (guint j = 0; j < sessions->len; j++)
    bgrun_location_session_deliver (sessions->pdata[j], fix);
}

static gboolean
deliver (gpointer user_data)
{
  BgrunRegionRelay *self = user_data;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint64 up_to;

  self->delivery = 0;
  sessions = live_sessions (self);
  if (sessions->len == 0 || self->events->len == 0)
    return G_SOURCE_REMOVE;  /* the next session created gets them */

  g_object_ref (self);
  events = g_steal_pointer (&self->events);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  up_to = g_array_index (self->taken, guint64, self->taken->len - 1);
  /* A handler may dispose of the scheduler, and of the relay's state with
   * it: what is not delivered then stays journaled for the next start. */
  for (guint i = 0; i < events->len && self->monitor != NULL; i++)
    {
      GVariant *event = events->pdata[i];
      g_autoptr(GVariant) location = g_variant_lookup_value (event, "location", NULL);
      const char *identifier = NULL;
      double latitude = 0, longitude = 0, radius = 0;
      guint32 kind = 0;
      g_autoptr(BgrunRegion) region = NULL;
      g_autoptr(GError) state_error = NULL;

      if (location != NULL)
        {
          deliver_location (sessions, location);
          continue;
        }
      if (!g_variant_lookup (event, "identifier", "&s", &identifier) ||
          !g_variant_lookup (event, "latitude", "d", &latitude) ||
          !g_variant_lookup (event, "longitude", "d", &longitude) ||
          !g_variant_lookup (event, "radius", "d", &radius) ||
          !g_variant_lookup (event, "event", "u", &kind) || kind > BGRUN_REGION_EVENT_EXIT)
        {
          g_warning ("libbgrun: skipping a region event from bgrund that is not what it sends");
          continue;
        }
      region = bgrun_region_new (identifier, latitude, longitude, radius);
      /* First the state, so the app's own sessions go on from it. */
      if (!bgrun_region_monitor_set_state (self->monitor, identifier,
                                           kind == BGRUN_REGION_EVENT_ENTER ? BGRUN_REGION_STATE_INSIDE
                                                                            : BGRUN_REGION_STATE_OUTSIDE,
                                           &state_error))
        g_warning ("libbgrun: %s", state_error->message);
      for (guint j = 0; j < sessions->len; j++)
        g_signal_emit_by_name (sessions->pdata[j], "region-event", region, (BgrunRegionEvent) kind);
    }
  if (self->daemon == NULL)
    {
      g_object_unref (self);
      return G_SOURCE_REMOVE;
    }
  reply = bgrun_dbus_broker_call_broker (self->daemon, "AcknowledgeRegionEvents",
                                         g_variant_new ("(t)", up_to), &error);
  if (reply == NULL)
    g_warning ("libbgrun: bgrund could not forget the region events delivered: %s", error->message);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
deliver_soon (BgrunRegionRelay *self)
{
  if (self->delivery != 0)
    return;
  self->delivery = g_idle_add_full (G_PRIORITY_DEFAULT, deliver, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->delivery),
                            "[libbgrun] deliver region events");
}

static void
on_task_started (BgrunPlacement   *placement,
                 BgrunTask        *task,
                 BgrunRegionRelay *self)
{
  if (!BGRUN_IS_REGION_EVENTS_TASK (task))
    return;
  take_events (self);
  /* Taken: they are this process's to deliver now, and stay journaled
   * until it has. */
  bgrun_task_set_task_completed (task, TRUE);
}

static void
on_attached_again (BgrunRegionRelay *self)
{
  send_regions (self);
  /* Only to a bgrund that restarted: a process starting again says
   * nothing until its session runs, so that bgrund goes on hosting its
   * updates while it cannot take them. */
  if (self->running->len > 0)
    send_updates (self);
  take_events (self);
}

static void
bgrun_region_relay_dispose (GObject *object)
{
  BgrunRegionRelay *self = BGRUN_REGION_RELAY (object);

  g_clear_handle_id (&self->delivery, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->daemon != NULL)
    g_signal_handlers_disconnect_by_data (self->daemon, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->daemon);

  G_OBJECT_CLASS (bgrun_region_relay_parent_class)->dispose (object);
}

static void
bgrun_region_relay_finalize (GObject *object)
{
  BgrunRegionRelay *self = BGRUN_REGION_RELAY (object);

  g_array_unref (self->taken);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->sessions);
  g_ptr_array_unref (self->running);

  G_OBJECT_CLASS (bgrun_region_relay_parent_class)->finalize (object);
}

static void
bgrun_region_relay_class_init (BgrunRegionRelayClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_region_relay_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_region_relay_finalize;
}

static void
bgrun_region_relay_init (BgrunRegionRelay *self)
{
  self->taken = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  self->sessions = g_ptr_array_new_with_free_func (weak_ref_free);
  self->running = g_ptr_array_new ();
}

void
bgrun_region_relay_attach (BgrunPlacement *placement)
{
  BgrunBroker *broker = bgrun_placement_get_broker (placement);
  BgrunScheduler *scheduler = bgrun_placement_get_scheduler (placement);
  BgrunRegionRelay *self;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!BGRUN_IS_DBUS_BROKER (broker) || scheduler == NULL)
    return;
  self = g_object_new (BGRUN_TYPE_REGION_RELAY, NULL);
  self->daemon = g_object_ref (BGRUN_DBUS_BROKER (broker));
  path = bgrun_region_monitor_path_for (scheduler);
  self->monitor = bgrun_region_monitor_open (path, &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  g_signal_connect_swapped (self->monitor, "stored", G_CALLBACK (send_regions), self);
  g_signal_connect_swapped (self->daemon, "attached-again", G_CALLBACK (on_attached_again), self);
  g_signal_connect_object (placement, "task-started", G_CALLBACK (on_task_started), self, 0);
  bgrun_placement_attach (placement, RELAY_KEY, self);
  /* An app that never monitored a region has nothing to hand over; its
   * first location session takes the updates that may wait. */
  if (g_list_model_get_n_items (bgrun_region_monitor_get_model (self->monitor)) > 0)
    on_attached_again (self);
}

static BgrunRegionRelay *
relay_of (BgrunLocationSession *session)
{
  BgrunScheduler *scheduler = bgrun_location_session_get_scheduler (session);
  BgrunPlacement *placement = scheduler != NULL ? bgrun_scheduler_get_placement (scheduler) : NULL;

  return placement != NULL ? bgrun_placement_get_attached (placement, RELAY_KEY) : NULL;
}

void
bgrun_region_relay_session_running (BgrunLocationSession *session,
                                    gboolean              running)
{
  BgrunRegionRelay *self = relay_of (session);
  guint before;

  if (self == NULL || self->monitor == NULL)
    return;
  before = self->running->len;
  if (running && !g_ptr_array_find (self->running, session, NULL))
    g_ptr_array_add (self->running, session);
  else if (!running)
    g_ptr_array_remove (self->running, session);
  /* bgrund cares whether one runs, not how many. */
  if ((before == 0) != (self->running->len == 0) &&
      g_list_model_get_n_items (bgrun_region_monitor_get_model (self->monitor)) > 0)
    send_regions (self);
  send_updates (self);
  if (running)
    {
      /* bgrund has stopped journaling for the app: what it journaled
       * comes now, before the session's own first fix. */
      take_events (self);
      g_clear_handle_id (&self->delivery, g_source_remove);
      deliver (self);
    }
}

void
bgrun_region_relay_session_created (BgrunLocationSession *session)
{
  BgrunRegionRelay *self = relay_of (session);
  GWeakRef *ref;

  if (self == NULL)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, session);
  g_ptr_array_add (self->sessions, ref);
  take_events (self);
}
