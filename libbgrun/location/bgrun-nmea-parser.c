/* bgrun-nmea-parser.c: NMEA 0183 logs (RMC and GGA sentences)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-track-private.h"

/* A receiver reports each fix as several sentences carrying the same time
 * of day: RMC has the date, position, speed and course, GGA the altitude
 * and the HDOP. Sentences are gathered into one "epoch" until one with
 * another time arrives; the epoch then becomes a point, dated by its RMC
 * (or the last RMC's date, for a GGA-only epoch after the first RMC). */

#define KNOTS 0.514444  /* metres per second */

typedef struct
{
  char     time[16];      /* hhmmss.ss as written; "" when no epoch is open */
  guint    line;
  gboolean has_position;
  gboolean valid;         /* no sentence of this epoch said "no fix" */
  double   latitude;
  double   longitude;
  double   altitude;
  double   hdop;
  double   speed;
  double   course;
  int      day, month, year;  /* 0 when this epoch had no RMC */
} Epoch;

typedef struct
{
  GPtrArray *track;
  Epoch      epoch;
  int        day, month, year;  /* the last RMC's date, 0 before any */
  gboolean   undated;           /* a fix was dropped for want of a date */
} NmeaParser;

static gboolean
fail (GError     **error,
      guint        line,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      guint        line,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
               _("line %u: %s"), line, reason);
  return FALSE;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

/* ddmm.mmmm (latitude) or dddmm.mmmm (longitude) and its hemisphere. */
static gboolean
parse_angle (const char  *text,
             const char  *hemisphere,
             gboolean     is_latitude,
             guint        line,
             double      *degrees,
             GError     **error)
{
  const char *name = is_latitude ? _("latitude") : _("longitude");
  double raw, whole, minutes, limit = is_latitude ? 90.0 : 180.0;

  if (!parse_number (text, &raw) || raw < 0)
    return fail (error, line, _("the %s “%s” is not a number of degrees and minutes"), name, text);
  whole = floor (raw / 100.0);
  minutes = raw - whole * 100.0;
  if (minutes >= 60.0)
    return fail (error, line, _("the %s “%s” has %g minutes; there are 60 in a degree"), name, text, minutes);
  *degrees = whole + minutes / 60.0;
  if (*degrees > limit)
    return fail (error, line, _("the %s “%s” is beyond %g degrees"), name, text, limit);
  if (strcmp (hemisphere, is_latitude ? "S" : "W") == 0)
    *degrees = -*degrees;
  else if (strcmp (hemisphere, is_latitude ? "N" : "E") != 0)
    return fail (error, line, _("“%s” is not a hemisphere (%s)"), hemisphere,
                 is_latitude ? "N, S" : "E, W");
  return TRUE;
}

static gboolean
parse_time_of_day (const char *text,
                   guint       line,
                   GError    **error)
{
  double seconds;

  if (strlen (text) < 6 || strlen (text) >= sizeof ((Epoch *) NULL)->time ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[2]) ||
      !g_ascii_isdigit (text[3]) || !parse_number (text + 4, &seconds) ||
      (text[0] - '0') * 10 + (text[1] - '0') > 23 ||
      (text[2] - '0') * 10 + (text[3] - '0') > 59 || seconds < 0 || seconds >= 61.0)
    return fail (error, line, _("the time “%s” is not hhmmss"), text);
  return TRUE;
}

/* Turns the open epoch, if it has a valid position, into a point. */
static gboolean
flush_epoch (NmeaParser  *self,
             GError     **error)
{
  Epoch *e = &self->epoch;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) timestamp = NULL;
  int day = e->day ? e->day : self->day;
  int month = e->day ? e->month : self->month;
  int year = e->day ? e->year : self->year;
  gboolean ok = TRUE;

  if (e->time[0] != '\0' && e->has_position && e->valid)
    {
      if (day == 0)
        self->undated = TRUE;
      else
        {
          int hours = (e->time[0] - '0') * 10 + (e->time[1] - '0');
          int minutes = (e->time[2] - '0') * 10 + (e->time[3] - '0');
          double seconds = g_ascii_strtod (e->time + 4, NULL);

          utc = g_time_zone_new_utc ();
          timestamp = g_date_time_new (utc, year, month, day, hours, minutes, MIN (seconds, 59.999));
          if (timestamp == NULL)
            ok = fail (error, e->line, _("the date %02d%02d%02d does not exist"), day, month, year % 100);
          else
            ok = bgrun_track_append (self->track, e->latitude, e->longitude, e->altitude,
                                     isnan (e->hdop) ? -1 : e->hdop * BGRUN_NMEA_UERE,
                                     e->speed, e->course, timestamp, e->line, error);
        }
    }
  memset (e, 0, sizeof *e);
  return ok;
}

/* Opens the epoch of @time, closing the one before if it is another. */
static gboolean
enter_epoch (NmeaParser  *self,
             const char  *time,
             guint        line,
             GError     **error)
{
  Epoch *e = &self->epoch;

  if (strcmp (e->time, time) == 0)
    return TRUE;
  if (!flush_epoch (self, error))
    return FALSE;
  g_strlcpy (e->time, time, sizeof e->time);
  e->line = line;
  e->valid = TRUE;
  e->altitude = NAN;
  e->hdop = NAN;
  e->speed = -1;
  e->course = -1;
  return TRUE;
}

static gboolean
parse_rmc (NmeaParser  *self,
           char       **f,
           guint        n,
           guint        line,
           GError     **error)
{
  Epoch *e = &self->epoch;
  const char *date;
  double value;

  if (n < 10)
    return fail (error, line, _("an RMC sentence has %u fields, not at least 10"), n);
  if (!parse_time_of_day (f[1], line, error))
    return FALSE;
  date = f[9];
  if (strlen (date) != 6 || strspn (date, "0123456789") != 6)
    return fail (error, line, _("the date “%s” is not ddmmyy"), date);
  if (!enter_epoch (self, f[1], line, error))
    return FALSE;

  /* Two-digit years, as NMEA writes them: 80–99 are the 1900s. */
  e->day = (date[0] - '0') * 10 + (date[1] - '0');
  e->month = (date[2] - '0') * 10 + (date[3] - '0');
  e->year = (date[4] - '0') * 10 + (date[5] - '0');
  e->year += e->year >= 80 ? 1900 : 2000;
  if (e->day < 1 || e->day > 31 || e->month < 1 || e->month > 12)
    return fail (error, line, _("the date “%s” is not ddmmyy"), date);
  self->day = e->day;
  self->month = e->month;
  self->year = e->year;

  if (strcmp (f[2], "A") != 0)
    {
      if (strcmp (f[2], "V") != 0)
        return fail (error, line, _("the status “%s” is neither A (valid) nor V (void)"), f[2]);
      e->valid = FALSE;
      return TRUE;
    }
  if (!parse_angle (f[3], f[4], TRUE, line, &e->latitude, error) ||
      !parse_angle (f[5], f[6], FALSE, line, &e->longitude, error))
    return FALSE;
  e->has_position = TRUE;
  if (*f[7] != '\0')
    {
      if (!parse_number (f[7], &value) || value < 0)
        return fail (error, line, _("the speed “%s” is not a number of knots"), f[7]);
      e->speed = value * KNOTS;
    }
  if (*f[8] != '\0')
    {
      if (!parse_number (f[8], &value) || value < 0 || value >= 360)
        return fail (error, line, _("the course “%s” is not a number of degrees below 360"), f[8]);
      e->course = value;
    }
  return TRUE;
}

static gboolean
parse_gga (NmeaParser  *self,
           char       **f,
           guint        n,
           guint        line,
           GError     **error)
{
  Epoch *e = &self->epoch;
  double value;

  if (n < 10)
    return fail (error, line, _("a GGA sentence has %u fields, not at least 10"), n);
  if (!parse_time_of_day (f[1], line, error) || !enter_epoch (self, f[1], line, error))
    return FALSE;
  if (strcmp (f[6], "0") == 0 || *f[6] == '\0')
    {
      e->valid = FALSE;
      return TRUE;
    }
  if (!parse_angle (f[2], f[3], TRUE, line, &e->latitude, error) ||
      !parse_angle (f[4], f[5], FALSE, line, &e->longitude, error))
    return FALSE;
  e->has_position = TRUE;
  if (*f[8] != '\0')
    {
      if (!parse_number (f[8], &value) || value < 0)
        return fail (error, line, _("the HDOP “%s” is not a positive number"), f[8]);
      e->hdop = value;
    }
  if (*f[9] != '\0')
    {
      if (!parse_number (f[9], &value))
        return fail (error, line, _("the altitude “%s” is not a number"), f[9]);
      e->altitude = value;
    }
  return TRUE;
}

static gboolean
parse_sentence (NmeaParser  *self,
                char        *sentence,
                guint        line,
                GError     **error)
{
  char *star = strchr (sentence, '*');
  g_auto(GStrv) fields = NULL;
  guint n;

  if (star != NULL)
    {
      unsigned sum = 0;
      char *end = NULL;
      unsigned long given;

      for (const char *c = sentence + 1; c < star; c++)
        sum ^= (unsigned char) *c;
      if (strlen (star + 1) != 2 || !g_ascii_isxdigit (star[1]) || !g_ascii_isxdigit (star[2]))
        return fail (error, line, _("the checksum “%s” is not two hexadecimal digits"), star + 1);
      given = strtoul (star + 1, &end, 16);
      if (given != sum)
        return fail (error, line, _("the checksum is %02lX but the sentence sums to %02X"), given, sum);
      *star = '\0';
    }

  fields = g_strsplit (sentence, ",", -1);
  n = g_strv_length (fields);
  /* $ttsss: a two-letter talker (GP, GN, GL, …) and the sentence type. */
  if (strlen (fields[0]) != 6)
    return fail (error, line, _("“%s” is not a sentence address ($ and five letters)"), fields[0]);
  if (strcmp (fields[0] + 3, "RMC") == 0)
    return parse_rmc (self, fields, n, line, error);
  if (strcmp (fields[0] + 3, "GGA") == 0)
    return parse_gga (self, fields, n, line, error);
  return TRUE;
}

GPtrArray *
bgrun_nmea_parse (const char  *text,
                  gssize       length,
                  GError     **error)
{
  NmeaParser self = { 0 };
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean ok = TRUE;

  if (length < 0)
    length = strlen (text);
  if (memchr (text, '\0', length) != NULL)
    {
      g_set_error_literal (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                           _("the file contains a NUL byte: it is not a text NMEA log"));
      return NULL;
    }
  copy = g_strndup (text, length);
  lines = g_strsplit (copy, "\n", -1);
  self.track = g_ptr_array_new_with_free_func ((GDestroyNotify) bgrun_location_unref);

  for (guint i = 0; ok && lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#' || *line == '!')
        continue;
      if (*line != '$')
        ok = fail (error, i + 1, _("this is not an NMEA sentence: it does not start with “$”"));
      else if (!g_str_is_ascii (line))
        ok = fail (error, i + 1, _("the sentence is not plain ASCII"));
      else
        ok = parse_sentence (&self, line, i + 1, error);
    }
  if (ok)
    ok = flush_epoch (&self, error);
  if (ok && self.track->len == 0)
    {
      g_set_error_literal (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                           self.undated
                           ? _("the log has fixes but no RMC sentence to date them")
                           : _("the log has no valid RMC or GGA fix"));
      ok = FALSE;
    }
  if (!ok)
    {
      g_ptr_array_unref (self.track);
      return NULL;
    }
  return self.track;
}
