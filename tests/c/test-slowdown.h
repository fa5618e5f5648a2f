/* test-slowdown.h: the real time the C tests allow, stretched under
 * tools/valgrind
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A test that waits in real time for something (a D-Bus service to
 * answer, a sound to end) gives up after some seconds, and a test that
 * leaves room for work between two events (a sound played between two
 * repetitions) picks an interval long enough for it. Valgrind's memcheck
 * makes the work 20 to 50 times slower, so tools/valgrind sets
 * BGRUN_TEST_SLOWDOWN to the factor both grow by; without it, 1.
 */

#pragma once

#include <glib.h>

static inline double
test_slowdown (void)
{
  const char *text = g_getenv ("BGRUN_TEST_SLOWDOWN");
  double factor = text != NULL ? g_ascii_strtod (text, NULL) : 1;

  return factor >= 1 && factor <= 1000 ? factor : 1;
}
