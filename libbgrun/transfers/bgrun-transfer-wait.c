/* bgrun-transfer-wait.c: the conditions URL session tasks wait for
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the device state says about starting a transfer now, from the
 * session's configuration: Apple's rules. Every session needs a network
 * and keeps off a metered one or power saving when its configuration
 * says so; a discretionary background session also keeps off a metered
 * network and a low battery. Background sessions, and default ones with
 * waits-for-connectivity, wait for that to change; other default
 * sessions fail at once. A background task waits no longer than its
 * timeout-for-resource allows.
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-limits.h"
#include "bgrun-time-private.h"
#include "bgrun-transfer-wait-private.h"
#include "bgrun-url-session-error.h"

static gboolean
is_background (BgrunUrlSessionConfiguration *config)
{
  return bgrun_url_session_configuration_get_identifier (config) != NULL;
}

BgrunUrlSessionWaitReason
bgrun_transfer_wait_reason (BgrunUrlSessionConfiguration *config,
                            BgrunConditions              *conditions)
{
  gboolean discretionary = is_background (config) &&
                           bgrun_url_session_configuration_get_discretionary (config);
  int level = bgrun_conditions_get_battery_level (conditions);

  if (!bgrun_conditions_get_network_available (conditions))
    return BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK;
  if (bgrun_conditions_get_network_metered (conditions) &&
      (discretionary || !bgrun_url_session_configuration_get_allows_metered_network (config)))
    return BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK;
  if (bgrun_conditions_get_power_saver (conditions) &&
      !bgrun_url_session_configuration_get_allows_constrained_network (config))
    return BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER;
  if (discretionary && bgrun_conditions_get_on_battery (conditions) &&
      level >= 0 && level < BGRUN_BATTERY_LOW_LEVEL)
    return BGRUN_URL_SESSION_WAIT_REASON_BATTERY_LOW;
  return BGRUN_URL_SESSION_WAIT_REASON_NONE;
}

/* Only the network decides for a default session: a begin date, a retry
 * or a connection limit is waited for by every task. */
gboolean
bgrun_transfer_wait_fails_at_once (BgrunUrlSessionConfiguration *config,
                                   BgrunUrlSessionWaitReason     reason)
{
  if (is_background (config) || bgrun_url_session_configuration_get_waits_for_connectivity (config))
    return FALSE;
  return reason == BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK ||
         reason == BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK ||
         reason == BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER;
}

GError *
bgrun_transfer_wait_error (const char                *uri,
                           BgrunUrlSessionWaitReason  reason)
{
  const char *why;

  switch (reason)
    {
    case BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK:
      why = _("the network is metered and the session does not allow metered networks (allows-metered-network)");
      break;
    case BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER:
      why = _("power saving is on and the session does not allow constrained networks (allows-constrained-network)");
      break;
    default:
      why = _("there is no network");
      break;
    }
  return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NETWORK_LOST,
                      _("Cannot transfer “%s”: %s. Try again when that changed, or set waits-for-connectivity to wait for it."),
                      uri, why);
}

/* When a background task started at @resource_start_usec runs out of
 * timeout-for-resource; 0 when it never does. */
gint64
bgrun_transfer_wait_deadline_usec (BgrunUrlSessionConfiguration *config,
                                   gint64                        resource_start_usec)
{
  double seconds = bgrun_url_session_configuration_get_timeout_for_resource (config);

  if (!is_background (config) || seconds <= 0 || resource_start_usec == 0)
    return 0;
  return bgrun_time_add_usec (resource_start_usec, bgrun_time_usec_from_seconds (seconds));
}

static const char *
waited_for (BgrunUrlSessionWaitReason reason)
{
  switch (reason)
    {
    case BGRUN_URL_SESSION_WAIT_REASON_EARLIEST_BEGIN_DATE:
      return _("waited for its earliest begin date (earliest-begin-date)");
    case BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK:
      return _("waited for a network that is not metered");
    case BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER:
      return _("waited for power saving to end");
    case BGRUN_URL_SESSION_WAIT_REASON_BATTERY_LOW:
      return _("waited for external power or a charged battery");
    case BGRUN_URL_SESSION_WAIT_REASON_RETRY:
      return _("waited to try again after a failure");
    case BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT:
      return _("waited for a free connection (max-connections-per-host)");
    case BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK:
    case BGRUN_URL_SESSION_WAIT_REASON_NONE:
    default:
      return _("waited for a network");
    }
}

/* A background task waited for @reason until its deadline passed. */
GError *
bgrun_transfer_wait_timeout_error (const char                *uri,
                                   BgrunUrlSessionWaitReason  reason)
{
  return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_TIMED_OUT,
                      _("Gave up on “%s”, which %s longer than the time allowed to the transfer (timeout-for-resource). Start it again when that changed (a download continues from its resume data), or allow more time."),
                      uri, waited_for (reason));
}
