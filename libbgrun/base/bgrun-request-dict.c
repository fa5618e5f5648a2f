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

  *facts = (BgrunRequestFacts) { "", "", G_MININT64, G_MININT64, G_MININT64, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE };
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
      else if (g_str_equal (key, "requires-storage-not-low"))
        facts->requires_storage_not_low = read_flag (value);
      else if (g_str_equal (key, "requires-device-idle"))
        facts->requires_device_idle = read_flag (value);
      else if (g_str_equal (key, "retried"))
        facts->retried = read_flag (value);
      else if (g_str_equal (key, "prerequisites"))
        facts->has_prerequisites = TRUE;
    }
}

/* The most key/value pairs one bgrun_request_dict_edit() call applies. */
#define MAX_EDITS 8

typedef struct
{
  const char *key;
  GVariant   *value;  /* NULL: remove the key */
} Edit;

static gboolean
is_edited (const Edit *edits,
           guint       n_edits,
           const char *key)
{
  for (guint i = 0; i < n_edits; i++)
    if (g_str_equal (edits[i].key, key))
      return TRUE;
  return FALSE;
}

/* A copy of @request with the given key/value pairs applied: a key mapped
 * to a GVariant (floating ones are sunk) sets it, a key mapped to NULL
 * removes it; each key is given at most once. Returns a new, non-floating
 * dict. The entries that stay are shared with @request, not copied, and
 * no lookup table is built: editing is on the path of every submit. */
GVariant *
bgrun_request_dict_edit (GVariant   *request,
                         const char *first_key,
                         ...)
{
  Edit edits[MAX_EDITS];
  guint n_edits = 0;
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *entry;
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      g_assert (n_edits < MAX_EDITS && !is_edited (edits, n_edits, key));
      edits[n_edits].key = key;
      edits[n_edits++].value = va_arg (args, GVariant *);
    }
  va_end (args);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_iter_init (&iter, request);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);

      if (!is_edited (edits, n_edits, g_variant_get_string (key, NULL)))
        g_variant_builder_add_value (&builder, entry);
      g_variant_unref (entry);
    }
  for (guint i = 0; i < n_edits; i++)
    if (edits[i].value != NULL)
      g_variant_builder_add_value (&builder,
                                   g_variant_new_dict_entry (g_variant_new_string (edits[i].key),
                                                             g_variant_new_variant (edits[i].value)));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}
