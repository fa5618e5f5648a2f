/* bgrun-action-calls-private.h: which of a GApplication's action
 * activations another process asked for
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* From now on, tells apart the activations of @application's actions
 * that a call from another process runs (org.freedesktop.Application's
 * ActivateAction, org.gtk.Actions' Activate, as the desktop, a
 * notification, `gapplication action` or a remote instance make them)
 * from the application's own. Works for calls that arrived before it was
 * called and are not dispatched yet (an application started by D-Bus
 * activation for the call makes its scheduler in `startup`, after its
 * name was acquired). Calling it again does nothing. */
void     bgrun_action_calls_follow (GApplication *application);

/* Called when one of @application's actions is activated, before the
 * action's handlers run: whether this activation is the one a call from
 * another process asked for. Says so once per call: the application's
 * own activations from the action's handlers are not the call's. */
gboolean bgrun_action_calls_take   (GApplication *application);

G_END_DECLS
