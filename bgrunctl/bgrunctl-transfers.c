/* bgrunctl-transfers.c: the table of background transfers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bgrunctl-output.h"
#include "bgrunctl-transfers.h"

static gint64
lookup_size (GVariant   *transfer,
             const char *key)
{
  gint64 size = -1;

  g_variant_lookup (transfer, key, "x", &size);
  return size;
}

/* "1.2 MB of 4.8 MB (25%)", or "1.2 MB (size unknown)": what a download
 * received, or what an upload's server holds. */
static char *
format_progress (GVariant *transfer)
{
  const char *kind = "";
  gboolean upload = g_variant_lookup (transfer, "kind", "&s", &kind) && g_str_equal (kind, "upload");
  gint64 done = MAX (lookup_size (transfer, upload ? "bytes-sent" : "bytes-received"), 0);
  gint64 expected = lookup_size (transfer, upload ? "bytes-expected-to-send" : "bytes-expected");
  g_autofree char *done_text = g_format_size ((guint64) done);
  g_autofree char *expected_text = NULL;
  int percent;

  if (expected < 0)
    return g_strdup_printf (_("%s (size unknown)"), done_text);
  expected_text = g_format_size ((guint64) expected);
  percent = expected > 0 ? (int) CLAMP (done * 100 / expected, 0, 100) : 100;
  /* TRANSLATORS: bytes done, bytes in all, and the percentage done */
  return g_strdup_printf (_("%s of %s (%d%%)"), done_text, expected_text, percent);
}

/* "waiting (no-network)" for a waiting transfer, "completed, not yet
 * delivered" (or "failed, ...") for a completion its app was not given,
 * else the state alone. */
static char *
format_state (GVariant *transfer)
{
  const char *state = "", *reason = "none", *error;
  guint64 event;

  if (g_variant_lookup (transfer, "event", "t", &event))
    return g_strdup (g_variant_lookup (transfer, "error", "&s", &error) ? _("failed, not yet delivered")
                                                                        : _("completed, not yet delivered"));
  g_variant_lookup (transfer, "state", "&s", &state);
  g_variant_lookup (transfer, "waiting-reason", "&s", &reason);
  if (g_str_equal (state, "waiting") && !g_str_equal (reason, "none"))
    return g_strdup_printf ("%s (%s)", state, reason);
  return g_strdup (state);
}

/* @transfer with what the table shows instead of the raw fields. */
static GVariant *
row_for (GVariant *transfer)
{
  g_auto(GVariantDict) row = G_VARIANT_DICT_INIT (transfer);

  g_variant_dict_insert_value (&row, "state", g_variant_new_take_string (format_state (transfer)));
  g_variant_dict_insert_value (&row, "progress", g_variant_new_take_string (format_progress (transfer)));
  return g_variant_dict_end (&row);
}

void
bgrunctl_print_transfers (BgrunctlSource *source,
                          GVariant       *transfers)
{
  static const BgrunctlColumn columns[] = {
    { N_("APP"), "app-id" },
    { N_("SESSION"), "session" },
    { N_("TASK"), "id" },
    { N_("KIND"), "kind" },
    { N_("STATE"), "state" },
    { N_("PROGRESS"), "progress" },
    { N_("URI"), "uri" },
  };
  GVariantBuilder rows;
  GVariantIter iter;
  GVariant *transfer;
  g_autoptr(GVariant) table = NULL;

  g_variant_builder_init (&rows, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, transfers);
  while ((transfer = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_variant_builder_add_value (&rows, row_for (transfer));
      g_variant_unref (transfer);
    }
  table = g_variant_ref_sink (g_variant_builder_end (&rows));
  bgrunctl_print_table (table, columns, G_N_ELEMENTS (columns), _("No transfers."));
}
