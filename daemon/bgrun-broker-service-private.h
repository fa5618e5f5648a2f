/* bgrun-broker-service-private.h: an engine exported on D-Bus as
 * org.bgrun.Broker1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-call-queue-private.h"
#include "bgrun-engine-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_BROKER_SERVICE (bgrun_broker_service_get_type ())

G_DECLARE_FINAL_TYPE (BgrunBrokerService, bgrun_broker_service, BGRUN, BROKER_SERVICE, GObject)

/* The server end of the daemon placement (bgrund links it; tests can run
 * it in-process): exports @engine at /org/bgrun/Broker1 on @connection, a
 * message bus connection, until disposed. Owning the well-known name is
 * the caller's business.
 *
 * Each connection is bound to one app id by Attach; calls act on that
 * app, the engine's signals for it go to that connection only, and when
 * the connection closes the engine forgets the app's handlers.
 *
 * Property "idle" (notify): no connection is attached and no task runs. */
BgrunBrokerService *bgrun_broker_service_new          (BgrunEngine         *engine,
                                                       GDBusConnection     *connection,
                                                       GError             **error);
gboolean            bgrun_broker_service_get_idle     (BgrunBrokerService  *self);
gboolean            bgrun_broker_service_is_attached (BgrunBrokerService *self,
                                                      const char         *app_id);
/* The sessions the attached processes of @app_id (NULL: of every app)
 * last reported with SetSessions, each with its "app-id": an aa{sv}
 * as Admin1.ListSessions answers, floating, by app id. */
GVariant           *bgrun_broker_service_list_sessions (BgrunBrokerService *self,
                                                        const char         *app_id);
/* Asks the app @app_id to stop its reported session called
 * @title ("" when it reported exactly one; the oldest of that title):
 * sends it the StopSession signal. Fails with
 * BGRUN_SCHEDULER_ERROR_INVALID_REQUEST, naming what runs, when the app
 * is not attached or nothing, or more than one session, matches. */
gboolean            bgrun_broker_service_stop_session (BgrunBrokerService *self,
                                                       const char         *app_id,
                                                       const char         *title,
                                                       GError            **error);
/* What bgrund's region host (bgrun-region-host.c) does for Broker1's
 * SetRegions, SetLocationUpdates, TakeRegionEvents and
 * AcknowledgeRegionEvents, for the calling app: @regions is an
 * a(sdddu), @watching whether a session of the app watches them itself,
 * @updates SetLocationUpdates' a{sv}; take_events returns an
 * a(ta{sv}), floating. */
typedef struct
{
  gboolean  (*set_regions)        (gpointer     host,
                                   const char  *app_id,
                                   GVariant    *regions,
                                   gboolean     watching,
                                   GError     **error);
  gboolean  (*set_updates)        (gpointer     host,
                                   const char  *app_id,
                                   GVariant    *updates,
                                   GError     **error);
  GVariant *(*take_events)        (gpointer     host,
                                   const char  *app_id,
                                   GError     **error);
  gboolean  (*acknowledge_events) (gpointer     host,
                                   const char  *app_id,
                                   guint64      up_to,
                                   GError     **error);
} BgrunRegionFuncs;

/* Where those calls go (@funcs static); without, they fail with
 * NOT_PERMITTED. Signal "app-attached" (const char *app_id, gboolean
 * attached): a process of the app attached, or the app's only one
 * went. */
void                bgrun_broker_service_set_region_funcs (BgrunBrokerService     *self,
                                                           const BgrunRegionFuncs *funcs,
                                                           gpointer                host);

/* What bgrund's workout host (bgrun-workout-host.c) does for Broker1's
 * SetWorkout, for the calling app; set where the calls go with
 * set_workout_func() (without, they fail with NOT_PERMITTED). */
typedef gboolean (*BgrunWorkoutFunc) (gpointer     host,
                                      const char  *app_id,
                                      gboolean     active,
                                      GError     **error);
void                bgrun_broker_service_set_workout_func (BgrunBrokerService *self,
                                                           BgrunWorkoutFunc    func,
                                                           gpointer            host);
/* What bgrund's trigger host (bgrun-trigger-host.c) does for Broker1's
 * Subscribe, ReportTrigger and SubscribeCharacteristic, for the calling
 * app. */
typedef struct
{
  gboolean (*subscribe) (gpointer     host,
                         const char  *app_id,
                         const char  *kind,
                         gboolean     subscribed,
                         GError     **error);
  gboolean (*report)    (gpointer     host,
                         const char  *app_id,
                         const char  *kind,
                         GVariant    *data,
                         GError     **error);
  gboolean (*subscribe_characteristic) (gpointer     host,
                                        const char  *app_id,
                                        const char  *address,
                                        const char  *uuid,
                                        gboolean     subscribed,
                                        GError     **error);
} BgrunTriggerFuncs;

/* Where those calls go (@funcs static); without, they fail with
 * NOT_PERMITTED. */
void                bgrun_broker_service_set_trigger_funcs (BgrunBrokerService      *self,
                                                            const BgrunTriggerFuncs *funcs,
                                                            gpointer                 host);

/* Asks the app @app_id to replay the track at @path (absolute) at @speed
 * in its location sessions: sends it the SimulateLocation signal, once
 * the track parses here. Fails with BGRUN_SCHEDULER_ERROR_NOT_PERMITTED
 * when no process of the app is attached, and with
 * BGRUN_SCHEDULER_ERROR_INVALID_REQUEST, saying what is wrong, when the
 * speed is not above 0 or the file cannot be read or does not parse. */
gboolean            bgrun_broker_service_simulate_location (BgrunBrokerService  *self,
                                                            const char          *app_id,
                                                            const char          *path,
                                                            double               speed,
                                                            GError             **error);
/* Sends the Broker1 signal @signal_name with @parameters (floating or
 * NULL, consumed) to the connection of @app_id alone; nothing when the
 * app has none. Signal "sessions-changed" (const char *app_id): what the
 * app reports with SetSessions changed, or its connection went. */
void                bgrun_broker_service_send_to_app   (BgrunBrokerService *self,
                                                        const char         *app_id,
                                                        const char         *signal_name,
                                                        GVariant           *parameters);
const char         *bgrun_broker_service_get_app_id_of (BgrunBrokerService *self,
                                                        const char         *sender);

/* Queues a call on another of bgrund's interfaces (org.bgrun.Transfers1,
 * org.bgrun.Testing1) behind its sender's calls to Broker1, in the same
 * turns (bgrun-call-queue-private.h): @func serves it with @owner. Takes
 * @invocation, as a method call handler does. */
void                bgrun_broker_service_queue_call    (BgrunBrokerService    *self,
                                                        GDBusMethodInvocation *invocation,
                                                        BgrunCallFunc          func,
                                                        GObject               *owner);
/* Serves now every call @peer (a unique name) has waiting: for whoever
 * handles @peer leaving the bus, before it does. */
void                bgrun_broker_service_serve_waiting (BgrunBrokerService *self,
                                                        const char         *peer);

G_END_DECLS
