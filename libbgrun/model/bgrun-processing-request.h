/* bgrun-processing-request.h: a request for longer work when the device is idle
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-task-request.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_MINIMUM_FLEX_INTERVAL:
 *
 * The shortest non-zero [property@Bgrun.ProcessingRequest:flex-interval],
 * in seconds (5 minutes, as WorkManager's).
 */
#define BGRUN_MINIMUM_FLEX_INTERVAL 300

#define BGRUN_TYPE_PROCESSING_REQUEST (bgrun_processing_request_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunProcessingRequest, bgrun_processing_request, BGRUN, PROCESSING_REQUEST, BgrunTaskRequest)

BGRUN_AVAILABLE_IN_ALL
BgrunProcessingRequest *bgrun_processing_request_new                               (const char             *identifier);
BGRUN_AVAILABLE_IN_ALL
gboolean                bgrun_processing_request_get_requires_external_power       (BgrunProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                    bgrun_processing_request_set_requires_external_power       (BgrunProcessingRequest *self,
                                                                                    gboolean                requires);
BGRUN_AVAILABLE_IN_ALL
gboolean                bgrun_processing_request_get_requires_network_connectivity (BgrunProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                    bgrun_processing_request_set_requires_network_connectivity (BgrunProcessingRequest *self,
                                                                                    gboolean                requires);
BGRUN_AVAILABLE_IN_ALL
gboolean                bgrun_processing_request_get_requires_unmetered_network    (BgrunProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                    bgrun_processing_request_set_requires_unmetered_network    (BgrunProcessingRequest *self,
                                                                                    gboolean                requires);
BGRUN_AVAILABLE_IN_ALL
gboolean                bgrun_processing_request_get_requires_battery_not_low      (BgrunProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                    bgrun_processing_request_set_requires_battery_not_low      (BgrunProcessingRequest *self,
                                                                                    gboolean                requires);
BGRUN_AVAILABLE_IN_ALL
gboolean                bgrun_processing_request_get_requires_storage_not_low      (BgrunProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                    bgrun_processing_request_set_requires_storage_not_low      (BgrunProcessingRequest *self,
                                                                                    gboolean                requires);
BGRUN_AVAILABLE_IN_ALL
gboolean                bgrun_processing_request_get_requires_device_idle          (BgrunProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                    bgrun_processing_request_set_requires_device_idle          (BgrunProcessingRequest *self,
                                                                                    gboolean                requires);

G_END_DECLS
