/* bgrun-workout-timeline-private.h: the samples and events of one workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-quantity-type.h"
#include "bgrun-statistics.h"
#include "bgrun-workout-event.h"

G_BEGIN_DECLS

/* A timeline holds what a builder collected, as microseconds since the
 * epoch: the begin and end of collection, the samples of each quantity
 * type in date order, and the events in date order. It checks every
 * addition (precise BGRUN_WORKOUT_ERROR on a bad one, which changes
 * nothing) and computes what is derived from it: active time (pauses
 * excluded) and statistics. Not thread-safe: the builder's thread only;
 * once its workout is finished nothing changes it and the workout shares
 * it. */

#define BGRUN_WORKOUT_UNSET G_MININT64

typedef struct _BgrunWorkoutTimeline BgrunWorkoutTimeline;

typedef struct {
  gint64 at;
  double value;
} BgrunWorkoutSample;

/* A point of the route; altitude NAN when unknown. */
typedef struct {
  gint64 at;
  double latitude;
  double longitude;
  double altitude;
} BgrunWorkoutRoutePoint;

BgrunWorkoutTimeline *bgrun_workout_timeline_new            (void);
BgrunWorkoutTimeline *bgrun_workout_timeline_ref            (BgrunWorkoutTimeline  *self);
void                  bgrun_workout_timeline_unref          (BgrunWorkoutTimeline  *self);

gboolean bgrun_workout_timeline_begin      (BgrunWorkoutTimeline  *self,
                                            gint64                 at,
                                            GError               **error);
gboolean bgrun_workout_timeline_end        (BgrunWorkoutTimeline  *self,
                                            gint64                 at,
                                            GError               **error);
/* Checks the value (finite, not negative) and the date (inside the
 * collection, not before the previous sample of @type). */
gboolean bgrun_workout_timeline_add_sample (BgrunWorkoutTimeline  *self,
                                            BgrunQuantityType      type,
                                            double                 value,
                                            gint64                 at,
                                            GError               **error);
/* With @from_session FALSE (an app's event), pause and resume are refused
 * (only the session makes them). Motion paused and resumed must
 * alternate, pause and resume too. Events may come before collection
 * begins (the session pauses before the builder collects) but not after
 * it ended, and not before the previous event. */
gboolean bgrun_workout_timeline_add_event  (BgrunWorkoutTimeline  *self,
                                            BgrunWorkoutEventType  type,
                                            gint64                 at,
                                            double                 duration,
                                            gboolean               from_session,
                                            GError               **error);

/* Checks the position (latitude in [-90, 90], longitude in [-180, 180],
 * altitude finite or NAN) and the date (inside the collection, not
 * before the previous point). */
gboolean bgrun_workout_timeline_add_route_point (BgrunWorkoutTimeline  *self,
                                                 double                 latitude,
                                                 double                 longitude,
                                                 double                 altitude,
                                                 gint64                 at,
                                                 GError               **error);
const BgrunWorkoutRoutePoint *bgrun_workout_timeline_get_route (BgrunWorkoutTimeline *self,
                                                                guint                *n_points);
/* The value of the latest sample of @type dated at most @max_age
 * microseconds before @at (and not after it), or NAN. */
double   bgrun_workout_timeline_value_at (BgrunWorkoutTimeline  *self,
                                          BgrunQuantityType      type,
                                          gint64                 at,
                                          gint64                 max_age);

gint64   bgrun_workout_timeline_get_begin  (BgrunWorkoutTimeline  *self);
gint64   bgrun_workout_timeline_get_end    (BgrunWorkoutTimeline  *self);
/* Whether the latest pause or motion pause is not resumed yet. */
gboolean bgrun_workout_timeline_is_paused  (BgrunWorkoutTimeline  *self);

/* Seconds of collection up to @now (or its end if earlier), pauses
 * excluded; 0 before collection begins. */
double   bgrun_workout_timeline_elapsed    (BgrunWorkoutTimeline  *self,
                                            gint64                 now);
/* Seconds between @from and @to outside pauses. */
double   bgrun_workout_timeline_active     (BgrunWorkoutTimeline  *self,
                                            gint64                 from,
                                            gint64                 to);

BgrunStatistics *bgrun_workout_timeline_statistics (BgrunWorkoutTimeline *self,
                                                    BgrunQuantityType     type,
                                                    gint64                now);

/* The events, in date order: type, date, duration. */
guint    bgrun_workout_timeline_get_n_events (BgrunWorkoutTimeline  *self);
void     bgrun_workout_timeline_get_event    (BgrunWorkoutTimeline  *self,
                                              guint                  index,
                                              BgrunWorkoutEventType *type,
                                              gint64                *at,
                                              double                *duration);

const BgrunWorkoutSample *bgrun_workout_timeline_get_samples (BgrunWorkoutTimeline *self,
                                                              BgrunQuantityType     type,
                                                              guint                *n_samples);
/* The events as a new list of BgrunWorkoutEvent (transfer full). */
GListModel *bgrun_workout_timeline_list_events (BgrunWorkoutTimeline *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunWorkoutTimeline, bgrun_workout_timeline_unref)

G_END_DECLS
