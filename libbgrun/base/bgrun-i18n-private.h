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

const char *bgrun_locale_directory (void);
const char *bgrun_gettext (const char *msgid) G_GNUC_FORMAT (1);

/* bgrund and bgrunctl include <glib/gi18n.h> first and keep its _() and
 * N_(): their textdomain() is libbgrun's own, so both read one catalogue. */
#ifndef _
#define _(s) bgrun_gettext (s)
#endif
#ifndef N_
#define N_(s) (s)
#endif

G_END_DECLS
