/* bgrun-admin-records.c: the dictionaries of org.bgrun.Admin1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-admin-records-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-history-entry.h"
#include "bgrun-request-dict-private.h"

GVariant *
bgrun_admin_record_for_dict (const char *app_id,
                             GVariant   *dict)
{
  return bgrun_request_dict_edit (dict, "app-id", g_variant_new_string (app_id), NULL);
}

/* The event's nick ("submitted"), or its number for an event this build
 * does not know (a newer libbgrun wrote the store). */
static char *
event_name (gint32 event)
{
  g_autoptr(GEnumClass) events = g_type_class_ref (BGRUN_TYPE_HISTORY_EVENT);
  GEnumValue *value = g_enum_get_value (events, event);

  return value != NULL ? g_strdup (value->value_nick) : g_strdup_printf ("%d", event);
}

GVariant *
bgrun_admin_record_for_history (const char *app_id,
                                GVariant   *entry)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *event = NULL;
  g_autoptr(GVariant) details = NULL;
  g_autoptr(GVariant) value = NULL;
  const char *identifier, *message;
  gint32 event_number;
  gint64 date;
  GVariantIter iter;
  const char *key;

  g_variant_get (entry, "(&six&s@a{sv})", &identifier, &event_number, &date, &message, &details);
  event = event_name (event_number);
  /* The details first: the entry's own keys win. */
  g_variant_iter_init (&iter, details);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_variant_dict_insert_value (&dict, key, value);
      g_clear_pointer (&value, g_variant_unref);
    }
  g_variant_dict_insert (&dict, "app-id", "s", app_id);
  g_variant_dict_insert (&dict, "identifier", "s", identifier);
  g_variant_dict_insert (&dict, "event", "s", event);
  g_variant_dict_insert (&dict, "date", "x", date);
  g_variant_dict_insert (&dict, "message", "s", message);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

GPtrArray *
bgrun_admin_history_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
}

void
bgrun_admin_history_add (GPtrArray  *history,
                         const char *app_id,
                         GVariant   *entry)
{
  g_ptr_array_add (history, bgrun_admin_record_for_history (app_id, entry));
}

static gint
by_date (gconstpointer a,
         gconstpointer b)
{
  gint64 date_a = bgrun_request_dict_get_time (*(GVariant **) a, "date");
  gint64 date_b = bgrun_request_dict_get_time (*(GVariant **) b, "date");

  return date_a < date_b ? -1 : date_a > date_b;
}

GVariant *
bgrun_admin_history_end (GPtrArray *history,
                         guint      limit)
{
  GVariantBuilder builder;
  guint first = 0;

  /* Stable: entries of one date keep the order they were recorded in. */
  g_ptr_array_sort (history, by_date);
  if (limit > 0 && history->len > limit)
    first = history->len - limit;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = first; i < history->len; i++)
    g_variant_builder_add_value (&builder, g_ptr_array_index (history, i));
  g_ptr_array_unref (history);
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}
