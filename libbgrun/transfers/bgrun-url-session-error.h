/* bgrun-url-session-error.h: the error domain of URL sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_URL_SESSION_ERROR:
 *
 * The error domain of [class@Bgrun.UrlSession] and its tasks: why a
 * transfer failed or could not be created. Codes are
 * [error@Bgrun.UrlSessionError].
 */
#define BGRUN_URL_SESSION_ERROR (bgrun_url_session_error_quark ())

/**
 * BgrunUrlSessionError:
 * @BGRUN_URL_SESSION_ERROR_CANCELLED: the task was cancelled with
 *   [method@Bgrun.UrlSessionTask.cancel] or
 *   [method@Bgrun.UrlSessionTask.cancel_with_resume_data_async], or its
 *   session was invalidated with [method@Bgrun.UrlSession.invalidate_and_cancel].
 * @BGRUN_URL_SESSION_ERROR_NETWORK_LOST: the connection failed or was lost
 *   before the whole body arrived: the host could not be resolved or
 *   reached, or the server closed the connection. A download keeps what it
 *   received; [method@Bgrun.UrlSessionTask.get_resume_data] continues it.
 * @BGRUN_URL_SESSION_ERROR_TIMED_OUT: the server sent nothing for
 *   [property@Bgrun.UrlSessionConfiguration:timeout-for-request] seconds,
 *   or a background task did not succeed within
 *   [property@Bgrun.UrlSessionConfiguration:timeout-for-resource] (the
 *   message names the last failure, or what the task waited for).
 * @BGRUN_URL_SESSION_ERROR_HTTP_STATUS: the server answered with a status
 *   that is not a success; [property@Bgrun.UrlSessionTask:status-code] holds
 *   it.
 * @BGRUN_URL_SESSION_ERROR_CHECKSUM_MISMATCH: the body does not match
 *   [property@Bgrun.UrlSessionTask:expected-checksum]; the partial file was
 *   removed.
 * @BGRUN_URL_SESSION_ERROR_RESUME_FAILED: the resume data is malformed,
 *   from another version of libbgrun, or stale (its partial file is gone or
 *   shorter than it says, or it was used already), or the server answered
 *   a resumed request in a way that does not fit what was already received.
 * @BGRUN_URL_SESSION_ERROR_FILE: a file could not be read or written: the
 *   partial file or the state directory (the disk is full, a permission is
 *   missing). The message names the file.
 * @BGRUN_URL_SESSION_ERROR_NOT_ALLOWED: the operation is not allowed on this
 *   session: a data task on a background session, a new task on an
 *   invalidated session, or on a background session whose identifier
 *   another session (in this process or another) already runs; or by the
 *   server: a resumable upload of a file
 *   larger than the server's `Upload-Limit` allows (max-size). Not retried.
 * @BGRUN_URL_SESSION_ERROR_INVALID_URI: the URI is not an absolute `http`
 *   or `https` URI with a host.
 * @BGRUN_URL_SESSION_ERROR_TLS: the secure connection to an `https` server
 *   failed: its certificate is not trusted (self-signed, expired, for
 *   another host) or the TLS handshake failed. There is no way around it
 *   in libbgrun; fix the server's certificate. Not retried.
 * @BGRUN_URL_SESSION_ERROR_BAD_RESPONSE: the server's answer cannot be
 *   used: it sent more of the body than it announced, redirected more
 *   than 20 times (a redirect loop), answered an upload with 303 See Other
 *   (whether it kept the file is unknown), or redirected an upload to a
 *   URI that is not http or https. Not retried.
 * @BGRUN_URL_SESSION_ERROR_INVALID_VALUE: a property of the task holds a
 *   value libbgrun cannot use (such as an
 *   [property@Bgrun.UrlSessionTask:expected-checksum] that is not
 *   `sha256:` and 64 hexadecimal digits); the message names the property
 *   and the value. The task fails when it is resumed, before anything is
 *   transferred.
 *
 * Errors of the [error@Bgrun.UrlSessionError] domain. The messages name the
 * URI or file concerned and say what to do.
 */
typedef enum {
  BGRUN_URL_SESSION_ERROR_CANCELLED,
  BGRUN_URL_SESSION_ERROR_NETWORK_LOST,
  BGRUN_URL_SESSION_ERROR_TIMED_OUT,
  BGRUN_URL_SESSION_ERROR_HTTP_STATUS,
  BGRUN_URL_SESSION_ERROR_CHECKSUM_MISMATCH,
  BGRUN_URL_SESSION_ERROR_RESUME_FAILED,
  BGRUN_URL_SESSION_ERROR_FILE,
  BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
  BGRUN_URL_SESSION_ERROR_INVALID_URI,
  BGRUN_URL_SESSION_ERROR_TLS,
  BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
  BGRUN_URL_SESSION_ERROR_INVALID_VALUE,
} BgrunUrlSessionError;

BGRUN_AVAILABLE_IN_ALL
GQuark bgrun_url_session_error_quark (void);

G_END_DECLS
