/* bgrun-gpx-parser.c: GPX 1.0 and 1.1 tracks and routes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-track-private.h"

/* GMarkup is enough for GPX: no DTD, no entities beyond the five XML
 * ones, and it tells the line of every element, which is what a developer
 * fixing a hand-edited track needs. Elements GPX does not define (such as
 * Garmin's extensions) are walked over; only what a replay needs is read. */

typedef struct
{
  GPtrArray *track;
  gboolean   seen_root;
  gboolean   in_point;     /* inside <trkpt> or <rtept> */
  guint      point_line;
  double     latitude;
  double     longitude;
  GString   *text;         /* of the <ele> or <time> being read */
  const char *collecting;  /* "ele", "time" or NULL */
  char      *ele;
  char      *time;
} GpxParser;

static guint
current_line (GMarkupParseContext *context)
{
  int line = 0, column = 0;

  /* GMarkup calls back with its position on the character after the
   * tag's '>', and counts a newline as the first character of the next
   * line: a tag that ends its line would be put on the line below. */
  g_markup_parse_context_get_position (context, &line, &column);
  if (column == 1 && line > 1)
    line--;
  return (guint) line;
}

static gboolean
parse_coordinate (const char  *text,
                  const char  *name,
                  double       limit,
                  guint        line,
                  double      *value,
                  GError     **error)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                   _("line %u: the point has no %s attribute"), line, name);
      return FALSE;
    }
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                   _("line %u: %s=“%s” is not a number"), line, name, text);
      return FALSE;
    }
  if (v < -limit || v > limit)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                   _("line %u: %s=“%s” is out of range (−%g to %g)"), line, name, text, limit, limit);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  GpxParser *self = user_data;
  guint line = current_line (context);

  if (!self->seen_root)
    {
      if (g_strcmp0 (element, "gpx") != 0)
        {
          g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                       _("line %u: the document is <%s>, not <gpx>"), line, element);
          return;
        }
      self->seen_root = TRUE;
      return;
    }

  if (strcmp (element, "trkpt") == 0 || strcmp (element, "rtept") == 0)
    {
      const char *lat = NULL, *lon = NULL;

      if (self->in_point)
        {
          g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                       _("line %u: <%s> inside another point"), line, element);
          return;
        }
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (strcmp (names[i], "lat") == 0)
            lat = values[i];
          else if (strcmp (names[i], "lon") == 0)
            lon = values[i];
        }
      if (!parse_coordinate (lat, "lat", 90.0, line, &self->latitude, error) ||
          !parse_coordinate (lon, "lon", 180.0, line, &self->longitude, error))
        return;
      self->in_point = TRUE;
      self->point_line = line;
      g_clear_pointer (&self->ele, g_free);
      g_clear_pointer (&self->time, g_free);
      return;
    }

  if (self->in_point && (strcmp (element, "ele") == 0 || strcmp (element, "time") == 0))
    {
      self->collecting = strcmp (element, "ele") == 0 ? "ele" : "time";
      g_string_truncate (self->text, 0);
    }
}

static gboolean
finish_point (GpxParser  *self,
              GError    **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) timestamp = NULL;
  double altitude = NAN;

  if (self->time == NULL)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                   _("line %u: the point has no <time>; a replay needs the time of every point"),
                   self->point_line);
      return FALSE;
    }
  timestamp = g_date_time_new_from_iso8601 (self->time, utc);
  if (timestamp == NULL)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                   _("line %u: <time>%s</time> is not an ISO 8601 date and time"),
                   self->point_line, self->time);
      return FALSE;
    }
  if (self->ele != NULL)
    {
      char *end = NULL;

      altitude = g_ascii_strtod (self->ele, &end);
      if (end == self->ele || *end != '\0' || !isfinite (altitude))
        {
          g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                       _("line %u: <ele>%s</ele> is not a number"), self->point_line, self->ele);
          return FALSE;
        }
    }
  {
    g_autoptr(GDateTime) in_utc = g_date_time_to_utc (timestamp);

    return bgrun_track_append (self->track, self->latitude, self->longitude, altitude,
                               -1, -1, -1, in_utc, self->point_line, error);
  }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  GpxParser *self = user_data;

  if (self->collecting != NULL && strcmp (element, self->collecting) == 0)
    {
      char **slot = strcmp (element, "ele") == 0 ? &self->ele : &self->time;

      g_free (*slot);
      *slot = g_strstrip (g_strdup (self->text->str));
      self->collecting = NULL;
      return;
    }
  if (self->in_point && (strcmp (element, "trkpt") == 0 || strcmp (element, "rtept") == 0))
    {
      self->in_point = FALSE;
      finish_point (self, error);
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  GpxParser *self = user_data;

  if (self->collecting != NULL)
    g_string_append_len (self->text, text, length);
}

static const GMarkupParser gpx_parser = {
  .start_element = start_element,
  .end_element = end_element,
  .text = text,
};

GPtrArray *
bgrun_gpx_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  GpxParser self = { 0 };
  GMarkupParseContext *context;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  self.track = g_ptr_array_new_with_free_func ((GDestroyNotify) bgrun_location_unref);
  self.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&gpx_parser, 0, &self, NULL);

  ok = g_markup_parse_context_parse (context, text, length, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);

  g_markup_parse_context_free (context);
  g_string_free (self.text, TRUE);
  g_free (self.ele);
  g_free (self.time);

  if (ok && !self.seen_root)
    g_set_error_literal (&local_error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                         _("there is no <gpx> element"));
  else if (ok && self.track->len == 0)
    g_set_error_literal (&local_error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                         _("the GPX file has no track or route point"));

  if (local_error != NULL)
    {
      g_ptr_array_unref (self.track);
      /* GMarkup's own errors (not well-formed XML) already name the line
       * and character; ours start with the line. Both go out in our domain,
       * as valid UTF-8: GMarkup quotes the bytes it found invalid. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error_literal (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE, message);
      return NULL;
    }
  return self.track;
}
