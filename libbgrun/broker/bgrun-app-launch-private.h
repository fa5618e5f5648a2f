/* bgrun-app-launch-private.h: an app started by bgrund for a task
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-broker-private.h"

G_BEGIN_DECLS

/* The application action bgrund activates (through
 * org.freedesktop.Application.ActivateAction) to start an app for a due
 * task; parameter (ss): the task identifier and the launch's token. */
#define BGRUN_RUN_TASK_ACTION "bgrun-run-task"

#define BGRUN_TYPE_APP_LAUNCH (bgrun_app_launch_get_type ())

G_DECLARE_FINAL_TYPE (BgrunAppLaunch, bgrun_app_launch, BGRUN, APP_LAUNCH, GObject)

/* Installs BGRUN_RUN_TASK_ACTION on @application (until disposed), which
 * holds @application from the action until the tasks it names start on
 * @broker, or for BGRUN_LAUNCH_REGISTRATION_TIMEOUT at most. */
BgrunAppLaunch *bgrun_app_launch_new (GApplication *application,
                                      BgrunBroker  *broker);

G_END_DECLS
