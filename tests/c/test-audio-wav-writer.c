/* test-audio-wav-writer.c: the recorder's WAV writer states the length so
 * far at least once a second, and never more than the file holds
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bgrun-audio-wav-writer-private.h"

typedef struct
{
  char  *path;
  int    fd;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fd = g_file_open_tmp ("wav-writer-XXXXXX.wav", &fixture->path, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_unlink (fixture->path);
  g_free (fixture->path);
}

static guint32
le32_at (const guint8 *data,
         gsize         offset)
{
  return data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) |
         ((guint32) data[offset + 3] << 24);
}

static GBytes *
contents (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  g_file_get_contents (fixture->path, &data, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

static void
test_header_and_close (Fixture       *fixture,
                       gconstpointer  data)
{
  BgrunWavWriter *writer = bgrun_wav_writer_new (fixture->fd, 48000, 2);
  guint8 frames[4800] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *file;

  g_assert_true (bgrun_wav_writer_write (writer, frames, sizeof frames, &error));
  g_assert_true (bgrun_wav_writer_write (writer, frames, sizeof frames, &error));
  g_assert_true (bgrun_wav_writer_close (writer, &error));
  g_assert_no_error (error);
  bgrun_wav_writer_free (writer);

  bytes = contents (fixture);
  file = g_bytes_get_data (bytes, NULL);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 44 + 9600);
  g_assert_cmpmem (file, 4, "RIFF", 4);
  g_assert_cmpmem (file + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpuint (le32_at (file, 4), ==, 36 + 9600);
  g_assert_cmpuint (le32_at (file, 24), ==, 48000);          /* rate */
  g_assert_cmpuint (le32_at (file, 28), ==, 48000 * 4);      /* bytes per second */
  g_assert_cmpmem (file + 36, 4, "data", 4);
  g_assert_cmpuint (le32_at (file, 40), ==, 9600);
}

static void
test_sizes_are_rewritten_once_a_second (Fixture       *fixture,
                                        gconstpointer  data)
{
  BgrunWavWriter *writer = bgrun_wav_writer_new (fixture->fd, 48000, 2);
  guint8 frames[4800] = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_wav_writer_write (writer, frames, sizeof frames, &error));
  {
    g_autoptr(GBytes) early = contents (fixture);

    /* Within the first second: the header still says what it said. */
    g_assert_cmpuint (le32_at (g_bytes_get_data (early, NULL), 40), ==, 0);
  }
  /* The interval is real time: one second and a little, then a write. */
  g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
  g_assert_true (bgrun_wav_writer_write (writer, frames, sizeof frames, &error));
  {
    g_autoptr(GBytes) later = contents (fixture);

    /* Killed now, the file would play everything written. */
    g_assert_cmpuint (le32_at (g_bytes_get_data (later, NULL), 40), ==, 9600);
    g_assert_cmpuint (le32_at (g_bytes_get_data (later, NULL), 4), ==, 36 + 9600);
  }
  g_assert_true (bgrun_wav_writer_close (writer, &error));
  bgrun_wav_writer_free (writer);
}

static void
test_a_full_disk_is_no_space (void)
{
  int fd = open ("/dev/full", O_WRONLY | O_CLOEXEC);
  BgrunWavWriter *writer;
  guint8 frames[16] = { 0 };
  g_autoptr(GError) error = NULL;

  if (fd < 0)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  writer = bgrun_wav_writer_new (fd, 48000, 2);
  g_assert_false (bgrun_wav_writer_write (writer, frames, sizeof frames, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  bgrun_wav_writer_free (writer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/audio/wav-writer/header", Fixture, NULL, setup, test_header_and_close, teardown);
  g_test_add ("/audio/wav-writer/rewrite", Fixture, NULL, setup,
              test_sizes_are_rewritten_once_a_second, teardown);
  g_test_add_func ("/audio/wav-writer/no-space", test_a_full_disk_is_no_space);
  return g_test_run ();
}
