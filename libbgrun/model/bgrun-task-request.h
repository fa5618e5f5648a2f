/* bgrun-task-request.h: what an app asks the scheduler to run later
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"
#include "bgrun-work-policy.h"

G_BEGIN_DECLS

/**
 * BGRUN_MAX_USER_INFO_SIZE:
 *
 * The largest [property@Bgrun.TaskRequest:user-info] a request may carry,
 * in bytes of its serialized form (as g_variant_get_size() counts them).
 * Submitting a request with more fails with
 * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST; keep large data in a file and put
 * its name in the user info.
 */
#define BGRUN_MAX_USER_INFO_SIZE 65536

#define BGRUN_TYPE_TASK_REQUEST (bgrun_task_request_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (BgrunTaskRequest, bgrun_task_request, BGRUN, TASK_REQUEST, GObject)

/**
 * BgrunTaskRequestClass:
 * @parent_class: the parent class
 *
 * The class of task requests. Apps do not subclass it: libbgrun provides
 * one subclass per kind of work, [class@Bgrun.AppRefreshRequest],
 * [class@Bgrun.ProcessingRequest] and
 * [class@Bgrun.ContinuedProcessingRequest].
 */

/* The private virtual functions are libbgrun's own, not for bindings. */

/**
 * BgrunTaskRequestClass::serialize: (skip)
 */

/**
 * BgrunTaskRequestClass::deserialize: (skip)
 */

/**
 * BgrunTaskRequestClass::validate: (skip)
 */

struct _BgrunTaskRequestClass
{
  GObjectClass parent_class;

  /*< private >*/
  const char *kind;
  GType       task_type;

  void     (*serialize)   (BgrunTaskRequest  *self,
                           GVariantDict      *dict);
  gboolean (*deserialize) (BgrunTaskRequest  *self,
                           GVariant          *dict,
                           GError           **error);
  gboolean (*validate)    (BgrunTaskRequest  *self,
                           GError           **error);

  gpointer padding[8];
};

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_task_request_get_identifier          (BgrunTaskRequest *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime  *bgrun_task_request_get_earliest_begin_date (BgrunTaskRequest *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_task_request_set_earliest_begin_date (BgrunTaskRequest *self,
                                                        GDateTime        *date);
BGRUN_AVAILABLE_IN_ALL
GVariant   *bgrun_task_request_get_user_info           (BgrunTaskRequest *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_task_request_set_user_info           (BgrunTaskRequest *self,
                                                        GVariant         *user_info);
BGRUN_AVAILABLE_IN_ALL
const char * const *bgrun_task_request_get_tags        (BgrunTaskRequest   *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_task_request_set_tags                (BgrunTaskRequest   *self,
                                                        const char * const *tags);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_task_request_has_tag                 (BgrunTaskRequest   *self,
                                                        const char         *tag);
BGRUN_AVAILABLE_IN_ALL
const char * const *bgrun_task_request_get_prerequisites (BgrunTaskRequest *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_task_request_set_prerequisites       (BgrunTaskRequest   *self,
                                                        const char * const *prerequisites);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_task_request_set_backoff             (BgrunTaskRequest   *self,
                                                        BgrunBackoffPolicy  policy,
                                                        double              delay);

G_END_DECLS
