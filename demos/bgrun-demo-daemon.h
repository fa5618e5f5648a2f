/* bgrun-demo-daemon.h: bgrun-demo's daemon step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The first argument that makes bgrun-demo the small app bgrund launches. */
#define BGRUN_DEMO_LAUNCHED_APP "--launched-app"

void bgrun_demo_daemon_step         (void);
int  bgrun_demo_launched_app_main   (int    argc,
                                     char **argv);
/* A private session bus in a temporary directory (dir), where bgrund and
 * one app are D-Bus activatable. */
typedef struct
{
  char        *dir;
  GSubprocess *bus;
  char        *address;
} BgrunDemoSession;

/* bgrund beside bgrun-demo (installed) or in the build tree, or NULL. */
char    *bgrun_demo_find_bgrund     (void);
/* Starts the bus of @session, whose dir is made; the bus starts @app_id as
 * `bgrun-demo APP_MODE DIR --gapplication-service`, and what it starts
 * keeps its state in DIR/state. */
gboolean bgrun_demo_session_start   (BgrunDemoSession  *session,
                                     const char        *bgrund,
                                     const char        *app_id,
                                     const char        *app_mode,
                                     GError           **error);
/* Ends bgrund, then the bus, and removes dir. */
void     bgrun_demo_session_stop    (BgrunDemoSession  *session);
/* Leaves the file @name, holding @text, in @dir: what a launched app
 * tells the step. */
void     bgrun_demo_leave_mark      (const char        *dir,
                                     const char        *name,
                                     const char        *text);
/* Runs the main loop until @dir has the file @name, or for @seconds. */
gboolean bgrun_demo_wait_for_mark   (const char        *dir,
                                     const char        *name,
                                     int                seconds);
/* Removes a directory and everything under it. */
void bgrun_demo_remove_tree         (const char  *path);

G_END_DECLS
