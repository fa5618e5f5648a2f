/* bgrun-admin-records-private.h: the dictionaries of org.bgrun.Admin1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The records org.bgrun.Admin1 returns (their keys are documented in
 * data/org.bgrun.Admin1.xml), made in one place for the admin service
 * and for bgrunctl reading a store directly, so both print the same.
 *
 * bgrun_admin_record_for_dict() is a request's or task's a{sv} with
 * "app-id" added. bgrun_admin_record_for_history() turns a history entry
 * (sixsa{sv}) into its a{sv} (the details' keys included). Both return a new non-floating reference.
 *
 * bgrun_admin_history_new() starts a history of any number of apps;
 * bgrun_admin_history_add() adds an entry (sixsa{sv}) of @app_id;
 * bgrun_admin_history_end() returns them as aa{sv}, oldest first
 * across apps, keeping only the latest @limit (0: all), and frees the
 * array. */
GVariant  *bgrun_admin_record_for_dict    (const char *app_id,
                                           GVariant   *dict);
GVariant  *bgrun_admin_record_for_history (const char *app_id,
                                           GVariant   *entry);

GPtrArray *bgrun_admin_history_new        (void);
void       bgrun_admin_history_add        (GPtrArray  *history,
                                           const char *app_id,
                                           GVariant   *entry);
GVariant  *bgrun_admin_history_end        (GPtrArray  *history,
                                           guint       limit);

G_END_DECLS
