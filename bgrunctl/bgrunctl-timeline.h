/* bgrunctl-timeline.h: the history drawn as a timeline, in SVG
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bgrunctl-commands.h"

G_BEGIN_DECLS

/* "bgrunctl timeline": writes options->svg. */
gboolean bgrunctl_run_timeline     (BgrunctlSource   *source,
                                    BgrunctlOptions  *options,
                                    GError          **error);

/* --since: an ISO 8601 date and time, or a span back from @now_usec such
 * as "90m", "2h" or "3d" (s, m, h, d). Sets *@since_usec. */
gboolean bgrunctl_timeline_parse_since (const char  *text,
                                        gint64       now_usec,
                                        gint64      *since_usec,
                                        GError     **error);

G_END_DECLS
