/* bgrun-audio-wav-writer.c: a WAV file that is always playable
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "bgrun-audio-wav-writer-private.h"

/* A WAV file states its length in its header, which an encoder writes
 * once at the end; a process killed before that leaves a file that says
 * it is empty. This writer states the length so far at least once a
 * second instead (two 4-byte pwrite()s), so the file is playable up to
 * the last rewrite whenever the process dies. */

#define HEADER_SIZE 44
#define REWRITE_INTERVAL G_USEC_PER_SEC

struct _BgrunWavWriter
{
  int     fd;
  guint   rate;
  guint   channels;
  guint64 data_size;       /* bytes of samples written in full */
  gint64  last_rewrite;    /* monotonic, µs; 0 before the header */
};

BgrunWavWriter *
bgrun_wav_writer_new (int   fd,
                      guint rate,
                      guint channels)
{
  BgrunWavWriter *self = g_new0 (BgrunWavWriter, 1);

  self->fd = fd;
  self->rate = rate;
  self->channels = channels;
  return self;
}

static void
put_le32 (guint8  *at,
          guint32  value)
{
  at[0] = value & 0xff;
  at[1] = (value >> 8) & 0xff;
  at[2] = (value >> 16) & 0xff;
  at[3] = (value >> 24) & 0xff;
}

static void
put_le16 (guint8  *at,
          guint16  value)
{
  at[0] = value & 0xff;
  at[1] = (value >> 8) & 0xff;
}

static gboolean
fail (const char  *what,
      int          saved_errno,
      GError     **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          size,
           off_t          offset,
           gsize         *written,
           GError       **error)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t n = offset >= 0 ? pwrite (fd, data + done, size - done, offset + done)
                              : write (fd, data + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          if (written != NULL)
            *written = done;
          return fail ("WAV", saved_errno, error);
        }
      done += n;
    }
  if (written != NULL)
    *written = done;
  return TRUE;
}

/* WAV sizes are 32-bit: a recording past 4 GiB keeps the largest size. */
static guint32
clamp32 (guint64 value)
{
  return value > G_MAXUINT32 ? G_MAXUINT32 : (guint32) value;
}

static gboolean
write_header (BgrunWavWriter  *self,
              GError         **error)
{
  guint8 header[HEADER_SIZE];
  guint block_align = self->channels * 2;

  memcpy (header, "RIFF", 4);
  put_le32 (header + 4, clamp32 (36 + self->data_size));
  memcpy (header + 8, "WAVEfmt ", 8);
  put_le32 (header + 16, 16);                     /* fmt chunk size */
  put_le16 (header + 20, 1);                      /* PCM */
  put_le16 (header + 22, self->channels);
  put_le32 (header + 24, self->rate);
  put_le32 (header + 28, self->rate * block_align);
  put_le16 (header + 32, block_align);
  put_le16 (header + 34, 16);                     /* bits per sample */
  memcpy (header + 36, "data", 4);
  put_le32 (header + 40, clamp32 (self->data_size));
  return write_all (self->fd, header, HEADER_SIZE, 0, NULL, error);
}

static gboolean
rewrite_sizes (BgrunWavWriter  *self,
               GError         **error)
{
  guint8 size[4];

  put_le32 (size, clamp32 (36 + self->data_size));
  if (!write_all (self->fd, size, 4, 4, NULL, error))
    return FALSE;
  put_le32 (size, clamp32 (self->data_size));
  if (!write_all (self->fd, size, 4, 40, NULL, error))
    return FALSE;
  self->last_rewrite = g_get_monotonic_time ();
  return TRUE;
}

gboolean
bgrun_wav_writer_write (BgrunWavWriter  *self,
                        const guint8    *data,
                        gsize            size,
                        GError         **error)
{
  guint block_align = self->channels * 2;
  gsize written = 0;
  g_autoptr(GError) local_error = NULL;

  if (self->last_rewrite == 0)
    {
      if (!write_header (self, error))
        return FALSE;
      self->last_rewrite = g_get_monotonic_time ();
    }
  if (!write_all (self->fd, data, size, HEADER_SIZE + self->data_size, &written, &local_error))
    {
      /* Count the whole frames that made it, so the header never claims
       * more than the file holds. */
      self->data_size += written - written % block_align;
      rewrite_sizes (self, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->data_size += written;
  if (g_get_monotonic_time () - self->last_rewrite >= REWRITE_INTERVAL)
    return rewrite_sizes (self, error);
  return TRUE;
}

gboolean
bgrun_wav_writer_close (BgrunWavWriter  *self,
                        GError         **error)
{
  gboolean ok;

  if (self->fd < 0)
    return TRUE;
  ok = self->last_rewrite == 0 ? write_header (self, error) : rewrite_sizes (self, error);
  if (close (self->fd) < 0 && ok)
    ok = fail ("WAV", errno, error);
  self->fd = -1;
  return ok;
}

void
bgrun_wav_writer_free (BgrunWavWriter *self)
{
  if (self->fd >= 0)
    close (self->fd);
  g_free (self);
}
