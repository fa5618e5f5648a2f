/* bgrun-identifier-private.h: the rules for task identifiers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The longest identifier, in bytes (a family's ".*" included). */
#define BGRUN_IDENTIFIER_MAX_LENGTH 255

gboolean bgrun_identifier_validate  (const char  *identifier,
                                     gboolean     allow_family,
                                     GError     **error);
gboolean bgrun_identifier_is_family (const char  *identifier);
gboolean bgrun_identifier_matches   (const char  *registered,
                                     const char  *identifier);

G_END_DECLS
