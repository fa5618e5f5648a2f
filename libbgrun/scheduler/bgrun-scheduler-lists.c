/* bgrun-scheduler-lists.c: the live lists of the app's pending requests,
 * running tasks and history
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-private.h"
#include "bgrun-history-entry-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-scheduler-internal-private.h"
#include "bgrun-store-private.h"
#include "bgrun-task-request-private.h"
#include "bgrun-time-private.h"

static gboolean
same_request (GVariant *a,
              GVariant *b)
{
  return a == b || g_variant_equal (a, b);
}

/* Brings the pending model in line with the engine's list, touching only
 * what changed: a submit or a start is one small items-changed, and the
 * requests that stayed keep their objects (and a list view its rows). */
static void
refresh_pending (BgrunScheduler *self)
{
  g_autoptr(GVariant) list = bgrun_broker_list_pending (self->broker);
  g_autoptr(GPtrArray) dicts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *old = self->pending_dicts;
  guint prefix = 0, suffix = 0, i;
  GVariantIter iter;
  GVariant *dict;

  /* libbgrun's own requests are not the app's. */
  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    if (bgrun_kind_has (bgrun_request_dict_get_kind (dict), BGRUN_KIND_SYSTEM))
      g_variant_unref (dict);
    else
      g_ptr_array_add (dicts, dict);

  while (prefix < old->len && prefix < dicts->len &&
         same_request (old->pdata[prefix], dicts->pdata[prefix]))
    prefix++;
  while (suffix < old->len - prefix && suffix < dicts->len - prefix &&
         same_request (old->pdata[old->len - 1 - suffix], dicts->pdata[dicts->len - 1 - suffix]))
    suffix++;

  for (i = prefix; i < dicts->len - suffix; )
    {
      g_autoptr(GError) error = NULL;
      BgrunTaskRequest *request = bgrun_task_request_new_from_variant (dicts->pdata[i], &error);

      if (request == NULL)
        {
          g_warning ("libbgrun: skipping a pending request that cannot be read: %s", error->message);
          g_ptr_array_remove_index (dicts, i);
          continue;
        }
      g_ptr_array_add (added, request);
      i++;
    }

  g_ptr_array_remove_range (old, prefix, old->len - prefix - suffix);
  for (i = 0; i < added->len; i++)
    g_ptr_array_insert (old, prefix + i, g_variant_ref (dicts->pdata[prefix + i]));
  g_list_store_splice (self->pending, prefix,
                       g_list_model_get_n_items (G_LIST_MODEL (self->pending)) - prefix - suffix,
                       added->pdata, added->len);
}

static void
on_requests_changed (BgrunBroker    *broker,
                     BgrunScheduler *self)
{
  if (self->pending != NULL)
    refresh_pending (self);
}

static void
on_history_added (BgrunBroker    *broker,
                  GVariant       *entry,
                  BgrunScheduler *self)
{
  g_autoptr(BgrunHistoryEntry) item = NULL;
  guint n;

  if (self->history == NULL)
    return;
  item = bgrun_history_entry_new_from_variant (entry);
  g_list_store_append (self->history, item);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  if (n > BGRUN_STORE_HISTORY_LIMIT)
    g_list_store_splice (self->history, 0, n - BGRUN_STORE_HISTORY_LIMIT, NULL, 0);
}

/* Keeps the pending requests and the history in line with the broker. */
void
bgrun_scheduler_connect_lists (BgrunScheduler *self)
{
  g_signal_connect (self->broker, "requests-changed", G_CALLBACK (on_requests_changed), self);
  g_signal_connect (self->broker, "history-added", G_CALLBACK (on_history_added), self);
}

/**
 * bgrun_scheduler_get_pending_requests:
 * @self: a scheduler
 *
 * Gets the pending requests, oldest first, as a live list: it changes (and
 * emits `items-changed`) whenever a request is submitted, replaced,
 * cancelled or starts running. Queued continued-processing requests are
 * in it too.
 *
 * Returns: (transfer none): a list of [class@Bgrun.TaskRequest]
 */
GListModel *
bgrun_scheduler_get_pending_requests (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);

  if (self->pending == NULL)
    {
      self->pending = g_list_store_new (BGRUN_TYPE_TASK_REQUEST);
      self->pending_dicts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      refresh_pending (self);
    }
  return G_LIST_MODEL (self->pending);
}

/**
 * bgrun_scheduler_get_running_tasks:
 * @self: a scheduler
 *
 * Gets the tasks running now, in the order they started, as a live list.
 *
 * Returns: (transfer none): a list of [class@Bgrun.Task]
 */
GListModel *
bgrun_scheduler_get_running_tasks (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  return G_LIST_MODEL (self->running);
}

/**
 * bgrun_scheduler_get_history:
 * @self: a scheduler
 *
 * Gets what happened to the app's requests and tasks, oldest first, as a
 * live list: every submit, start, end, cancel and rejection, with the
 * message of each error. It persists across restarts and keeps the last
 * 1,000 entries.
 *
 * Returns: (transfer none): a list of [class@Bgrun.HistoryEntry]
 */
GListModel *
bgrun_scheduler_get_history (BgrunScheduler *self)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);

  if (self->history == NULL)
    {
      g_autoptr(GVariant) entries = bgrun_broker_list_history (self->broker);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
      GVariantIter iter;
      GVariant *entry;

      g_variant_iter_init (&iter, entries);
      while ((entry = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_ptr_array_add (items, bgrun_history_entry_new_from_variant (entry));
          g_variant_unref (entry);
        }
      self->history = g_list_store_new (BGRUN_TYPE_HISTORY_ENTRY);
      g_list_store_splice (self->history, 0, 0, items->pdata, items->len);
    }
  return G_LIST_MODEL (self->history);
}

void
bgrun_scheduler_record_history (BgrunScheduler    *self,
                                const char        *identifier,
                                BgrunHistoryEvent  event,
                                const char        *message)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GVariant) entry = NULL;

  if (self->broker == NULL)
    return;
  if (self->backend == BGRUN_BACKEND_LOCAL)
    {
      bgrun_engine_record_history (bgrun_local_broker_get_engine (BGRUN_LOCAL_BROKER (self->broker)),
                                   self->app_id, identifier, event, message);
      return;
    }
  now = bgrun_clock_get_now (self->clock);
  entry = bgrun_history_entry_variant_new (identifier, event, bgrun_time_to_usec (now), message, NULL);
  on_history_added (self->broker, entry, self);
}
