/* bgrun-pause-detector-private.h: telling when the device stands still
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-location.h"

G_BEGIN_DECLS

typedef enum {
  BGRUN_PAUSE_CHANGE_NONE,
  BGRUN_PAUSE_CHANGE_PAUSED,
  BGRUN_PAUSE_CHANGE_RESUMED,
} BgrunPauseChange;

/* Watches the fixes of a session: once they have all stayed within
 * BGRUN_LOCATION_PAUSE_RADIUS of one anchor for BGRUN_LOCATION_PAUSE_DELAY
 * seconds of their own timestamps, it says PAUSED (once); the first fix
 * beyond the radius of that anchor then says RESUMED. Judging by the
 * fixes' times rather than a clock makes a replayed track pause where it
 * really stood still, whatever the replay speed. Zero-initialise it. */
typedef struct
{
  BgrunLocation *anchor;
  gboolean       paused;
} BgrunPauseDetector;

/* Feeds the next fix. @may_pause: whether this fix may start a pause (the
 * session pauses automatically, and its activity allows it here); it never
 * keeps a paused detector from resuming. */
BgrunPauseChange bgrun_pause_detector_feed  (BgrunPauseDetector *self,
                                             BgrunLocation      *fix,
                                             gboolean            may_pause);

/* Forgets the anchor and any pause: for a new start, or when the app turns
 * automatic pausing off. Returns whether it was paused. */
gboolean         bgrun_pause_detector_reset (BgrunPauseDetector *self);

G_END_DECLS
