/* bgrun-request-dict.c: reading and editing a request's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-request-dict-private.h"

/* The engine and the policy work on requests in their serialized form, the
 * a{sv} of bgrun_task_request_to_variant() plus the engine's own keys.
 * Missing keys read as empty, false or "never" (G_MININT64). */

const char *
bgrun_request_dict_get_identifier (GVariant *request)
{
  const char *identifier = "";

  g_variant_lookup (request, "identifier", "&s", &identifier);
  return identifier;
}

const char *
bgrun_request_dict_get_kind (GVariant *request)
{
  const char *kind = "";

  g_variant_lookup (request, "kind", "&s", &kind);
  return kind;
}

/* A time in µs since the epoch, or G_MININT64 when @key is absent. */
gint64
bgrun_request_dict_get_time (GVariant   *request,
                             const char *key)
{
  gint64 usec = G_MININT64;

  g_variant_lookup (request, key, "x", &usec);
  return usec;
}

gboolean
bgrun_request_dict_get_flag (GVariant   *request,
                             const char *key)
{
  gboolean value = FALSE;

  g_variant_lookup (request, key, "b", &value);
  return value;
}

static gboolean
read_flag (GVariant *value)
{
  return g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean (value);
}

static void
read_time (GVariant *value,
           gint64   *usec)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    *usec = g_variant_get_int64 (value);
}

static void
read_string (GVariant    *value,
             const char **string)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    *string = g_variant_get_string (value, NULL);
}

void
bgrun_request_facts_read (GVariant          *request,
                          BgrunRequestFacts *facts)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  *facts = (BgrunRequestFacts) { "", "", G_MININT64, G_MININT64, G_MININT64, FALSE, FALSE, FALSE, FALSE };
  g_variant_iter_init (&iter, request);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (g_str_equal (key, "identifier"))
        read_string (value, &facts->identifier);
      else if (g_str_equal (key, "kind"))
        read_string (value, &facts->kind);
      else if (g_str_equal (key, "earliest-begin-date"))
        read_time (value, &facts->earliest_begin_date);
      else if (g_str_equal (key, "not-before"))
        read_time (value, &facts->not_before);
      else if (g_str_equal (key, "submitted"))
        read_time (value, &facts->submitted);
      else if (g_str_equal (key, "requires-network-connectivity"))
        facts->requires_network_connectivity = read_flag (value);
      else if (g_str_equal (key, "requires-unmetered-network"))
        facts->requires_unmetered_network = read_flag (value);
      else if (g_str_equal (key, "requires-external-power"))
        facts->requires_external_power = read_flag (value);
      else if (g_str_equal (key, "requires-battery-not-low"))
        facts->requires_battery_not_low = read_flag (value);
    }
}

/* A copy of @request with the given key/value pairs applied: a key mapped
 * to a GVariant (floating ones are sunk) sets it, a key mapped to NULL
 * removes it. Returns a new, non-floating dict. */
GVariant *
bgrun_request_dict_edit (GVariant   *request,
                         const char *first_key,
                         ...)
{
  g_auto(GVariantDict) dict;
  const char *key;
  va_list args;

  g_variant_dict_init (&dict, request);
  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      GVariant *value = va_arg (args, GVariant *);

      if (value != NULL)
        g_variant_dict_insert_value (&dict, key, value);
      else
        g_variant_dict_remove (&dict, key);
    }
  va_end (args);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}
