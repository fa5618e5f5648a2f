/* bgrunctl-source.h: where bgrunctl reads and drives background work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The org.bgrun.Admin1 interface of bgrund, or of one app running its
 * engine embedded, or its read-only stand-in over the stores in a state
 * directory. Every command asks a source the same way, by the interface's
 * method names, and gets the interface's answers. */
typedef struct _BgrunctlSource BgrunctlSource;

/* With @state_dir: the stores under it, read-only. Else bgrund when it
 * runs; else the app @app_id (nullable) when it runs with its engine
 * embedded. Fails with a message naming what was looked for. */
BgrunctlSource *bgrunctl_source_open        (const char      *state_dir,
                                             const char      *app_id,
                                             GError         **error);
void            bgrunctl_source_free        (BgrunctlSource  *source);

/* Calls @method of org.bgrun.Admin1 with @parameters (floating, consumed)
 * and returns the reply, of @reply_type; errors come back with their
 * message only (no D-Bus error name). */
GVariant       *bgrunctl_source_call        (BgrunctlSource      *source,
                                             const char          *method,
                                             GVariant            *parameters,
                                             const GVariantType  *reply_type,
                                             GError             **error);

/* What the source is, for "status": such as "bgrund (:1.5)". */
const char     *bgrunctl_source_describe    (BgrunctlSource  *source);

/* The read-only stand-in (bgrunctl-store-source.c): the methods it can
 * answer from stores alone, with the same reply types. */
GVariant       *bgrunctl_store_source_call  (const char          *state_dir,
                                             const char          *method,
                                             GVariant            *parameters,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunctlSource, bgrunctl_source_free)

G_END_DECLS
