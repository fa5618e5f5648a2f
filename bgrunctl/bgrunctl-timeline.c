/* bgrunctl-timeline.c: the history drawn as a timeline, in SVG
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One lane per request (app and identifier), from left (--since, else
 * the first history entry) to right (now): a waiting bar from each
 * submission (or requeue) to its start, with why it waits when bgrund or
 * the app can say (Explain); a running bar from each start to its end,
 * up to its deadline if it still runs; a mark for each event (completed,
 * failed, expired, cancelled, rejected, and the rest). Below, one lane per
 * background transfer with its progress. Every shape carries its kind in
 * class= and its facts in data- attributes and a <title> tooltip, so the
 * picture is read at a glance and the file can be checked by a program.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bgrunctl-timeline.h"

#define WIDTH        1100.0
#define LABEL_WIDTH  300.0
#define RIGHT_MARGIN 30.0
#define LANE_HEIGHT  26.0
#define TOP          50.0
#define N_TICKS      6

typedef struct {
  GString *svg;
  gint64   since;
  gint64   now;
  double   y;
} Drawing;

static double
x_of (Drawing *drawing,
      gint64   date)
{
  double span = (double) MAX (drawing->now - drawing->since, 1);
  double at = (double) (CLAMP (date, drawing->since, drawing->now) - drawing->since);

  return LABEL_WIDTH + at / span * (WIDTH - LABEL_WIDTH - RIGHT_MARGIN);
}

static char *
format_date (gint64 usec)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return date != NULL ? g_date_time_format (date, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

static char *
iso_date (gint64 usec)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return date != NULL ? g_date_time_format_iso8601 (date) : g_strdup ("");
}

static const char *
lookup_string (GVariant   *record,
               const char *key)
{
  const char *value = "";

  g_variant_lookup (record, key, "&s", &value);
  return value;
}

static gint64
lookup_date (GVariant   *record,
             const char *key)
{
  gint64 value = -1;

  g_variant_lookup (record, key, "x", &value);
  return value;
}

/* A bar from @from to @to: "wait" or "run". */
static void
bar (Drawing    *drawing,
     const char *kind,
     gint64      from,
     gint64      to,
     const char *reason,
     const char *tooltip)
{
  double x = x_of (drawing, from), width = MAX (x_of (drawing, to) - x, 1.5);
  g_autofree char *escaped_reason = g_markup_escape_text (reason, -1);
  g_autofree char *escaped_tooltip = g_markup_escape_text (tooltip, -1);
  g_autofree char *from_text = iso_date (from), *to_text = iso_date (to);

  g_string_append_printf (drawing->svg,
                          "    <rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                          " data-from=\"%s\" data-to=\"%s\" data-reason=\"%s\"><title>%s</title></rect>\n",
                          kind, x, drawing->y + 6, width, LANE_HEIGHT - 12, from_text, to_text,
                          escaped_reason, escaped_tooltip);
}

static void
mark (Drawing    *drawing,
      const char *event,
      gint64      date,
      const char *message)
{
  g_autofree char *when = format_date (date), *iso = iso_date (date);
  g_autofree char *tooltip = g_strdup_printf ("%s %s%s%s", event, when, *message != '\0' ? ": " : "", message);
  g_autofree char *escaped = g_markup_escape_text (tooltip, -1);

  g_string_append_printf (drawing->svg,
                          "    <circle class=\"event %s\" data-event=\"%s\" data-date=\"%s\" cx=\"%.1f\" cy=\"%.1f\""
                          " r=\"5\"><title>%s</title></circle>\n",
                          event, event, iso, x_of (drawing, date), drawing->y + LANE_HEIGHT / 2, escaped);
}

static gboolean
is_end (const char *event)
{
  return g_str_equal (event, "completed") || g_str_equal (event, "failed") ||
         g_str_equal (event, "expired") || g_str_equal (event, "cancelled") ||
         g_str_equal (event, "rejected");
}

/* Why the pending request waits, in words: what Explain says. */
static char *
wait_reasons (BgrunctlSource *source,
              const char     *app_id,
              const char     *identifier,
              char          **nicks)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) explanation = NULL;
  g_autofree const char **messages = NULL;
  g_autofree const char **reasons = NULL;

  reply = bgrunctl_source_call (source, "Explain", g_variant_new ("(ss)", app_id, identifier),
                                G_VARIANT_TYPE ("(a{sv})"), NULL);
  if (reply == NULL)
    return NULL;
  explanation = g_variant_get_child_value (reply, 0);
  if (g_variant_lookup (explanation, "reasons", "^a&s", &reasons))
    *nicks = g_strjoinv (" ", (char **) reasons);
  if (!g_variant_lookup (explanation, "messages", "^a&s", &messages))
    return NULL;
  return g_strjoinv (" ", (char **) messages);
}

static void
label (Drawing    *drawing,
       const char *app_id,
       const char *name)
{
  g_autofree char *app = g_markup_escape_text (app_id, -1);
  g_autofree char *escaped = g_markup_escape_text (name, -1);

  g_string_append_printf (drawing->svg,
                          "    <text class=\"label\" x=\"8\" y=\"%.1f\"><tspan class=\"app\">%s</tspan> %s</text>\n",
                          drawing->y + LANE_HEIGHT / 2 + 4, app, escaped);
}

/* One request's lane, from its history @entries (oldest first). */
static void
draw_request (Drawing        *drawing,
              BgrunctlSource *source,
              const char     *app_id,
              const char     *identifier,
              GPtrArray      *entries,
              gboolean        pending,
              gint64          deadline)
{
  g_autofree char *app = g_markup_escape_text (app_id, -1);
  g_autofree char *id = g_markup_escape_text (identifier, -1);
  gint64 waiting_since = -1, running_since = -1;

  g_string_append_printf (drawing->svg, "  <g class=\"lane request\" data-app=\"%s\" data-identifier=\"%s\">\n",
                          app, id);
  label (drawing, app_id, identifier);
  for (guint i = 0; i < entries->len; i++)
    {
      GVariant *entry = g_ptr_array_index (entries, i);
      const char *event = lookup_string (entry, "event");
      gint64 date = lookup_date (entry, "date");

      if (g_str_equal (event, "submitted"))
        waiting_since = date;
      else if (g_str_equal (event, "started"))
        {
          if (waiting_since >= 0)
            bar (drawing, "wait", waiting_since, date, "", _("waiting"));
          waiting_since = -1;
          running_since = date;
        }
      else if (is_end (event))
        {
          if (running_since >= 0)
            bar (drawing, "run", running_since, date, "", _("running"));
          else if (waiting_since >= 0)
            bar (drawing, "wait", waiting_since, date, "", _("waiting"));
          running_since = waiting_since = -1;
          /* An interrupted task that is pending again waits from here. */
          if (g_str_equal (event, "expired") && pending)
            waiting_since = date;
        }
      mark (drawing, event, date, lookup_string (entry, "message"));
    }
  if (running_since >= 0)
    {
      bar (drawing, "run", running_since, drawing->now, "", _("running"));
      if (deadline >= 0)
        mark (drawing, "deadline", deadline, "");
    }
  else if (waiting_since >= 0)
    {
      g_autofree char *nicks = NULL;
      g_autofree char *why = wait_reasons (source, app_id, identifier, &nicks);
      g_autofree char *tooltip = why != NULL ? g_strdup_printf ("%s: %s", _("waiting"), why) : g_strdup (_("waiting"));

      bar (drawing, "wait", waiting_since, drawing->now, nicks != NULL ? nicks : "", tooltip);
    }
  g_string_append (drawing->svg, "  </g>\n");
  drawing->y += LANE_HEIGHT;
}

/* One transfer's lane: how much of it is done. */
static void
draw_transfer (Drawing  *drawing,
               GVariant *transfer)
{
  gboolean upload = g_str_equal (lookup_string (transfer, "kind"), "upload");
  gint64 done = MAX (lookup_date (transfer, upload ? "bytes-sent" : "bytes-received"), 0);
  gint64 expected = lookup_date (transfer, upload ? "bytes-expected-to-send" : "bytes-expected");
  double fraction = expected > 0 ? CLAMP ((double) done / (double) expected, 0.0, 1.0) : 0.0;
  double width = WIDTH - LABEL_WIDTH - RIGHT_MARGIN, top = drawing->y + 8;
  guint64 task_id = 0;
  g_autofree char *name = NULL, *uri = NULL, *app = NULL, *session = NULL, *state = NULL;

  g_variant_lookup (transfer, "task-id", "t", &task_id);
  name = g_strdup_printf ("%s #%" G_GUINT64_FORMAT, lookup_string (transfer, "session"), task_id);
  app = g_markup_escape_text (lookup_string (transfer, "app-id"), -1);
  session = g_markup_escape_text (lookup_string (transfer, "session"), -1);
  state = g_markup_escape_text (lookup_string (transfer, "state"), -1);
  uri = g_markup_escape_text (lookup_string (transfer, "uri"), -1);
  g_string_append_printf (drawing->svg,
                          "  <g class=\"lane transfer\" data-app=\"%s\" data-session=\"%s\" data-task=\"%" G_GUINT64_FORMAT "\""
                          " data-kind=\"%s\" data-state=\"%s\" data-fraction=\"%.3f\">\n",
                          app, session, task_id, upload ? "upload" : "download", state, fraction);
  label (drawing, lookup_string (transfer, "app-id"), name);
  g_string_append_printf (drawing->svg,
                          "    <rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n"
                          "    <rect class=\"progress %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>\n"
                          "    <text class=\"note\" x=\"%.1f\" y=\"%.1f\">%s %.0f %%</text>\n  </g>\n",
                          LABEL_WIDTH, top, width, LANE_HEIGHT - 16,
                          state, LABEL_WIDTH, top, width * fraction, LANE_HEIGHT - 16, uri,
                          LABEL_WIDTH + 6, drawing->y + LANE_HEIGHT / 2 + 4, state, fraction * 100.0);
  drawing->y += LANE_HEIGHT;
}

static void
draw_axis (Drawing *drawing)
{
  g_string_append (drawing->svg, "  <g class=\"axis\">\n");
  for (int i = 0; i <= N_TICKS; i++)
    {
      gint64 date = drawing->since + (drawing->now - drawing->since) * i / N_TICKS;
      g_autofree char *text = format_date (date);
      double x = x_of (drawing, date);

      /* The time of day, under the date on the first tick. */
      g_string_append_printf (drawing->svg,
                              "    <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
                              "    <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                              x, TOP - 8, x, drawing->y, x, TOP - 14, i == 0 ? text : text + 11);
    }
  g_string_append (drawing->svg, "  </g>\n");
}

static void
draw_legend (Drawing *drawing)
{
  static const struct { gboolean bar; const char *kind, *text; } keys[] = {
    { TRUE, "wait", N_("waiting") },
    { TRUE, "run", N_("running") },
    { FALSE, "event completed", N_("completed") },
    { FALSE, "event failed", N_("failed") },
    { FALSE, "event expired", N_("expired") },
    { FALSE, "event cancelled", N_("cancelled") },
  };
  double x = LABEL_WIDTH, y = drawing->y + 24;

  g_string_append (drawing->svg, "  <g class=\"legend\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++, x += 120)
    {
      if (keys[i].bar)
        g_string_append_printf (drawing->svg, "    <rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\"/>\n",
                                keys[i].kind, x, y - 10);
      else
        g_string_append_printf (drawing->svg, "    <circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"/>\n",
                                keys[i].kind, x + 9, y - 4);
      g_string_append_printf (drawing->svg, "    <text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x + 24, y, _(keys[i].text));
    }
  g_string_append (drawing->svg, "  </g>\n");
  drawing->y = y + 16;
}

static const char STYLE[] =
  "  <style>\n"
  "    text { font: 12px sans-serif; fill: #222; }\n"
  "    .app { fill: #666; }\n"
  "    .axis line { stroke: #ddd; }\n"
  "    .axis text { fill: #666; font-size: 11px; }\n"
  "    .wait { fill: #f4c542; }\n"
  "    .run { fill: #3b82d6; }\n"
  "    .event { stroke: #fff; stroke-width: 1.5; }\n"
  "    .completed { fill: #2e9d4b; }\n"
  "    .failed { fill: #d13b3b; }\n"
  "    .expired { fill: #e07b18; }\n"
  "    .cancelled, .rejected { fill: #777; }\n"
  "    .deadline { fill: none; stroke: #3b82d6; stroke-dasharray: 2 2; }\n"
  "    .submitted, .started { fill: #555; }\n"
  "    .notified, .app-exited, .recovered, .kept { fill: #9b59b6; }\n"
  "    .track { fill: #eee; }\n"
  "    .progress { fill: #3b82d6; }\n"
  "    .progress.waiting, .progress.suspended { fill: #f4c542; }\n"
  "    .note { font-size: 11px; }\n"
  "  </style>\n";

static GVariant *
records (BgrunctlSource  *source,
         const char      *method,
         GVariant        *parameters,
         GError         **error)
{
  g_autoptr(GVariant) reply = bgrunctl_source_call (source, method, parameters,
                                                    G_VARIANT_TYPE ("(aa{sv})"), error);

  return reply != NULL ? g_variant_get_child_value (reply, 0) : NULL;
}

static GVariant *
optional_records (BgrunctlSource *source,
                  const char     *method,
                  const char     *app)
{
  GVariant *list = records (source, method, g_variant_new ("(s)", app), NULL);

  return list != NULL ? list : g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_VARDICT, NULL, 0));
}

static char *
lane_key (GVariant *record)
{
  return g_strconcat (lookup_string (record, "app-id"), "\n", lookup_string (record, "identifier"), NULL);
}

/* The history grouped by request (key → entries, oldest first); returns
 * the keys in the order the requests first appear. */
static GPtrArray *
group_history (GVariant   *history,
               GHashTable *lanes)
{
  GPtrArray *order = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < g_variant_n_children (history); i++)
    {
      GVariant *entry = g_variant_get_child_value (history, i);
      char *key = lane_key (entry);
      GPtrArray *entries = g_hash_table_lookup (lanes, key);

      if (entries == NULL)
        {
          entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
          g_hash_table_insert (lanes, g_strdup (key), entries);
          g_ptr_array_add (order, key);
        }
      else
        g_free (key);
      g_ptr_array_add (entries, entry);
    }
  return order;
}

static GHashTable *
index_records (GVariant *list)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);

  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      GVariant *record = g_variant_get_child_value (list, i);

      g_hash_table_insert (index, lane_key (record), record);
    }
  return index;
}

static gint64
first_date (GVariant *history,
            gint64    now)
{
  g_autoptr(GVariant) first = NULL;

  if (g_variant_n_children (history) == 0)
    return now - (gint64) 3600 * G_USEC_PER_SEC;
  first = g_variant_get_child_value (history, 0);
  return lookup_date (first, "date");
}

static guint
draw_requests (Drawing        *drawing,
               BgrunctlSource *source,
               GVariant       *history,
               GHashTable     *pending,
               GHashTable     *running)
{
  g_autoptr(GHashTable) lanes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = group_history (history, lanes);
  guint drawn = 0;

  for (guint i = 0; i < order->len; i++)
    {
      const char *key = g_ptr_array_index (order, i);
      GPtrArray *entries = g_hash_table_lookup (lanes, key);
      GVariant *first = g_ptr_array_index (entries, 0);
      GVariant *last = g_ptr_array_index (entries, entries->len - 1);
      GVariant *task = g_hash_table_lookup (running, key);
      gboolean waits = g_hash_table_contains (pending, key);

      /* A request whose whole life lies before --since is left out. */
      if (lookup_date (last, "date") < drawing->since && task == NULL && !waits)
        continue;
      draw_request (drawing, source, lookup_string (first, "app-id"), lookup_string (first, "identifier"),
                    entries, waits, task != NULL ? lookup_date (task, "expiration-date") : -1);
      drawn++;
    }
  return drawn;
}

gboolean
bgrunctl_run_timeline (BgrunctlSource   *source,
                       BgrunctlOptions  *options,
                       GError          **error)
{
  const char *app = options->app_id != NULL ? options->app_id : "";
  g_autoptr(GVariant) history = NULL, pending = NULL, running = NULL, transfers = NULL;
  g_autoptr(GHashTable) pending_index = NULL, running_index = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *svg = NULL;
  Drawing drawing = { body, -1, g_get_real_time (), TOP };
  guint n_requests;

  if ((history = records (source, "History", g_variant_new ("(su)", app, 0), error)) == NULL ||
      (pending = records (source, "ListPending", g_variant_new ("(s)", app), error)) == NULL)
    return FALSE;
  /* The stores alone (--state-dir) know of no running task, and an app
   * that never made a background URL session has no transfers: both are
   * drawn as none rather than refused, since the history is the point. */
  running = optional_records (source, "ListRunning", app);
  transfers = optional_records (source, "ListTransfers", app);
  if (options->since == NULL)
    drawing.since = first_date (history, drawing.now);
  else if (!bgrunctl_timeline_parse_since (options->since, drawing.now, &drawing.since, error))
    return FALSE;
  pending_index = index_records (pending);
  running_index = index_records (running);

  n_requests = draw_requests (&drawing, source, history, pending_index, running_index);
  for (gsize i = 0; i < g_variant_n_children (transfers); i++)
    {
      g_autoptr(GVariant) transfer = g_variant_get_child_value (transfers, i);

      draw_transfer (&drawing, transfer);
    }
  draw_axis (&drawing);
  draw_legend (&drawing);

  svg = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bgrun-timeline\" width=\"%.0f\" height=\"%.0f\""
                         " viewBox=\"0 0 %.0f %.0f\">\n%s"
                         "  <rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n%s</svg>\n",
                         WIDTH, drawing.y, WIDTH, drawing.y, STYLE, body->str);
  if (!g_file_set_contents (options->svg, svg, -1, error))
    return FALSE;
  g_print (_("Drew %u requests and %u transfers into %s.\n"), n_requests,
           (guint) g_variant_n_children (transfers), options->svg);
  return TRUE;
}

gboolean
bgrunctl_timeline_parse_since (const char  *text,
                               gint64       now_usec,
                               gint64      *since_usec,
                               GError     **error)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (text, NULL);
  char *end = NULL;
  guint64 amount;
  gint64 unit;

  if (date != NULL)
    {
      *since_usec = g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
      return TRUE;
    }
  amount = g_ascii_strtoull (text, &end, 10);
  unit = end == NULL || end == text || end[0] == '\0' || end[1] != '\0' ? 0
         : end[0] == 's' ? (gint64) G_USEC_PER_SEC
         : end[0] == 'm' ? (gint64) 60 * G_USEC_PER_SEC
         : end[0] == 'h' ? (gint64) 3600 * G_USEC_PER_SEC
         : end[0] == 'd' ? (gint64) 86400 * G_USEC_PER_SEC : 0;
  if (unit == 0 || amount > (guint64) (now_usec / unit))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--since “%s” is neither a date and time such as 2026-12-06T08:00:00Z nor a span back from now such as 90m, 2h or 3d"),
                   text);
      return FALSE;
    }
  *since_usec = now_usec - (gint64) amount * unit;
  return TRUE;
}
