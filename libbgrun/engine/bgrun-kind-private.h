/* bgrun-kind-private.h: the kind table, one entry per request kind
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/* How the engine treats requests of a kind. */
typedef enum {
  /* Runs within the app's refresh budget, and spends it (app refresh). */
  BGRUN_KIND_USES_BUDGET     = 1 << 0,
  /* Waits for its requires-* conditions, and a running task whose
   * conditions no longer hold is ended; interrupted, it is submitted
   * again as it was (processing). */
  BGRUN_KIND_HAS_CONDITIONS  = 1 << 1,
  /* Started by the user: accepted only from a frontmost app, counted
   * against the slots for such work, and ended when its progress stalls
   * rather than at a fixed time (continued processing). */
  BGRUN_KIND_USER_INITIATED  = 1 << 2,
  /* libbgrun's own request on the app's behalf (bgrund submits it): not
   * the app's to submit, list or cancel; any attached process of the app
   * runs it without a handler, and a task of it that no handler takes
   * waits for the feature that owns it; it waits for no condition and no
   * budget, only for a process of the app to attach. */
  BGRUN_KIND_SYSTEM          = 1 << 3,
  /* With SYSTEM: the system starts it for the app's own handler (what
   * happened outside the app), so a task of it that no handler takes is
   * not waited for: it ends at once, completed, as nothing is owed. */
  BGRUN_KIND_FOR_HANDLER     = 1 << 4,
} BgrunKindFlags;

typedef struct _BgrunKind BgrunKind;

/* A request kind: everything the engine and the scheduler know of it. A
 * new kind is one new entry, registered by the folder that owns it
 * (bgrun-features.c); nothing else compares kind names. */
struct _BgrunKind
{
  /* As stored and as it crosses D-Bus ("app-refresh"). */
  const char     *name;
  /* The BgrunTask subclass its tasks are. */
  GType         (*task_type) (void);
  /* Seconds a task may run, or with USER_INITIATED, may go without
   * progress, before it expires. */
  guint           duration;
  BgrunKindFlags  flags;
  /* Another key under which a task of the kind carries its identifier,
   * for what the identifier names ("session-identifier"), or NULL. */
  const char     *identifier_alias;

  /* For SYSTEM kinds, translatable (N_()) messages:
   * why the request waits while no process of the app is attached; */
  const char     *waits_for_app;
  /* the error of running it now with no process attached (the
   * identifier, then the app id); */
  const char     *cannot_run_now;
  /* the error of an app's request that would replace it (the identifier); */
  const char     *identifier_taken;
  /* the error of submitting it over an app's own request of the same
   * identifier (the app id, then the identifier). */
  const char     *identifier_used;
};

/* Adds @kind, which must stay valid for the life of the process and
 * whose name no other entry has. */
void             bgrun_kind_register (const BgrunKind *kind);

/* The entry of @name. A name no entry has (from a store written by a
 * newer libbgrun, say) gets an entry of its own with no flags, the task
 * type BgrunAppRefreshTask and the shortest duration, so that nothing
 * unknown runs long or unnoticed. */
const BgrunKind *bgrun_kind_lookup   (const char *name);

/* Whether @name's entry has every flag of @flags. */
gboolean         bgrun_kind_has      (const char     *name,
                                      BgrunKindFlags  flags);

G_END_DECLS
