/* bgrun-dbus-broker-private.h: the broker for the bgrund daemon, and the
 * protocol both ends of org.bgrun.Broker1 share
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

/* ---- the protocol (data/org.bgrun.Broker1.xml) ---- */

#define BGRUN_DBUS_NAME      "org.bgrun.Broker1"
#define BGRUN_DBUS_PATH      "/org/bgrun/Broker1"
#define BGRUN_DBUS_INTERFACE "org.bgrun.Broker1"
#define BGRUN_DBUS_TRANSFERS_INTERFACE "org.bgrun.Transfers1"
/* Only on a bgrund --test-mode (data/org.bgrun.Testing1.xml). */
#define BGRUN_TESTING_INTERFACE "org.bgrun.Testing1"

GDBusInterfaceInfo *bgrun_dbus_load_interface_info (const char *name);
GDBusInterfaceInfo *bgrun_dbus_get_interface_info (void);
void                bgrun_dbus_register_errors    (void);

/* ---- the client ---- */

#define BGRUN_TYPE_DBUS_BROKER (bgrun_dbus_broker_get_type ())

G_DECLARE_FINAL_TYPE (BgrunDbusBroker, bgrun_dbus_broker, BGRUN, DBUS_BROKER, GObject)

GDBusConnection *bgrun_dbus_open_session       (GError          **error);
gboolean         bgrun_dbus_daemon_available   (GDBusConnection  *connection);

BgrunDbusBroker *bgrun_dbus_broker_new         (GDBusConnection  *connection,
                                                const char       *app_id,
                                                BgrunClock       *clock);
void             bgrun_dbus_broker_close       (BgrunDbusBroker  *self);
/* SetSessions: tells the daemon which sessions the app runs. Several
 * features report theirs (the ongoing registry, the audio session), each
 * as its own @part, an aa{sv} (floating or not, consumed) replacing what
 * that part said before; the daemon gets every part's sessions together,
 * in the order the parts first reported. A failure is logged. The
 * daemon's StopSession signal comes back as ::stop-session (guint id),
 * its SimulateLocation signal as ::simulate-location (const char *path,
 * double speed), AudioInterruption as ::audio-interruption (guint type,
 * guint options: a BgrunInterruptionType and BgrunInterruptionOptions)
 * and AudioDuck as ::audio-duck (gboolean ducked). */
void             bgrun_dbus_broker_set_sessions (BgrunDbusBroker *self,
                                                 const char      *part,
                                                 GVariant        *sessions);
/* The same from the main loop; the result is whether bgrund took the
 * report (a closed broker reports nothing and succeeds). */
void             bgrun_dbus_broker_set_sessions_async  (BgrunDbusBroker     *self,
                                                        const char          *part,
                                                        GVariant            *sessions,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean         bgrun_dbus_broker_set_sessions_finish (BgrunDbusBroker     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* Calls @method of org.bgrun.Broker1 on the daemon, attached as this
 * broker's app, for what the broker interface does not carry (location
 * regions); a daemon that replaced the one that failed is tried once
 * more. */
GVariant        *bgrun_dbus_broker_call_broker    (BgrunDbusBroker     *self,
                                                   const char          *method,
                                                   GVariant            *parameters,
                                                   GError             **error);
GVariant        *bgrun_dbus_broker_call_transfers (BgrunDbusBroker     *self,
                                                   const char          *method,
                                                   GVariant            *parameters,
                                                   const GVariantType  *reply_type,
                                                   GError             **error);
/* bgrun_dbus_broker_call_transfers(), from the main loop: the reply
 * (and the signals the call caused) without blocking the caller. */
void             bgrun_dbus_broker_call_transfers_async  (BgrunDbusBroker     *self,
                                                          const char          *method,
                                                          GVariant            *parameters,
                                                          const GVariantType  *reply_type,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GVariant        *bgrun_dbus_broker_call_transfers_finish (BgrunDbusBroker     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
