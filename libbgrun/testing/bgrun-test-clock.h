/* bgrun-test-clock.h: a clock that moves only when told
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-clock.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_TEST_CLOCK (bgrun_test_clock_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunTestClock, bgrun_test_clock, BGRUN, TEST_CLOCK, BgrunClock)

BGRUN_AVAILABLE_IN_ALL
BgrunClock *bgrun_test_clock_new     (GDateTime      *now);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_test_clock_set_now (BgrunTestClock *self,
                                      GDateTime      *now);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_test_clock_advance (BgrunTestClock *self,
                                      double          seconds);

G_END_DECLS
