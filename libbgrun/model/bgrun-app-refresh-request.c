/* bgrun-app-refresh-request.c: a request to refresh the app's content
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-app-refresh-request.h"
#include "bgrun-app-refresh-task.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-task-request-private.h"

/**
 * BgrunAppRefreshRequest:
 *
 * A request for a short run that brings the app's content up to date:
 * fetch headlines, check for mail, update a complication.
 *
 * The handler receives a [class@Bgrun.AppRefreshTask] with about 30
 * seconds to finish. Refreshes draw on a small per-app budget, so they
 * may run later than their
 * [property@Bgrun.TaskRequest:earliest-begin-date], but they are deferred,
 * never dropped.
 *
 * A refresh runs once, or again every
 * [property@Bgrun.AppRefreshRequest:repeat-interval] seconds (at least
 * %BGRUN_MINIMUM_REPEAT_INTERVAL) until it is cancelled.
 */

struct _BgrunAppRefreshRequest
{
  BgrunTaskRequest parent_instance;

  double repeat_interval;
};

G_DEFINE_FINAL_TYPE (BgrunAppRefreshRequest, bgrun_app_refresh_request, BGRUN_TYPE_TASK_REQUEST)

enum {
  PROP_0,
  PROP_REPEAT_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_app_refresh_request_serialize (BgrunTaskRequest *request,
                                     GVariantDict     *dict)
{
  BgrunAppRefreshRequest *self = BGRUN_APP_REFRESH_REQUEST (request);

  g_variant_dict_insert (dict, "repeat-interval", "d", self->repeat_interval);
}

static gboolean
bgrun_app_refresh_request_deserialize (BgrunTaskRequest  *request,
                                       GVariant          *dict,
                                       GError           **error)
{
  g_autoptr(GVariant) interval = NULL;

  if (!bgrun_task_request_lookup (request, dict, "repeat-interval", G_VARIANT_TYPE_DOUBLE,
                                  &interval, error))
    return FALSE;
  if (interval != NULL)
    bgrun_app_refresh_request_set_repeat_interval (BGRUN_APP_REFRESH_REQUEST (request),
                                                   g_variant_get_double (interval));
  return TRUE;
}

static gboolean
bgrun_app_refresh_request_validate (BgrunTaskRequest  *request,
                                    GError           **error)
{
  BgrunAppRefreshRequest *self = BGRUN_APP_REFRESH_REQUEST (request);
  double interval = self->repeat_interval;

  if (interval == 0 || (isfinite (interval) && interval >= BGRUN_MINIMUM_REPEAT_INTERVAL &&
                        interval <= BGRUN_MAXIMUM_REPEAT_INTERVAL))
    return TRUE;

  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
               _("The repeat interval of refresh request “%s” is %g seconds. Use 0 to run it once, or from %d seconds (15 minutes) to %d seconds (366 days) to repeat it."),
               bgrun_task_request_get_identifier (request), interval,
               BGRUN_MINIMUM_REPEAT_INTERVAL, BGRUN_MAXIMUM_REPEAT_INTERVAL);
  return FALSE;
}

static void
bgrun_app_refresh_request_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BgrunAppRefreshRequest *self = BGRUN_APP_REFRESH_REQUEST (object);

  switch (prop_id)
    {
    case PROP_REPEAT_INTERVAL:
      g_value_set_double (value, self->repeat_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_app_refresh_request_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  BgrunAppRefreshRequest *self = BGRUN_APP_REFRESH_REQUEST (object);

  switch (prop_id)
    {
    case PROP_REPEAT_INTERVAL:
      bgrun_app_refresh_request_set_repeat_interval (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_app_refresh_request_class_init (BgrunAppRefreshRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BgrunTaskRequestClass *request_class = BGRUN_TASK_REQUEST_CLASS (klass);

  object_class->get_property = bgrun_app_refresh_request_get_property;
  object_class->set_property = bgrun_app_refresh_request_set_property;

  request_class->kind = "app-refresh";
  request_class->task_type = BGRUN_TYPE_APP_REFRESH_TASK;
  request_class->serialize = bgrun_app_refresh_request_serialize;
  request_class->deserialize = bgrun_app_refresh_request_deserialize;
  request_class->validate = bgrun_app_refresh_request_validate;

  /**
   * BgrunAppRefreshRequest:repeat-interval:
   *
   * How often the refresh repeats, in seconds: 0 to run it once, else at
   * least %BGRUN_MINIMUM_REPEAT_INTERVAL. The next occurrence is scheduled
   * this long after the previous one ended; a repeating refresh that
   * missed several intervals (the device was off) runs once, not once per
   * missed interval.
   *
   * Any value can be set; a value that is not allowed makes
   * [method@Bgrun.Scheduler.submit] fail with
   * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST.
   */
  properties[PROP_REPEAT_INTERVAL] =
    g_param_spec_double ("repeat-interval", NULL, NULL, -INFINITY, INFINITY, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_app_refresh_request_init (BgrunAppRefreshRequest *self)
{
}

/**
 * bgrun_app_refresh_request_new:
 * @identifier: the identifier of the work, such as
 *   `org.example.App.refresh`
 *
 * Creates a request to refresh the app once, as soon as the system
 * allows. Set [property@Bgrun.TaskRequest:earliest-begin-date] or
 * [property@Bgrun.AppRefreshRequest:repeat-interval] before submitting it
 * with [method@Bgrun.Scheduler.submit].
 *
 * Returns: (transfer full): a new request
 */
BgrunAppRefreshRequest *
bgrun_app_refresh_request_new (const char *identifier)
{
  g_return_val_if_fail (identifier != NULL, NULL);

  return g_object_new (BGRUN_TYPE_APP_REFRESH_REQUEST, "identifier", identifier, NULL);
}

/**
 * bgrun_app_refresh_request_get_repeat_interval:
 * @self: a refresh request
 *
 * Gets [property@Bgrun.AppRefreshRequest:repeat-interval].
 *
 * Returns: the interval in seconds, 0 when the refresh runs once
 */
double
bgrun_app_refresh_request_get_repeat_interval (BgrunAppRefreshRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_APP_REFRESH_REQUEST (self), 0);
  return self->repeat_interval;
}

/**
 * bgrun_app_refresh_request_set_repeat_interval:
 * @self: a refresh request
 * @interval: the interval in seconds: 0 to run once, else at least
 *   %BGRUN_MINIMUM_REPEAT_INTERVAL
 *
 * Sets [property@Bgrun.AppRefreshRequest:repeat-interval]. The value is
 * checked when the request is submitted.
 */
void
bgrun_app_refresh_request_set_repeat_interval (BgrunAppRefreshRequest *self,
                                               double                  interval)
{
  g_return_if_fail (BGRUN_IS_APP_REFRESH_REQUEST (self));

  /* NaN is unequal to itself, and still no change. */
  if (interval == self->repeat_interval ||
      (isnan (interval) && isnan (self->repeat_interval)))
    return;
  self->repeat_interval = interval;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT_INTERVAL]);
}
