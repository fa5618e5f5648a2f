/* bgrun-url-session-configuration.c: how a URL session transfers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-url-session-configuration.h"
#include "bgrun-url-session-private.h"

/**
 * BgrunUrlSessionConfiguration:
 *
 * How a [class@Bgrun.UrlSession] transfers: whether it is a background
 * session (with an identifier) or a default one, and its limits.
 *
 * A default configuration ([ctor@Bgrun.UrlSessionConfiguration.new_default])
 * runs data and download tasks while the app runs; nothing of it outlives
 * the session. A background configuration
 * ([ctor@Bgrun.UrlSessionConfiguration.new_background]) names its session
 * with an identifier: its tasks are recorded in the app's state directory,
 * and a session created later with the same identifier (in the same
 * process or after the app started again) reattaches to them. Background
 * sessions run downloads and uploads from a file only; data tasks fail with
 * %BGRUN_URL_SESSION_ERROR_NOT_ALLOWED.
 *
 * A session copies its configuration when it is created: changing the
 * configuration afterwards does not change the session.
 *
 * ```c
 * g_autoptr(BgrunUrlSessionConfiguration) config =
 *   bgrun_url_session_configuration_new_background ("org.example.App.podcasts");
 *
 * bgrun_url_session_configuration_set_timeout_for_request (config, 30);
 * session = bgrun_url_session_new (NULL, config);
 * ```
 */

/* The defaults of Apple's URLSessionConfiguration, where it has them. */
#define DEFAULT_TIMEOUT_FOR_REQUEST 60.0
#define DEFAULT_TIMEOUT_FOR_RESOURCE (7 * 24 * 3600.0)
#define DEFAULT_MAX_CONNECTIONS_PER_HOST 6
#define MAX_MAX_CONNECTIONS_PER_HOST 64

struct _BgrunUrlSessionConfiguration
{
  GObject parent_instance;

  char     *identifier;
  gboolean  discretionary;
  gboolean  sends_launch_events;
  gboolean  allows_metered_network;
  gboolean  allows_constrained_network;
  gboolean  waits_for_connectivity;
  double    timeout_for_request;
  double    timeout_for_resource;
  guint     max_connections_per_host;
  char     *user_agent;
};

G_DEFINE_FINAL_TYPE (BgrunUrlSessionConfiguration, bgrun_url_session_configuration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_DISCRETIONARY,
  PROP_SENDS_LAUNCH_EVENTS,
  PROP_ALLOWS_METERED_NETWORK,
  PROP_ALLOWS_CONSTRAINED_NETWORK,
  PROP_WAITS_FOR_CONNECTIVITY,
  PROP_TIMEOUT_FOR_REQUEST,
  PROP_TIMEOUT_FOR_RESOURCE,
  PROP_MAX_CONNECTIONS_PER_HOST,
  PROP_USER_AGENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_flag (BgrunUrlSessionConfiguration *self,
          gboolean                     *field,
          gboolean                      value,
          guint                         prop_id)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_seconds (BgrunUrlSessionConfiguration *self,
             double                       *field,
             double                        value,
             guint                         prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
bgrun_url_session_configuration_finalize (GObject *object)
{
  BgrunUrlSessionConfiguration *self = BGRUN_URL_SESSION_CONFIGURATION (object);

  g_free (self->identifier);
  g_free (self->user_agent);

  G_OBJECT_CLASS (bgrun_url_session_configuration_parent_class)->finalize (object);
}

static void
bgrun_url_session_configuration_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  BgrunUrlSessionConfiguration *self = BGRUN_URL_SESSION_CONFIGURATION (object);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      g_value_set_string (value, self->identifier);
      break;
    case PROP_DISCRETIONARY:
      g_value_set_boolean (value, self->discretionary);
      break;
    case PROP_SENDS_LAUNCH_EVENTS:
      g_value_set_boolean (value, self->sends_launch_events);
      break;
    case PROP_ALLOWS_METERED_NETWORK:
      g_value_set_boolean (value, self->allows_metered_network);
      break;
    case PROP_ALLOWS_CONSTRAINED_NETWORK:
      g_value_set_boolean (value, self->allows_constrained_network);
      break;
    case PROP_WAITS_FOR_CONNECTIVITY:
      g_value_set_boolean (value, self->waits_for_connectivity);
      break;
    case PROP_TIMEOUT_FOR_REQUEST:
      g_value_set_double (value, self->timeout_for_request);
      break;
    case PROP_TIMEOUT_FOR_RESOURCE:
      g_value_set_double (value, self->timeout_for_resource);
      break;
    case PROP_MAX_CONNECTIONS_PER_HOST:
      g_value_set_uint (value, self->max_connections_per_host);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_configuration_set_property (GObject      *object,
                                              guint         prop_id,
                                              const GValue *value,
                                              GParamSpec   *pspec)
{
  BgrunUrlSessionConfiguration *self = BGRUN_URL_SESSION_CONFIGURATION (object);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      self->identifier = g_value_dup_string (value);
      break;
    case PROP_DISCRETIONARY:
      bgrun_url_session_configuration_set_discretionary (self, g_value_get_boolean (value));
      break;
    case PROP_SENDS_LAUNCH_EVENTS:
      bgrun_url_session_configuration_set_sends_launch_events (self, g_value_get_boolean (value));
      break;
    case PROP_ALLOWS_METERED_NETWORK:
      bgrun_url_session_configuration_set_allows_metered_network (self, g_value_get_boolean (value));
      break;
    case PROP_ALLOWS_CONSTRAINED_NETWORK:
      bgrun_url_session_configuration_set_allows_constrained_network (self, g_value_get_boolean (value));
      break;
    case PROP_WAITS_FOR_CONNECTIVITY:
      bgrun_url_session_configuration_set_waits_for_connectivity (self, g_value_get_boolean (value));
      break;
    case PROP_TIMEOUT_FOR_REQUEST:
      bgrun_url_session_configuration_set_timeout_for_request (self, g_value_get_double (value));
      break;
    case PROP_TIMEOUT_FOR_RESOURCE:
      bgrun_url_session_configuration_set_timeout_for_resource (self, g_value_get_double (value));
      break;
    case PROP_MAX_CONNECTIONS_PER_HOST:
      bgrun_url_session_configuration_set_max_connections_per_host (self, g_value_get_uint (value));
      break;
    case PROP_USER_AGENT:
      bgrun_url_session_configuration_set_user_agent (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_configuration_class_init (BgrunUrlSessionConfigurationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_url_session_configuration_finalize;
  object_class->get_property = bgrun_url_session_configuration_get_property;
  object_class->set_property = bgrun_url_session_configuration_set_property;

  /**
   * BgrunUrlSessionConfiguration:identifier:
   *
   * The identifier of a background session, or %NULL for a default one.
   * Sessions created with the same identifier share their tasks.
   */
  properties[PROP_IDENTIFIER] =
    g_param_spec_string ("identifier", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunUrlSessionConfiguration:discretionary:
   *
   * Whether the tasks of a background session wait for good conditions
   * before each attempt: an unmetered network, and external power or a
   * battery that is not low (%BGRUN_BATTERY_LOW_LEVEL). Their
   * [property@Bgrun.UrlSessionTask:waiting-reason] says what they wait
   * for. Default sessions ignore it.
   */
  properties[PROP_DISCRETIONARY] =
    g_param_spec_boolean ("discretionary", NULL, NULL, FALSE, rw);

  /**
   * BgrunUrlSessionConfiguration:sends-launch-events:
   *
   * Whether the app is started for the events of a background session
   * that it has no session object for (it is not running, or has not
   * created the session yet): `bgrund` then runs a
   * [class@Bgrun.UrlSessionRefreshTask] in the app. Only the daemon
   * placement launches; embedded, the transfers stop with the app.
   * Without it, the events wait until the app creates the session.
   */
  properties[PROP_SENDS_LAUNCH_EVENTS] =
    g_param_spec_boolean ("sends-launch-events", NULL, NULL, TRUE, rw);

  /**
   * BgrunUrlSessionConfiguration:allows-metered-network:
   *
   * Whether tasks may use a metered network. When %FALSE and the network
   * is metered, background tasks wait for an unmetered one
   * (%BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK); default sessions'
   * tasks do the same with
   * [property@Bgrun.UrlSessionConfiguration:waits-for-connectivity], and
   * fail with %BGRUN_URL_SESSION_ERROR_NETWORK_LOST without it.
   */
  properties[PROP_ALLOWS_METERED_NETWORK] =
    g_param_spec_boolean ("allows-metered-network", NULL, NULL, TRUE, rw);

  /**
   * BgrunUrlSessionConfiguration:allows-constrained-network:
   *
   * Whether tasks may run while power saving is on. When %FALSE, tasks
   * wait for power saving to end
   * (%BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER), or fail at once as for
   * [property@Bgrun.UrlSessionConfiguration:allows-metered-network].
   */
  properties[PROP_ALLOWS_CONSTRAINED_NETWORK] =
    g_param_spec_boolean ("allows-constrained-network", NULL, NULL, TRUE, rw);

  /**
   * BgrunUrlSessionConfiguration:waits-for-connectivity:
   *
   * Whether a default session's task waits for a usable network
   * (%BGRUN_URL_SESSION_TASK_STATE_WAITING with its
   * [property@Bgrun.UrlSessionTask:waiting-reason]) instead of failing at
   * once with %BGRUN_URL_SESSION_ERROR_NETWORK_LOST when there is none,
   * as on Apple's platforms. Background sessions always wait.
   */
  properties[PROP_WAITS_FOR_CONNECTIVITY] =
    g_param_spec_boolean ("waits-for-connectivity", NULL, NULL, FALSE, rw);

  /**
   * BgrunUrlSessionConfiguration:timeout-for-request:
   *
   * How many seconds a request may go without progress (connecting, the
   * answer, the next part of a body) before the attempt fails with
   * %BGRUN_URL_SESSION_ERROR_TIMED_OUT; 0 waits for ever. A background
   * task tries again after a backoff; a default session's task fails.
   */
  properties[PROP_TIMEOUT_FOR_REQUEST] =
    g_param_spec_double ("timeout-for-request", NULL, NULL,
                         0, G_MAXDOUBLE, DEFAULT_TIMEOUT_FOR_REQUEST, rw);

  /**
   * BgrunUrlSessionConfiguration:timeout-for-resource:
   *
   * How many seconds a background task may take in all, from its first
   * [method@Bgrun.UrlSessionTask.resume], retries included; 0 means no
   * limit. Seven days by default. A failure that would be tried again
   * after that ends the task with %BGRUN_URL_SESSION_ERROR_TIMED_OUT,
   * whose message names the last failure. Time spent waiting for
   * conditions counts: a task still waiting when the time is over ends
   * with %BGRUN_URL_SESSION_ERROR_TIMED_OUT too, and a download keeps what
   * it received for its resume data.
   */
  properties[PROP_TIMEOUT_FOR_RESOURCE] =
    g_param_spec_double ("timeout-for-resource", NULL, NULL,
                         0, G_MAXDOUBLE, DEFAULT_TIMEOUT_FOR_RESOURCE, rw);

  /**
   * BgrunUrlSessionConfiguration:max-connections-per-host:
   *
   * How many transfers of the session run at once to one host (its name
   * and port) at most; further tasks wait,
   * %BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT, by
   * [property@Bgrun.UrlSessionTask:priority]. The session runs at most
   * %BGRUN_URL_SESSION_MAX_CONNECTIONS transfers in all.
   */
  properties[PROP_MAX_CONNECTIONS_PER_HOST] =
    g_param_spec_uint ("max-connections-per-host", NULL, NULL,
                       1, MAX_MAX_CONNECTIONS_PER_HOST, DEFAULT_MAX_CONNECTIONS_PER_HOST, rw);

  /**
   * BgrunUrlSessionConfiguration:user-agent:
   *
   * The `User-Agent` header of the session's requests, or %NULL for
   * `libbgrun/<version>`.
   */
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_url_session_configuration_init (BgrunUrlSessionConfiguration *self)
{
  self->sends_launch_events = TRUE;
  self->allows_metered_network = TRUE;
  self->allows_constrained_network = TRUE;
  self->timeout_for_request = DEFAULT_TIMEOUT_FOR_REQUEST;
  self->timeout_for_resource = DEFAULT_TIMEOUT_FOR_RESOURCE;
  self->max_connections_per_host = DEFAULT_MAX_CONNECTIONS_PER_HOST;
}

/**
 * bgrun_url_session_configuration_new_default:
 *
 * Creates the configuration of a default session, whose tasks run while
 * the app runs and are not recorded.
 *
 * Returns: (transfer full): a new configuration
 */
BgrunUrlSessionConfiguration *
bgrun_url_session_configuration_new_default (void)
{
  return g_object_new (BGRUN_TYPE_URL_SESSION_CONFIGURATION, NULL);
}

/**
 * bgrun_url_session_configuration_new_background:
 * @identifier: the session's identifier, unique within the app, such as
 *   `org.example.App.downloads`
 *
 * Creates the configuration of a background session. Its tasks are
 * recorded under @identifier in the app's state directory; a session
 * created later with the same identifier reattaches to them.
 *
 * Returns: (transfer full): a new configuration
 */
BgrunUrlSessionConfiguration *
bgrun_url_session_configuration_new_background (const char *identifier)
{
  g_return_val_if_fail (identifier != NULL && *identifier != '\0', NULL);

  return g_object_new (BGRUN_TYPE_URL_SESSION_CONFIGURATION, "identifier", identifier, NULL);
}

/* The copy a session keeps, so later changes to @self do not reach it. */
BgrunUrlSessionConfiguration *
bgrun_url_session_configuration_copy (BgrunUrlSessionConfiguration *self)
{
  BgrunUrlSessionConfiguration *copy;

  copy = g_object_new (BGRUN_TYPE_URL_SESSION_CONFIGURATION, "identifier", self->identifier, NULL);
  copy->discretionary = self->discretionary;
  copy->sends_launch_events = self->sends_launch_events;
  copy->allows_metered_network = self->allows_metered_network;
  copy->allows_constrained_network = self->allows_constrained_network;
  copy->waits_for_connectivity = self->waits_for_connectivity;
  copy->timeout_for_request = self->timeout_for_request;
  copy->timeout_for_resource = self->timeout_for_resource;
  copy->max_connections_per_host = self->max_connections_per_host;
  copy->user_agent = g_strdup (self->user_agent);
  return copy;
}

/**
 * bgrun_url_session_configuration_get_identifier:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:identifier].
 *
 * Returns: (nullable): the background session's identifier, or %NULL for
 *   a default configuration
 */
const char *
bgrun_url_session_configuration_get_identifier (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), NULL);
  return self->identifier;
}

/**
 * bgrun_url_session_configuration_get_discretionary:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:discretionary].
 *
 * Returns: whether tasks may wait for good conditions
 */
gboolean
bgrun_url_session_configuration_get_discretionary (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), FALSE);
  return self->discretionary;
}

/**
 * bgrun_url_session_configuration_set_discretionary:
 * @self: a configuration
 * @discretionary: whether tasks may wait for good conditions
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:discretionary].
 */
void
bgrun_url_session_configuration_set_discretionary (BgrunUrlSessionConfiguration *self,
                                                   gboolean                      discretionary)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  set_flag (self, &self->discretionary, discretionary, PROP_DISCRETIONARY);
}

/**
 * bgrun_url_session_configuration_get_sends_launch_events:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:sends-launch-events].
 *
 * Returns: whether the app should be launched for its session's events
 */
gboolean
bgrun_url_session_configuration_get_sends_launch_events (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), FALSE);
  return self->sends_launch_events;
}

/**
 * bgrun_url_session_configuration_set_sends_launch_events:
 * @self: a configuration
 * @sends_launch_events: whether the app should be launched for its
 *   session's events
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:sends-launch-events].
 */
void
bgrun_url_session_configuration_set_sends_launch_events (BgrunUrlSessionConfiguration *self,
                                                         gboolean                      sends_launch_events)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  set_flag (self, &self->sends_launch_events, sends_launch_events, PROP_SENDS_LAUNCH_EVENTS);
}

/**
 * bgrun_url_session_configuration_get_allows_metered_network:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:allows-metered-network].
 *
 * Returns: whether tasks may use a metered network
 */
gboolean
bgrun_url_session_configuration_get_allows_metered_network (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), FALSE);
  return self->allows_metered_network;
}

/**
 * bgrun_url_session_configuration_set_allows_metered_network:
 * @self: a configuration
 * @allows: whether tasks may use a metered network
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:allows-metered-network].
 */
void
bgrun_url_session_configuration_set_allows_metered_network (BgrunUrlSessionConfiguration *self,
                                                            gboolean                      allows)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  set_flag (self, &self->allows_metered_network, allows, PROP_ALLOWS_METERED_NETWORK);
}

/**
 * bgrun_url_session_configuration_get_allows_constrained_network:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:allows-constrained-network].
 *
 * Returns: whether tasks may run while power saving is on
 */
gboolean
bgrun_url_session_configuration_get_allows_constrained_network (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), FALSE);
  return self->allows_constrained_network;
}

/**
 * bgrun_url_session_configuration_set_allows_constrained_network:
 * @self: a configuration
 * @allows: whether tasks may run while power saving is on
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:allows-constrained-network].
 */
void
bgrun_url_session_configuration_set_allows_constrained_network (BgrunUrlSessionConfiguration *self,
                                                                gboolean                      allows)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  set_flag (self, &self->allows_constrained_network, allows, PROP_ALLOWS_CONSTRAINED_NETWORK);
}

/**
 * bgrun_url_session_configuration_get_waits_for_connectivity:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:waits-for-connectivity].
 *
 * Returns: whether tasks wait for a network
 */
gboolean
bgrun_url_session_configuration_get_waits_for_connectivity (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), FALSE);
  return self->waits_for_connectivity;
}

/**
 * bgrun_url_session_configuration_set_waits_for_connectivity:
 * @self: a configuration
 * @waits: whether tasks wait for a network
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:waits-for-connectivity].
 */
void
bgrun_url_session_configuration_set_waits_for_connectivity (BgrunUrlSessionConfiguration *self,
                                                            gboolean                      waits)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  set_flag (self, &self->waits_for_connectivity, waits, PROP_WAITS_FOR_CONNECTIVITY);
}

/**
 * bgrun_url_session_configuration_get_timeout_for_request:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:timeout-for-request].
 *
 * Returns: the request timeout in seconds, 0 for none
 */
double
bgrun_url_session_configuration_get_timeout_for_request (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), 0);
  return self->timeout_for_request;
}

/**
 * bgrun_url_session_configuration_set_timeout_for_request:
 * @self: a configuration
 * @seconds: the request timeout in seconds, 0 for none
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:timeout-for-request].
 */
void
bgrun_url_session_configuration_set_timeout_for_request (BgrunUrlSessionConfiguration *self,
                                                         double                        seconds)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  g_return_if_fail (seconds >= 0);
  set_seconds (self, &self->timeout_for_request, seconds, PROP_TIMEOUT_FOR_REQUEST);
}

/**
 * bgrun_url_session_configuration_get_timeout_for_resource:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:timeout-for-resource].
 *
 * Returns: the resource timeout in seconds, 0 for none
 */
double
bgrun_url_session_configuration_get_timeout_for_resource (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), 0);
  return self->timeout_for_resource;
}

/**
 * bgrun_url_session_configuration_set_timeout_for_resource:
 * @self: a configuration
 * @seconds: the resource timeout in seconds, 0 for none
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:timeout-for-resource].
 */
void
bgrun_url_session_configuration_set_timeout_for_resource (BgrunUrlSessionConfiguration *self,
                                                          double                        seconds)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  g_return_if_fail (seconds >= 0);
  set_seconds (self, &self->timeout_for_resource, seconds, PROP_TIMEOUT_FOR_RESOURCE);
}

/**
 * bgrun_url_session_configuration_get_max_connections_per_host:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:max-connections-per-host].
 *
 * Returns: the most connections to one host
 */
guint
bgrun_url_session_configuration_get_max_connections_per_host (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), 0);
  return self->max_connections_per_host;
}

/**
 * bgrun_url_session_configuration_set_max_connections_per_host:
 * @self: a configuration
 * @max_connections: the most connections to one host, from 1 to 64
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:max-connections-per-host].
 */
void
bgrun_url_session_configuration_set_max_connections_per_host (BgrunUrlSessionConfiguration *self,
                                                              guint                         max_connections)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));
  g_return_if_fail (max_connections >= 1 && max_connections <= MAX_MAX_CONNECTIONS_PER_HOST);

  if (self->max_connections_per_host == max_connections)
    return;
  self->max_connections_per_host = max_connections;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONNECTIONS_PER_HOST]);
}

/**
 * bgrun_url_session_configuration_get_user_agent:
 * @self: a configuration
 *
 * Gets [property@Bgrun.UrlSessionConfiguration:user-agent].
 *
 * Returns: (nullable): the `User-Agent` header, or %NULL for the default
 */
const char *
bgrun_url_session_configuration_get_user_agent (BgrunUrlSessionConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self), NULL);
  return self->user_agent;
}

/**
 * bgrun_url_session_configuration_set_user_agent:
 * @self: a configuration
 * @user_agent: (nullable): the `User-Agent` header, or %NULL for the default
 *
 * Sets [property@Bgrun.UrlSessionConfiguration:user-agent].
 */
void
bgrun_url_session_configuration_set_user_agent (BgrunUrlSessionConfiguration *self,
                                                const char                   *user_agent)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_CONFIGURATION (self));

  if (g_strcmp0 (self->user_agent, user_agent) == 0)
    return;
  g_free (self->user_agent);
  self->user_agent = g_strdup (user_agent);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_AGENT]);
}

/* ---- as it crosses D-Bus (org.bgrun.Transfers1's OpenSession) ---------- */

/* Every property but the identifier, which travels on its own, with the
 * type of its value. */
static const struct
{
  const char *name;
  const char *type;
} variant_keys[] = {
  { "discretionary", "b" },
  { "sends-launch-events", "b" },
  { "allows-metered-network", "b" },
  { "allows-constrained-network", "b" },
  { "waits-for-connectivity", "b" },
  { "timeout-for-request", "d" },
  { "timeout-for-resource", "d" },
  { "max-connections-per-host", "u" },
  { "user-agent", "s" },
};

/* The a{sv} of @self's properties by name, as OpenSession takes it;
 * "user-agent" only when set. */
GVariant *
bgrun_url_session_configuration_to_variant (BgrunUrlSessionConfiguration *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < G_N_ELEMENTS (variant_keys); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GVariant) variant = NULL;

      g_object_get_property (G_OBJECT (self), variant_keys[i].name, &value);
      if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) == NULL)
        continue;
      /* Never floating: the builder takes a reference of its own. */
      variant = g_dbus_gvalue_to_gvariant (&value, G_VARIANT_TYPE (variant_keys[i].type));
      g_variant_builder_add (&builder, "{sv}", variant_keys[i].name, variant);
    }
  return g_variant_builder_end (&builder);
}

/* The type of @key's value, or NULL when @key is not one to_variant()
 * writes. */
static const char *
variant_type_of (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (variant_keys); i++)
    if (g_str_equal (key, variant_keys[i].name))
      return variant_keys[i].type;
  return NULL;
}

/* Sets @value (zero-filled) to @variant, or FALSE with @error set when it
 * is not of @type or is out of @pspec's range. */
static gboolean
value_from_variant (GParamSpec  *pspec,
                    const char  *type,
                    GVariant    *variant,
                    GValue      *value,
                    GError     **error)
{
  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (type)))
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The URL session configuration key “%s” must be of type “%s”, not “%s”."),
                   pspec->name, type, g_variant_get_type_string (variant));
      return FALSE;
    }
  g_dbus_gvariant_to_gvalue (variant, value);
  if (g_param_value_validate (pspec, value))
    {
      g_autofree char *printed = g_variant_print (variant, FALSE);

      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The URL session configuration key “%s” cannot be %s: see the property’s documentation for its range."),
                   pspec->name, printed);
      return FALSE;
    }
  return TRUE;
}

/* Sets the properties @dict has, as to_variant() writes them, on @self:
 * either all of them or, with @error set, none (a known key of the wrong
 * type or out of range). Unknown keys are ignored, so that a newer app
 * can talk to an older daemon. */
gboolean
bgrun_url_session_configuration_apply_variant (BgrunUrlSessionConfiguration  *self,
                                               GVariant                      *dict,
                                               GError                       **error)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (self);
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GVariantIter iter;
  const char *key;
  GVariant *variant;
  gboolean ok = TRUE;

  g_array_set_clear_func (values, (GDestroyNotify) g_value_unset);
  g_variant_iter_init (&iter, dict);
  while (ok && g_variant_iter_next (&iter, "{&sv}", &key, &variant))
    {
      const char *type = variant_type_of (key);

      if (type != NULL)
        {
          GParamSpec *pspec = g_object_class_find_property (klass, key);

          g_array_set_size (values, values->len + 1);
          ok = value_from_variant (pspec, type, variant, &g_array_index (values, GValue, values->len - 1), error);
          g_ptr_array_add (names, (gpointer) pspec->name);
        }
      g_variant_unref (variant);
    }
  if (ok)
    g_object_setv (G_OBJECT (self), names->len, (const char **) names->pdata,
                   (const GValue *) values->data);
  return ok;
}
