/* bgrun-demo-daemon.h: bgrun-demo's daemon step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first argument that makes bgrun-demo the small app bgrund launches. */
#define BGRUN_DEMO_LAUNCHED_APP "--launched-app"

void bgrun_demo_daemon_step         (void);
int  bgrun_demo_launched_app_main   (int    argc,
                                     char **argv);
/* Removes a directory and everything under it. */
void bgrun_demo_remove_tree         (const char  *path);

G_END_DECLS
