/* bgrun-i18n-private.h: translation of user-visible strings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

const char *bgrun_gettext (const char *msgid) G_GNUC_FORMAT (1);

#define _(s) bgrun_gettext (s)
#define N_(s) (s)

G_END_DECLS
