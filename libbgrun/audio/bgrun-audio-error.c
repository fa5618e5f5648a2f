/* bgrun-audio-error.c: the errors of background audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-error.h"

/**
 * bgrun_audio_error_quark:
 *
 * Gets the error domain of [error@Bgrun.AudioError], the quark that
 * %BGRUN_AUDIO_ERROR stands for.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (bgrun-audio-error-quark, bgrun_audio_error)
