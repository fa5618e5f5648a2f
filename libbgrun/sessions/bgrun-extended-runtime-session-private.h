/* bgrun-extended-runtime-session-private.h: what the registry needs of a
 * session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-extended-runtime-session.h"

G_BEGIN_DECLS

/* The name logind, the portals and bgrunctl show, translated
 * ("Mindfulness session"). */
const char *bgrun_extended_runtime_session_type_name (BgrunExtendedRuntimeSession *self);

/* A smart alarm scheduled for @start in an earlier run of the app, back in
 * the scheduled state: it starts at @start, or at once when @start has
 * passed and its window is still open, or ends as expired when the window
 * has closed. Neither the frontmost rule nor the 36-hour limit apply: they
 * were checked when it was scheduled. */
BgrunExtendedRuntimeSession *bgrun_extended_runtime_session_new_restored (BgrunScheduler *scheduler,
                                                                          GDateTime      *start);

G_END_DECLS
