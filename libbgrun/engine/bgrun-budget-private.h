/* bgrun-budget-private.h: the app-refresh budget, a token bucket
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* BGRUN_REFRESH_BUDGET tokens at most, refilled at BGRUN_REFRESH_BUDGET
 * an hour; each refresh task that starts takes one. */
typedef struct
{
  double tokens;
  gint64 updated;   /* µs: when tokens was last brought up to date */
} BgrunBudget;

void      bgrun_budget_init         (BgrunBudget *budget,
                                     gint64       now);
gint64    bgrun_budget_ready_at     (BgrunBudget *budget,
                                     gint64       now,
                                     guint        queued_ahead);
void      bgrun_budget_take         (BgrunBudget *budget,
                                     gint64       now);
GVariant *bgrun_budget_to_variant   (const BgrunBudget *budget);
gboolean  bgrun_budget_from_variant (BgrunBudget *budget,
                                     GVariant    *value);

G_END_DECLS
