/* bgrun-history-entry.h: one recorded step in the life of background work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunHistoryEvent:
 * @BGRUN_HISTORY_EVENT_SUBMITTED: a request was accepted
 * @BGRUN_HISTORY_EVENT_STARTED: a task started running
 * @BGRUN_HISTORY_EVENT_COMPLETED: a task reported success
 * @BGRUN_HISTORY_EVENT_FAILED: a task reported failure, or could not start
 * @BGRUN_HISTORY_EVENT_EXPIRED: a task ran out of time, was interrupted, or
 *   was ended early because its conditions stopped holding
 * @BGRUN_HISTORY_EVENT_CANCELLED: a request was cancelled
 * @BGRUN_HISTORY_EVENT_REJECTED: a request was refused; the message says why
 * @BGRUN_HISTORY_EVENT_NOTIFIED: libbgrun notified the user on the app's
 *   behalf, because a smart alarm ended without doing it (see
 *   [method@Bgrun.ExtendedRuntimeSession.notify_user])
 * @BGRUN_HISTORY_EVENT_RECOVERED: the app's store was damaged, and what
 *   could be read of it was recovered into a new one; the message says
 *   how much, and where the damaged copy is kept
 * @BGRUN_HISTORY_EVENT_APP_EXITED: the app's process exited or crashed
 *   while one of its [class@Bgrun.OngoingSession]s ran; recorded at the
 *   app's next start, with the session's title in the message
 * @BGRUN_HISTORY_EVENT_KEPT: a submit whose
 *   [property@Bgrun.TaskRequest:existing-policy] is
 *   %BGRUN_EXISTING_REQUEST_POLICY_KEEP found a request or a task of its
 *   identifier and left it as it was: nothing was added, and the message
 *   says which one stayed
 *
 * What a [class@Bgrun.HistoryEntry] records.
 */
typedef enum {
  BGRUN_HISTORY_EVENT_SUBMITTED,
  BGRUN_HISTORY_EVENT_STARTED,
  BGRUN_HISTORY_EVENT_COMPLETED,
  BGRUN_HISTORY_EVENT_FAILED,
  BGRUN_HISTORY_EVENT_EXPIRED,
  BGRUN_HISTORY_EVENT_CANCELLED,
  BGRUN_HISTORY_EVENT_REJECTED,
  BGRUN_HISTORY_EVENT_NOTIFIED,
  BGRUN_HISTORY_EVENT_RECOVERED,
  BGRUN_HISTORY_EVENT_APP_EXITED,
  BGRUN_HISTORY_EVENT_KEPT,
} BgrunHistoryEvent;

#define BGRUN_TYPE_HISTORY_ENTRY (bgrun_history_entry_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunHistoryEntry, bgrun_history_entry, BGRUN, HISTORY_ENTRY, GObject)

BGRUN_AVAILABLE_IN_ALL
const char        *bgrun_history_entry_get_identifier (BgrunHistoryEntry *self);
BGRUN_AVAILABLE_IN_ALL
BgrunHistoryEvent  bgrun_history_entry_get_event      (BgrunHistoryEntry *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime         *bgrun_history_entry_get_date       (BgrunHistoryEntry *self);
BGRUN_AVAILABLE_IN_ALL
const char        *bgrun_history_entry_get_message    (BgrunHistoryEntry *self);
BGRUN_AVAILABLE_IN_ALL
guint              bgrun_history_entry_get_attempt    (BgrunHistoryEntry *self);
BGRUN_AVAILABLE_IN_ALL
GVariant          *bgrun_history_entry_get_output     (BgrunHistoryEntry *self);
BGRUN_AVAILABLE_IN_ALL
const char * const *bgrun_history_entry_get_tags      (BgrunHistoryEntry *self);
BGRUN_AVAILABLE_IN_ALL
gboolean           bgrun_history_entry_has_tag        (BgrunHistoryEntry *self,
                                                       const char        *tag);

G_END_DECLS
