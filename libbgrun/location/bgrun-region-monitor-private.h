/* bgrun-region-monitor-private.h: the regions an app monitors, and when
 * the device enters and leaves them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-location.h"
#include "bgrun-region.h"
#include "bgrun-scheduler.h"

G_BEGIN_DECLS

/* Where the device is, as far as one region goes. */
typedef enum {
  BGRUN_REGION_STATE_UNKNOWN,   /* no fix yet clearly inside or outside */
  BGRUN_REGION_STATE_INSIDE,
  BGRUN_REGION_STATE_OUTSIDE,
} BgrunRegionState;

#define BGRUN_TYPE_REGION_MONITOR (bgrun_region_monitor_get_type ())

G_DECLARE_FINAL_TYPE (BgrunRegionMonitor, bgrun_region_monitor, BGRUN, REGION_MONITOR, GObject)

/* The regions of one app, kept in @path (written atomically on every
 * change, so they and the device's state in each survive restarts).
 *
 * Fed each fix, it compares the fix's distance to each centre with the
 * radius and a margin (BGRUN_REGION_HYSTERESIS, or the fix's horizontal
 * accuracy when larger, at most half the radius): clearly inside an
 * OUTSIDE region is an ENTER, clearly outside an INSIDE region an EXIT,
 * and anything within the margin of the border changes nothing. The
 * first clear fix of an UNKNOWN region only sets its state, as on the
 * platform we model (a region the device is already in when monitoring
 * starts does not report an entry).
 *
 * Signal "region-event" (BgrunRegion *, BgrunRegionEvent), emitted after
 * the new state is stored, so an event reported once is not reported
 * again after a restart. Signal "stored" (no arguments): the file was
 * written, whatever changed (a region, a state). */

/* Loads @path when it exists. A file that does not read back as what this
 * monitor writes is set aside (renamed to @path + ".invalid") and the
 * monitor starts empty; @error then says why, for the caller to report.
 * Never returns NULL. */
BgrunRegionMonitor *bgrun_region_monitor_new        (const char          *path,
                                                     GError             **error);

/* The monitor of @path for this process: the one already open, shared by
 * every session of the app, or a new one (as bgrun_region_monitor_new()).
 * Sharing keeps two sessions of one app from each writing their own copy
 * of the file. Main thread only. */
BgrunRegionMonitor *bgrun_region_monitor_open       (const char          *path,
                                                     GError             **error);

/* Starts monitoring @region (validated), replacing a monitored region of
 * the same identifier; its state starts UNKNOWN. Fails with
 * BGRUN_LOCATION_ERROR_INVALID_REGION, _TOO_MANY_REGIONS or _REGION_STORE
 * (then nothing changed). */
gboolean            bgrun_region_monitor_add        (BgrunRegionMonitor  *self,
                                                     BgrunRegion         *region,
                                                     GError             **error);

/* Stops monitoring the region with @identifier; TRUE when it was not
 * monitored. Fails with BGRUN_LOCATION_ERROR_REGION_STORE (then nothing
 * changed). */
gboolean            bgrun_region_monitor_remove     (BgrunRegionMonitor  *self,
                                                     const char          *identifier,
                                                     GError             **error);

/* The monitored regions, in the order they were added (live). */
GListModel         *bgrun_region_monitor_get_model  (BgrunRegionMonitor  *self);

BgrunRegionState    bgrun_region_monitor_get_state  (BgrunRegionMonitor  *self,
                                                     const char          *identifier);

/* Feeds a fix; emits region-event for every region it crosses into or out
 * of, in the order the regions were added. Fails with
 * BGRUN_LOCATION_ERROR_REGION_STORE when the new states cannot be stored;
 * the events are emitted all the same. */
gboolean            bgrun_region_monitor_feed       (BgrunRegionMonitor  *self,
                                                     BgrunLocation       *fix,
                                                     GError             **error);

/* Where the regions of @scheduler's app are kept: beside its store. */
char               *bgrun_region_monitor_path_for   (BgrunScheduler      *scheduler);

/* The regions and their states as the file keeps them: a(sdddu),
 * floating. */
GVariant           *bgrun_region_monitor_serialize  (BgrunRegionMonitor  *self);

/* Sets the device's state in the region @identifier, as learned from
 * elsewhere (bgrund watched it while the app did not run), and stores
 * it; no event. Nothing happens for a region not monitored. Fails with
 * BGRUN_LOCATION_ERROR_REGION_STORE (then nothing changed). */
gboolean            bgrun_region_monitor_set_state  (BgrunRegionMonitor  *self,
                                                     const char          *identifier,
                                                     BgrunRegionState     state,
                                                     GError             **error);

/* bgrun-region-store.c: the file. A GVariant "(ua(sdddu))": version 1, and
 * per region its identifier, latitude, longitude, radius and state. */
GVariant           *bgrun_region_store_load         (const char          *path,
                                                     GError             **error);
gboolean            bgrun_region_store_save         (const char          *path,
                                                     GVariant            *regions,
                                                     GError             **error);

G_END_DECLS
