/* bgrun-push-registration-private.h: the app's UnifiedPush registration,
 * attached to its scheduler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* The placement hook (bgrun-features.c), in both placements, for a
 * scheduler made with a GApplication that has an id: makes the app's
 * BgrunPushRegistration, restores what an earlier run kept, and, when the
 * app is registered, exports the connector at once, before the
 * application owns its bus name when the scheduler is made before. Each
 * message becomes a push task reported from the app's process. */
void bgrun_push_registration_attach (BgrunPlacement *placement);

G_END_DECLS
