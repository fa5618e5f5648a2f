/* bgrun-url-session-configuration.h: how a URL session transfers
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

#define BGRUN_TYPE_URL_SESSION_CONFIGURATION (bgrun_url_session_configuration_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunUrlSessionConfiguration, bgrun_url_session_configuration, BGRUN, URL_SESSION_CONFIGURATION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionConfiguration *bgrun_url_session_configuration_new_default                (void);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionConfiguration *bgrun_url_session_configuration_new_background             (const char                   *identifier);

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_url_session_configuration_get_identifier                 (BgrunUrlSessionConfiguration *self);

BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_url_session_configuration_get_discretionary              (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_discretionary              (BgrunUrlSessionConfiguration *self,
                                                                            gboolean                      discretionary);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_url_session_configuration_get_sends_launch_events        (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_sends_launch_events        (BgrunUrlSessionConfiguration *self,
                                                                            gboolean                      sends_launch_events);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_url_session_configuration_get_allows_metered_network     (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_allows_metered_network     (BgrunUrlSessionConfiguration *self,
                                                                            gboolean                      allows);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_url_session_configuration_get_allows_constrained_network (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_allows_constrained_network (BgrunUrlSessionConfiguration *self,
                                                                            gboolean                      allows);
BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_url_session_configuration_get_waits_for_connectivity     (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_waits_for_connectivity     (BgrunUrlSessionConfiguration *self,
                                                                            gboolean                      waits);
BGRUN_AVAILABLE_IN_ALL
double      bgrun_url_session_configuration_get_timeout_for_request        (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_timeout_for_request        (BgrunUrlSessionConfiguration *self,
                                                                            double                        seconds);
BGRUN_AVAILABLE_IN_ALL
double      bgrun_url_session_configuration_get_timeout_for_resource       (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_timeout_for_resource       (BgrunUrlSessionConfiguration *self,
                                                                            double                        seconds);
BGRUN_AVAILABLE_IN_ALL
guint       bgrun_url_session_configuration_get_max_connections_per_host   (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_max_connections_per_host   (BgrunUrlSessionConfiguration *self,
                                                                            guint                         max_connections);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_url_session_configuration_get_user_agent                 (BgrunUrlSessionConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_url_session_configuration_set_user_agent                 (BgrunUrlSessionConfiguration *self,
                                                                            const char                   *user_agent);

G_END_DECLS
