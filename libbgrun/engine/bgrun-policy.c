/* bgrun-policy.c: when a request may run, and why not
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-i18n-private.h"
#include "bgrun-limits.h"
#include "bgrun-kind-private.h"
#include "bgrun-policy-private.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-request-work-private.h"
#include "bgrun-time-private.h"

/* The one place that decides whether a pending request may start. The
 * engine calls it without a verdict to decide, and explain() calls it with
 * one to say why: the two cannot disagree.
 *
 * A request waits either for a time (its earliest begin date, a backoff,
 * the refresh budget) or for a condition (a network, power, a free slot).
 * The result is the time it may start: now or earlier when it may start at
 * once, BGRUN_POLICY_NEVER when a condition must change first. */

void
bgrun_policy_verdict_init (BgrunPolicyVerdict *verdict)
{
  verdict->reasons = g_array_new (FALSE, FALSE, sizeof (BgrunWaitReason));
  verdict->messages = g_ptr_array_new_with_free_func (g_free);
}

void
bgrun_policy_verdict_clear (BgrunPolicyVerdict *verdict)
{
  g_clear_pointer (&verdict->reasons, g_array_unref);
  g_clear_pointer (&verdict->messages, g_ptr_array_unref);
}

/* The engine decides without a verdict; messages are only written for
 * explain(), so deciding allocates nothing. */
static void
add_reason (BgrunPolicyVerdict *verdict,
            BgrunWaitReason     reason,
            const char         *message)
{
  if (verdict == NULL)
    return;
  g_array_append_val (verdict->reasons, reason);
  g_ptr_array_add (verdict->messages, g_strdup (message));
}

/* Adds @reason with @format, whose one %s becomes the local time @usec. */
static void
add_reason_at (BgrunPolicyVerdict *verdict,
               BgrunWaitReason     reason,
               const char         *format,
               gint64              usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;

  if (verdict == NULL)
    return;
  utc = bgrun_time_from_usec (usec);
  local = g_date_time_to_local (utc);
  when = g_date_time_format (local, "%F %T");
  message = g_strdup_printf (format, when);
  add_reason (verdict, reason, message);
}

/* Adds a reason for each requirement of a processing request that the
 * conditions do not meet; returns how many. */
static guint
check_requirements (BgrunConditions         *conditions,
                    const BgrunRequestFacts *request,
                    BgrunPolicyVerdict      *verdict)
{
  guint failing = 0;
  int level = bgrun_conditions_get_battery_level (conditions);
  gboolean on_battery = bgrun_conditions_get_on_battery (conditions);

  if ((request->requires_network_connectivity || request->requires_unmetered_network) &&
      !bgrun_conditions_get_network_available (conditions))
    {
      failing++;
      add_reason (verdict, BGRUN_WAIT_REASON_NO_NETWORK,
                  _("It requires a network connection and there is none."));
    }
  else if (request->requires_unmetered_network &&
           bgrun_conditions_get_network_metered (conditions))
    {
      failing++;
      add_reason (verdict, BGRUN_WAIT_REASON_METERED_NETWORK,
                  _("It requires an unmetered network and the network is metered."));
    }

  if (request->requires_external_power && on_battery)
    {
      failing++;
      add_reason (verdict, BGRUN_WAIT_REASON_ON_BATTERY,
                  _("It requires external power and the device runs on battery."));
    }

  if (request->requires_battery_not_low && on_battery &&
      level >= 0 && level < BGRUN_BATTERY_LOW_LEVEL)
    {
      failing++;
      if (verdict != NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("It requires a battery that is not low and the battery is at %d %% (below %d %%)."),
                             level, BGRUN_BATTERY_LOW_LEVEL);
          add_reason (verdict, BGRUN_WAIT_REASON_BATTERY_LOW, message);
        }
    }

  if (request->requires_storage_not_low && bgrun_conditions_get_storage_low (conditions))
    {
      failing++;
      add_reason (verdict, BGRUN_WAIT_REASON_STORAGE_LOW,
                  _("It requires storage that is not low and the disk that holds the app’s state is nearly full."));
    }

  if (request->requires_device_idle && !bgrun_conditions_get_device_idle (conditions))
    {
      failing++;
      add_reason (verdict, BGRUN_WAIT_REASON_DEVICE_NOT_IDLE,
                  _("It requires an idle device and the user’s session is not idle (or its idle state is unknown)."));
    }

  return failing;
}

/* @ready, or later when @entry's kind spends the refresh budget and the
 * app has none left. */
static gint64
wait_for_budget (const BgrunKind          *entry,
                 const BgrunPolicyContext *context,
                 gint64                    ready,
                 BgrunPolicyVerdict       *verdict)
{
  if (!(entry->flags & BGRUN_KIND_USES_BUDGET) || context->budget_ready_at <= context->now)
    return ready;
  add_reason_at (verdict, BGRUN_WAIT_REASON_BUDGET_EXHAUSTED,
                 _("The app used its refresh budget; the next refresh may start at %s."),
                 context->budget_ready_at);
  return MAX (ready, context->budget_ready_at);
}

gint64
bgrun_policy_evaluate (const BgrunPolicyContext *context,
                       const BgrunRequestFacts  *request,
                       BgrunPolicyVerdict       *verdict)
{
  const BgrunKind *entry = bgrun_kind_lookup (request->kind);
  gint64 ready = context->now;
  gboolean blocked = FALSE;
  gint64 begin, not_before;

  if (!context->registered && (entry->flags & BGRUN_KIND_SYSTEM))
    {
      blocked = TRUE;
      add_reason (verdict, BGRUN_WAIT_REASON_NOT_REGISTERED, _(entry->waits_for_app));
    }
  else if (!context->registered)
    {
      blocked = TRUE;
      add_reason (verdict, BGRUN_WAIT_REASON_NOT_REGISTERED,
                  _("No handler is registered for it in this process: register one when the app starts."));
    }
  if (context->already_running)
    {
      blocked = TRUE;
      add_reason (verdict, BGRUN_WAIT_REASON_ALREADY_RUNNING,
                  _("A task with the same identifier is running; it waits for that task to end."));
    }

  if (context->prerequisite != NULL)
    {
      blocked = TRUE;
      if (verdict != NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("Its prerequisite “%s” has not completed yet; it starts once that completes successfully."),
                             context->prerequisite);
          add_reason (verdict, BGRUN_WAIT_REASON_PREREQUISITE, message);
        }
    }

  /* Continued processing was started by the user: only slots hold it. */
  if (entry->flags & BGRUN_KIND_USER_INITIATED)
    {
      if (context->continued_running >= BGRUN_MAX_CONTINUED_TASKS)
        {
          blocked = TRUE;
          if (verdict != NULL)
            {
              g_autofree char *message =
                g_strdup_printf (_("%u continued-processing tasks of this app are running, the most that may run at once."),
                                 context->continued_running);
              add_reason (verdict, BGRUN_WAIT_REASON_CONTINUED_SLOTS_FULL, message);
            }
        }
      return blocked ? BGRUN_POLICY_NEVER : ready;
    }

  begin = request->earliest_begin_date;
  if (begin > context->now)
    {
      ready = MAX (ready, begin);
      add_reason_at (verdict, BGRUN_WAIT_REASON_EARLIEST_BEGIN_DATE,
                     _("Its earliest begin date, %s, is still ahead."), begin);
    }

  not_before = request->not_before;
  if (not_before > context->now)
    {
      ready = MAX (ready, not_before);
      add_reason_at (verdict, BGRUN_WAIT_REASON_BACKOFF,
                     request->retried
                     ? _("Its last attempt asked for a retry; the next attempt waits until %s, by its backoff policy.")
                     : _("It was interrupted and waits until %s before the next attempt."),
                     not_before);
    }

  /* libbgrun's own task (its work already happened, as a URL session's
   * transfers did) waits for no condition, and for the budget only when
   * its kind spends it. */
  if (entry->flags & BGRUN_KIND_SYSTEM)
    {
      ready = wait_for_budget (entry, context, ready, verdict);
      return blocked ? BGRUN_POLICY_NEVER : ready;
    }

  if (bgrun_conditions_get_power_saver (context->conditions))
    {
      blocked = TRUE;
      add_reason (verdict, BGRUN_WAIT_REASON_POWER_SAVER,
                  _("Power-saver mode is on, which defers background work."));
    }

  ready = wait_for_budget (entry, context, ready, verdict);

  if (entry->flags & BGRUN_KIND_HAS_CONDITIONS)
    {
      if (check_requirements (context->conditions, request, verdict) > 0)
        blocked = TRUE;
      if (bgrun_conditions_get_low_memory (context->conditions))
        {
          blocked = TRUE;
          add_reason (verdict, BGRUN_WAIT_REASON_LOW_MEMORY,
                      _("The system is low on memory, which defers processing work."));
        }
    }

  return blocked ? BGRUN_POLICY_NEVER : ready;
}

/* For a running processing task: do its requirements still hold? When not,
 * @why gets the reasons in one sentence each. */
gboolean
bgrun_policy_requirements_hold (BgrunConditions  *conditions,
                                GVariant         *request,
                                char            **why)
{
  BgrunPolicyVerdict verdict;
  BgrunRequestFacts facts;
  gboolean hold;

  bgrun_request_facts_read (request, &facts);
  bgrun_policy_verdict_init (&verdict);
  hold = check_requirements (conditions, &facts, &verdict) == 0;
  if (!hold && why != NULL)
    {
      g_ptr_array_add (verdict.messages, NULL);
      *why = g_strjoinv (" ", (char **) verdict.messages->pdata);
    }
  bgrun_policy_verdict_clear (&verdict);
  return hold;
}

/* The wait before the next attempt of @request after attempt @attempt
 * asked for a retry, in µs, by its backoff policy: delay × attempt
 * (linear) or delay × 2^(attempt − 1) (exponential), at most
 * BGRUN_MAX_BACKOFF_DELAY; -1 when its policy is none. */
gint64
bgrun_policy_retry_delay (GVariant *request,
                          guint     attempt)
{
  const char *policy = "none";
  double delay = BGRUN_DEFAULT_BACKOFF_DELAY;
  double seconds;

  g_variant_lookup (request, "backoff-policy", "&s", &policy);
  g_variant_lookup (request, "backoff-delay", "d", &delay);
  if (g_str_equal (policy, "linear"))
    seconds = delay * attempt;
  else if (g_str_equal (policy, "exponential"))
    seconds = ldexp (delay, (int) MIN (attempt, 64) - 1);
  else
    return -1;
  return (gint64) (MIN (seconds, BGRUN_MAX_BACKOFF_DELAY) * G_USEC_PER_SEC);
}

/* The wait before attempt @attempts + 1 of an interrupted request, in µs:
 * 30 s after the first interruption, doubling, at most five hours. */
gint64
bgrun_policy_backoff (guint attempts)
{
  gint64 seconds = BGRUN_BACKOFF_INITIAL;

  for (guint i = 1; i < attempts && seconds < BGRUN_BACKOFF_MAX; i++)
    seconds *= 2;
  return MIN (seconds, BGRUN_BACKOFF_MAX) * G_USEC_PER_SEC;
}
