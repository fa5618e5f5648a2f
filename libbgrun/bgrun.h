/* bgrun.h: the one header apps include for libbgrun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define BGRUN_INSIDE

#include "bgrun-version.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-limits.h"
#include "bgrun-clock.h"
#include "bgrun-system-clock.h"
#include "bgrun-test-clock.h"
#include "bgrun-conditions.h"
#include "bgrun-work-policy.h"
#include "bgrun-task-request.h"
#include "bgrun-app-refresh-request.h"
#include "bgrun-processing-request.h"
#include "bgrun-continued-processing-request.h"
#include "bgrun-task.h"
#include "bgrun-app-refresh-task.h"
#include "bgrun-processing-task.h"
#include "bgrun-continued-processing-task.h"
#include "bgrun-url-session-refresh-task.h"
#include "bgrun-background-activity.h"
#include "bgrun-explanation.h"
#include "bgrun-haptic-type.h"
#include "bgrun-history-entry.h"
#include "bgrun-scheduler.h"
#include "bgrun-extended-runtime-session.h"
#include "bgrun-ongoing-session.h"
#include "bgrun-test-driver.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-configuration.h"
#include "bgrun-url-session-wait-reason.h"
#include "bgrun-url-session-task.h"
#include "bgrun-url-session.h"
#include "bgrun-location-error.h"
#include "bgrun-location.h"
#include "bgrun-region.h"
#include "bgrun-location-session.h"
#include "bgrun-workout-error.h"
#include "bgrun-quantity-type.h"
#include "bgrun-statistics.h"
#include "bgrun-workout-configuration.h"
#include "bgrun-workout-event.h"
#include "bgrun-workout.h"
#include "bgrun-workout-builder.h"
#include "bgrun-workout-session.h"
#include "bgrun-audio-error.h"
#include "bgrun-audio-session.h"
#include "bgrun-audio-item.h"
#include "bgrun-audio-player.h"
#include "bgrun-audio-recorder.h"

#undef BGRUN_INSIDE
