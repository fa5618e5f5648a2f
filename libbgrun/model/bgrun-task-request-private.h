/* bgrun-task-request-private.h: requests as the engine sees them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-task-request.h"

G_BEGIN_DECLS

GVariant         *bgrun_task_request_to_variant       (BgrunTaskRequest  *self);
BgrunTaskRequest *bgrun_task_request_new_from_variant (GVariant          *dict,
                                                       GError           **error);
gboolean          bgrun_task_request_validate         (BgrunTaskRequest  *self,
                                                       GError           **error);
const char       *bgrun_task_request_get_kind         (BgrunTaskRequest  *self);
GType             bgrun_task_request_get_task_type    (BgrunTaskRequest  *self);

/* For subclasses reading their keys in deserialize. */
gboolean          bgrun_task_request_lookup           (BgrunTaskRequest    *self,
                                                       GVariant            *dict,
                                                       const char          *key,
                                                       const GVariantType  *type,
                                                       GVariant           **value,
                                                       GError             **error);

G_END_DECLS
