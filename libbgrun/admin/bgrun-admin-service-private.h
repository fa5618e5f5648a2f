/* bgrun-admin-service-private.h: an engine's org.bgrun.Admin1, for
 * bgrunctl
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-engine-private.h"
#include "bgrun-placement-private.h"

G_BEGIN_DECLS

#define BGRUN_ADMIN_INTERFACE "org.bgrun.Admin1"

/* Whether a process of @app_id is attached to @attachments (bgrund's
 * broker service), for ListApps. */
typedef gboolean (*BgrunAttachedFunc) (GObject    *attachments,
                                       const char *app_id);

/* The ongoing sessions that processes of @app_id (NULL: of every app)
 * reported to @attachments (bgrund's broker service), for ListSessions:
 * an aa{sv} as that method answers, floating. */
typedef GVariant *(*BgrunSessionsFunc) (GObject    *attachments,
                                        const char *app_id);

/* Has the app @app_id stop its session @title, for StopSession. */
typedef gboolean (*BgrunStopSessionFunc) (GObject     *attachments,
                                          const char  *app_id,
                                          const char  *title,
                                          GError     **error);

/* Has the app @app_id replay the track at @path (absolute) at @speed in
 * its location sessions, for SimulateLocation. */
typedef gboolean (*BgrunSimulateLocationFunc) (GObject     *attachments,
                                               const char  *app_id,
                                               const char  *path,
                                               double       speed,
                                               GError     **error);

#define BGRUN_TYPE_ADMIN_SERVICE (bgrun_admin_service_get_type ())

G_DECLARE_FINAL_TYPE (BgrunAdminService, bgrun_admin_service, BGRUN, ADMIN_SERVICE, GObject)

GDBusInterfaceInfo *bgrun_admin_get_interface_info (void);

/* Exports org.bgrun.Admin1 (data/org.bgrun.Admin1.xml) over @engine at
 * @object_path on @connection, a message bus connection, until disposed.
 * Every call from a sandboxed (Flatpak) process is refused.
 *
 * In bgrund, @is_attached asks the daemon's BgrunBrokerService
 * (@attachments) which apps are attached, and @only_app_id is NULL: every
 * app can be named. In an app whose engine runs embedded, @is_attached is
 * NULL (the app is attached) and @only_app_id is the app's id: naming
 * another app is refused, and "" means it. */
BgrunAdminService *bgrun_admin_service_new (BgrunEngine         *engine,
                                            BgrunAttachedFunc    is_attached,
                                            GObject             *attachments,
                                            GDBusConnection     *connection,
                                            const char          *object_path,
                                            const char          *only_app_id,
                                            GError             **error);

/* In bgrund: where ListSessions finds what the apps reported, and how
 * StopSession reaches them (both asked of the @attachments given to
 * bgrun_admin_service_new()). */
void               bgrun_admin_service_set_sessions_funcs  (BgrunAdminService    *self,
                                                            BgrunSessionsFunc     sessions,
                                                            BgrunStopSessionFunc  stop);

/* In bgrund: how SimulateLocation reaches the app (asked of the
 * @attachments given to bgrun_admin_service_new()). */
void               bgrun_admin_service_set_simulate_location_func (BgrunAdminService         *self,
                                                                   BgrunSimulateLocationFunc  simulate);

/* The embedded placement's export: @engine's Admin1 for @application's
 * own app only, on the application's connection at its object path
 * followed by /bgrun (org.example.News: /org/example/News/bgrun), from
 * when the application is registered on the bus until disposed. */
BgrunAdminService *bgrun_admin_service_new_for_application (BgrunEngine  *engine,
                                                            GApplication *application);

/* The placement hook (bgrun_features_ensure()): exports the embedded
 * engine's Admin1 for a scheduler made with a GApplication; its
 * ListSessions and StopSession act on that scheduler's sessions, and
 * SimulateLocation on its location sessions. */
void               bgrun_admin_service_attach              (BgrunPlacement *placement);

G_END_DECLS
