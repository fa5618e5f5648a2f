/* bgrun-inhibitor-private.h: one way of keeping the machine awake
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* What an inhibition keeps from happening. */
typedef enum {
  BGRUN_INHIBITOR_IDLE    = 1 << 0,  /* the session going idle (screen blank, idle suspend) */
  BGRUN_INHIBITOR_SUSPEND = 1 << 1,  /* the machine suspending */
} BgrunInhibitorFlags;

#define BGRUN_TYPE_INHIBITOR (bgrun_inhibitor_get_type ())

G_DECLARE_INTERFACE (BgrunInhibitor, bgrun_inhibitor, BGRUN, INHIBITOR, GObject)

/* A mechanism that keeps the machine from going idle or suspending: the
 * Inhibit portal (bgrun-inhibitor-portal.c), logind (bgrun-inhibitor-logind.c)
 * or nothing at all (bgrun-inhibitor-none.c). Each implementation is one
 * small file; bgrun_inhibitor_new_for_system() chooses one.
 *
 * An inhibition is asked for with inhibit_async(); its finish function
 * returns an opaque, non-NULL "hold" while the inhibition is in place, and
 * the inhibition lasts until the hold is given to release(), exactly once.
 * There is no cancellable on purpose: an inhibition once asked for exists
 * as soon as the service answers, so the caller always waits for the
 * answer and releases what it got (at once, if it no longer wants it).
 * A hold whose GAsyncResult is dropped without being finished is released
 * with the result. A failure (no bus, no service, refused) is an ordinary
 * GError for the caller to report as it sees fit; implementations never log.
 *
 * Implementations keep no per-inhibition state of their own: a hold stays
 * releasable after the inhibitor that made it was finalized.
 *
 * Callbacks run on the thread-default main context of the caller of
 * inhibit_async(). */
struct _BgrunInhibitorInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name)       (BgrunInhibitor       *self);
  void        (*inhibit_async)  (BgrunInhibitor       *self,
                                 BgrunInhibitorFlags   flags,
                                 const char           *app_id,
                                 const char           *reason,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
  gpointer    (*inhibit_finish) (BgrunInhibitor       *self,
                                 GAsyncResult         *result,
                                 GError              **error);
  void        (*release)        (BgrunInhibitor       *self,
                                 gpointer              hold);
};

/* The inhibitor for this process: $BGRUN_INHIBITOR (`portal`, `logind` or
 * `none`) when set; otherwise the Inhibit portal for a sandboxed app
 * (/.flatpak-info exists), else logind. Never fails: whether the chosen
 * service is really there shows only when an inhibition is asked for. */
BgrunInhibitor *bgrun_inhibitor_new_for_system (void);

/* The implementations, for bgrun_inhibitor_new_for_system() and tests. */
BgrunInhibitor *bgrun_inhibitor_portal_new (void);
BgrunInhibitor *bgrun_inhibitor_logind_new (void);
BgrunInhibitor *bgrun_inhibitor_none_new   (void);

/* "portal", "logind" or "none": for debug messages. */
const char *bgrun_inhibitor_get_name       (BgrunInhibitor       *self);

/* Asks for an inhibition of @flags (at least one) on behalf of @app_id,
 * saying @reason; @callback gets the answer. */
void        bgrun_inhibitor_inhibit_async  (BgrunInhibitor       *self,
                                            BgrunInhibitorFlags   flags,
                                            const char           *app_id,
                                            const char           *reason,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);

/* Returns the hold (owned by the caller until given to release()), or
 * NULL with @error set when no inhibition is in place. */
gpointer    bgrun_inhibitor_inhibit_finish (BgrunInhibitor       *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Ends the inhibition behind @hold and frees it. Takes effect at once as
 * far as this process can tell (an fd is closed, a Close call is sent). */
void        bgrun_inhibitor_release        (BgrunInhibitor       *self,
                                            gpointer              hold);

G_END_DECLS
