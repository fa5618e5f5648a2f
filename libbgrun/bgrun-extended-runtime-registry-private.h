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

G_BEGIN_DECLS

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
 * signal right after creating the scheduler, takes it from there. */

BgrunExtendedRuntimeRegistry *bgrun_extended_runtime_registry_new           (BgrunScheduler               *scheduler,
                                                                             GApplication                 *application,
                                                                             const char                   *app_id,
                                                                             const char                   *alarm_path);

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

G_END_DECLS
