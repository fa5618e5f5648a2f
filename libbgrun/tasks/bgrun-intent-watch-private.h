/* bgrun-intent-watch-private.h: the app's actions run from outside it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* The placement hook (bgrun-features.c), for a scheduler made with a
 * GApplication, in both placements: when one of the application's
 * GSimpleActions is activated for another process's call
 * (org.freedesktop.Application.ActivateAction, org.gtk.Actions.Activate;
 * bgrun-action-calls-private.h) while the scheduler is not frontmost, then, once the action's handlers
 * ran, an intent-did-run task with the action's name and parameter is
 * started (embedded) or reported to bgrund. The application is held from
 * the action until that task starts, so an app the bus started for the
 * action stays for it. libbgrun's own actions ("bgrun-…") are not the
 * app's intents. */
void bgrun_intent_watch_attach (BgrunPlacement *placement);

G_END_DECLS
