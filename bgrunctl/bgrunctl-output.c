/* bgrunctl-output.c: tables for people, JSON for programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bgrunctl-output.h"

void
bgrunctl_print_json (GVariant *value)
{
  g_autoptr(JsonNode) node = json_gvariant_serialize (value);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static gboolean
is_date_key (const char *key)
{
  static const char * const date_keys[] = {
    "submitted", "earliest", "deadline", "not-before", "date", NULL
  };

  return g_str_has_suffix (key, "-date") || g_strv_contains (date_keys, key);
}

char *
bgrunctl_format_value (const char *key,
                       GVariant   *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (is_date_key (key) && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (0);
      g_autoptr(GDateTime) date = g_date_time_add (utc, g_variant_get_int64 (value));
      g_autoptr(GDateTime) local = date != NULL ? g_date_time_to_local (date) : NULL;

      return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_strdup (g_variant_get_boolean (value) ? "yes" : "no");
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **strings = g_variant_get_strv (value, NULL);

      return g_strjoinv (", ", (char **) strings);
    }
  return g_variant_print (value, FALSE);
}

/* Pads with spaces to @width characters (not bytes: identifiers and
 * messages may hold any UTF-8). */
static void
append_padded (GString    *line,
               const char *cell,
               guint       width)
{
  glong length = g_utf8_strlen (cell, -1);

  g_string_append (line, cell);
  for (glong i = length; i < (glong) width; i++)
    g_string_append_c (line, ' ');
}

static void
print_row (char  **cells,
           guint  *widths,
           guint   n_columns)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      if (c + 1 < n_columns)
        {
          append_padded (line, cells[c], widths[c]);
          g_string_append (line, "  ");
        }
      else
        g_string_append (line, cells[c]);
    }
  g_print ("%s\n", line->str);
}

void
bgrunctl_print_table (GVariant             *records,
                      const BgrunctlColumn *columns,
                      guint                 n_columns,
                      const char           *empty)
{
  gsize n_rows = g_variant_n_children (records);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree guint *widths = NULL;
  char **heading;

  if (n_rows == 0)
    {
      g_print ("%s\n", empty);
      return;
    }
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  widths = g_new0 (guint, n_columns);
  heading = g_new0 (char *, n_columns + 1);
  for (guint c = 0; c < n_columns; c++)
    {
      heading[c] = g_strdup (_(columns[c].heading));
      widths[c] = g_utf8_strlen (heading[c], -1);
    }
  g_ptr_array_add (rows, heading);
  for (gsize r = 0; r < n_rows; r++)
    {
      g_autoptr(GVariant) record = g_variant_get_child_value (records, r);
      char **cells = g_new0 (char *, n_columns + 1);

      for (guint c = 0; c < n_columns; c++)
        {
          g_autoptr(GVariant) value = g_variant_lookup_value (record, columns[c].key, NULL);

          cells[c] = bgrunctl_format_value (columns[c].key, value);
          widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cells[c], -1));
        }
      g_ptr_array_add (rows, cells);
    }
  for (guint r = 0; r < rows->len; r++)
    print_row (g_ptr_array_index (rows, r), widths, n_columns);
}
