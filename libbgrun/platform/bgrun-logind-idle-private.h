/* bgrun-logind-idle-private.h: whether the user's session is idle, from logind
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_LOGIND_IDLE (bgrun_logind_idle_get_type ())

G_DECLARE_FINAL_TYPE (BgrunLogindIdle, bgrun_logind_idle, BGRUN, LOGIND_IDLE, GObject)

BgrunLogindIdle *bgrun_logind_idle_new      (void);
gboolean         bgrun_logind_idle_get_idle (BgrunLogindIdle *self);

G_END_DECLS
