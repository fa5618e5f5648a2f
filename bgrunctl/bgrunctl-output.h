/* bgrunctl-output.h: tables for people, JSON for programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One column of a table: its heading, and the key of the a{sv} records
 * it shows. */
typedef struct
{
  const char *heading;
  const char *key;
} BgrunctlColumn;

/* Prints @value (any GVariant) as pretty-printed JSON on stdout. */
void  bgrunctl_print_json   (GVariant             *value);

/* Prints @records (aa{sv}) as a table on stdout, one column per entry of
 * @columns, each as wide as its widest cell; @empty when there are no
 * records. */
void  bgrunctl_print_table  (GVariant             *records,
                             const BgrunctlColumn *columns,
                             guint                 n_columns,
                             const char           *empty);

/* @value for a person: a date key (@key ending in "date", "submitted",
 * "earliest", "deadline" or "not-before") as local time, a boolean as
 * yes/no, a string array joined with ", ", anything else printed. */
char *bgrunctl_format_value (const char           *key,
                             GVariant             *value);

G_END_DECLS
