/* bgrun-transfer-wait-private.h: the conditions URL session tasks wait for
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-conditions.h"
#include "bgrun-url-session-configuration.h"
#include "bgrun-url-session-wait-reason.h"

G_BEGIN_DECLS

BgrunUrlSessionWaitReason bgrun_transfer_wait_reason        (BgrunUrlSessionConfiguration *config,
                                                             BgrunConditions              *conditions);
gboolean                  bgrun_transfer_wait_fails_at_once (BgrunUrlSessionConfiguration *config,
                                                             BgrunUrlSessionWaitReason     reason);
GError                   *bgrun_transfer_wait_error         (const char                   *uri,
                                                             BgrunUrlSessionWaitReason     reason);
gint64                    bgrun_transfer_wait_deadline_usec (BgrunUrlSessionConfiguration *config,
                                                             gint64                        resource_start_usec);
GError                   *bgrun_transfer_wait_timeout_error (const char                   *uri,
                                                             BgrunUrlSessionWaitReason     reason);

G_END_DECLS
