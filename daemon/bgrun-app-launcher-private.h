/* bgrun-app-launcher-private.h: bgrund starts apps for their due work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-broker-service-private.h"
#include "bgrun-engine-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_APP_LAUNCHER (bgrun_app_launcher_get_type ())

G_DECLARE_FINAL_TYPE (BgrunAppLauncher, bgrun_app_launcher, BGRUN, APP_LAUNCHER, GObject)

/* Puts @engine in launch mode and starts, on @connection, the apps whose
 * due work no attached connection of @service has registered.
 *
 * Property "busy" (notify): a launch waits for its app to register. */
BgrunAppLauncher *bgrun_app_launcher_new          (BgrunEngine        *engine,
                                                   BgrunBrokerService *service,
                                                   GDBusConnection    *connection);
void              bgrun_app_launcher_set_timeout  (BgrunAppLauncher   *self,
                                                   guint               seconds);
gboolean          bgrun_app_launcher_get_busy     (BgrunAppLauncher   *self);
char             *bgrun_app_launcher_object_path  (const char         *app_id);

G_END_DECLS
