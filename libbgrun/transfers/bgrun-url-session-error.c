/* bgrun-url-session-error.c: the error domain of URL sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-url-session-error.h"

/* The names a BgrunUrlSessionError crosses D-Bus under (org.bgrun.Transfers1),
 * registered with the domain itself: whichever process first asks for the
 * quark, bgrund raising it or an app receiving it, maps them both ways. */
static const GDBusErrorEntry url_error_entries[] = {
  { BGRUN_URL_SESSION_ERROR_CANCELLED, "org.bgrun.UrlSessionError.Cancelled" },
  { BGRUN_URL_SESSION_ERROR_NETWORK_LOST, "org.bgrun.UrlSessionError.NetworkLost" },
  { BGRUN_URL_SESSION_ERROR_TIMED_OUT, "org.bgrun.UrlSessionError.TimedOut" },
  { BGRUN_URL_SESSION_ERROR_HTTP_STATUS, "org.bgrun.UrlSessionError.HttpStatus" },
  { BGRUN_URL_SESSION_ERROR_CHECKSUM_MISMATCH, "org.bgrun.UrlSessionError.ChecksumMismatch" },
  { BGRUN_URL_SESSION_ERROR_RESUME_FAILED, "org.bgrun.UrlSessionError.ResumeFailed" },
  { BGRUN_URL_SESSION_ERROR_FILE, "org.bgrun.UrlSessionError.File" },
  { BGRUN_URL_SESSION_ERROR_NOT_ALLOWED, "org.bgrun.UrlSessionError.NotAllowed" },
  { BGRUN_URL_SESSION_ERROR_INVALID_URI, "org.bgrun.UrlSessionError.InvalidUri" },
  { BGRUN_URL_SESSION_ERROR_TLS, "org.bgrun.UrlSessionError.Tls" },
  { BGRUN_URL_SESSION_ERROR_BAD_RESPONSE, "org.bgrun.UrlSessionError.BadResponse" },
  { BGRUN_URL_SESSION_ERROR_INVALID_VALUE, "org.bgrun.UrlSessionError.InvalidValue" },
};

/**
 * bgrun_url_session_error_quark:
 *
 * Gets the error domain of [error@Bgrun.UrlSessionError], the quark that
 * %BGRUN_URL_SESSION_ERROR stands for.
 *
 * Returns: the error domain
 */
GQuark
bgrun_url_session_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("bgrun-url-session-error-quark", &quark,
                                      url_error_entries, G_N_ELEMENTS (url_error_entries));
  return (GQuark) quark;
}
