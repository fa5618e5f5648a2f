/* bgrun-explanation.c: why a request has not run yet
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-explanation-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-time-private.h"

/**
 * BgrunExplanation:
 *
 * The answer to "why hasn't my task run?".
 *
 * [method@Bgrun.Scheduler.explain] returns one for a pending request or a
 * running task. For a pending request it lists every reason the request
 * does not run now, each as a [enum@Bgrun.WaitReason] with a message in the
 * user's language, and the earliest time it could run if nothing changes
 * (none when it waits for a condition, such as a network, rather than for
 * a time). For a running task it gives the task's deadline.
 *
 * The explanation is computed by the same code that decides when work
 * runs, so it cannot disagree with what the scheduler does.
 */

struct _BgrunExplanation
{
  GObject parent_instance;

  char      *identifier;
  gboolean   running;
  GArray    *reasons;   /* of BgrunWaitReason */
  GStrv      messages;
  GDateTime *earliest;
  GDateTime *deadline;
};

G_DEFINE_FINAL_TYPE (BgrunExplanation, bgrun_explanation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_RUNNING,
  PROP_MESSAGES,
  PROP_EARLIEST_DATE,
  PROP_DEADLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_explanation_finalize (GObject *object)
{
  BgrunExplanation *self = BGRUN_EXPLANATION (object);

  g_free (self->identifier);
  g_array_unref (self->reasons);
  g_strfreev (self->messages);
  g_clear_pointer (&self->earliest, g_date_time_unref);
  g_clear_pointer (&self->deadline, g_date_time_unref);

  G_OBJECT_CLASS (bgrun_explanation_parent_class)->finalize (object);
}

static void
bgrun_explanation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BgrunExplanation *self = BGRUN_EXPLANATION (object);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      g_value_set_string (value, self->identifier);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_MESSAGES:
      g_value_set_boxed (value, self->messages);
      break;
    case PROP_EARLIEST_DATE:
      g_value_set_boxed (value, self->earliest);
      break;
    case PROP_DEADLINE:
      g_value_set_boxed (value, self->deadline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_explanation_class_init (BgrunExplanationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_explanation_finalize;
  object_class->get_property = bgrun_explanation_get_property;

  /**
   * BgrunExplanation:identifier:
   *
   * The identifier that was explained.
   */
  properties[PROP_IDENTIFIER] = g_param_spec_string ("identifier", NULL, NULL, NULL, flags);

  /**
   * BgrunExplanation:running:
   *
   * Whether a task with the identifier is running now. A request with the
   * same identifier may be pending at the same time.
   */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);

  /**
   * BgrunExplanation:messages:
   *
   * One translated sentence per reason, in the order of
   * [method@Bgrun.Explanation.get_reasons].
   */
  properties[PROP_MESSAGES] = g_param_spec_boxed ("messages", NULL, NULL, G_TYPE_STRV, flags);

  /**
   * BgrunExplanation:earliest-date:
   *
   * The earliest time the pending request could run if nothing else
   * changes, or %NULL when it waits for a condition rather than a time (or
   * nothing is pending).
   */
  properties[PROP_EARLIEST_DATE] =
    g_param_spec_boxed ("earliest-date", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * BgrunExplanation:deadline:
   *
   * When the running task expires, or %NULL when no task runs.
   */
  properties[PROP_DEADLINE] =
    g_param_spec_boxed ("deadline", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_explanation_init (BgrunExplanation *self)
{
  self->reasons = g_array_new (FALSE, FALSE, sizeof (BgrunWaitReason));
}

static GDateTime *
lookup_date (GVariant   *dict,
             const char *key)
{
  gint64 usec;

  if (!g_variant_lookup (dict, key, "x", &usec))
    return NULL;
  return bgrun_time_from_usec (usec);
}

BgrunExplanation *
bgrun_explanation_new_from_variant (GVariant *dict)
{
  BgrunExplanation *self = g_object_new (BGRUN_TYPE_EXPLANATION, NULL);
  g_autoptr(GVariant) reasons = NULL;
  const guint32 *codes;
  gsize n_codes = 0;

  g_variant_lookup (dict, "identifier", "s", &self->identifier);
  g_variant_lookup (dict, "running", "b", &self->running);
  if (!g_variant_lookup (dict, "messages", "^as", &self->messages))
    self->messages = g_new0 (char *, 1);
  reasons = g_variant_lookup_value (dict, "reasons", G_VARIANT_TYPE ("au"));
  if (reasons != NULL)
    {
      codes = g_variant_get_fixed_array (reasons, &n_codes, sizeof (guint32));
      for (gsize i = 0; i < n_codes; i++)
        {
          BgrunWaitReason reason = codes[i];
          g_array_append_val (self->reasons, reason);
        }
    }
  self->earliest = lookup_date (dict, "earliest");
  self->deadline = lookup_date (dict, "deadline");
  return self;
}

/**
 * bgrun_explanation_get_identifier:
 * @self: an explanation
 *
 * Gets [property@Bgrun.Explanation:identifier].
 *
 * Returns: the identifier
 */
const char *
bgrun_explanation_get_identifier (BgrunExplanation *self)
{
  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), NULL);
  return self->identifier;
}

/**
 * bgrun_explanation_get_running:
 * @self: an explanation
 *
 * Gets [property@Bgrun.Explanation:running].
 *
 * Returns: whether a task with the identifier is running
 */
gboolean
bgrun_explanation_get_running (BgrunExplanation *self)
{
  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), FALSE);
  return self->running;
}

/**
 * bgrun_explanation_get_reasons:
 * @self: an explanation
 * @n_reasons: (out): the number of reasons
 *
 * Lists why the pending request does not run now. The list is empty when
 * the request is about to run, or when nothing is pending.
 *
 * Bindings see the reasons as integers, the values of [enum@Bgrun.WaitReason]
 * (gjs 1.74 misreads C arrays of enums).
 *
 * Returns: (array length=n_reasons) (element-type gint) (transfer none): the
 *   reasons
 */
const BgrunWaitReason *
bgrun_explanation_get_reasons (BgrunExplanation *self,
                               gsize            *n_reasons)
{
  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), NULL);
  g_return_val_if_fail (n_reasons != NULL, NULL);

  *n_reasons = self->reasons->len;
  return (const BgrunWaitReason *) (gpointer) self->reasons->data;
}

/**
 * bgrun_explanation_has_reason:
 * @self: an explanation
 * @reason: a reason
 *
 * Checks whether @reason is among the reasons the request waits.
 *
 * Returns: %TRUE when the request waits (also) for @reason
 */
gboolean
bgrun_explanation_has_reason (BgrunExplanation *self,
                              BgrunWaitReason   reason)
{
  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), FALSE);

  for (guint i = 0; i < self->reasons->len; i++)
    if (g_array_index (self->reasons, BgrunWaitReason, i) == reason)
      return TRUE;
  return FALSE;
}

/**
 * bgrun_explanation_get_messages:
 * @self: an explanation
 *
 * Gets [property@Bgrun.Explanation:messages].
 *
 * Returns: (transfer none): one translated sentence per reason
 */
const char * const *
bgrun_explanation_get_messages (BgrunExplanation *self)
{
  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), NULL);
  return (const char * const *) self->messages;
}

/**
 * bgrun_explanation_get_earliest_date:
 * @self: an explanation
 *
 * Gets [property@Bgrun.Explanation:earliest-date].
 *
 * Returns: (transfer none) (nullable): the earliest time the request could
 *   run if nothing changes
 */
GDateTime *
bgrun_explanation_get_earliest_date (BgrunExplanation *self)
{
  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), NULL);
  return self->earliest;
}

/**
 * bgrun_explanation_get_deadline:
 * @self: an explanation
 *
 * Gets [property@Bgrun.Explanation:deadline].
 *
 * Returns: (transfer none) (nullable): when the running task expires
 */
GDateTime *
bgrun_explanation_get_deadline (BgrunExplanation *self)
{
  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), NULL);
  return self->deadline;
}

static char *
format_local (GDateTime *dt)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (dt);

  return g_date_time_format (local, "%F %T");
}

/**
 * bgrun_explanation_to_string:
 * @self: an explanation
 *
 * Puts the explanation in a few lines for a person: whether the task runs
 * and until when, each reason it waits, and when it could run.
 *
 * Returns: (transfer full): the explanation as text
 */
char *
bgrun_explanation_to_string (BgrunExplanation *self)
{
  GString *text;

  g_return_val_if_fail (BGRUN_IS_EXPLANATION (self), NULL);

  text = g_string_new (NULL);
  if (self->running && self->deadline != NULL)
    {
      g_autofree char *deadline = format_local (self->deadline);
      g_string_append_printf (text, _("“%s” is running until %s."), self->identifier, deadline);
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; self->messages[i] != NULL; i++)
    g_string_append_printf (text, "• %s\n", self->messages[i]);
  if (self->earliest != NULL)
    {
      g_autofree char *earliest = format_local (self->earliest);
      g_string_append_printf (text, _("It could run at %s if nothing changes."), earliest);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

GListModel *
bgrun_explanation_list_new_from_variant (GVariant *list)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *explanations = g_list_store_new (BGRUN_TYPE_EXPLANATION);
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_ptr_array_add (items, bgrun_explanation_new_from_variant (dict));
      g_variant_unref (dict);
    }
  g_list_store_splice (explanations, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (explanations);
}
