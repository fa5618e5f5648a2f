/* bgrun-store-image.c: a damaged database's pages as SQLite would see
 * them, its write-ahead log laid over its file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The formats are those of SQLite's file format document: the database
 * header (page size at offset 16, reserved bytes at 20) and the WAL (a
 * 32-byte header, then frames of a 24-byte header and one page). A frame
 * counts when its salts are the header's and the running checksum holds,
 * and only up to the last commit frame: what SQLite itself would replay.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bgrun-store-image-private.h"

#define WAL_HEADER 32
#define FRAME_HEADER 24
#define WAL_MAGIC_LE 0x377f0682
#define WAL_MAGIC_BE 0x377f0683

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_word (const guint8 *p,
           gboolean      big_endian)
{
  if (big_endian)
    return read_be32 (p);
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* The WAL checksum: over pairs of 32-bit words, continuing from @s. */
static void
wal_checksum (const guint8 *data,
              gsize         length,
              gboolean      big_endian,
              guint32       s[2])
{
  for (gsize i = 0; i + 8 <= length; i += 8)
    {
      s[0] += read_word (data + i, big_endian) + s[1];
      s[1] += read_word (data + i + 4, big_endian) + s[0];
    }
}

static gboolean
valid_page_size (guint32 size)
{
  return size >= 512 && size <= 65536 && (size & (size - 1)) == 0;
}

/* The page size the database header names, or 0. */
static guint
header_page_size (GBytes *file)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (file, &length);
  guint32 size;

  if (length < 100 || memcmp (data, "SQLite format 3", 16) != 0)
    return 0;
  size = ((guint32) data[16] << 8) | data[17];
  if (size == 1)
    size = 65536;
  return valid_page_size (size) ? size : 0;
}

/* Lays the committed frames of @wal over @image (growing it as the last
 * commit says); sets *@page_size when the image had none. */
static void
overlay_wal (GByteArray *image,
             GBytes     *wal,
             guint      *page_size)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (wal, &length);
  guint32 magic, size, salt1, salt2, s[2] = { 0, 0 }, committed_pages = 0;
  gsize committed_end = 0;
  gboolean big_endian;

  if (length < WAL_HEADER)
    return;
  magic = read_be32 (data);
  size = read_be32 (data + 8);
  if ((magic != WAL_MAGIC_LE && magic != WAL_MAGIC_BE) || !valid_page_size (size) ||
      (*page_size != 0 && size != *page_size))
    return;
  big_endian = magic == WAL_MAGIC_BE;
  wal_checksum (data, 24, big_endian, s);
  if (s[0] != read_be32 (data + 24) || s[1] != read_be32 (data + 28))
    return;
  salt1 = read_be32 (data + 16);
  salt2 = read_be32 (data + 20);

  /* First find how far the valid, committed frames go. */
  for (gsize at = WAL_HEADER; at + FRAME_HEADER + size <= length; at += FRAME_HEADER + size)
    {
      const guint8 *frame = data + at;

      if (read_be32 (frame + 8) != salt1 || read_be32 (frame + 12) != salt2)
        break;
      wal_checksum (frame, 8, big_endian, s);
      wal_checksum (frame + FRAME_HEADER, size, big_endian, s);
      if (s[0] != read_be32 (frame + 16) || s[1] != read_be32 (frame + 20))
        break;
      if (read_be32 (frame + 4) != 0)
        {
          committed_pages = read_be32 (frame + 4);
          committed_end = at + FRAME_HEADER + size;
        }
    }
  if (committed_end == 0)
    return;

  *page_size = size;
  if (image->len < (gsize) committed_pages * size)
    {
      gsize old = image->len;

      g_byte_array_set_size (image, (guint) ((gsize) committed_pages * size));
      memset (image->data + old, 0, image->len - old);
    }
  for (gsize at = WAL_HEADER; at < committed_end; at += FRAME_HEADER + size)
    {
      guint32 page = read_be32 (data + at);

      if (page >= 1 && page <= committed_pages)
        memcpy (image->data + (gsize) (page - 1) * size, data + at + FRAME_HEADER, size);
    }
}

static GBytes *
read_file (const char  *path,
           char       **reason)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (reason != NULL)
        *reason = g_strdup (error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

GByteArray *
bgrun_store_image_read (const char  *path,
                        guint       *page_size,
                        char       **reason)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autoptr(GBytes) file = read_file (path, reason);
  g_autoptr(GBytes) wal = read_file (wal_path, NULL);
  GByteArray *image;

  if (file == NULL && wal == NULL)
    return NULL;
  image = g_byte_array_new ();
  *page_size = 0;
  if (file != NULL)
    {
      g_byte_array_append (image, g_bytes_get_data (file, NULL), (guint) g_bytes_get_size (file));
      *page_size = header_page_size (file);
    }
  if (wal != NULL)
    overlay_wal (image, wal, page_size);
  return image;
}

gboolean
bgrun_store_image_is_wal_only (const char *path)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  GStatBuf file, wal;

  return g_stat (path, &file) == 0 && file.st_size == 0 &&
         g_stat (wal_path, &wal) == 0 && wal.st_size > WAL_HEADER;
}
