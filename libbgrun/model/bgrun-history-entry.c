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
};

G_DEFINE_FINAL_TYPE (BgrunHistoryEntry, bgrun_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_EVENT,
  PROP_DATE,
  PROP_MESSAGE,
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

  g_variant_get (entry, "(sixs)", &self->identifier, &event, &date, &self->message);
  self->event = event;
  self->date = bgrun_time_from_usec (date);
  return self;
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
