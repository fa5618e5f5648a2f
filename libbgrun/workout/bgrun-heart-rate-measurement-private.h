/* bgrun-heart-rate-measurement-private.h: the Bluetooth Heart Rate
 * Measurement characteristic (0x2A37)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a heart-rate sensor says about skin contact (flags bits 1-2). */
typedef enum {
  BGRUN_SENSOR_CONTACT_NOT_SUPPORTED,
  BGRUN_SENSOR_CONTACT_NOT_DETECTED,
  BGRUN_SENSOR_CONTACT_DETECTED,
} BgrunSensorContact;

/* The most RR intervals one measurement can hold: a 512-byte attribute
 * value less the flags and the 8-bit heart rate, 2 bytes each. */
#define BGRUN_HEART_RATE_MAX_RR 255

/* One notification of the Heart Rate Measurement characteristic, as the
 * Bluetooth Heart Rate Service specification (HRS 1.0, section 3.1)
 * lays it out, all little-endian: a flags byte; the heart rate in beats
 * per minute, 8 bits or (flags bit 0) 16; the energy expended in
 * kilojoules since the sensor was reset, 16 bits, present with flags bit
 * 3; then RR intervals, 16 bits each in 1/1024 s, present with flags bit
 * 4. Flags bits 5-7 are reserved and ignored. */
typedef struct {
  guint16            heart_rate;
  BgrunSensorContact contact;
  gboolean           has_energy_expended;
  guint16            energy_expended;  /* kJ, when present */
  guint              n_rr_intervals;
  guint16            rr_intervals[BGRUN_HEART_RATE_MAX_RR]; /* 1/1024 s */
} BgrunHeartRateMeasurement;

/* Parses @size bytes of @data into @measurement. Fails with
 * G_IO_ERROR_INVALID_DATA, saying which field is missing or cut, when
 * the value is shorter than its flags announce, or holds half an RR
 * interval. */
gboolean bgrun_heart_rate_measurement_parse   (const guint8               *data,
                                               gsize                       size,
                                               BgrunHeartRateMeasurement  *measurement,
                                               GError                    **error);

/* An RR interval in seconds. */
double   bgrun_heart_rate_rr_interval_seconds (guint16                     rr_interval);

G_END_DECLS
