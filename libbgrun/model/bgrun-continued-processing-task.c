/* bgrun-continued-processing-task.c: user-started work and its progress
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-continued-processing-task.h"

/**
 * BgrunContinuedProcessingTask:
 *
 * Work the user started, going on after the app left the foreground,
 * with its progress shown to the user.
 *
 * The scheduler creates it for a [class@Bgrun.ContinuedProcessingRequest].
 * While it runs, the user sees its
 * [property@Bgrun.ContinuedProcessingTask:title],
 * [property@Bgrun.ContinuedProcessingTask:subtitle] and
 * [property@Bgrun.ContinuedProcessingTask:fraction] (in a notification with
 * a Cancel button, and as the app's launcher progress bar); the user's
 * Cancel expires the task.
 *
 * Report progress by setting
 * [property@Bgrun.ContinuedProcessingTask:total-units] once and
 * [property@Bgrun.ContinuedProcessingTask:completed-units] as the work
 * advances. The task has no fixed time limit, but one that reports no
 * progress for 10 minutes expires.
 */

struct _BgrunContinuedProcessingTask
{
  BgrunTask parent_instance;

  char   *title;
  char   *subtitle;
  gint64  total_units;
  gint64  completed_units;
  double  fraction;
};

G_DEFINE_FINAL_TYPE (BgrunContinuedProcessingTask, bgrun_continued_processing_task, BGRUN_TYPE_TASK)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_TOTAL_UNITS,
  PROP_COMPLETED_UNITS,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (BgrunContinuedProcessingTask  *self,
            char                         **field,
            const char                    *value,
            guint                          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_fraction (BgrunContinuedProcessingTask *self)
{
  double fraction = 0;

  if (self->total_units > 0)
    fraction = CLAMP ((double) self->completed_units / (double) self->total_units, 0.0, 1.0);

  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
bgrun_continued_processing_task_finalize (GObject *object)
{
  BgrunContinuedProcessingTask *self = BGRUN_CONTINUED_PROCESSING_TASK (object);

  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (bgrun_continued_processing_task_parent_class)->finalize (object);
}

static void
bgrun_continued_processing_task_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  BgrunContinuedProcessingTask *self = BGRUN_CONTINUED_PROCESSING_TASK (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_TOTAL_UNITS:
      g_value_set_int64 (value, self->total_units);
      break;
    case PROP_COMPLETED_UNITS:
      g_value_set_int64 (value, self->completed_units);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_continued_processing_task_set_property (GObject      *object,
                                              guint         prop_id,
                                              const GValue *value,
                                              GParamSpec   *pspec)
{
  BgrunContinuedProcessingTask *self = BGRUN_CONTINUED_PROCESSING_TASK (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_SUBTITLE:
      self->subtitle = g_value_dup_string (value);
      break;
    case PROP_TOTAL_UNITS:
      bgrun_continued_processing_task_set_total_units (self, g_value_get_int64 (value));
      break;
    case PROP_COMPLETED_UNITS:
      bgrun_continued_processing_task_set_completed_units (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_continued_processing_task_class_init (BgrunContinuedProcessingTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bgrun_continued_processing_task_finalize;
  object_class->get_property = bgrun_continued_processing_task_get_property;
  object_class->set_property = bgrun_continued_processing_task_set_property;

  /**
   * BgrunContinuedProcessingTask:title:
   *
   * What the user sees as the name of the work, from the request's
   * [property@Bgrun.ContinuedProcessingRequest:title]. Change it with
   * [method@Bgrun.ContinuedProcessingTask.update_title].
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunContinuedProcessingTask:subtitle:
   *
   * The second line the user sees under the title, or %NULL, from the
   * request's [property@Bgrun.ContinuedProcessingRequest:subtitle].
   * Change it with [method@Bgrun.ContinuedProcessingTask.update_title].
   */
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunContinuedProcessingTask:total-units:
   *
   * How many units of work there are in all (files, bytes, steps), or 0
   * while that is not known.
   */
  properties[PROP_TOTAL_UNITS] =
    g_param_spec_int64 ("total-units", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);

  /**
   * BgrunContinuedProcessingTask:completed-units:
   *
   * How many units of work are done. Setting it tells the scheduler the
   * task is making progress.
   */
  properties[PROP_COMPLETED_UNITS] =
    g_param_spec_int64 ("completed-units", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);

  /**
   * BgrunContinuedProcessingTask:fraction:
   *
   * The share of the work that is done, from 0 to 1:
   * [property@Bgrun.ContinuedProcessingTask:completed-units] divided by
   * [property@Bgrun.ContinuedProcessingTask:total-units], at most 1, and 0
   * while the total is 0. Its `notify` comes only when the value changes,
   * so a progress bar can bind it.
   */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_continued_processing_task_init (BgrunContinuedProcessingTask *self)
{
}

/**
 * bgrun_continued_processing_task_get_title:
 * @self: a continued-processing task
 *
 * Gets [property@Bgrun.ContinuedProcessingTask:title].
 *
 * Returns: (nullable): the title the user sees
 */
const char *
bgrun_continued_processing_task_get_title (BgrunContinuedProcessingTask *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self), NULL);
  return self->title;
}

/**
 * bgrun_continued_processing_task_get_subtitle:
 * @self: a continued-processing task
 *
 * Gets [property@Bgrun.ContinuedProcessingTask:subtitle].
 *
 * Returns: (nullable): the subtitle the user sees
 */
const char *
bgrun_continued_processing_task_get_subtitle (BgrunContinuedProcessingTask *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self), NULL);
  return self->subtitle;
}

/**
 * bgrun_continued_processing_task_update_title:
 * @self: a continued-processing task
 * @title: the new title, not empty
 * @subtitle: (nullable): the new subtitle, or %NULL for none
 *
 * Changes what the user sees while the work runs, such as “Exporting
 * photo 2 of 3”. Each of [property@Bgrun.ContinuedProcessingTask:title]
 * and [property@Bgrun.ContinuedProcessingTask:subtitle] that changes
 * emits `notify`.
 */
void
bgrun_continued_processing_task_update_title (BgrunContinuedProcessingTask *self,
                                              const char                   *title,
                                              const char                   *subtitle)
{
  g_return_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self));
  g_return_if_fail (title != NULL && *title != '\0');

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->title, title, PROP_TITLE);
  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bgrun_continued_processing_task_get_total_units:
 * @self: a continued-processing task
 *
 * Gets [property@Bgrun.ContinuedProcessingTask:total-units].
 *
 * Returns: how many units of work there are, or 0 when not known
 */
gint64
bgrun_continued_processing_task_get_total_units (BgrunContinuedProcessingTask *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self), 0);
  return self->total_units;
}

/**
 * bgrun_continued_processing_task_set_total_units:
 * @self: a continued-processing task
 * @total_units: how many units of work there are, at least 0
 *
 * Sets [property@Bgrun.ContinuedProcessingTask:total-units], and with it
 * [property@Bgrun.ContinuedProcessingTask:fraction].
 */
void
bgrun_continued_processing_task_set_total_units (BgrunContinuedProcessingTask *self,
                                                 gint64                        total_units)
{
  g_return_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self));
  g_return_if_fail (total_units >= 0);

  if (self->total_units == total_units)
    return;
  self->total_units = total_units;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_UNITS]);
  update_fraction (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bgrun_continued_processing_task_get_completed_units:
 * @self: a continued-processing task
 *
 * Gets [property@Bgrun.ContinuedProcessingTask:completed-units].
 *
 * Returns: how many units of work are done
 */
gint64
bgrun_continued_processing_task_get_completed_units (BgrunContinuedProcessingTask *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self), 0);
  return self->completed_units;
}

/**
 * bgrun_continued_processing_task_set_completed_units:
 * @self: a continued-processing task
 * @completed_units: how many units of work are done, at least 0
 *
 * Sets [property@Bgrun.ContinuedProcessingTask:completed-units], and with
 * it [property@Bgrun.ContinuedProcessingTask:fraction]. More than
 * [property@Bgrun.ContinuedProcessingTask:total-units] is allowed (the
 * fraction stays at 1).
 */
void
bgrun_continued_processing_task_set_completed_units (BgrunContinuedProcessingTask *self,
                                                     gint64                        completed_units)
{
  g_return_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self));
  g_return_if_fail (completed_units >= 0);

  if (self->completed_units == completed_units)
    return;
  self->completed_units = completed_units;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED_UNITS]);
  update_fraction (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bgrun_continued_processing_task_get_fraction:
 * @self: a continued-processing task
 *
 * Gets [property@Bgrun.ContinuedProcessingTask:fraction].
 *
 * Returns: the share of the work that is done, from 0 to 1
 */
double
bgrun_continued_processing_task_get_fraction (BgrunContinuedProcessingTask *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_TASK (self), 0);
  return self->fraction;
}
