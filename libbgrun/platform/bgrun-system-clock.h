/* bgrun-system-clock.h: the machine's wall clock, suspend- and jump-aware
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-clock.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_SYSTEM_CLOCK (bgrun_system_clock_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunSystemClock, bgrun_system_clock, BGRUN, SYSTEM_CLOCK, BgrunClock)

BGRUN_AVAILABLE_IN_ALL
BgrunClock *bgrun_system_clock_new (void);

G_END_DECLS
