/* bgrun-connectivity-watch.c: an embedded app watches the network for its
 * connectivity tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-connectivity-watch-private.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-task-triggers-private.h"

#define BGRUN_TYPE_CONNECTIVITY_WATCH (bgrun_connectivity_watch_get_type ())
G_DECLARE_FINAL_TYPE (BgrunConnectivityWatch, bgrun_connectivity_watch,
                      BGRUN, CONNECTIVITY_WATCH, GObject)

struct _BgrunConnectivityWatch
{
  GObject               parent_instance;
  GWeakRef              placement;
  GNetworkMonitor      *monitor;
  GNetworkConnectivity  last;
};

G_DEFINE_FINAL_TYPE (BgrunConnectivityWatch, bgrun_connectivity_watch, G_TYPE_OBJECT)

gboolean
bgrun_connectivity_came_back (GNetworkConnectivity before,
                              GNetworkConnectivity after)
{
  return after == G_NETWORK_CONNECTIVITY_FULL && before != G_NETWORK_CONNECTIVITY_FULL;
}

static void
on_connectivity (GNetworkMonitor        *monitor,
                 GParamSpec             *pspec,
                 BgrunConnectivityWatch *self)
{
  GNetworkConnectivity now = g_network_monitor_get_connectivity (monitor);
  g_autoptr(BgrunPlacement) placement = g_weak_ref_get (&self->placement);
  g_autoptr(GError) error = NULL;
  gboolean back = bgrun_connectivity_came_back (self->last, now);

  self->last = now;
  if (!back || placement == NULL ||
      !bgrun_task_triggers_subscribed (placement, BGRUN_REQUEST_KIND_CONNECTIVITY))
    return;
  if (!bgrun_task_trigger_report (placement, BGRUN_REQUEST_KIND_CONNECTIVITY, NULL, &error))
    g_warning ("libbgrun: cannot start the app’s connectivity task: %s", error->message);
}

static void
bgrun_connectivity_watch_dispose (GObject *object)
{
  BgrunConnectivityWatch *self = BGRUN_CONNECTIVITY_WATCH (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_weak_ref_set (&self->placement, NULL);

  G_OBJECT_CLASS (bgrun_connectivity_watch_parent_class)->dispose (object);
}

static void
bgrun_connectivity_watch_finalize (GObject *object)
{
  g_weak_ref_clear (&BGRUN_CONNECTIVITY_WATCH (object)->placement);

  G_OBJECT_CLASS (bgrun_connectivity_watch_parent_class)->finalize (object);
}

static void
bgrun_connectivity_watch_class_init (BgrunConnectivityWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_connectivity_watch_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_connectivity_watch_finalize;
}

static void
bgrun_connectivity_watch_init (BgrunConnectivityWatch *self)
{
  g_weak_ref_init (&self->placement, NULL);
}

void
bgrun_connectivity_watch_attach (BgrunPlacement *placement)
{
  BgrunConnectivityWatch *self;

  if (!BGRUN_IS_LOCAL_BROKER (bgrun_placement_get_broker (placement)))
    return;
  self = g_object_new (BGRUN_TYPE_CONNECTIVITY_WATCH, NULL);
  g_weak_ref_set (&self->placement, placement);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->last = g_network_monitor_get_connectivity (self->monitor);
  g_signal_connect (self->monitor, "notify::connectivity", G_CALLBACK (on_connectivity), self);
  bgrun_placement_attach (placement, "bgrun-connectivity-watch", self);
}
