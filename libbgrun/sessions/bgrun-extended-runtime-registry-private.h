/* bgrun-extended-runtime-registry-private.h: what an app's extended
 * runtime sessions share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-extended-runtime-session.h"
#include "bgrun-keep-alive-private.h"
#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* The app's smart alarm in its history, and in the daemon placement the
 * identifier of the request that has bgrund launch the app for it:
 * "<app-id>.smart-alarm". */
#define BGRUN_SMART_ALARM_IDENTIFIER_SUFFIX ".smart-alarm"

#define BGRUN_TYPE_EXTENDED_RUNTIME_REGISTRY (bgrun_extended_runtime_registry_get_type ())

G_DECLARE_FINAL_TYPE (BgrunExtendedRuntimeRegistry, bgrun_extended_runtime_registry,
                      BGRUN, EXTENDED_RUNTIME_REGISTRY, GObject)

/* One registry per scheduler (so per app): it enforces "one running
 * session, one scheduled smart alarm", owns the keep-alive the sessions
 * lease from, and keeps the scheduled smart alarm in a small file of its
 * own, @alarm_path, beside the embedded engine's store. The file is the
 * app's own in both placements: the daemon does not know about sessions.
 *
 * The slots do not own their sessions: a session empties its slot when it
 * ends or is disposed (bgrun_extended_runtime_registry_forget()).
 *
 * When @alarm_path holds a scheduled alarm, the registry restores it at the
 * first dispatch of the thread-default main context after its creation: it
 * makes a scheduled smart-alarm session and emits the scheduler's
 * "extended-runtime-session" signal with it. The app, which connects to the
 * signal right after creating the scheduler, takes it from there.
 *
 * In the daemon placement the app may not run at the alarm's time, so the
 * registry also has bgrund launch it then: scheduling the alarm submits a
 * processing request "<app-id>.smart-alarm" due at its start date, and
 * every scheduler registers a handler of its own for that identifier,
 * which completes the task at once. The launched app's scheduler restores
 * the alarm, whose time has come, so it starts; while the app runs the
 * request simply completes as the alarm starts. Invalidating the scheduled
 * alarm cancels the request (bgrun_extended_runtime_registry_unschedule()). */

/* Signal ::running-changed (no arguments): the running slot was filled
 * or emptied (how the app's report to bgrund follows). */

BgrunExtendedRuntimeRegistry *bgrun_extended_runtime_registry_new           (BgrunScheduler               *scheduler,
                                                                             GApplication                 *application,
                                                                             const char                   *app_id,
                                                                             const char                   *alarm_path);

/* The placement hook (bgrun_features_ensure()): gives every scheduler
 * its registry, which registers the smart alarm's launch handler in the
 * daemon placement and reads the alarm an earlier run scheduled. */
void                          bgrun_extended_runtime_registry_attach         (BgrunPlacement               *placement);

/* @scheduler's registry. */
BgrunExtendedRuntimeRegistry *bgrun_extended_runtime_registry_get            (BgrunScheduler               *scheduler);

/* The smart alarm in the scheduled slot; else the one an earlier run of
 * the app scheduled, made again (once) in the SCHEDULED state, or started
 * if its date came; else NULL. Transfer full. */
BgrunExtendedRuntimeSession  *bgrun_extended_runtime_registry_restore        (BgrunExtendedRuntimeRegistry *self);

BgrunKeepAlive              *bgrun_extended_runtime_registry_get_keep_alive (BgrunExtendedRuntimeRegistry *self);
BgrunExtendedRuntimeSession *bgrun_extended_runtime_registry_get_running    (BgrunExtendedRuntimeRegistry *self);
BgrunExtendedRuntimeSession *bgrun_extended_runtime_registry_get_scheduled  (BgrunExtendedRuntimeRegistry *self);

/* Fills the running slot (which must be empty) with @session. */
void     bgrun_extended_runtime_registry_set_running (BgrunExtendedRuntimeRegistry  *self,
                                                      BgrunExtendedRuntimeSession   *session);

/* Fills the scheduled slot (which must be empty) with @session and stores
 * its @start date, so that it survives the app ending. Fails, leaving the
 * slot empty, when the file cannot be written. */
gboolean bgrun_extended_runtime_registry_schedule    (BgrunExtendedRuntimeRegistry  *self,
                                                      BgrunExtendedRuntimeSession   *session,
                                                      GDateTime                     *start,
                                                      GError                       **error);

/* Fills the scheduled slot (which must be empty) with @session, a smart
 * alarm restored from the stored one: nothing is written. */
void     bgrun_extended_runtime_registry_adopt       (BgrunExtendedRuntimeRegistry  *self,
                                                      BgrunExtendedRuntimeSession   *session);

/* Empties whichever slot holds @session. With @unstore, a scheduled alarm
 * is also removed from the file: it started, or it ended for good. */
void     bgrun_extended_runtime_registry_forget      (BgrunExtendedRuntimeRegistry  *self,
                                                      BgrunExtendedRuntimeSession   *session,
                                                      gboolean                       unstore);

/* The scheduled alarm @session was invalidated before its time: empties
 * the slot, removes the alarm from the file and, in the daemon placement,
 * cancels the request that would launch the app for it. */
void     bgrun_extended_runtime_registry_unschedule  (BgrunExtendedRuntimeRegistry  *self,
                                                      BgrunExtendedRuntimeSession   *session);

G_END_DECLS
