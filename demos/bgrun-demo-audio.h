/* bgrun-demo-audio.h: bgrun-demo's background audio step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bgrun_demo_audio_step (void);

G_END_DECLS
