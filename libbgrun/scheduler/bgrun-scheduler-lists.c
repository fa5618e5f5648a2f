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

static gboolean
is_own_request (GVariant *dict)
{
  return bgrun_kind_has (bgrun_request_dict_get_kind (dict), BGRUN_KIND_SYSTEM);
}

static void
set_hidden (BgrunScheduler *self,
            guint           index,
            gboolean        hidden)
{
  guint8 *flag = &g_array_index (self->pending_hidden, guint8, index);

  if (!*flag == !hidden)
    return;
  if (hidden)
    self->n_pending_hidden++;
  else
    self->n_pending_hidden--;
  *flag = hidden;
}

/* Reads the engine's whole list and brings the pending model in line
 * with it, touching only what changed, so the requests that stayed keep
 * their objects (and a list view its rows). What the broker says when it
 * cannot say what changed (an app's state taken from the other placement,
 * a change bgrund numbered that the app never saw, an older bgrund's
 * RequestsChanged). */
static void
update_pending (BgrunScheduler *self,
                GVariant       *list)
{
  g_autoptr(GPtrArray) dicts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) engine_at = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *old = self->pending_dicts;
  guint prefix = 0, suffix = 0, i;
  GVariantIter iter;
  GVariant *dict;

  /* libbgrun's own requests are not the app's. */
  g_array_set_size (self->pending_hidden, 0);
  self->n_pending_hidden = 0;
  g_variant_iter_init (&iter, list);
  for (i = 0; (dict = g_variant_iter_next_value (&iter)) != NULL; i++)
    {
      guint8 hidden = is_own_request (dict);

      g_array_append_val (self->pending_hidden, hidden);
      self->n_pending_hidden += hidden;
      if (hidden)
        g_variant_unref (dict);
      else
        {
          g_ptr_array_add (dicts, dict);
          g_array_append_val (engine_at, i);
        }
    }

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
          set_hidden (self, g_array_index (engine_at, guint, i), TRUE);
          g_array_remove_index (engine_at, i);
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
refresh_pending (BgrunScheduler *self)
{
  g_autoptr(GVariant) list = bgrun_broker_list_pending (self->broker);

  update_pending (self, list);
}

static void
on_requests_changed (BgrunBroker    *broker,
                     BgrunScheduler *self)
{
  if (self->pending != NULL)
    refresh_pending (self);
}

/* Where the engine's @position falls in the model, which leaves out
 * libbgrun's own requests (rarely any: then they are the same). */
static guint
model_position (BgrunScheduler *self,
                guint           position)
{
  guint at = 0;

  if (self->n_pending_hidden == 0)
    return position;
  for (guint i = 0; i < position; i++)
    at += !g_array_index (self->pending_hidden, guint8, i);
  return at;
}

/* Removes the engine's request at @position; returns how many items the
 * model loses at @at (0 or 1). */
static guint
remove_engine_request (BgrunScheduler *self,
                       guint           position,
                       guint           at)
{
  gboolean hidden = g_array_index (self->pending_hidden, guint8, position);

  set_hidden (self, position, FALSE);
  g_array_remove_index (self->pending_hidden, position);
  if (hidden)
    return 0;
  g_ptr_array_remove_index (self->pending_dicts, at);
  return 1;
}

/* Inserts @dict as the engine's request at @position; returns its item,
 * or NULL when the model does not show it. */
static BgrunTaskRequest *
insert_engine_request (BgrunScheduler *self,
                       guint           position,
                       guint           at,
                       GVariant       *dict)
{
  g_autoptr(GError) error = NULL;
  BgrunTaskRequest *request = NULL;
  guint8 hidden = TRUE;

  if (!is_own_request (dict))
    {
      request = bgrun_task_request_new_from_variant (dict, &error);
      if (request == NULL)
        g_warning ("libbgrun: skipping a pending request that cannot be read: %s", error->message);
      hidden = request == NULL;
    }
  g_array_insert_val (self->pending_hidden, position, hidden);
  self->n_pending_hidden += hidden;
  if (request != NULL)
    g_ptr_array_insert (self->pending_dicts, at, g_variant_ref (dict));
  return request;
}

/* One change, applied as it is: one items-changed at its position, and
 * no walk of the list (with libbgrun's own requests pending, a walk of
 * bytes). */
static void
on_pending_changed (BgrunBroker    *broker,
                    guint           position,
                    guint           removed,
                    GVariant       *added,
                    BgrunScheduler *self)
{
  g_autoptr(BgrunTaskRequest) request = NULL;
  guint at, model_removed = 0;

  if (self->pending == NULL)
    return;
  if (position + removed > self->pending_hidden->len || removed > 1)
    {
      g_warning ("libbgrun: the pending list is out of step with the engine; reading it again");
      refresh_pending (self);
      return;
    }
  at = model_position (self, position);
  if (removed > 0)
    model_removed = remove_engine_request (self, position, at);
  if (added != NULL)
    request = insert_engine_request (self, position, at, added);
  if (model_removed > 0 || request != NULL)
    g_list_store_splice (self->pending, at, model_removed,
                         (gpointer *) &request, request != NULL ? 1 : 0);
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
  g_signal_connect (self->broker, "pending-changed", G_CALLBACK (on_pending_changed), self);
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
      g_autoptr(GVariant) list = bgrun_broker_list_pending (self->broker);

      bgrun_scheduler_adopt_pending (self, list);
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

      bgrun_scheduler_adopt_history (self, entries);
    }
  return G_LIST_MODEL (self->history);
}

/* Makes the pending model from @list (the broker's ListPending answer),
 * unless it exists already: then it is live, and newer than @list. */
void
bgrun_scheduler_adopt_pending (BgrunScheduler *self,
                               GVariant       *list)
{
  if (self->pending != NULL)
    return;
  self->pending = g_list_store_new (BGRUN_TYPE_TASK_REQUEST);
  self->pending_dicts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  self->pending_hidden = g_array_new (FALSE, FALSE, sizeof (guint8));
  update_pending (self, list);
}

/* The same for the history, from the broker's ListHistory answer. */
void
bgrun_scheduler_adopt_history (BgrunScheduler *self,
                               GVariant       *entries)
{
  g_autoptr(GPtrArray) items = NULL;
  GVariantIter iter;
  GVariant *entry;

  if (self->history != NULL)
    return;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, entries);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_ptr_array_add (items, bgrun_history_entry_new_from_variant (entry));
      g_variant_unref (entry);
    }
  self->history = g_list_store_new (BGRUN_TYPE_HISTORY_ENTRY);
  g_list_store_splice (self->history, 0, 0, items->pdata, items->len);
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
