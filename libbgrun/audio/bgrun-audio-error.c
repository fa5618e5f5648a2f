/* bgrun-audio-error.c: the errors of background audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-error.h"

G_DEFINE_QUARK (bgrun-audio-error-quark, bgrun_audio_error)
