/* bgrun-audio-wav-writer-private.h: a WAV file that is always playable
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BgrunWavWriter BgrunWavWriter;

/* Takes @fd (opened for writing, empty); writes a 16-bit PCM header for
 * @rate and @channels at the first write. Thread: any, one at a time. */
BgrunWavWriter *bgrun_wav_writer_new   (int               fd,
                                        guint             rate,
                                        guint             channels);

/* Appends @data, then rewrites the header's RIFF and data sizes if the
 * last rewrite is a second old or more: killed at any moment, the file
 * plays up to at most a second before. Fails (errno's GIOErrorEnum, in
 * G_IO_ERROR) with what write() said, such as G_IO_ERROR_NO_SPACE; the
 * header then covers what was written in full. */
gboolean        bgrun_wav_writer_write (BgrunWavWriter   *self,
                                        const guint8     *data,
                                        gsize             size,
                                        GError          **error);

/* Rewrites the header for everything written and closes the file. */
gboolean        bgrun_wav_writer_close (BgrunWavWriter   *self,
                                        GError          **error);

void            bgrun_wav_writer_free  (BgrunWavWriter   *self);

G_END_DECLS
