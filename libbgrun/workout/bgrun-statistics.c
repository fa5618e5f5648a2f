/* bgrun-statistics.c: figures of one quantity over a workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-statistics-private.h"

/**
 * BgrunStatistics:
 *
 * The figures of one [enum@Bgrun.QuantityType] over a workout, at the
 * moment they were asked for: from
 * [method@Bgrun.WorkoutBuilder.get_statistics] while the workout runs,
 * or [method@Bgrun.Workout.get_statistics] once it is finished.
 *
 * Which figures apply depends on the quantity (see
 * [enum@Bgrun.QuantityType]): for heart rate, speed and cadence the
 * minimum, maximum, time-weighted average and most recent reading; for
 * distance, active energy and step count the sum and the most recent
 * amount. A figure that does not apply, or that no sample gave yet, is
 * NaN. Statistics never change once made.
 */
struct _BgrunStatistics
{
  gatomicrefcount    ref_count;
  BgrunQuantityType  quantity_type;
  guint              count;
  double             minimum;
  double             maximum;
  double             average;
  double             sum;
  double             most_recent;
  GDateTime         *most_recent_date;
};

G_DEFINE_BOXED_TYPE (BgrunStatistics, bgrun_statistics, bgrun_statistics_ref, bgrun_statistics_unref)

BgrunStatistics *
bgrun_statistics_new (BgrunQuantityType  quantity_type,
                      guint              count,
                      double             minimum,
                      double             maximum,
                      double             average,
                      double             sum,
                      double             most_recent,
                      GDateTime         *most_recent_date)
{
  BgrunStatistics *self = g_new0 (BgrunStatistics, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->quantity_type = quantity_type;
  self->count = count;
  self->minimum = minimum;
  self->maximum = maximum;
  self->average = average;
  self->sum = sum;
  self->most_recent = most_recent;
  self->most_recent_date = most_recent_date != NULL ? g_date_time_ref (most_recent_date) : NULL;
  return self;
}

/**
 * bgrun_statistics_ref:
 * @self: statistics
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
BgrunStatistics *
bgrun_statistics_ref (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bgrun_statistics_unref:
 * @self: (transfer full): statistics
 *
 * Drops a reference; the last one frees @self.
 */
void
bgrun_statistics_unref (BgrunStatistics *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->most_recent_date, g_date_time_unref);
  g_free (self);
}

/**
 * bgrun_statistics_get_quantity_type:
 * @self: statistics
 *
 * Gets the quantity the figures are of.
 *
 * Returns: the quantity type
 */
BgrunQuantityType
bgrun_statistics_get_quantity_type (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, BGRUN_QUANTITY_TYPE_HEART_RATE);

  return self->quantity_type;
}

/**
 * bgrun_statistics_get_count:
 * @self: statistics
 *
 * Gets how many samples the figures are made of.
 *
 * Returns: the number of samples, 0 when there was none
 */
guint
bgrun_statistics_get_count (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->count;
}

/**
 * bgrun_statistics_get_minimum:
 * @self: statistics
 *
 * Gets the lowest reading of a discrete quantity.
 *
 * Returns: the minimum, or NaN for a cumulative quantity or no sample
 */
double
bgrun_statistics_get_minimum (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->minimum;
}

/**
 * bgrun_statistics_get_maximum:
 * @self: statistics
 *
 * Gets the highest reading of a discrete quantity.
 *
 * Returns: the maximum, or NaN for a cumulative quantity or no sample
 */
double
bgrun_statistics_get_maximum (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->maximum;
}

/**
 * bgrun_statistics_get_average:
 * @self: statistics
 *
 * Gets the time-weighted average of a discrete quantity: each reading
 * counts for the time it was the latest one, until the next reading or
 * the end of the workout (or, while it runs, now), pauses excluded. When
 * no time passed between the readings, it is their plain mean.
 *
 * Returns: the average, or NaN for a cumulative quantity or no sample
 */
double
bgrun_statistics_get_average (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->average;
}

/**
 * bgrun_statistics_get_sum:
 * @self: statistics
 *
 * Gets the total of a cumulative quantity: metres, kilocalories, steps.
 *
 * Returns: the sum (0 with no sample), or NaN for a discrete quantity
 */
double
bgrun_statistics_get_sum (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->sum;
}

/**
 * bgrun_statistics_get_most_recent:
 * @self: statistics
 *
 * Gets the value of the latest sample: a reading, or an amount.
 *
 * Returns: the most recent value, or NaN when there was no sample
 */
double
bgrun_statistics_get_most_recent (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->most_recent;
}

/**
 * bgrun_statistics_get_most_recent_date:
 * @self: statistics
 *
 * Gets the date of the latest sample.
 *
 * Returns: (transfer none) (nullable): its date, or %NULL when there was
 *   no sample
 */
GDateTime *
bgrun_statistics_get_most_recent_date (BgrunStatistics *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->most_recent_date;
}
