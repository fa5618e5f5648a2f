/* bgrun-budget.c: the app-refresh budget, a token bucket
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-budget-private.h"
#include "bgrun-limits.h"

#define USEC_PER_TOKEN ((double) G_USEC_PER_SEC * 3600 / BGRUN_REFRESH_BUDGET)

void
bgrun_budget_init (BgrunBudget *budget,
                   gint64       now)
{
  budget->tokens = BGRUN_REFRESH_BUDGET;
  budget->updated = now;
}

/* A clock set backwards earns nothing; it only moves the reference. */
static void
refill (BgrunBudget *budget,
        gint64       now)
{
  if (now > budget->updated)
    budget->tokens = MIN ((double) BGRUN_REFRESH_BUDGET,
                          budget->tokens + (now - budget->updated) / USEC_PER_TOKEN);
  budget->updated = now;
}

/* When a refresh may start that has @queued_ahead others waiting for a
 * token before it: @now if enough tokens are there. */
gint64
bgrun_budget_ready_at (BgrunBudget *budget,
                       gint64       now,
                       guint        queued_ahead)
{
  double needed = 1.0 + queued_ahead;

  refill (budget, now);
  /* A token takes a whole number of microseconds to earn, so the exact
   * answer is a whole microsecond; the double only approximates it (a
   * refill at a third of a token leaves 0.666…67). Round to the nearest
   * microsecond, or every re-evaluation could push the time 1 µs later. */
  if (budget->tokens >= needed - 0.5 / USEC_PER_TOKEN)
    return now;
  return now + (gint64) llround ((needed - budget->tokens) * USEC_PER_TOKEN);
}

void
bgrun_budget_take (BgrunBudget *budget,
                   gint64       now)
{
  refill (budget, now);
  budget->tokens = MAX (0.0, budget->tokens - 1.0);
}

GVariant *
bgrun_budget_to_variant (const BgrunBudget *budget)
{
  return g_variant_new ("(dx)", budget->tokens, budget->updated);
}

gboolean
bgrun_budget_from_variant (BgrunBudget *budget,
                           GVariant    *value)
{
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE ("(dx)")))
    return FALSE;
  g_variant_get (value, "(dx)", &budget->tokens, &budget->updated);
  if (!isfinite (budget->tokens))
    return FALSE;
  budget->tokens = CLAMP (budget->tokens, 0.0, (double) BGRUN_REFRESH_BUDGET);
  return TRUE;
}
