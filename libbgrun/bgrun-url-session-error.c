/* bgrun-url-session-error.c: the error domain of URL sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-url-session-error.h"

/**
 * bgrun_url_session_error_quark:
 *
 * Gets the error domain of [error@Bgrun.UrlSessionError], the quark that
 * %BGRUN_URL_SESSION_ERROR stands for.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (bgrun-url-session-error-quark, bgrun_url_session_error)
