/* test-location-tracks.c: the GPX and NMEA parsers, and what they say
 * about files that do not parse
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include <bgrun.h>

#include "bgrun-track-private.h"

#define GPX_HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"

static void
assert_fails (GPtrArray *(*parse) (const char *, gssize, GError **),
              const char *text,
              const char *message)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *track = parse (text, -1, &error);

  g_assert_null (track);
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE);
  if (!g_pattern_match_simple (message, error->message))
    g_error ("expected “%s”, got “%s”", message, error->message);
}

static void
test_gpx (void)
{
  static const char gpx[] = GPX_HEAD
    "  <trk><name>Lap</name><trkseg>\n"
    "    <trkpt lat=\"52.5200\" lon=\"13.4050\"><ele>34.5</ele><time>2026-05-01T08:00:00Z</time></trkpt>\n"
    "    <trkpt lat=\"52.5209\" lon=\"13.4050\">\n"
    "      <time>2026-05-01T10:00:10+02:00</time>\n"
    "      <extensions><gpxtpx:hr xmlns:gpxtpx=\"x\">120</gpxtpx:hr></extensions>\n"
    "    </trkpt>\n"
    "  </trkseg></trk>\n"
    "</gpx>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) track = bgrun_gpx_parse (gpx, -1, &error);
  BgrunLocation *first, *second;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 5, 1, 8, 0, 10);

  g_assert_no_error (error);
  g_assert_cmpuint (track->len, ==, 2);
  first = g_ptr_array_index (track, 0);
  second = g_ptr_array_index (track, 1);
  g_assert_cmpfloat (bgrun_location_get_latitude (first), ==, 52.52);
  g_assert_cmpfloat (bgrun_location_get_altitude (first), ==, 34.5);
  g_assert_true (isnan (bgrun_location_get_altitude (second)));
  /* Times are kept in UTC, whatever offset the file wrote. */
  g_assert_true (g_date_time_equal (bgrun_location_get_timestamp (second), expected));
  /* 0.0009° of latitude (about 100 m) north in 10 s: speed and course
   * are worked out, as GPX 1.1 carries neither. */
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_speed (second),
                                  bgrun_location_distance_to (first, second) / 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_speed (second), 10.01, 0.01);
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_course (second), 0.0, 1e-6);
  g_assert_cmpfloat (bgrun_location_get_speed (first), ==, -1);
}

static void
test_gpx_errors (void)
{
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg>\n<trkpt lon=\"1\"><time>2026-05-01T08:00:00Z</time></trkpt>\n</trkseg></trk></gpx>",
                "line 4: the point has no lat attribute");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<rte>\n\n<rtept lat=\"north\" lon=\"1\"/></rte></gpx>",
                "line 5: lat=“north” is not a number");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg><trkpt lat=\"1\" lon=\"181\"/></trkseg></trk></gpx>",
                "line 3: lon=“181” is out of range*");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg><trkpt lat=\"1\" lon=\"1\"></trkpt></trkseg></trk></gpx>",
                "line 3: the point has no <time>*");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg><trkpt lat=\"1\" lon=\"1\"><time>yesterday</time></trkpt></trkseg></trk></gpx>",
                "line 3: <time>yesterday</time> is not an ISO 8601 date and time");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg><trkpt lat=\"1\" lon=\"1\"><ele>high</ele><time>2026-05-01T08:00:00Z</time></trkpt></trkseg></trk></gpx>",
                "line 3: <ele>high</ele> is not a number");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg>\n"
                "<trkpt lat=\"1\" lon=\"1\"><time>2026-05-01T08:00:00Z</time></trkpt>\n"
                "<trkpt lat=\"1\" lon=\"1\"><time>2026-05-01T07:59:59Z</time></trkpt>\n"
                "</trkseg></trk></gpx>",
                "line 5: the time 2026-05-01T07:59:59Z is not after the previous point’s*");
  /* A tag at the end of its line is on that line, not the next. */
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg>\n<trkpt lat=\"x\" lon=\"1\">\n<time>2026-05-01T08:00:00Z</time></trkpt>\n</trkseg></trk></gpx>",
                "line 4: lat=“x” is not a number");
  assert_fails (bgrun_gpx_parse, "<kml>\n</kml>", "line 1: the document is <kml>, not <gpx>");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk></trk></gpx>", "the GPX file has no track or route point");
  assert_fails (bgrun_gpx_parse, GPX_HEAD "<trk><trkseg>\n<trkpt lat=\"1\" lon=\"1\">\n</trk>", "Error on line 5*trk*closed*");
  assert_fails (bgrun_gpx_parse, "", "*empty*");
}

/* Two epochs: RMC and GGA of 08:00:00 merge into one fix, then an RMC
 * alone; a void RMC between them is skipped. */
static void
test_nmea (void)
{
  static const char nmea[] =
    "# gpsfake log\n"
    "$GPGGA,080000.00,5231.2000,N,01324.3000,E,1,08,1.2,40.5,M,45.0,M,,*5F\r\n"
    "$GPRMC,080000.00,A,5231.2000,N,01324.3000,E,10.0,90.0,010526,,,A*5E\r\n"
    "$GPGSV,1,1,00*79\r\n"
    "\n"
    "$GPRMC,080001.00,V,,,,,,,010526,,,N*74\r\n"
    "$GNRMC,080002.00,A,5231.2000,S,01324.3060,W,,,010526,,,A*43\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) track = bgrun_nmea_parse (nmea, -1, &error);
  g_autoptr(GDateTime) first_time = g_date_time_new_utc (2026, 5, 1, 8, 0, 0);
  BgrunLocation *first, *second;

  g_assert_no_error (error);
  g_assert_cmpuint (track->len, ==, 2);
  first = g_ptr_array_index (track, 0);
  second = g_ptr_array_index (track, 1);
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_latitude (first), 52.52, 1e-9);
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_longitude (first), 13.405, 1e-9);
  g_assert_cmpfloat (bgrun_location_get_altitude (first), ==, 40.5);
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_horizontal_accuracy (first), 1.2 * BGRUN_NMEA_UERE, 1e-9);
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_speed (first), 5.14444, 1e-6);
  g_assert_cmpfloat (bgrun_location_get_course (first), ==, 90.0);
  g_assert_true (g_date_time_equal (bgrun_location_get_timestamp (first), first_time));

  g_assert_cmpfloat_with_epsilon (bgrun_location_get_latitude (second), -52.52, 1e-9);
  g_assert_cmpfloat_with_epsilon (bgrun_location_get_longitude (second), -13.4051, 1e-9);
  g_assert_true (isnan (bgrun_location_get_altitude (second)));
  g_assert_cmpfloat (bgrun_location_get_horizontal_accuracy (second), ==, -1);
}

static void
test_nmea_errors (void)
{
  assert_fails (bgrun_nmea_parse, "\n$GPRMC,080000.00,A,5231.2000,N,01324.3000,E,10.0,90.0,010526,,,A*7F\n",
                "line 2: the checksum is 7F but the sentence sums to 5E");
  assert_fails (bgrun_nmea_parse, "$GPRMC,080000.00,A,5271.2000,N,01324.3000,E,,,010526,,,A\n",
                "line 1: the latitude “5271.2000” has 71.2 minutes; there are 60 in a degree");
  assert_fails (bgrun_nmea_parse, "$GPRMC,080000.00,A,9131.2000,N,01324.3000,E,,,010526,,,A\n",
                "line 1: the latitude “9131.2000” is beyond 90 degrees");
  assert_fails (bgrun_nmea_parse, "$GPRMC,080000.00,A,5231.2000,X,01324.3000,E,,,010526,,,A\n",
                "line 1: “X” is not a hemisphere (N, S)");
  assert_fails (bgrun_nmea_parse, "$GPRMC,250000.00,A,5231.2000,N,01324.3000,E,,,010526,,,A\n",
                "line 1: the time “250000.00” is not hhmmss");
  assert_fails (bgrun_nmea_parse, "$GPRMC,080000.00,A,5231.2000,N,01324.3000,E,,,310226,,,A\n",
                "line 1: the date 310226 does not exist");
  assert_fails (bgrun_nmea_parse, "$GPRMC,080000.00,A,5231.2000,N\n",
                "line 1: an RMC sentence has 5 fields, not at least 10");
  assert_fails (bgrun_nmea_parse, "$GPRMC,080000.00,A,5231.2000,N,01324.3000,E,fast,,010526,,,A\n",
                "line 1: the speed “fast” is not a number of knots");
  assert_fails (bgrun_nmea_parse, "$GPGGA,080000.00,5231.2000,N,01324.3000,E,1,08,1.2,40.5,M,45.0,M,,\n",
                "the log has fixes but no RMC sentence to date them");
  assert_fails (bgrun_nmea_parse, "$GPGSV,1,1,00\n", "the log has no valid RMC or GGA fix");
  assert_fails (bgrun_nmea_parse, "$GPRMC,080000.00,A,5231.2000,N,01324.3000,E,,,010526,,,A\nhello\n",
                "line 2: this is not an NMEA sentence*");
  assert_fails (bgrun_nmea_parse,
                "$GPRMC,080001.00,A,5231.2000,N,01324.3000,E,,,010526,,,A\n"
                "$GPRMC,080000.00,A,5231.2000,N,01324.3000,E,,,010526,,,A\n",
                "line 2: the time 2026-05-01T08:00:00Z is not after*");
}

static void
test_load_sniffs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("bgrun-track-XXXXXX", &error);
  g_autofree char *gpx_path = g_build_filename (directory, "a.gpx", NULL);
  g_autofree char *nmea_path = g_build_filename (directory, "b.log", NULL);
  g_autofree char *missing_path = g_build_filename (directory, "missing.gpx", NULL);
  g_autoptr(GFile) gpx = g_file_new_for_path (gpx_path);
  g_autoptr(GFile) nmea = g_file_new_for_path (nmea_path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GPtrArray) track = NULL;

  g_assert_no_error (error);
  /* A byte-order mark and blank lines before the XML are fine. */
  g_assert_true (g_file_set_contents (gpx_path, "\xEF\xBB\xBF\n  " GPX_HEAD
                                      "<wpt lat=\"1\" lon=\"1\"/><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2026-05-01T08:00:00Z</time></trkpt></trkseg></trk></gpx>",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (nmea_path, "$GPRMC,080000.00,A,5231.2000,N,01324.3000,E,,,010526,,,A\n$GPRMC,080000.00,A", -1, NULL));

  track = bgrun_track_load (gpx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (track->len, ==, 1);
  g_assert_cmpfloat (bgrun_location_get_longitude (g_ptr_array_index (track, 0)), ==, 2.0);

  g_assert_null (bgrun_track_load (nmea, &error));
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE);
  g_assert_nonnull (strstr (error->message, nmea_path));
  g_assert_nonnull (strstr (error->message, "line 2: an RMC sentence has 3 fields"));
  g_clear_error (&error);

  g_assert_null (bgrun_track_load (missing, &error));
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE);
  g_assert_nonnull (strstr (error->message, "cannot be read"));

  g_unlink (gpx_path);
  g_unlink (nmea_path);
  g_rmdir (directory);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/location/tracks/gpx", test_gpx);
  g_test_add_func ("/location/tracks/gpx-errors", test_gpx_errors);
  g_test_add_func ("/location/tracks/nmea", test_nmea);
  g_test_add_func ("/location/tracks/nmea-errors", test_nmea_errors);
  g_test_add_func ("/location/tracks/load", test_load_sniffs);

  return g_test_run ();
}
