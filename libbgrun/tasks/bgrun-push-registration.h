/* bgrun-push-registration.h: the app's UnifiedPush registration
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-scheduler.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_PUSH_REGISTRATION (bgrun_push_registration_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunPushRegistration, bgrun_push_registration,
                      BGRUN, PUSH_REGISTRATION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunPushRegistration *bgrun_push_registration_get_for_scheduler (BgrunScheduler         *scheduler);

BGRUN_AVAILABLE_IN_ALL
void        bgrun_push_registration_register        (BgrunPushRegistration  *self,
                                                     const char             *description,
                                                     GCancellable           *cancellable,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_push_registration_register_finish (BgrunPushRegistration  *self,
                                                     GAsyncResult           *result,
                                                     GError                **error);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_push_registration_unregister      (BgrunPushRegistration  *self,
                                                     GError                **error);

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_push_registration_get_endpoint    (BgrunPushRegistration  *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_push_registration_get_public_key  (BgrunPushRegistration  *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_push_registration_get_auth_secret (BgrunPushRegistration  *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_push_registration_get_distributor (BgrunPushRegistration  *self);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_push_registration_set_vapid_public_key (BgrunPushRegistration  *self,
                                                          const char             *key,
                                                          GError                **error);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_push_registration_get_vapid_public_key (BgrunPushRegistration  *self);

G_END_DECLS
