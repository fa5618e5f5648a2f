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

G_END_DECLS
