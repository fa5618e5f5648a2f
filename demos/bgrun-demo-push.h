/* bgrun-demo-push.h: bgrun-demo's step for push messages (UnifiedPush)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first argument that makes bgrun-demo the app a push message wakes. */
#define BGRUN_DEMO_PUSH_APP "--push-app"

void bgrun_demo_push_step     (void);
int  bgrun_demo_push_app_main (int    argc,
                               char **argv);

G_END_DECLS
