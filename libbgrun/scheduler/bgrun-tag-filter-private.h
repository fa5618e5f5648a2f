/* bgrun-tag-filter-private.h: the items of a live list of requests that
 * carry one tag
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_TAG_FILTER (bgrun_tag_filter_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTagFilter, bgrun_tag_filter, BGRUN, TAG_FILTER, GObject)

/* A GListModel of the BgrunTaskRequests of @source that carry @tag, in
 * @source's order. It follows @source's items-changed with items-changed
 * of its own at the exact positions, reading only the added items.
 * get_item and get_n_items take constant time; a change takes a binary
 * search, plus an addition per match after it when the length changes. */
BgrunTagFilter *bgrun_tag_filter_new (GListModel *source,
                                      const char *tag);

G_END_DECLS
