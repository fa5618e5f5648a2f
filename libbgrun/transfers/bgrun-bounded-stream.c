/* bgrun-bounded-stream.c: the first bytes of a stream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An upload request that carries a part of a file gets this as its body:
 * libsoup writes only Content-Length bytes of a longer body, but reads it
 * to its end all the same, which would read the rest of the file from
 * disk for every part.
 */

#include "config.h"

#include "bgrun-bounded-stream-private.h"

struct _BgrunBoundedStream
{
  GInputStream  parent_instance;
  GInputStream *base;
  guint64       left;
};

G_DEFINE_FINAL_TYPE (BgrunBoundedStream, bgrun_bounded_stream, G_TYPE_INPUT_STREAM)

static gssize
bgrun_bounded_stream_read (GInputStream  *stream,
                           void          *buffer,
                           gsize          count,
                           GCancellable  *cancellable,
                           GError       **error)
{
  BgrunBoundedStream *self = BGRUN_BOUNDED_STREAM (stream);
  gssize nread;

  if (self->left == 0)
    return 0;
  nread = g_input_stream_read (self->base, buffer, (gsize) MIN ((guint64) count, self->left),
                               cancellable, error);
  if (nread > 0)
    self->left -= (guint64) nread;
  return nread;
}

static gboolean
bgrun_bounded_stream_close (GInputStream  *stream,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return g_input_stream_close (BGRUN_BOUNDED_STREAM (stream)->base, cancellable, error);
}

static void
bgrun_bounded_stream_finalize (GObject *object)
{
  g_clear_object (&BGRUN_BOUNDED_STREAM (object)->base);
  G_OBJECT_CLASS (bgrun_bounded_stream_parent_class)->finalize (object);
}

static void
bgrun_bounded_stream_class_init (BgrunBoundedStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bgrun_bounded_stream_finalize;
  stream_class->read_fn = bgrun_bounded_stream_read;
  stream_class->close_fn = bgrun_bounded_stream_close;
}

static void
bgrun_bounded_stream_init (BgrunBoundedStream *self)
{
}

GInputStream *
bgrun_bounded_stream_new (GInputStream *base,
                          guint64       length)
{
  BgrunBoundedStream *self = g_object_new (BGRUN_TYPE_BOUNDED_STREAM, NULL);

  self->base = g_object_ref (base);
  self->left = length;
  return G_INPUT_STREAM (self);
}
