/* bgrun-quantity-type.h: what a workout sample measures
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunQuantityType:
 * @BGRUN_QUANTITY_TYPE_HEART_RATE: heart rate, in beats per minute; a
 *   discrete quantity
 * @BGRUN_QUANTITY_TYPE_DISTANCE: distance covered since the previous
 *   sample, in metres; a cumulative quantity
 * @BGRUN_QUANTITY_TYPE_SPEED: speed, in metres per second; a discrete
 *   quantity
 * @BGRUN_QUANTITY_TYPE_ACTIVE_ENERGY: energy burned since the previous
 *   sample, in kilocalories; a cumulative quantity
 * @BGRUN_QUANTITY_TYPE_CADENCE: cadence, in steps (running, walking) or
 *   revolutions (cycling) per minute; a discrete quantity
 * @BGRUN_QUANTITY_TYPE_STEP_COUNT: steps taken since the previous sample;
 *   a cumulative quantity
 *
 * What a sample added with [method@Bgrun.WorkoutBuilder.add_sample]
 * measures, and in which unit. Values are never negative.
 *
 * A discrete quantity is a reading at an instant (a heart rate); its
 * [struct@Bgrun.Statistics] have a minimum, a maximum, a time-weighted
 * average (each reading counts for as long as it was the latest, pauses
 * excluded) and the most recent reading; their sum is NaN.
 *
 * A cumulative quantity is an amount since the previous sample (metres
 * run); its statistics have a sum and the most recent amount; their
 * minimum, maximum and average are NaN.
 */
typedef enum {
  BGRUN_QUANTITY_TYPE_HEART_RATE,
  BGRUN_QUANTITY_TYPE_DISTANCE,
  BGRUN_QUANTITY_TYPE_SPEED,
  BGRUN_QUANTITY_TYPE_ACTIVE_ENERGY,
  BGRUN_QUANTITY_TYPE_CADENCE,
  BGRUN_QUANTITY_TYPE_STEP_COUNT,
} BgrunQuantityType;

/**
 * BGRUN_N_QUANTITY_TYPES:
 *
 * How many values [enum@Bgrun.QuantityType] has.
 */
#define BGRUN_N_QUANTITY_TYPES 6

G_END_DECLS
