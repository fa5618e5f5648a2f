/* bgrun-transfer-retry.c: which failed transfers are tried again, and when
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One policy for every kind of transfer: a failure is transient (the
 * network, a timeout, a server that is busy or down for a moment) or
 * final (anything the same request would meet again). Transient failures
 * of background tasks are tried again after an exponential backoff with
 * jitter, or after the server's Retry-After, until timeout-for-resource.
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-transfer-retry-private.h"
#include "bgrun-url-session-error.h"

/* 501 and 505 say the server will never do it; other 5xx may pass. */
static gboolean
status_is_transient (guint status_code)
{
  if (status_code == SOUP_STATUS_REQUEST_TIMEOUT || status_code == 429 /* Too Many Requests */)
    return TRUE;
  return status_code >= 500 && status_code < 600 &&
         status_code != SOUP_STATUS_NOT_IMPLEMENTED &&
         status_code != SOUP_STATUS_HTTP_VERSION_NOT_SUPPORTED;
}

gboolean
bgrun_transfer_retry_is_transient (const GError *error,
                                   guint         status_code)
{
  if (error == NULL || error->domain != BGRUN_URL_SESSION_ERROR)
    return FALSE;
  switch ((BgrunUrlSessionError) error->code)
    {
    case BGRUN_URL_SESSION_ERROR_NETWORK_LOST:
    case BGRUN_URL_SESSION_ERROR_TIMED_OUT:
      return TRUE;
    case BGRUN_URL_SESSION_ERROR_HTTP_STATUS:
      return status_is_transient (status_code);
    default:
      return FALSE;
    }
}

/* @attempt counts from 1; @jitter is in [0, 1]. */
gint64
bgrun_transfer_retry_backoff_usec (guint  attempt,
                                   double jitter)
{
  gint64 delay = BGRUN_TRANSFER_RETRY_BASE_USEC;

  for (guint i = 1; i < attempt && delay < BGRUN_TRANSFER_RETRY_CAP_USEC; i++)
    delay *= BGRUN_TRANSFER_RETRY_FACTOR;
  delay = MIN (delay, BGRUN_TRANSFER_RETRY_CAP_USEC);
  return delay / 2 + (gint64) (CLAMP (jitter, 0.0, 1.0) * (delay / 2));
}

/* Retry-After is a number of seconds or an HTTP date (RFC 9110, 10.2.3). */
gboolean
bgrun_transfer_retry_parse_after (const char *value,
                                  gint64      now_usec,
                                  gint64     *delay_usec)
{
  g_autoptr(GDateTime) date = NULL;
  guint64 seconds;

  if (value == NULL)
    return FALSE;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &seconds, NULL))
    {
      *delay_usec = (gint64) seconds * G_USEC_PER_SEC;
      return TRUE;
    }
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return FALSE;
  *delay_usec = MAX (0, g_date_time_to_unix (date) * G_USEC_PER_SEC - now_usec);
  return TRUE;
}

/* After the failure *@error of attempt @attempt: the delay before the next
 * attempt, or -1 when there is none. When the next attempt would come
 * after @deadline_usec (0: none), *@error becomes TIMED_OUT, naming the
 * failure it replaces. */
gint64
bgrun_transfer_retry_next (GError     **error,
                           guint        status_code,
                           const char  *retry_after,
                           guint        attempt,
                           gint64       now_usec,
                           gint64       deadline_usec)
{
  gint64 delay;
  GError *last;

  if (!bgrun_transfer_retry_is_transient (*error, status_code))
    return -1;
  if (!bgrun_transfer_retry_parse_after (retry_after, now_usec, &delay))
    delay = bgrun_transfer_retry_backoff_usec (attempt, g_random_double ());
  if (deadline_usec == 0 || now_usec + delay < deadline_usec)
    return delay;

  last = g_steal_pointer (error);
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_TIMED_OUT,
               _("Gave up after %u attempts, as the next one would come after the time allowed to the transfer (timeout-for-resource). The last attempt failed: %s"),
               attempt, last->message);
  g_error_free (last);
  return -1;
}

void
bgrun_transfer_retry_note_response (GTask       *task,
                                    SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");

  g_object_set_data_full (G_OBJECT (task), "bgrun-retry-after", g_strdup (value), g_free);
}

const char *
bgrun_transfer_retry_get_after (GAsyncResult *result)
{
  return g_object_get_data (G_OBJECT (result), "bgrun-retry-after");
}
