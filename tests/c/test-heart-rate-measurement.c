/* test-heart-rate-measurement.c: parsing the Bluetooth Heart Rate
 * Measurement characteristic (0x2A37)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Issue 15, point 3. The byte strings are laid out by hand from the Heart
 * Rate Service specification (HRS 1.0, 3.1): flags, heart rate (8 or 16
 * bits), energy expended (16 bits, kJ), RR intervals (16 bits, 1/1024 s),
 * all little-endian.
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-heart-rate-measurement-private.h"

static void
parse_ok (const guint8              *data,
          gsize                      size,
          BgrunHeartRateMeasurement *measurement)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_heart_rate_measurement_parse (data, size, measurement, &error));
  g_assert_no_error (error);
}

static void
test_8bit (void)
{
  const guint8 data[] = { 0x00, 72 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.heart_rate, ==, 72);
  g_assert_cmpint (m.contact, ==, BGRUN_SENSOR_CONTACT_NOT_SUPPORTED);
  g_assert_false (m.has_energy_expended);
  g_assert_cmpuint (m.n_rr_intervals, ==, 0);
}

static void
test_8bit_above_127 (void)
{
  /* Unsigned: 0xC8 is 200, not -56. */
  const guint8 data[] = { 0x00, 0xC8 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.heart_rate, ==, 200);
}

static void
test_16bit (void)
{
  /* 0x012C = 300 bpm, little-endian. */
  const guint8 data[] = { 0x01, 0x2C, 0x01 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.heart_rate, ==, 300);
}

static void
test_contact (void)
{
  const struct { guint8 flags; BgrunSensorContact contact; } cases[] = {
    { 0x00, BGRUN_SENSOR_CONTACT_NOT_SUPPORTED },
    { 0x02, BGRUN_SENSOR_CONTACT_NOT_SUPPORTED }, /* "detected" without "supported" */
    { 0x04, BGRUN_SENSOR_CONTACT_NOT_DETECTED },
    { 0x06, BGRUN_SENSOR_CONTACT_DETECTED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const guint8 data[] = { cases[i].flags, 80 };
      BgrunHeartRateMeasurement m;

      parse_ok (data, sizeof data, &m);
      g_assert_cmpint (m.contact, ==, cases[i].contact);
      g_assert_cmpuint (m.heart_rate, ==, 80);
    }
}

static void
test_energy (void)
{
  /* 16-bit heart rate 0x0090 = 144, energy 0x0401 = 1025 kJ. */
  const guint8 data[] = { 0x09, 0x90, 0x00, 0x01, 0x04 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.heart_rate, ==, 144);
  g_assert_true (m.has_energy_expended);
  g_assert_cmpuint (m.energy_expended, ==, 1025);
  g_assert_cmpuint (m.n_rr_intervals, ==, 0);
}

static void
test_rr_intervals (void)
{
  /* 8-bit 60 bpm, RR 1024 (1 s) and 0x0300 = 768 (0.75 s). */
  const guint8 data[] = { 0x10, 60, 0x00, 0x04, 0x00, 0x03 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.heart_rate, ==, 60);
  g_assert_cmpuint (m.n_rr_intervals, ==, 2);
  g_assert_cmpuint (m.rr_intervals[0], ==, 1024);
  g_assert_cmpuint (m.rr_intervals[1], ==, 768);
  g_assert_cmpfloat (bgrun_heart_rate_rr_interval_seconds (m.rr_intervals[0]), ==, 1.0);
  g_assert_cmpfloat (bgrun_heart_rate_rr_interval_seconds (m.rr_intervals[1]), ==, 0.75);
}

static void
test_everything (void)
{
  /* 16-bit 0x00A0 = 160, contact detected, energy 0x0010 = 16 kJ, RR 375
   * (0x0177) and 380 (0x017C). */
  const guint8 data[] = { 0x1F, 0xA0, 0x00, 0x10, 0x00, 0x77, 0x01, 0x7C, 0x01 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.heart_rate, ==, 160);
  g_assert_cmpint (m.contact, ==, BGRUN_SENSOR_CONTACT_DETECTED);
  g_assert_true (m.has_energy_expended);
  g_assert_cmpuint (m.energy_expended, ==, 16);
  g_assert_cmpuint (m.n_rr_intervals, ==, 2);
  g_assert_cmpuint (m.rr_intervals[0], ==, 375);
  g_assert_cmpuint (m.rr_intervals[1], ==, 380);
}

static void
test_flag_without_rr_values (void)
{
  /* The RR flag with no interval after it: none, not an error. */
  const guint8 data[] = { 0x10, 70 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.n_rr_intervals, ==, 0);
}

static void
test_reserved_bits_ignored (void)
{
  const guint8 data[] = { 0xE0, 65 };
  BgrunHeartRateMeasurement m;

  parse_ok (data, sizeof data, &m);
  g_assert_cmpuint (m.heart_rate, ==, 65);
  g_assert_false (m.has_energy_expended);
  g_assert_cmpuint (m.n_rr_intervals, ==, 0);
}

static void
test_malformed (void)
{
  const struct { guint8 data[6]; gsize size; const char *fragment; } cases[] = {
    { { 0 }, 0, "empty" },
    { { 0x00 }, 1, "8-bit heart rate" },
    { { 0x01, 0x50 }, 2, "16-bit heart rate" },
    { { 0x08, 0x50 }, 2, "energy expended" },
    { { 0x08, 0x50, 0x01 }, 3, "energy expended" },
    { { 0x10, 0x50, 0x00 }, 3, "inside an RR interval" },
    { { 0x18, 0x50, 0x01, 0x00, 0x00 }, 5, "inside an RR interval" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      BgrunHeartRateMeasurement m;

      g_assert_false (bgrun_heart_rate_measurement_parse (cases[i].data, cases[i].size, &m, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

static void
test_most_rr_intervals (void)
{
  guint8 data[2 + 2 * BGRUN_HEART_RATE_MAX_RR + 2] = { 0x10, 70 };
  BgrunHeartRateMeasurement m;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < BGRUN_HEART_RATE_MAX_RR; i++)
    {
      data[2 + 2 * i] = i & 0xff;
      data[3 + 2 * i] = 0x03;
    }
  parse_ok (data, 2 + 2 * BGRUN_HEART_RATE_MAX_RR, &m);
  g_assert_cmpuint (m.n_rr_intervals, ==, BGRUN_HEART_RATE_MAX_RR);
  g_assert_cmpuint (m.rr_intervals[BGRUN_HEART_RATE_MAX_RR - 1], ==, 0x0300 + 254);

  g_assert_false (bgrun_heart_rate_measurement_parse (data, sizeof data, &m, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/heart-rate-measurement/8bit", test_8bit);
  g_test_add_func ("/heart-rate-measurement/8bit-above-127", test_8bit_above_127);
  g_test_add_func ("/heart-rate-measurement/16bit", test_16bit);
  g_test_add_func ("/heart-rate-measurement/contact", test_contact);
  g_test_add_func ("/heart-rate-measurement/energy", test_energy);
  g_test_add_func ("/heart-rate-measurement/rr-intervals", test_rr_intervals);
  g_test_add_func ("/heart-rate-measurement/everything", test_everything);
  g_test_add_func ("/heart-rate-measurement/rr-flag-without-values", test_flag_without_rr_values);
  g_test_add_func ("/heart-rate-measurement/reserved-bits", test_reserved_bits_ignored);
  g_test_add_func ("/heart-rate-measurement/malformed", test_malformed);
  g_test_add_func ("/heart-rate-measurement/most-rr-intervals", test_most_rr_intervals);

  return g_test_run ();
}
