/* bgrun-url-session-events-private.h: delivering a background session's
 * recorded completions to the app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-url-session-private.h"

G_BEGIN_DECLS

/* The events of a background session (see
 * bgrun-transfer-event-private.h), as `(ta{sv})` with their sequence
 * numbers, wait here to be delivered, in sequence order, each once, in
 * both placements: bgrund's and the app's own store. A new queue holds
 * them until release(), which the session calls from the main loop right
 * before ::events-finished; from then on, deliver() delivers at once.
 *
 * Delivering an event asks @task_for_view for the task the event's
 * "task" view shows (a new reference, or NULL to drop the event), gives
 * a failed download its "resume-data", emits ::download-finished with
 * "location" (when there is one) and ::task-completed through
 * bgrun_url_session_deliver_completion(), then calls @acknowledge with
 * the sequence number, for the event to be forgotten. One numbered no
 * higher than the last delivered (it was delivered, but its
 * acknowledgement was lost) is only acknowledged again.
 *
 * add() keeps a `(ta{sv})` (sinking a floating one, else taking a
 * reference of its own) and ignores one queued already;
 * is_due() says whether events wait while nothing holds them. */

typedef struct _BgrunUrlSessionEvents BgrunUrlSessionEvents;

typedef BgrunUrlSessionTask *(*BgrunUrlSessionTaskForView) (GVariant *view,
                                                            gpointer  user_data);
typedef void                 (*BgrunUrlSessionAcknowledge) (guint64   sequence,
                                                            gpointer  user_data);

BgrunUrlSessionEvents *bgrun_url_session_events_new     (BgrunUrlSession            *session,
                                                         BgrunUrlSessionTaskForView  task_for_view,
                                                         BgrunUrlSessionAcknowledge  acknowledge,
                                                         gpointer                    user_data);
void                   bgrun_url_session_events_free    (BgrunUrlSessionEvents      *self);
void                   bgrun_url_session_events_add     (BgrunUrlSessionEvents      *self,
                                                         GVariant                   *event);
void                   bgrun_url_session_events_deliver (BgrunUrlSessionEvents      *self);
void                   bgrun_url_session_events_release (BgrunUrlSessionEvents      *self);
gboolean               bgrun_url_session_events_is_due  (BgrunUrlSessionEvents      *self);

G_END_DECLS
