/* bgrun-processing-request.c: a request for longer work when the device is idle
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-processing-request.h"
#include "bgrun-processing-task.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-app-refresh-request.h"
#include "bgrun-task-request-private.h"

/**
 * BgrunProcessingRequest:
 *
 * A request for deferrable maintenance that may take minutes: building a
 * search index, cleaning a cache, uploading a backup.
 *
 * The handler receives a [class@Bgrun.ProcessingTask] with about 10
 * minutes to finish. The work waits until its conditions hold (external
 * power, a network, an unmetered network, a battery that is not low,
 * storage that is not low, an idle session) and
 * is deferred while power-saver mode is on or memory is low. When a
 * condition stops holding while it runs, the task expires early and the
 * request is tried again later.
 */

struct _BgrunProcessingRequest
{
  BgrunTaskRequest parent_instance;

  gboolean requires_external_power;
  gboolean requires_network_connectivity;
  gboolean requires_unmetered_network;
  gboolean requires_battery_not_low;
  gboolean requires_storage_not_low;
  gboolean requires_device_idle;
  double   repeat_interval;
  double   flex_interval;
};

G_DEFINE_FINAL_TYPE (BgrunProcessingRequest, bgrun_processing_request, BGRUN_TYPE_TASK_REQUEST)

enum {
  PROP_0,
  PROP_REQUIRES_EXTERNAL_POWER,
  PROP_REQUIRES_NETWORK_CONNECTIVITY,
  PROP_REQUIRES_UNMETERED_NETWORK,
  PROP_REQUIRES_BATTERY_NOT_LOW,
  PROP_REQUIRES_STORAGE_NOT_LOW,
  PROP_REQUIRES_DEVICE_IDLE,
  PROP_REPEAT_INTERVAL,
  PROP_FLEX_INTERVAL,
  N_PROPS
};

/* The requirements are the properties from the first to this one. */
#define LAST_REQUIREMENT PROP_REQUIRES_DEVICE_IDLE

static GParamSpec *properties[N_PROPS];

static gboolean *
field_for (BgrunProcessingRequest *self,
           guint                   prop)
{
  switch (prop)
    {
    case PROP_REQUIRES_EXTERNAL_POWER:
      return &self->requires_external_power;
    case PROP_REQUIRES_NETWORK_CONNECTIVITY:
      return &self->requires_network_connectivity;
    case PROP_REQUIRES_UNMETERED_NETWORK:
      return &self->requires_unmetered_network;
    case PROP_REQUIRES_BATTERY_NOT_LOW:
      return &self->requires_battery_not_low;
    case PROP_REQUIRES_STORAGE_NOT_LOW:
      return &self->requires_storage_not_low;
    case PROP_REQUIRES_DEVICE_IDLE:
      return &self->requires_device_idle;
    default:
      g_assert_not_reached ();
    }
}

static void
set_requirement (BgrunProcessingRequest *self,
                 guint                   prop,
                 gboolean                value)
{
  gboolean *field = field_for (self, prop);

  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
bgrun_processing_request_serialize (BgrunTaskRequest *request,
                                    GVariantDict     *dict)
{
  BgrunProcessingRequest *self = BGRUN_PROCESSING_REQUEST (request);

  for (guint prop = PROP_0 + 1; prop <= LAST_REQUIREMENT; prop++)
    g_variant_dict_insert (dict, g_param_spec_get_name (properties[prop]), "b",
                           *field_for (self, prop));
  if (self->repeat_interval != 0)
    g_variant_dict_insert (dict, "repeat-interval", "d", self->repeat_interval);
  if (self->flex_interval != 0)
    g_variant_dict_insert (dict, "flex-interval", "d", self->flex_interval);
}

static gboolean
bgrun_processing_request_deserialize (BgrunTaskRequest  *request,
                                      GVariant          *dict,
                                      GError           **error)
{
  BgrunProcessingRequest *self = BGRUN_PROCESSING_REQUEST (request);

  g_autoptr(GVariant) repeat = NULL;
  g_autoptr(GVariant) flex = NULL;

  for (guint prop = PROP_0 + 1; prop <= LAST_REQUIREMENT; prop++)
    {
      g_autoptr(GVariant) value = NULL;

      if (!bgrun_task_request_lookup (request, dict, g_param_spec_get_name (properties[prop]),
                                      G_VARIANT_TYPE_BOOLEAN, &value, error))
        return FALSE;
      if (value != NULL)
        set_requirement (self, prop, g_variant_get_boolean (value));
    }
  if (!bgrun_task_request_lookup (request, dict, "repeat-interval", G_VARIANT_TYPE_DOUBLE, &repeat, error) ||
      !bgrun_task_request_lookup (request, dict, "flex-interval", G_VARIANT_TYPE_DOUBLE, &flex, error))
    return FALSE;
  if (repeat != NULL)
    self->repeat_interval = g_variant_get_double (repeat);
  if (flex != NULL)
    self->flex_interval = g_variant_get_double (flex);
  return TRUE;
}

/* A repeat interval of 0 or from 15 minutes to 366 days, as a refresh's;
 * a flex interval of 0 or from BGRUN_MINIMUM_FLEX_INTERVAL to the repeat
 * interval. */
static gboolean
bgrun_processing_request_validate (BgrunTaskRequest  *request,
                                   GError           **error)
{
  BgrunProcessingRequest *self = BGRUN_PROCESSING_REQUEST (request);
  double repeat = self->repeat_interval, flex = self->flex_interval;

  if (!(repeat == 0 || (isfinite (repeat) && repeat >= BGRUN_MINIMUM_REPEAT_INTERVAL &&
                        repeat <= BGRUN_MAXIMUM_REPEAT_INTERVAL)))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The repeat interval of processing request “%s” is %g seconds. Use 0 to run it once, or from %d seconds (15 minutes) to %d seconds (366 days) to repeat it."),
                   bgrun_task_request_get_identifier (request), repeat,
                   BGRUN_MINIMUM_REPEAT_INTERVAL, BGRUN_MAXIMUM_REPEAT_INTERVAL);
      return FALSE;
    }
  if (!(flex == 0 || (repeat > 0 && flex >= BGRUN_MINIMUM_FLEX_INTERVAL && flex <= repeat)))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The flex interval of processing request “%s” is %g seconds: it must be 0, or, with a repeat interval, from %d seconds to the repeat interval (%g seconds)."),
                   bgrun_task_request_get_identifier (request), flex,
                   BGRUN_MINIMUM_FLEX_INTERVAL, repeat);
      return FALSE;
    }
  return TRUE;
}

static void
bgrun_processing_request_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  BgrunProcessingRequest *self = BGRUN_PROCESSING_REQUEST (object);

  switch (prop_id)
    {
    case PROP_REQUIRES_EXTERNAL_POWER:
    case PROP_REQUIRES_NETWORK_CONNECTIVITY:
    case PROP_REQUIRES_UNMETERED_NETWORK:
    case PROP_REQUIRES_BATTERY_NOT_LOW:
    case PROP_REQUIRES_STORAGE_NOT_LOW:
    case PROP_REQUIRES_DEVICE_IDLE:
      g_value_set_boolean (value, *field_for (self, prop_id));
      break;
    case PROP_REPEAT_INTERVAL:
      g_value_set_double (value, self->repeat_interval);
      break;
    case PROP_FLEX_INTERVAL:
      g_value_set_double (value, self->flex_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_processing_request_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  BgrunProcessingRequest *self = BGRUN_PROCESSING_REQUEST (object);

  switch (prop_id)
    {
    case PROP_REQUIRES_EXTERNAL_POWER:
    case PROP_REQUIRES_NETWORK_CONNECTIVITY:
    case PROP_REQUIRES_UNMETERED_NETWORK:
    case PROP_REQUIRES_BATTERY_NOT_LOW:
    case PROP_REQUIRES_STORAGE_NOT_LOW:
    case PROP_REQUIRES_DEVICE_IDLE:
      set_requirement (self, prop_id, g_value_get_boolean (value));
      break;
    case PROP_REPEAT_INTERVAL:
      self->repeat_interval = g_value_get_double (value);
      break;
    case PROP_FLEX_INTERVAL:
      self->flex_interval = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
requirement_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

static void
bgrun_processing_request_class_init (BgrunProcessingRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BgrunTaskRequestClass *request_class = BGRUN_TASK_REQUEST_CLASS (klass);

  object_class->get_property = bgrun_processing_request_get_property;
  object_class->set_property = bgrun_processing_request_set_property;

  request_class->kind = "processing";
  request_class->task_type = BGRUN_TYPE_PROCESSING_TASK;
  request_class->serialize = bgrun_processing_request_serialize;
  request_class->deserialize = bgrun_processing_request_deserialize;
  request_class->validate = bgrun_processing_request_validate;

  /**
   * BgrunProcessingRequest:repeat-interval:
   *
   * Seconds between the runs of periodic processing work, or 0 (the
   * default) to run it once; otherwise at least
   * %BGRUN_MINIMUM_REPEAT_INTERVAL. When a task ends (but for a
   * cancel, an interruption or a retry), the next run is queued with the
   * same conditions; see [property@Bgrun.ProcessingRequest:flex-interval].
   */
  properties[PROP_REPEAT_INTERVAL] =
    g_param_spec_double ("repeat-interval", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunProcessingRequest:flex-interval:
   *
   * The window, in seconds, at the end of each repeat interval in which
   * the next run may start, as WorkManager's flex interval: the next run
   * waits (repeat-interval − flex-interval) after the previous one ended,
   * then for its conditions. 0 (the default) makes the window the
   * interval's end; otherwise from %BGRUN_MINIMUM_FLEX_INTERVAL to the
   * repeat interval.
   */
  properties[PROP_FLEX_INTERVAL] =
    g_param_spec_double ("flex-interval", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunProcessingRequest:requires-external-power:
   *
   * Whether the work waits until the device runs on external power. While
   * it runs, unplugging the device expires the task and the request is
   * tried again later.
   */
  properties[PROP_REQUIRES_EXTERNAL_POWER] =
    requirement_property ("requires-external-power");

  /**
   * BgrunProcessingRequest:requires-network-connectivity:
   *
   * Whether the work waits until a network is available. While it runs,
   * losing the network expires the task and the request is tried again
   * later.
   */
  properties[PROP_REQUIRES_NETWORK_CONNECTIVITY] =
    requirement_property ("requires-network-connectivity");

  /**
   * BgrunProcessingRequest:requires-unmetered-network:
   *
   * Whether the work waits until an unmetered network is available (one
   * that does not cost the user per byte). Implies
   * [property@Bgrun.ProcessingRequest:requires-network-connectivity].
   */
  properties[PROP_REQUIRES_UNMETERED_NETWORK] =
    requirement_property ("requires-unmetered-network");

  /**
   * BgrunProcessingRequest:requires-battery-not-low:
   *
   * Whether the work waits until the battery is not low: charged to at
   * least 20 %, or the device on external power.
   */
  properties[PROP_REQUIRES_BATTERY_NOT_LOW] =
    requirement_property ("requires-battery-not-low");

  /**
   * BgrunProcessingRequest:requires-storage-not-low:
   *
   * Whether the work waits until storage is not low: until
   * [property@Bgrun.Conditions:storage-low] is %FALSE, that is until the
   * filesystem of libbgrun's state directory has at least
   * %BGRUN_STORAGE_LOW_PERCENT of its size, or %BGRUN_STORAGE_LOW_MAX_BYTES,
   * free. While it runs, storage becoming low expires the task and the
   * request is tried again later.
   */
  properties[PROP_REQUIRES_STORAGE_NOT_LOW] =
    requirement_property ("requires-storage-not-low");

  /**
   * BgrunProcessingRequest:requires-device-idle:
   *
   * Whether the work waits until the user's session is idle, as logind's
   * `IdleHint` tells ([property@Bgrun.Conditions:device-idle]). While it
   * runs, the user coming back expires the task and the request is tried
   * again later. Without logind the session never counts as idle, so
   * such work does not run.
   */
  properties[PROP_REQUIRES_DEVICE_IDLE] =
    requirement_property ("requires-device-idle");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_processing_request_init (BgrunProcessingRequest *self)
{
}

/**
 * bgrun_processing_request_new:
 * @identifier: the identifier of the work, such as
 *   `org.example.App.reindex`
 *
 * Creates a request for processing work with no requirements. Set the
 * conditions it needs before submitting it with
 * [method@Bgrun.Scheduler.submit].
 *
 * Returns: (transfer full): a new request
 */
BgrunProcessingRequest *
bgrun_processing_request_new (const char *identifier)
{
  g_return_val_if_fail (identifier != NULL, NULL);

  return g_object_new (BGRUN_TYPE_PROCESSING_REQUEST, "identifier", identifier, NULL);
}

/**
 * bgrun_processing_request_get_requires_external_power:
 * @self: a processing request
 *
 * Gets [property@Bgrun.ProcessingRequest:requires-external-power].
 *
 * Returns: whether the work waits for external power
 */
gboolean
bgrun_processing_request_get_requires_external_power (BgrunProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_PROCESSING_REQUEST (self), FALSE);
  return self->requires_external_power;
}

/**
 * bgrun_processing_request_set_requires_external_power:
 * @self: a processing request
 * @requires: whether the work waits for external power
 *
 * Sets [property@Bgrun.ProcessingRequest:requires-external-power].
 */
void
bgrun_processing_request_set_requires_external_power (BgrunProcessingRequest *self,
                                                      gboolean                requires)
{
  g_return_if_fail (BGRUN_IS_PROCESSING_REQUEST (self));
  set_requirement (self, PROP_REQUIRES_EXTERNAL_POWER, requires);
}

/**
 * bgrun_processing_request_get_requires_network_connectivity:
 * @self: a processing request
 *
 * Gets [property@Bgrun.ProcessingRequest:requires-network-connectivity].
 *
 * Returns: whether the work waits for a network
 */
gboolean
bgrun_processing_request_get_requires_network_connectivity (BgrunProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_PROCESSING_REQUEST (self), FALSE);
  return self->requires_network_connectivity;
}

/**
 * bgrun_processing_request_set_requires_network_connectivity:
 * @self: a processing request
 * @requires: whether the work waits for a network
 *
 * Sets [property@Bgrun.ProcessingRequest:requires-network-connectivity].
 */
void
bgrun_processing_request_set_requires_network_connectivity (BgrunProcessingRequest *self,
                                                            gboolean                requires)
{
  g_return_if_fail (BGRUN_IS_PROCESSING_REQUEST (self));
  set_requirement (self, PROP_REQUIRES_NETWORK_CONNECTIVITY, requires);
}

/**
 * bgrun_processing_request_get_requires_unmetered_network:
 * @self: a processing request
 *
 * Gets [property@Bgrun.ProcessingRequest:requires-unmetered-network].
 *
 * Returns: whether the work waits for an unmetered network
 */
gboolean
bgrun_processing_request_get_requires_unmetered_network (BgrunProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_PROCESSING_REQUEST (self), FALSE);
  return self->requires_unmetered_network;
}

/**
 * bgrun_processing_request_set_requires_unmetered_network:
 * @self: a processing request
 * @requires: whether the work waits for an unmetered network
 *
 * Sets [property@Bgrun.ProcessingRequest:requires-unmetered-network].
 */
void
bgrun_processing_request_set_requires_unmetered_network (BgrunProcessingRequest *self,
                                                         gboolean                requires)
{
  g_return_if_fail (BGRUN_IS_PROCESSING_REQUEST (self));
  set_requirement (self, PROP_REQUIRES_UNMETERED_NETWORK, requires);
}

/**
 * bgrun_processing_request_get_requires_battery_not_low:
 * @self: a processing request
 *
 * Gets [property@Bgrun.ProcessingRequest:requires-battery-not-low].
 *
 * Returns: whether the work waits for a battery that is not low
 */
gboolean
bgrun_processing_request_get_requires_battery_not_low (BgrunProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_PROCESSING_REQUEST (self), FALSE);
  return self->requires_battery_not_low;
}

/**
 * bgrun_processing_request_set_requires_battery_not_low:
 * @self: a processing request
 * @requires: whether the work waits for a battery that is not low
 *
 * Sets [property@Bgrun.ProcessingRequest:requires-battery-not-low].
 */
void
bgrun_processing_request_set_requires_battery_not_low (BgrunProcessingRequest *self,
                                                       gboolean                requires)
{
  g_return_if_fail (BGRUN_IS_PROCESSING_REQUEST (self));
  set_requirement (self, PROP_REQUIRES_BATTERY_NOT_LOW, requires);
}

/**
 * bgrun_processing_request_get_requires_storage_not_low:
 * @self: a processing request
 *
 * Gets [property@Bgrun.ProcessingRequest:requires-storage-not-low].
 *
 * Returns: whether the work waits for storage that is not low
 */
gboolean
bgrun_processing_request_get_requires_storage_not_low (BgrunProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_PROCESSING_REQUEST (self), FALSE);
  return self->requires_storage_not_low;
}

/**
 * bgrun_processing_request_set_requires_storage_not_low:
 * @self: a processing request
 * @requires: whether the work waits for storage that is not low
 *
 * Sets [property@Bgrun.ProcessingRequest:requires-storage-not-low].
 */
void
bgrun_processing_request_set_requires_storage_not_low (BgrunProcessingRequest *self,
                                                       gboolean                requires)
{
  g_return_if_fail (BGRUN_IS_PROCESSING_REQUEST (self));
  set_requirement (self, PROP_REQUIRES_STORAGE_NOT_LOW, requires);
}

/**
 * bgrun_processing_request_get_requires_device_idle:
 * @self: a processing request
 *
 * Gets [property@Bgrun.ProcessingRequest:requires-device-idle].
 *
 * Returns: whether the work waits for an idle session
 */
gboolean
bgrun_processing_request_get_requires_device_idle (BgrunProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_PROCESSING_REQUEST (self), FALSE);
  return self->requires_device_idle;
}

/**
 * bgrun_processing_request_set_requires_device_idle:
 * @self: a processing request
 * @requires: whether the work waits for an idle session
 *
 * Sets [property@Bgrun.ProcessingRequest:requires-device-idle].
 */
void
bgrun_processing_request_set_requires_device_idle (BgrunProcessingRequest *self,
                                                   gboolean                requires)
{
  g_return_if_fail (BGRUN_IS_PROCESSING_REQUEST (self));
  set_requirement (self, PROP_REQUIRES_DEVICE_IDLE, requires);
}
