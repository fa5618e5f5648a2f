/* bgrun-transfer-queue.c: which tasks of a URL session may run now
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-limits.h"
#include "bgrun-time-private.h"
#include "bgrun-transfer-queue-private.h"
#include "bgrun-transfer-wait-private.h"

typedef struct
{
  BgrunUrlSessionTask       *task;
  char                      *host;
  guint64                    arrival;
  gint64                     not_before_usec;
  BgrunUrlSessionWaitReason  not_before_reason;
  gint64                     deadline_usec;   /* timeout-for-resource; 0: none */
} Entry;

struct _BgrunTransferQueue
{
  GObject parent_instance;

  BgrunClock                   *clock;
  BgrunConditions              *conditions;
  BgrunUrlSessionConfiguration *config;
  const BgrunTransferQueueHandlers *handlers;
  GPtrArray                    *waiting;   /* Entry */
  GHashTable                   *running;   /* task → host */
  guint64                       arrivals;
  guint                         alarm;
  gboolean                      pumping;
  gboolean                      pump_again;
};

G_DEFINE_FINAL_TYPE (BgrunTransferQueue, bgrun_transfer_queue, G_TYPE_OBJECT)

static void pump (BgrunTransferQueue *self);

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->task);
  g_free (entry->host);
  g_free (entry);
}

/* Where @task goes, as "scheme://host:port", for the host limit. */
static char *
host_of (BgrunUrlSessionTask *task)
{
  g_autoptr(GUri) uri = g_uri_parse (bgrun_url_session_task_get_uri (task), G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri), g_uri_get_port (uri));
}

static guint
running_to (BgrunTransferQueue *self,
            const char         *host)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += g_str_equal (value, host);
  return n;
}

static BgrunUrlSessionWaitReason
reason_for (BgrunTransferQueue        *self,
            Entry                     *entry,
            gint64                     now_usec,
            BgrunUrlSessionWaitReason  device)
{
  if (entry->not_before_usec > now_usec)
    return entry->not_before_reason;
  if (device != BGRUN_URL_SESSION_WAIT_REASON_NONE)
    return device;
  if (g_hash_table_size (self->running) >= BGRUN_URL_SESSION_MAX_CONNECTIONS ||
      running_to (self, entry->host) >= bgrun_url_session_configuration_get_max_connections_per_host (self->config))
    return BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT;
  return BGRUN_URL_SESSION_WAIT_REASON_NONE;
}

/* Higher priority first, then first come. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = *(Entry **) a, *y = *(Entry **) b;
  double px = bgrun_url_session_task_get_priority (x->task);
  double py = bgrun_url_session_task_get_priority (y->task);

  if (px != py)
    return px > py ? -1 : 1;
  return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

static Entry *
take_waiting (BgrunTransferQueue  *self,
              BgrunUrlSessionTask *task)
{
  for (guint i = 0; i < self->waiting->len; i++)
    {
      Entry *entry = self->waiting->pdata[i];

      if (entry->task == task)
        return g_ptr_array_steal_index (self->waiting, i);
    }
  return NULL;
}

/* Admits one waiting entry, tells it why it waits, or fails it: at once
 * when it may not wait, or when it waited past its deadline. */
static void
decide (BgrunTransferQueue        *self,
        Entry                     *entry,
        gint64                     now_usec,
        BgrunUrlSessionWaitReason  device)
{
  BgrunUrlSessionWaitReason reason = reason_for (self, entry, now_usec, device);
  gboolean timed_out = entry->deadline_usec != 0 && now_usec >= entry->deadline_usec;
  g_autoptr(BgrunUrlSessionTask) task = g_object_ref (entry->task);
  const char *uri = bgrun_url_session_task_get_uri (task);

  if (reason != BGRUN_URL_SESSION_WAIT_REASON_NONE && !timed_out &&
      !bgrun_transfer_wait_fails_at_once (self->config, reason))
    {
      self->handlers->wait (task, reason);
      return;
    }
  entry = take_waiting (self, task);
  if (reason == BGRUN_URL_SESSION_WAIT_REASON_NONE)
    {
      g_hash_table_insert (self->running, g_object_ref (task), g_steal_pointer (&entry->host));
      entry_free (entry);
      self->handlers->admit (task);
    }
  else
    {
      entry_free (entry);
      self->handlers->fail (task, timed_out ? bgrun_transfer_wait_timeout_error (uri, reason)
                                                   : bgrun_transfer_wait_error (uri, reason));
    }
}

static Entry *
find_waiting (BgrunTransferQueue  *self,
              BgrunUrlSessionTask *task)
{
  for (guint i = 0; i < self->waiting->len; i++)
    if (((Entry *) self->waiting->pdata[i])->task == task)
      return self->waiting->pdata[i];
  return NULL;
}

/* A new waiting entry for @task, not yet decided about. */
static void
add_entry (BgrunTransferQueue  *self,
           BgrunUrlSessionTask *task,
           gint64               retry_at_usec)
{
  GDateTime *begin = bgrun_url_session_task_get_earliest_begin_date (task);
  gint64 begin_usec = begin != NULL ? bgrun_time_to_usec (begin) : 0;
  Entry *entry = g_new0 (Entry, 1);

  entry->task = g_object_ref (task);
  entry->host = host_of (task);
  entry->arrival = self->arrivals++;
  entry->not_before_usec = MAX (begin_usec, retry_at_usec);
  entry->not_before_reason = retry_at_usec > begin_usec ? BGRUN_URL_SESSION_WAIT_REASON_RETRY
                                                        : BGRUN_URL_SESSION_WAIT_REASON_EARLIEST_BEGIN_DATE;
  entry->deadline_usec = self->handlers->resource_deadline (task);
  g_ptr_array_add (self->waiting, entry);
}

/* When the device state turns against them (the network went, turned
 * metered, power saving came on...), running tasks stop and wait again,
 * as they would have waited had they not started yet: a download keeps
 * its bytes, a resumable upload its offset. A default session's task that
 * may not wait is left to finish, or to fail on its own. */
static void
hold_back_running (BgrunTransferQueue        *self,
                   BgrunUrlSessionWaitReason  device)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer task;

  if (device == BGRUN_URL_SESSION_WAIT_REASON_NONE || bgrun_transfer_wait_fails_at_once (self->config, device))
    return;
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &task, NULL))
    g_ptr_array_add (running, g_object_ref (task));
  for (guint i = 0; i < running->len; i++)
    {
      task = running->pdata[i];
      /* Its handlers may have removed it meanwhile. */
      if (!g_hash_table_remove (self->running, task))
        continue;
      add_entry (self, task, 0);
      self->handlers->hold_back (task, device);
    }
}

/* Goes through the waiting tasks in order. The tasks' handlers may add
 * or remove tasks meanwhile: a snapshot of who waited is walked, and each
 * is looked up again. */
static void
pump_once (BgrunTransferQueue *self)
{
  gint64 now_usec = bgrun_transfer_queue_get_now_usec (self);
  BgrunUrlSessionWaitReason device = bgrun_transfer_wait_reason (self->config, self->conditions);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);

  hold_back_running (self, device);
  g_ptr_array_sort (self->waiting, compare_entries);
  for (guint i = 0; i < self->waiting->len; i++)
    g_ptr_array_add (order, g_object_ref (((Entry *) self->waiting->pdata[i])->task));
  for (guint i = 0; i < order->len; i++)
    {
      Entry *entry = find_waiting (self, order->pdata[i]);

      if (entry != NULL)
        decide (self, entry, now_usec, device);
    }
}

static void
on_alarm (BgrunClock *clock,
          gpointer    user_data)
{
  BgrunTransferQueue *self = user_data;

  self->alarm = 0;
  pump (self);
}

/* One alarm, at the earliest begin date, retry time or deadline still
 * ahead. */
static void
arm (BgrunTransferQueue *self)
{
  gint64 now_usec = bgrun_transfer_queue_get_now_usec (self);
  gint64 next = G_MAXINT64;
  g_autoptr(GDateTime) when = NULL;

  if (self->alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->alarm);
  self->alarm = 0;
  for (guint i = 0; i < self->waiting->len; i++)
    {
      Entry *entry = self->waiting->pdata[i];

      if (entry->not_before_usec > now_usec)
        next = MIN (next, entry->not_before_usec);
      if (entry->deadline_usec > now_usec)
        next = MIN (next, entry->deadline_usec);
    }
  if (next == G_MAXINT64)
    return;
  when = bgrun_time_from_usec (next);
  self->alarm = bgrun_clock_add_alarm (self->clock, when, on_alarm, self, NULL);
}

static void
pump (BgrunTransferQueue *self)
{
  if (self->pumping)
    {
      self->pump_again = TRUE;
      return;
    }
  g_object_ref (self);
  self->pumping = TRUE;
  do
    {
      self->pump_again = FALSE;
      pump_once (self);
    }
  while (self->pump_again);
  self->pumping = FALSE;
  arm (self);
  g_object_unref (self);
}

static void
on_device_changed (BgrunTransferQueue *self)
{
  pump (self);
}

/* ---- public ------------------------------------------------------------- */

gint64
bgrun_transfer_queue_get_now_usec (BgrunTransferQueue *self)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  return bgrun_time_to_usec (now);
}

/* @task wants to run: after @retry_at_usec (0: at once) and its
 * earliest-begin-date. */
void
bgrun_transfer_queue_add (BgrunTransferQueue  *self,
                          BgrunUrlSessionTask *task,
                          gint64               retry_at_usec)
{
  g_return_if_fail (find_waiting (self, task) == NULL);

  add_entry (self, task, retry_at_usec);
  pump (self);
}

/* @task no longer waits or runs (suspended, cancelled, ended): a running
 * one gives its place to the next. */
void
bgrun_transfer_queue_remove (BgrunTransferQueue  *self,
                             BgrunUrlSessionTask *task)
{
  Entry *entry = take_waiting (self, task);

  if (entry != NULL)
    {
      entry_free (entry);
      arm (self);
    }
  if (g_hash_table_remove (self->running, task))
    pump (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
bgrun_transfer_queue_dispose (GObject *object)
{
  BgrunTransferQueue *self = BGRUN_TRANSFER_QUEUE (object);

  if (self->alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->alarm);
  self->alarm = 0;
  g_ptr_array_set_size (self->waiting, 0);
  g_hash_table_remove_all (self->running);

  G_OBJECT_CLASS (bgrun_transfer_queue_parent_class)->dispose (object);
}

static void
bgrun_transfer_queue_finalize (GObject *object)
{
  BgrunTransferQueue *self = BGRUN_TRANSFER_QUEUE (object);

  g_ptr_array_unref (self->waiting);
  g_hash_table_unref (self->running);
  g_clear_object (&self->clock);
  g_clear_object (&self->conditions);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (bgrun_transfer_queue_parent_class)->finalize (object);
}

static void
bgrun_transfer_queue_class_init (BgrunTransferQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_transfer_queue_dispose;
  object_class->finalize = bgrun_transfer_queue_finalize;
}

static void
bgrun_transfer_queue_init (BgrunTransferQueue *self)
{
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->running = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
}

BgrunTransferQueue *
bgrun_transfer_queue_new (BgrunClock                       *clock,
                          BgrunConditions                  *conditions,
                          BgrunUrlSessionConfiguration     *config,
                          const BgrunTransferQueueHandlers *handlers)
{
  BgrunTransferQueue *self = g_object_new (BGRUN_TYPE_TRANSFER_QUEUE, NULL);

  self->handlers = handlers;
  self->clock = g_object_ref (clock);
  self->conditions = g_object_ref (conditions);
  self->config = g_object_ref (config);
  g_signal_connect_object (conditions, "notify", G_CALLBACK (on_device_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (clock, "time-changed", G_CALLBACK (on_device_changed), self, G_CONNECT_SWAPPED);
  return self;
}
