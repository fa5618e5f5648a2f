/* bgrun-call-queue.c: the apps' D-Bus calls, served in turns
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-call-queue-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"

/* See the private header. The source has the priority GDBus gives its
 * own method calls, G_PRIORITY_DEFAULT: calls are served as promptly as
 * before, sharing the main loop with I/O and alarms as before; their
 * order changes, and their pace under a flood.
 *
 * What the calls answer waits in GDBus's queue of messages to send, in
 * order, with the signals bgrund sends meanwhile, such as RunTask to an
 * app whose task falls due; the bus takes them as fast as it can relay
 * them. A flood answered faster than that would grow the queue without
 * end, and a task's RunTask would wait behind all of it (seconds, in
 * bench/daemon-load). So after CALLS_PER_FLUSH calls the queue waits for
 * GDBus to have written everything out before it serves more. */
#define CALLS_PER_FLUSH 16

typedef struct
{
  GDBusMethodInvocation *invocation;
  BgrunCallFunc          func;
  GObject               *owner;
} Call;

typedef struct
{
  char   *name;
  GQueue  calls;   /* of Call, oldest first */
} Peer;

struct _BgrunCallQueue
{
  GHashTable      *peers;        /* unique name → Peer, while it has calls waiting */
  GQueue           turns;        /* of Peer (not owned): whose call is served next */
  GSource         *source;       /* while a peer has calls waiting, unless flushing */
  GDBusConnection *connection;
  GCancellable    *cancellable;  /* of the flush, cancelled when closed */
  guint            served;       /* since the last flush */
  gboolean         flushing;
  gboolean         closed;
};

static void ensure_source (BgrunCallQueue *self);

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BgrunCallQueue *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A flush that fails (the bus went) lets the calls go on all the same. */
  if (!g_dbus_connection_flush_finish (G_DBUS_CONNECTION (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->flushing = FALSE;
  if (!g_queue_is_empty (&self->turns))
    ensure_source (self);
}

static void
call_serve (Call *call)
{
  call->func (call->owner, g_steal_pointer (&call->invocation));
  g_object_unref (call->owner);
  g_free (call);
}

static void
call_refuse (gpointer data)
{
  Call *call = data;

  g_dbus_method_invocation_return_error (g_steal_pointer (&call->invocation), BGRUN_SCHEDULER_ERROR,
                                         BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                                         _("bgrund is stopping: call again once it runs."));
  g_object_unref (call->owner);
  g_free (call);
}

static void
peer_free (gpointer data)
{
  Peer *peer = data;

  g_queue_clear_full (&peer->calls, call_refuse);
  g_free (peer->name);
  g_free (peer);
}

/* Takes the oldest call of @peer out of the queue, forgetting @peer
 * when it was its last. */
static Call *
take_call (BgrunCallQueue *self,
           Peer           *peer)
{
  Call *call = g_queue_pop_head (&peer->calls);

  if (g_queue_is_empty (&peer->calls))
    {
      g_queue_remove (&self->turns, peer);
      g_hash_table_remove (self->peers, peer->name);
    }
  return call;
}

/* One call of the peer whose turn it is; that peer goes to the back. */
static gboolean
on_turn (gpointer user_data)
{
  BgrunCallQueue *self = user_data;
  Peer *peer = g_queue_pop_head (&self->turns);

  g_queue_push_tail (&self->turns, peer);
  call_serve (take_call (self, peer));
  if (++self->served == CALLS_PER_FLUSH)
    {
      self->served = 0;
      self->flushing = TRUE;
      g_dbus_connection_flush (self->connection, self->cancellable, on_flushed, self);
    }
  if (!g_queue_is_empty (&self->turns) && !self->flushing)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
ensure_source (BgrunCallQueue *self)
{
  if (self->source != NULL || self->flushing)
    return;
  self->source = g_idle_source_new ();
  g_source_set_priority (self->source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->source, on_turn, self, NULL);
  g_source_set_static_name (self->source, "[bgrund] calls in turns");
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

BgrunCallQueue *
bgrun_call_queue_new (GDBusConnection *connection)
{
  BgrunCallQueue *self = g_new0 (BgrunCallQueue, 1);

  self->connection = g_object_ref (connection);
  self->cancellable = g_cancellable_new ();
  self->peers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, peer_free);
  g_queue_init (&self->turns);
  return self;
}

void
bgrun_call_queue_close (BgrunCallQueue *self)
{
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->source != NULL)
    g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
  g_queue_clear (&self->turns);
  g_hash_table_remove_all (self->peers);
}

void
bgrun_call_queue_free (BgrunCallQueue *self)
{
  bgrun_call_queue_close (self);
  g_hash_table_unref (self->peers);
  g_object_unref (self->cancellable);
  g_object_unref (self->connection);
  g_free (self);
}

void
bgrun_call_queue_push (BgrunCallQueue        *self,
                       GDBusMethodInvocation *invocation,
                       BgrunCallFunc          func,
                       GObject               *owner)
{
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  Peer *peer = g_hash_table_lookup (self->peers, sender);
  Call *call = g_new (Call, 1);

  call->invocation = invocation;
  call->func = func;
  call->owner = g_object_ref (owner);
  if (self->closed)
    {
      call_refuse (call);
      return;
    }
  if (peer == NULL)
    {
      peer = g_new0 (Peer, 1);
      peer->name = g_strdup (sender);
      g_queue_init (&peer->calls);
      g_hash_table_insert (self->peers, peer->name, peer);
      g_queue_push_tail (&self->turns, peer);
    }
  g_queue_push_tail (&peer->calls, call);
  ensure_source (self);
}

void
bgrun_call_queue_serve_peer (BgrunCallQueue *self,
                             const char     *peer_name)
{
  Peer *peer;

  /* Looked up again each time: a call served may serve this peer's
   * others itself (its handler may see the peer gone). */
  while ((peer = g_hash_table_lookup (self->peers, peer_name)) != NULL)
    call_serve (take_call (self, peer));
  if (g_queue_is_empty (&self->turns) && self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
}
