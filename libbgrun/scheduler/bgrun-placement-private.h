/* bgrun-placement-private.h: what a feature is handed of the app it
 * serves
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-broker-private.h"
#include "bgrun-scheduler.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_PLACEMENT (bgrun_placement_get_type ())

G_DECLARE_FINAL_TYPE (BgrunPlacement, bgrun_placement, BGRUN, PLACEMENT, GObject)

/* A placement is where one scheduler's work runs: the app id, its
 * GApplication (or none), the clock and conditions, the state directory,
 * the broker, and whether the engine is embedded or bgrund's. The
 * scheduler makes one when it is constructed and hands it down; features
 * (transfers, sessions, admin, …) read what they need of it and attach
 * their own per-app state to it, so the scheduler names none of them.
 *
 * Features keep no reference to the placement: it and everything attached
 * to it go with the scheduler's dispose. */

/* Called for every new placement, in the order added: how a feature
 * attaches its state to each scheduler (bgrun_features_ensure() adds
 * them). */
typedef void (*BgrunPlacementHook) (BgrunPlacement *placement);

void             bgrun_placement_add_hook          (BgrunPlacementHook  hook);

BgrunPlacement  *bgrun_placement_new               (BgrunScheduler     *scheduler,
                                                    GApplication       *application,
                                                    const char         *state_directory,
                                                    BgrunBroker        *broker);
/* Runs every hook on @self, once the scheduler is ready for them. */
void             bgrun_placement_run_hooks         (BgrunPlacement     *self);

/* The scheduler (NULL once it is disposed), and what it was made with. */
BgrunScheduler  *bgrun_placement_get_scheduler     (BgrunPlacement     *self);
const char      *bgrun_placement_get_app_id        (BgrunPlacement     *self);
GApplication    *bgrun_placement_get_application   (BgrunPlacement     *self);
BgrunClock      *bgrun_placement_get_clock         (BgrunPlacement     *self);
BgrunConditions *bgrun_placement_get_conditions    (BgrunPlacement     *self);
BgrunBroker     *bgrun_placement_get_broker        (BgrunPlacement     *self);
BgrunBackend     bgrun_placement_get_backend       (BgrunPlacement     *self);
/* The path of @name in the app's state directory (where the embedded
 * engine keeps its store). */
char            *bgrun_placement_state_path        (BgrunPlacement     *self,
                                                    const char         *name);

/* Keeps @state (a GObject, transfer full) under @key until the scheduler
 * is disposed, replacing what was there. */
void             bgrun_placement_attach            (BgrunPlacement     *self,
                                                    const char         *key,
                                                    gpointer            state);
/* What is attached under @key, or NULL (transfer none). */
gpointer         bgrun_placement_get_attached      (BgrunPlacement     *self,
                                                    const char         *key);

/* The scheduler calls it when a task starts, before its handler runs:
 * emits ::task-started, where a feature that owns the task's kind takes
 * it up. */
void             bgrun_placement_task_started      (BgrunPlacement     *self,
                                                    BgrunTask          *task);

G_END_DECLS
