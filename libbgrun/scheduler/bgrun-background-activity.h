/* bgrun-background-activity.h: finishing work after the user leaves
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-clock.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE:
 *
 * How long, in seconds, a [class@Bgrun.BackgroundActivity] keeps the app
 * running at most: it ends on its own this long after it began.
 */
#define BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE 30

/**
 * BGRUN_BACKGROUND_ACTIVITY_WARNING:
 *
 * How many seconds before its end a [class@Bgrun.BackgroundActivity] emits
 * [signal@Bgrun.BackgroundActivity::expiring].
 */
#define BGRUN_BACKGROUND_ACTIVITY_WARNING 5

#define BGRUN_TYPE_BACKGROUND_ACTIVITY (bgrun_background_activity_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunBackgroundActivity, bgrun_background_activity, BGRUN, BACKGROUND_ACTIVITY, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunBackgroundActivity *bgrun_background_activity_begin               (const char              *reason,
                                                                        GError                 **error);
BGRUN_AVAILABLE_IN_ALL
BgrunBackgroundActivity *bgrun_background_activity_begin_with_clock    (BgrunClock              *clock,
                                                                        const char              *reason,
                                                                        GError                 **error);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_background_activity_end                 (BgrunBackgroundActivity *self);
BGRUN_AVAILABLE_IN_ALL
const char              *bgrun_background_activity_get_reason          (BgrunBackgroundActivity *self);
BGRUN_AVAILABLE_IN_ALL
gboolean                 bgrun_background_activity_get_active          (BgrunBackgroundActivity *self);
BGRUN_AVAILABLE_IN_ALL
double                   bgrun_background_activity_get_time_remaining  (BgrunBackgroundActivity *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime               *bgrun_background_activity_get_expiration_date (BgrunBackgroundActivity *self);

G_END_DECLS
