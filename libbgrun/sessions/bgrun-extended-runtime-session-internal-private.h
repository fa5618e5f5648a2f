/* bgrun-extended-runtime-session-internal-private.h: what the files of an
 * extended runtime session share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session is one type in three files: bgrun-extended-runtime-session.c
 * (the type, its properties and signals, starting, scheduling and
 * invalidating), bgrun-extended-runtime-session-lifecycle.c (running,
 * ending and waiting as a scheduled smart alarm) and
 * bgrun-extended-runtime-session-notify.c (notifying the user, and the
 * smart alarm's notification). Only these files include this header.
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-clock.h"
#include "bgrun-extended-runtime-registry-private.h"
#include "bgrun-extended-runtime-session-private.h"

G_BEGIN_DECLS

struct _BgrunExtendedRuntimeSession
{
  GObject parent_instance;

  BgrunScheduler               *scheduler;
  BgrunExtendedRuntimeRegistry *registry;
  BgrunClock                   *clock;
  BgrunExtendedRuntimeType      session_type;
  BgrunExtendedRuntimeState     state;
  BgrunInvalidationReason       reason;
  GDateTime                    *start_date;
  GDateTime                    *expiration_date;

  guint    lease;
  guint    start_alarm;
  guint    expire_alarm;
  guint    warning_alarm;
  guint    status_alarm;
  guint    resign_alarm;
  guint    snooze_alarm;
  guint    repeat_id;
  gulong   frontmost_handler;
  gulong   time_changed_handler;
  gboolean notified;
  gboolean actions_installed;
};

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_SESSION_TYPE,
  PROP_STATE,
  PROP_START_DATE,
  PROP_EXPIRATION_DATE,
  PROP_INVALIDATION_REASON,
  N_PROPS
};

extern GParamSpec *bgrun_extended_runtime_session_properties[N_PROPS];

enum {
  SIG_STARTED,
  SIG_WILL_EXPIRE,
  SIG_INVALIDATED,
  N_SIGNALS
};

extern guint bgrun_extended_runtime_session_signals[N_SIGNALS];

static inline gboolean
bgrun_extended_runtime_session_is_smart_alarm (BgrunExtendedRuntimeSession *self)
{
  return self->session_type == BGRUN_EXTENDED_RUNTIME_TYPE_SMART_ALARM;
}

/* bgrun-extended-runtime-session.c: what each type is. */

/* Whether the session needs the app in the foreground. */
gboolean    bgrun_extended_runtime_session_needs_frontmost (BgrunExtendedRuntimeSession  *self);

/* bgrun-extended-runtime-session-lifecycle.c */

/* Removes the clock alarm in *@alarm, if any, and zeroes it. */
void        bgrun_extended_runtime_session_remove_alarm    (BgrunExtendedRuntimeSession  *self,
                                                            guint                        *alarm);
/* Calls @func with @self in @seconds of the scheduler's clock. */
guint       bgrun_extended_runtime_session_add_alarm_in    (BgrunExtendedRuntimeSession  *self,
                                                            double                        seconds,
                                                            BgrunAlarmFunc                func);
/* Starts running until @expiration, unless the app already has a running
 * session: then this one is invalidated, and @error says so. */
gboolean    bgrun_extended_runtime_session_begin           (BgrunExtendedRuntimeSession  *self,
                                                            GDateTime                    *start,
                                                            GDateTime                    *expiration,
                                                            GError                      **error);
/* Waits, as a scheduled smart alarm, until @start. */
void        bgrun_extended_runtime_session_enter_scheduled (BgrunExtendedRuntimeSession  *self,
                                                            GDateTime                    *start);
/* Releases everything the session holds. @unstore also forgets a scheduled
 * smart alarm for good (it ended); disposing keeps it stored. */
void        bgrun_extended_runtime_session_tear_down       (BgrunExtendedRuntimeSession  *self,
                                                            gboolean                      unstore);
/* Invalidates the session for @reason (with @error, or %NULL), once. */
void        bgrun_extended_runtime_session_end             (BgrunExtendedRuntimeSession  *self,
                                                            BgrunInvalidationReason       reason,
                                                            const GError                 *error);

/* bgrun-extended-runtime-session-notify.c */

/* A smart alarm ends without having woken the user: the rule is that it
 * must, so libbgrun does it, and says so in the history for the developer. */
void        bgrun_extended_runtime_session_notify_for_the_app          (BgrunExtendedRuntimeSession *self);
/* Takes back the running smart alarm's notification and its actions. */
void        bgrun_extended_runtime_session_withdraw_alarm_notification (BgrunExtendedRuntimeSession *self);

G_END_DECLS
