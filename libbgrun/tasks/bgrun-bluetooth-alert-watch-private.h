/* bgrun-bluetooth-alert-watch-private.h: the characteristics an app
 * follows for its Bluetooth alert tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* Checks @address (six hexadecimal pairs, colon-separated) and @uuid (a
 * 128-bit UUID); sets *@key to "<ADDRESS>/<uuid>" (address upper case,
 * UUID lower case), how subscriptions are kept. Fails with
 * BGRUN_SCHEDULER_ERROR_INVALID_REQUEST saying which is malformed. */
gboolean  bgrun_bluetooth_alert_key       (const char      *address,
                                           const char      *uuid,
                                           char           **key,
                                           GError         **error);

/* What a notification of @key's characteristic starts a task with: the
 * task's user info, floating. */
GVariant *bgrun_bluetooth_alert_data      (const char      *key,
                                           GBytes          *value);

/* Follows one more characteristic for @placement's app, or one less:
 * embedded in this process (a BgrunGattWatch each), or by bgrund
 * (Broker1 SubscribeCharacteristic). */
gboolean  bgrun_bluetooth_alert_watch_subscribe (BgrunPlacement  *placement,
                                                 const char      *address,
                                                 const char      *uuid,
                                                 gboolean         subscribed,
                                                 GError         **error);

G_END_DECLS
