/* bgrun-heart-rate-measurement.c: the Bluetooth Heart Rate Measurement
 * characteristic (0x2A37)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "bgrun-heart-rate-measurement-private.h"
#include "bgrun-i18n-private.h"

#define FLAG_VALUE_16BIT       (1 << 0)
#define FLAG_CONTACT_DETECTED  (1 << 1)
#define FLAG_CONTACT_SUPPORTED (1 << 2)
#define FLAG_ENERGY_EXPENDED   (1 << 3)
#define FLAG_RR_INTERVALS      (1 << 4)

static guint16
read_u16 (const guint8 *data)
{
  return (guint16) (data[0] | data[1] << 8);
}

gboolean
bgrun_heart_rate_measurement_parse (const guint8               *data,
                                    gsize                       size,
                                    BgrunHeartRateMeasurement  *measurement,
                                    GError                    **error)
{
  gsize offset = 1, value_size;
  guint8 flags;

  memset (measurement, 0, sizeof *measurement);
  if (size == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("A heart rate measurement is empty: it needs at least its flags and a heart rate."));
      return FALSE;
    }
  flags = data[0];
  value_size = (flags & FLAG_VALUE_16BIT) ? 2 : 1;
  if (size < offset + value_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("A heart rate measurement of %zu bytes is cut inside its %d-bit heart rate."),
                   size, (int) value_size * 8);
      return FALSE;
    }
  measurement->heart_rate = value_size == 2 ? read_u16 (data + offset) : data[offset];
  offset += value_size;

  if (!(flags & FLAG_CONTACT_SUPPORTED))
    measurement->contact = BGRUN_SENSOR_CONTACT_NOT_SUPPORTED;
  else if (flags & FLAG_CONTACT_DETECTED)
    measurement->contact = BGRUN_SENSOR_CONTACT_DETECTED;
  else
    measurement->contact = BGRUN_SENSOR_CONTACT_NOT_DETECTED;

  if (flags & FLAG_ENERGY_EXPENDED)
    {
      if (size < offset + 2)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A heart rate measurement of %zu bytes is cut inside the energy expended its flags announce."),
                       size);
          return FALSE;
        }
      measurement->has_energy_expended = TRUE;
      measurement->energy_expended = read_u16 (data + offset);
      offset += 2;
    }

  if (flags & FLAG_RR_INTERVALS)
    {
      if ((size - offset) % 2 != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A heart rate measurement of %zu bytes ends inside an RR interval."),
                       size);
          return FALSE;
        }
      if ((size - offset) / 2 > BGRUN_HEART_RATE_MAX_RR)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A heart rate measurement of %zu bytes holds more RR intervals than a characteristic value can."),
                       size);
          return FALSE;
        }
      for (; offset < size; offset += 2)
        measurement->rr_intervals[measurement->n_rr_intervals++] = read_u16 (data + offset);
    }
  /* Bytes after the announced fields (without RR intervals) are ignored,
   * as fields a later version of the specification may add. */
  return TRUE;
}

double
bgrun_heart_rate_rr_interval_seconds (guint16 rr_interval)
{
  return rr_interval / 1024.0;
}
