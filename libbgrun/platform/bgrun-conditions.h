/* bgrun-conditions.h: the device state that decides when work may run
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-clock.h"

G_BEGIN_DECLS

/**
 * BGRUN_LOW_MEMORY_QUIET_SECONDS:
 *
 * How long after the last low-memory warning
 * [property@Bgrun.Conditions:low-memory] stays %TRUE.
 */
#define BGRUN_LOW_MEMORY_QUIET_SECONDS 60

/**
 * BGRUN_STORAGE_LOW_PERCENT:
 *
 * [property@Bgrun.Conditions:storage-low] is %TRUE when the free space of
 * the filesystem holding libbgrun's state is below this share of its size
 * (in percent) or below %BGRUN_STORAGE_LOW_MAX_BYTES, whichever is
 * smaller, as Android counts storage as low.
 */
#define BGRUN_STORAGE_LOW_PERCENT 5

/**
 * BGRUN_STORAGE_LOW_MAX_BYTES:
 *
 * The most free space (500 MiB) that still counts as low storage on a
 * large filesystem; see %BGRUN_STORAGE_LOW_PERCENT.
 */
#define BGRUN_STORAGE_LOW_MAX_BYTES (G_GUINT64_CONSTANT (500) * 1024 * 1024)

#define BGRUN_TYPE_CONDITIONS (bgrun_conditions_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunConditions, bgrun_conditions, BGRUN, CONDITIONS, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunConditions *bgrun_conditions_new                   (BgrunClock      *clock);
BGRUN_AVAILABLE_IN_ALL
BgrunConditions *bgrun_conditions_new_simulated         (BgrunClock      *clock);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_simulated         (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_conditions_simulate              (BgrunConditions *self,
                                                         gboolean         network_available,
                                                         gboolean         network_metered,
                                                         gboolean         on_battery,
                                                         int              battery_level,
                                                         gboolean         power_saver,
                                                         gboolean         low_memory);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_conditions_simulate_storage_low  (BgrunConditions *self,
                                                         gboolean         storage_low);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_conditions_simulate_device_idle  (BgrunConditions *self,
                                                         gboolean         device_idle);
BGRUN_AVAILABLE_IN_ALL
BgrunClock      *bgrun_conditions_get_clock             (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_network_available (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_network_metered   (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_on_battery        (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
int              bgrun_conditions_get_battery_level     (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_power_saver       (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_low_memory        (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_storage_low       (BgrunConditions *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_conditions_get_device_idle       (BgrunConditions *self);

G_END_DECLS
