/* bgrun-dbus-inbox.c: a D-Bus peer's signals, delivered in order and at
 * once after each call to it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-dbus-inbox-private.h"

/* GDBus hands signals to subscribers from the main loop, after the method
 * replies that followed them have been returned: a caller of a sync
 * method sees its effects only once its main loop runs. The daemon's
 * broker must behave as the embedded one, whose signals are emitted
 * before its calls return. A daemon sends the signals a call causes
 * before its reply, and messages arrive in order, so: a filter (on
 * GDBus's worker thread) queues the signals as they arrive, and the
 * broker delivers the queue after each call returns. An idle delivers
 * those no call was waiting for.
 *
 * Some signals start the app's own code (a task's handler), which the
 * embedded engine only ever runs from the main loop, never inside a call
 * such as a submit or a register that the app has not finished: those,
 * and everything queued after them, wait for the idle. */

typedef struct
{
  GMutex              lock;
  GQueue              messages;     /* of GDBusMessage, under lock */
  gboolean            scheduled;    /* an idle will deliver, under lock */
  char               *path;
  char               *interface;
  GStrv               from_idle;    /* signals delivered from the idle only */
  GMainContext       *context;
  BgrunDbusInboxFunc  func;         /* main context only; NULL once freed */
  gpointer            user_data;
} Shared;

struct _BgrunDbusInbox
{
  GDBusConnection *connection;
  guint            filter;
  Shared          *shared;
};

static void
shared_clear (gpointer data)
{
  Shared *shared = data;

  g_queue_clear_full (&shared->messages, g_object_unref);
  g_mutex_clear (&shared->lock);
  g_free (shared->path);
  g_free (shared->interface);
  g_strfreev (shared->from_idle);
  g_main_context_unref (shared->context);
}

static void
shared_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, shared_clear);
}

/* The first message, unless it may only be delivered from the idle and
 * this is not the idle. */
static GDBusMessage *
pop (Shared   *shared,
     gboolean  from_idle)
{
  GDBusMessage *message;

  g_mutex_lock (&shared->lock);
  message = g_queue_peek_head (&shared->messages);
  if (message != NULL && !from_idle &&
      g_strv_contains ((const char * const *) shared->from_idle, g_dbus_message_get_member (message)))
    message = NULL;
  else if (message != NULL)
    g_queue_pop_head (&shared->messages);
  else
    shared->scheduled = FALSE;
  g_mutex_unlock (&shared->lock);
  return message;
}

/* One at a time, so a signal's handler that calls the daemon (and so
 * delivers) keeps the order. */
static void
deliver (Shared   *shared,
         gboolean  from_idle)
{
  GDBusMessage *message;

  while (shared->func != NULL && (message = pop (shared, from_idle)) != NULL)
    {
      GVariant *body = g_dbus_message_get_body (message);
      g_autoptr(GVariant) parameters = g_variant_ref_sink (body != NULL ? body : g_variant_new ("()"));

      shared->func (g_dbus_message_get_sender (message), g_dbus_message_get_member (message),
                    parameters, shared->user_data);
      g_object_unref (message);
    }
}

static gboolean
on_idle (gpointer user_data)
{
  deliver (user_data, TRUE);
  return G_SOURCE_REMOVE;
}

/* On GDBus's worker thread. */
static GDBusMessage *
filter (GDBusConnection *connection,
        GDBusMessage    *message,
        gboolean         incoming,
        gpointer         user_data)
{
  Shared *shared = user_data;
  gboolean schedule;

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_SIGNAL ||
      g_strcmp0 (g_dbus_message_get_path (message), shared->path) != 0 ||
      g_strcmp0 (g_dbus_message_get_interface (message), shared->interface) != 0)
    return message;

  g_mutex_lock (&shared->lock);
  g_queue_push_tail (&shared->messages, message);   /* takes the reference */
  schedule = !shared->scheduled;
  shared->scheduled = TRUE;
  g_mutex_unlock (&shared->lock);
  if (schedule)
    g_main_context_invoke_full (shared->context, G_PRIORITY_DEFAULT, on_idle,
                                g_atomic_rc_box_acquire (shared), shared_release);
  return NULL;
}

BgrunDbusInbox *
bgrun_dbus_inbox_new (GDBusConnection    *connection,
                      const char         *path,
                      const char         *interface,
                      const char * const *from_idle,
                      BgrunDbusInboxFunc  func,
                      gpointer            user_data)
{
  BgrunDbusInbox *self = g_new0 (BgrunDbusInbox, 1);
  Shared *shared = g_atomic_rc_box_new0 (Shared);

  g_mutex_init (&shared->lock);
  g_queue_init (&shared->messages);
  shared->path = g_strdup (path);
  shared->interface = g_strdup (interface);
  shared->from_idle = g_strdupv ((char **) from_idle);
  shared->context = g_main_context_ref_thread_default ();
  shared->func = func;
  shared->user_data = user_data;

  self->connection = g_object_ref (connection);
  self->shared = shared;
  self->filter = g_dbus_connection_add_filter (connection, filter,
                                               g_atomic_rc_box_acquire (shared), shared_release);
  return self;
}

/* Calls the function for the signals that arrived so far, up to the
 * first that waits for the idle. After a call to the peer returned, those
 * are the signals it sent before replying. */
void
bgrun_dbus_inbox_deliver (BgrunDbusInbox *self)
{
  deliver (self->shared, FALSE);
}

void
bgrun_dbus_inbox_free (BgrunDbusInbox *self)
{
  g_dbus_connection_remove_filter (self->connection, self->filter);
  self->shared->func = NULL;
  shared_release (self->shared);
  g_object_unref (self->connection);
  g_free (self);
}
