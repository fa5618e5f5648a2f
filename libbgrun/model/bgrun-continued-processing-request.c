/* bgrun-continued-processing-request.c: work the user started and watches
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-continued-processing-request.h"
#include "bgrun-continued-processing-task.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-task-request-private.h"

/**
 * BgrunContinuedProcessingRequest:
 *
 * A request to go on with work the user just started — an export, an
 * upload, a conversion — after the app leaves the foreground.
 *
 * It is accepted only while the app is in front
 * ([property@Bgrun.Scheduler:frontmost]), in answer to a user action, and
 * it starts at once, or, when the app already runs as many
 * continued-processing tasks as it may, follows its
 * [property@Bgrun.ContinuedProcessingRequest:strategy]. The handler
 * receives a [class@Bgrun.ContinuedProcessingTask] whose progress and
 * [property@Bgrun.ContinuedProcessingRequest:title] the user sees, with a
 * control to cancel it.
 */

struct _BgrunContinuedProcessingRequest
{
  BgrunTaskRequest parent_instance;

  char                    *title;
  char                    *subtitle;
  BgrunSubmissionStrategy  strategy;
};

G_DEFINE_FINAL_TYPE (BgrunContinuedProcessingRequest, bgrun_continued_processing_request, BGRUN_TYPE_TASK_REQUEST)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_STRATEGY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (BgrunContinuedProcessingRequest  *self,
            char                            **field,
            const char                       *value,
            guint                             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
bgrun_continued_processing_request_serialize (BgrunTaskRequest *request,
                                              GVariantDict     *dict)
{
  BgrunContinuedProcessingRequest *self = BGRUN_CONTINUED_PROCESSING_REQUEST (request);
  g_autoptr(GEnumClass) strategies = g_type_class_ref (BGRUN_TYPE_SUBMISSION_STRATEGY);

  if (self->title != NULL)
    g_variant_dict_insert (dict, "title", "s", self->title);
  if (self->subtitle != NULL)
    g_variant_dict_insert (dict, "subtitle", "s", self->subtitle);
  g_variant_dict_insert (dict, "strategy", "s",
                         g_enum_get_value (strategies, self->strategy)->value_nick);
}

static gboolean
bgrun_continued_processing_request_deserialize (BgrunTaskRequest  *request,
                                                GVariant          *dict,
                                                GError           **error)
{
  BgrunContinuedProcessingRequest *self = BGRUN_CONTINUED_PROCESSING_REQUEST (request);
  g_autoptr(GVariant) title = NULL;
  g_autoptr(GVariant) subtitle = NULL;
  g_autoptr(GVariant) strategy = NULL;

  if (!bgrun_task_request_lookup (request, dict, "title", G_VARIANT_TYPE_STRING, &title, error) ||
      !bgrun_task_request_lookup (request, dict, "subtitle", G_VARIANT_TYPE_STRING, &subtitle, error) ||
      !bgrun_task_request_lookup (request, dict, "strategy", G_VARIANT_TYPE_STRING, &strategy, error))
    return FALSE;

  if (title != NULL)
    bgrun_continued_processing_request_set_title (self, g_variant_get_string (title, NULL));
  if (subtitle != NULL)
    bgrun_continued_processing_request_set_subtitle (self, g_variant_get_string (subtitle, NULL));
  if (strategy != NULL)
    {
      g_autoptr(GEnumClass) strategies = g_type_class_ref (BGRUN_TYPE_SUBMISSION_STRATEGY);
      const char *nick = g_variant_get_string (strategy, NULL);
      GEnumValue *value = g_enum_get_value_by_nick (strategies, nick);

      if (value == NULL)
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Task request “%s” cannot be read: its strategy “%s” is unknown (expected “fail” or “queue”)."),
                       bgrun_task_request_get_identifier (request), nick);
          return FALSE;
        }
      bgrun_continued_processing_request_set_strategy (self, value->value);
    }
  return TRUE;
}

static gboolean
bgrun_continued_processing_request_validate (BgrunTaskRequest  *request,
                                             GError           **error)
{
  BgrunContinuedProcessingRequest *self = BGRUN_CONTINUED_PROCESSING_REQUEST (request);

  if (self->title == NULL || *self->title == '\0')
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Continued processing “%s” has no title. Give it a title that tells the user what is running, such as “Exporting 3 photos”."),
                   bgrun_task_request_get_identifier (request));
      return FALSE;
    }
  return TRUE;
}

static void
bgrun_continued_processing_request_finalize (GObject *object)
{
  BgrunContinuedProcessingRequest *self = BGRUN_CONTINUED_PROCESSING_REQUEST (object);

  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (bgrun_continued_processing_request_parent_class)->finalize (object);
}

static void
bgrun_continued_processing_request_get_property (GObject    *object,
                                                 guint       prop_id,
                                                 GValue     *value,
                                                 GParamSpec *pspec)
{
  BgrunContinuedProcessingRequest *self = BGRUN_CONTINUED_PROCESSING_REQUEST (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_STRATEGY:
      g_value_set_enum (value, self->strategy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_continued_processing_request_set_property (GObject      *object,
                                                 guint         prop_id,
                                                 const GValue *value,
                                                 GParamSpec   *pspec)
{
  BgrunContinuedProcessingRequest *self = BGRUN_CONTINUED_PROCESSING_REQUEST (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      bgrun_continued_processing_request_set_title (self, g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      bgrun_continued_processing_request_set_subtitle (self, g_value_get_string (value));
      break;
    case PROP_STRATEGY:
      bgrun_continued_processing_request_set_strategy (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_continued_processing_request_class_init (BgrunContinuedProcessingRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BgrunTaskRequestClass *request_class = BGRUN_TASK_REQUEST_CLASS (klass);

  object_class->finalize = bgrun_continued_processing_request_finalize;
  object_class->get_property = bgrun_continued_processing_request_get_property;
  object_class->set_property = bgrun_continued_processing_request_set_property;

  request_class->kind = "continued-processing";
  request_class->task_type = BGRUN_TYPE_CONTINUED_PROCESSING_TASK;
  request_class->serialize = bgrun_continued_processing_request_serialize;
  request_class->deserialize = bgrun_continued_processing_request_deserialize;
  request_class->validate = bgrun_continued_processing_request_validate;

  /**
   * BgrunContinuedProcessingRequest:title:
   *
   * What the user sees as the name of the work while it runs, such as
   * “Exporting 3 photos”. It must not be empty when the request is
   * submitted. The task can change it with
   * [method@Bgrun.ContinuedProcessingTask.update_title].
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunContinuedProcessingRequest:subtitle:
   *
   * A second line the user sees under the title, such as the name of the
   * current file, or %NULL.
   */
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunContinuedProcessingRequest:strategy:
   *
   * What submitting does when the work cannot start at once because the
   * app already runs as many continued-processing tasks as it may: fail,
   * or wait in the pending requests.
   */
  properties[PROP_STRATEGY] =
    g_param_spec_enum ("strategy", NULL, NULL, BGRUN_TYPE_SUBMISSION_STRATEGY,
                       BGRUN_SUBMISSION_STRATEGY_QUEUE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_continued_processing_request_init (BgrunContinuedProcessingRequest *self)
{
  self->strategy = BGRUN_SUBMISSION_STRATEGY_QUEUE;
}

/**
 * bgrun_continued_processing_request_new:
 * @identifier: the identifier of the work, such as
 *   `org.example.App.export.42` (often one of a registered family
 *   `org.example.App.export.*`)
 * @title: what the user sees as the name of the work
 * @subtitle: (nullable): a second line under the title, or %NULL
 *
 * Creates a request to continue work the user started, with the queue
 * strategy. Submit it with [method@Bgrun.Scheduler.submit] while the app
 * is in front.
 *
 * Returns: (transfer full): a new request
 */
BgrunContinuedProcessingRequest *
bgrun_continued_processing_request_new (const char *identifier,
                                        const char *title,
                                        const char *subtitle)
{
  g_return_val_if_fail (identifier != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (BGRUN_TYPE_CONTINUED_PROCESSING_REQUEST,
                       "identifier", identifier,
                       "title", title,
                       "subtitle", subtitle,
                       NULL);
}

/**
 * bgrun_continued_processing_request_get_title:
 * @self: a continued-processing request
 *
 * Gets [property@Bgrun.ContinuedProcessingRequest:title].
 *
 * Returns: (nullable): the title
 */
const char *
bgrun_continued_processing_request_get_title (BgrunContinuedProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_REQUEST (self), NULL);
  return self->title;
}

/**
 * bgrun_continued_processing_request_set_title:
 * @self: a continued-processing request
 * @title: (nullable): the title
 *
 * Sets [property@Bgrun.ContinuedProcessingRequest:title].
 */
void
bgrun_continued_processing_request_set_title (BgrunContinuedProcessingRequest *self,
                                              const char                      *title)
{
  g_return_if_fail (BGRUN_IS_CONTINUED_PROCESSING_REQUEST (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

/**
 * bgrun_continued_processing_request_get_subtitle:
 * @self: a continued-processing request
 *
 * Gets [property@Bgrun.ContinuedProcessingRequest:subtitle].
 *
 * Returns: (nullable): the subtitle
 */
const char *
bgrun_continued_processing_request_get_subtitle (BgrunContinuedProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_REQUEST (self), NULL);
  return self->subtitle;
}

/**
 * bgrun_continued_processing_request_set_subtitle:
 * @self: a continued-processing request
 * @subtitle: (nullable): the subtitle
 *
 * Sets [property@Bgrun.ContinuedProcessingRequest:subtitle].
 */
void
bgrun_continued_processing_request_set_subtitle (BgrunContinuedProcessingRequest *self,
                                                 const char                      *subtitle)
{
  g_return_if_fail (BGRUN_IS_CONTINUED_PROCESSING_REQUEST (self));
  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
}

/**
 * bgrun_continued_processing_request_get_strategy:
 * @self: a continued-processing request
 *
 * Gets [property@Bgrun.ContinuedProcessingRequest:strategy].
 *
 * Returns: what submitting does when the work cannot start at once
 */
BgrunSubmissionStrategy
bgrun_continued_processing_request_get_strategy (BgrunContinuedProcessingRequest *self)
{
  g_return_val_if_fail (BGRUN_IS_CONTINUED_PROCESSING_REQUEST (self), BGRUN_SUBMISSION_STRATEGY_QUEUE);
  return self->strategy;
}

/**
 * bgrun_continued_processing_request_set_strategy:
 * @self: a continued-processing request
 * @strategy: what submitting does when the work cannot start at once
 *
 * Sets [property@Bgrun.ContinuedProcessingRequest:strategy].
 */
void
bgrun_continued_processing_request_set_strategy (BgrunContinuedProcessingRequest *self,
                                                 BgrunSubmissionStrategy          strategy)
{
  g_return_if_fail (BGRUN_IS_CONTINUED_PROCESSING_REQUEST (self));
  g_return_if_fail (strategy == BGRUN_SUBMISSION_STRATEGY_FAIL ||
                    strategy == BGRUN_SUBMISSION_STRATEGY_QUEUE);

  if (self->strategy == strategy)
    return;
  self->strategy = strategy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STRATEGY]);
}
