/* bgrun-history-entry.c: one recorded step in the life of background work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-history-entry-private.h"
#include "bgrun-time-private.h"

/**
 * BgrunHistoryEntry:
 *
 * One step in the life of a request or task: submitted, started,
 * completed, failed, expired, cancelled or rejected, with when and why.
 *
 * [method@Bgrun.Scheduler.get_history] lists them, oldest first. The
 * history persists across restarts and keeps the last 1,000 entries per app.
 */

struct _BgrunHistoryEntry
{
  GObject parent_instance;

  char              *identifier;
  BgrunHistoryEvent  event;
  GDateTime         *date;
  char              *message;
  guint              attempt;
  GVariant          *output;  /* a{sv} or NULL */
  GStrv              tags;    /* never NULL */
};

G_DEFINE_FINAL_TYPE (BgrunHistoryEntry, bgrun_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_EVENT,
  PROP_DATE,
  PROP_MESSAGE,
  PROP_ATTEMPT,
  PROP_OUTPUT,
  PROP_TAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_history_entry_finalize (GObject *object)
{
  BgrunHistoryEntry *self = BGRUN_HISTORY_ENTRY (object);

  g_free (self->identifier);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_free (self->message);
  g_clear_pointer (&self->output, g_variant_unref);
  g_strfreev (self->tags);

  G_OBJECT_CLASS (bgrun_history_entry_parent_class)->finalize (object);
}

static void
bgrun_history_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BgrunHistoryEntry *self = BGRUN_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      g_value_set_string (value, self->identifier);
      break;
    case PROP_EVENT:
      g_value_set_enum (value, self->event);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    case PROP_OUTPUT:
      g_value_set_variant (value, self->output);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_history_entry_class_init (BgrunHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_history_entry_finalize;
  object_class->get_property = bgrun_history_entry_get_property;

  /**
   * BgrunHistoryEntry:identifier:
   *
   * The identifier of the request or task the entry is about.
   */
  properties[PROP_IDENTIFIER] = g_param_spec_string ("identifier", NULL, NULL, NULL, flags);

  /**
   * BgrunHistoryEntry:event:
   *
   * What happened.
   */
  properties[PROP_EVENT] =
    g_param_spec_enum ("event", NULL, NULL, BGRUN_TYPE_HISTORY_EVENT,
                       BGRUN_HISTORY_EVENT_SUBMITTED, flags);

  /**
   * BgrunHistoryEntry:date:
   *
   * When it happened, in UTC.
   */
  properties[PROP_DATE] = g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * BgrunHistoryEntry:message:
   *
   * Why it happened, in words for a developer: the error of a rejected
   * request, the reason a task expired. Empty when there is nothing to add.
   */
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "", flags);

  /**
   * BgrunHistoryEntry:attempt:
   *
   * The number of the attempt a task's entry is about (1 for the first
   * run, 2 for the first retry, and so on; see
   * [property@Bgrun.Task:attempt]), or 0 for an entry about a request
   * rather than a run.
   */
  properties[PROP_ATTEMPT] = g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT32, 0, flags);

  /**
   * BgrunHistoryEntry:output:
   *
   * The output data the task left with [method@Bgrun.Task.set_output], on
   * the entry of its end: a dictionary of type `a{sv}`, or %NULL.
   */
  properties[PROP_OUTPUT] =
    g_param_spec_variant ("output", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL, flags);

  /**
   * BgrunHistoryEntry:tags:
   *
   * The [property@Bgrun.TaskRequest:tags] of the request the entry is
   * about; empty when it had none.
   */
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_history_entry_init (BgrunHistoryEntry *self)
{
}

BgrunHistoryEntry *
bgrun_history_entry_new_from_variant (GVariant *entry)
{
  BgrunHistoryEntry *self = g_object_new (BGRUN_TYPE_HISTORY_ENTRY, NULL);
  gint64 date;
  int event;

  g_autoptr(GVariant) details = NULL;

  g_variant_get (entry, "(sixs@a{sv})", &self->identifier, &event, &date, &self->message, &details);
  self->event = event;
  self->date = bgrun_time_from_usec (date);
  g_variant_lookup (details, "attempt", "u", &self->attempt);
  self->output = g_variant_lookup_value (details, "output", G_VARIANT_TYPE_VARDICT);
  if (!g_variant_lookup (details, "tags", "^as", &self->tags))
    self->tags = g_new0 (char *, 1);
  return self;
}

/* The entry as it crosses the broker; a NULL @details is an empty one. */
GVariant *
bgrun_history_entry_variant_new (const char        *identifier,
                                 BgrunHistoryEvent  event,
                                 gint64             date_usec,
                                 const char        *message,
                                 GVariant          *details)
{
  if (details == NULL)
    details = g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0);
  return g_variant_ref_sink (g_variant_new ("(sixs@a{sv})", identifier, (gint32) event, date_usec,
                                            message != NULL ? message : "", details));
}

/**
 * bgrun_history_entry_get_identifier:
 * @self: a history entry
 *
 * Gets [property@Bgrun.HistoryEntry:identifier].
 *
 * Returns: the identifier
 */
const char *
bgrun_history_entry_get_identifier (BgrunHistoryEntry *self)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), NULL);
  return self->identifier;
}

/**
 * bgrun_history_entry_get_event:
 * @self: a history entry
 *
 * Gets [property@Bgrun.HistoryEntry:event].
 *
 * Returns: what happened
 */
BgrunHistoryEvent
bgrun_history_entry_get_event (BgrunHistoryEntry *self)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), BGRUN_HISTORY_EVENT_SUBMITTED);
  return self->event;
}

/**
 * bgrun_history_entry_get_date:
 * @self: a history entry
 *
 * Gets [property@Bgrun.HistoryEntry:date].
 *
 * Returns: (transfer none): when it happened
 */
GDateTime *
bgrun_history_entry_get_date (BgrunHistoryEntry *self)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), NULL);
  return self->date;
}

/**
 * bgrun_history_entry_get_message:
 * @self: a history entry
 *
 * Gets [property@Bgrun.HistoryEntry:message].
 *
 * Returns: why it happened, or ""
 */
const char *
bgrun_history_entry_get_message (BgrunHistoryEntry *self)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), NULL);
  return self->message;
}

/**
 * bgrun_history_entry_get_attempt:
 * @self: a history entry
 *
 * Gets [property@Bgrun.HistoryEntry:attempt].
 *
 * Returns: the attempt's number, or 0 for an entry about a request
 */
guint
bgrun_history_entry_get_attempt (BgrunHistoryEntry *self)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), 0);
  return self->attempt;
}

/**
 * bgrun_history_entry_get_output:
 * @self: a history entry
 *
 * Gets [property@Bgrun.HistoryEntry:output].
 *
 * Returns: (transfer none) (nullable): the task's output data, or %NULL
 */
GVariant *
bgrun_history_entry_get_output (BgrunHistoryEntry *self)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), NULL);
  return self->output;
}

/**
 * bgrun_history_entry_get_tags:
 * @self: a history entry
 *
 * Gets [property@Bgrun.HistoryEntry:tags].
 *
 * Returns: (transfer none): the request's tags, maybe none
 */
const char * const *
bgrun_history_entry_get_tags (BgrunHistoryEntry *self)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), NULL);
  return (const char * const *) self->tags;
}

/**
 * bgrun_history_entry_has_tag:
 * @self: a history entry
 * @tag: a tag
 *
 * Whether the request the entry is about carried @tag: filter the
 * history ([method@Bgrun.Scheduler.get_history]) with it to list the
 * history of a tag.
 *
 * Returns: %TRUE if @tag is one of [property@Bgrun.HistoryEntry:tags]
 */
gboolean
bgrun_history_entry_has_tag (BgrunHistoryEntry *self,
                             const char        *tag)
{
  g_return_val_if_fail (BGRUN_IS_HISTORY_ENTRY (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);
  return g_strv_contains ((const char * const *) self->tags, tag);
}
