/* bgrun-dbus-broker.c: the broker for the bgrund daemon, and the protocol
 * both ends of org.bgrun.Broker1 share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-dbus-broker-private.h"
#include "bgrun-dbus-inbox-private.h"
#include "bgrun-dbus-resources.h"
#include "bgrun-errors.h"
#include "bgrun-history-entry-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-task.h"

/* The client end of the daemon placement: every broker call becomes a
 * method call on org.bgrun.Broker1, every signal the daemon sends this
 * connection becomes the broker's signal. Nothing is decided here.
 *
 * Each broker has a private connection to the session bus, so the daemon
 * sees one connection per app (it binds a connection to one app id), and
 * an app's handlers and tasks go away with the broker.
 *
 * The daemon may go away (idle exit, crash, --replace) and come back, by
 * D-Bus activation or by another app. The broker remembers the daemon it
 * attached to (its unique name) and the patterns it registered; when a
 * call finds a different daemon, or a new one takes the name, it attaches
 * again and registers the patterns again. Tasks the old daemon ran for it
 * end as expired: the new daemon recorded them as interrupted and queued
 * them again. */

/* Attaching may start the daemon; everything else is quick. */
#define ATTACH_TIMEOUT_MSEC 30000
#define CALL_TIMEOUT_MSEC   10000

/* ---- the protocol ----------------------------------------------------- */

/* The interface @name, parsed from data/@name.xml (compiled in). */
GDBusInterfaceInfo *
bgrun_dbus_load_interface_info (const char *name)
{
  g_autofree char *path = g_strdup_printf ("/org/bgrun/libbgrun/%s.xml", name);
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  GDBusInterfaceInfo *found;

  xml = g_resource_lookup_data (bgrun_dbus_get_resource (), path,
                                G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (xml != NULL)
    node = g_dbus_node_info_new_for_xml (g_bytes_get_data (xml, NULL), &error);
  if (node == NULL)
    g_error ("libbgrun: the built-in D-Bus interface %s cannot be read: %s", name, error->message);
  found = g_dbus_node_info_lookup_interface (node, name);
  g_assert (found != NULL);
  g_dbus_interface_info_cache_build (found);
  return g_dbus_interface_info_ref (found);
}

/* The interface, parsed from data/org.bgrun.Broker1.xml (compiled in). */
GDBusInterfaceInfo *
bgrun_dbus_get_interface_info (void)
{
  static GDBusInterfaceInfo *info = NULL;

  if (g_once_init_enter (&info))
    g_once_init_leave (&info, bgrun_dbus_load_interface_info (BGRUN_DBUS_INTERFACE));
  return info;
}

/* Names a BgrunSchedulerError crosses D-Bus under; its domain and code
 * come back intact on the other side. */
static const GDBusErrorEntry error_entries[] = {
  { BGRUN_SCHEDULER_ERROR_UNAVAILABLE, "org.bgrun.Error.Unavailable" },
  { BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS, "org.bgrun.Error.TooManyPendingTaskRequests" },
  { BGRUN_SCHEDULER_ERROR_NOT_PERMITTED, "org.bgrun.Error.NotPermitted" },
  { BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE, "org.bgrun.Error.ImmediateRunIneligible" },
  { BGRUN_SCHEDULER_ERROR_INVALID_REQUEST, "org.bgrun.Error.InvalidRequest" },
};

void
bgrun_dbus_register_errors (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      for (guint i = 0; i < G_N_ELEMENTS (error_entries); i++)
        g_dbus_error_register_error (BGRUN_SCHEDULER_ERROR, error_entries[i].error_code,
                                     error_entries[i].dbus_error_name);
      g_once_init_leave (&registered, 1);
    }
}

/* A private connection to the session bus. */
GDBusConnection *
bgrun_dbus_open_session (GError **error)
{
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, error);

  if (address == NULL)
    return NULL;
  return g_dbus_connection_new_for_address_sync (address,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                 NULL, NULL, error);
}

static GVariant *
call_bus (GDBusConnection    *connection,
          const char         *method,
          GVariant           *parameters,
          const GVariantType *reply_type,
          GError            **error)
{
  return g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                      "org.freedesktop.DBus", method, parameters, reply_type,
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MSEC,
                                      NULL, error);
}

/* Whether org.bgrun.Broker1 is owned now or can be started on @connection. */
gboolean
bgrun_dbus_daemon_available (GDBusConnection *connection)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const char **names = NULL;
  gboolean has_owner = FALSE;

  owned = call_bus (connection, "NameHasOwner", g_variant_new ("(s)", BGRUN_DBUS_NAME),
                    G_VARIANT_TYPE ("(b)"), NULL);
  if (owned != NULL)
    g_variant_get (owned, "(b)", &has_owner);
  if (has_owner)
    return TRUE;

  activatable = call_bus (connection, "ListActivatableNames", NULL, G_VARIANT_TYPE ("(as)"), NULL);
  if (activatable == NULL)
    return FALSE;
  g_variant_get (activatable, "(^a&s)", &names);
  return g_strv_contains (names, BGRUN_DBUS_NAME);
}

/* ---- the client ------------------------------------------------------- */

struct _BgrunDbusBroker
{
  GObject parent_instance;

  char            *app_id;
  BgrunClock      *clock;
  GDBusConnection *connection;
  GDBusProxy      *proxy;
  BgrunDbusInbox  *inbox;           /* the daemon's signals on connection */
  BgrunDbusInbox  *transfers_inbox; /* its org.bgrun.Transfers1 signals */
  char            *daemon;          /* unique name of the bgrund we attached to */
  gboolean         ever_attached;
  GPtrArray       *patterns;        /* of char *: registered so far */
  GHashTable      *tasks;           /* ids (guint64 *) of the tasks run for us */
  GVariant        *listed_history;  /* the last ListHistory answer, while it overlaps */
  gsize            listed_position;
  guint64          pending_sequence; /* the last change of the pending list applied */
  gboolean         unsequenced;      /* the daemon has no ListPendingWithSequence */
  gboolean         closed;          /* for good: bgrun_dbus_broker_close() */
  GPtrArray       *session_parts;   /* of SessionPart, in the order first reported */
};

/* What one feature last reported of the app's sessions. */
typedef struct
{
  char     *name;
  GVariant *sessions;   /* aa{sv} */
} SessionPart;

static void
session_part_free (gpointer data)
{
  SessionPart *part = data;

  g_free (part->name);
  g_variant_unref (part->sessions);
  g_free (part);
}

static void bgrun_dbus_broker_iface_init (BgrunBrokerInterface *iface);

enum {
  SIG_ATTACHED_AGAIN,
  SIG_TRANSFERS_SIGNAL,
  SIG_STOP_SESSION,
  SIG_SIMULATE_LOCATION,
  SIG_AUDIO_INTERRUPTION,
  SIG_AUDIO_DUCK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunDbusBroker, bgrun_dbus_broker, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_BROKER,
                                                      bgrun_dbus_broker_iface_init))

static gboolean attach (BgrunDbusBroker *self, GError **error);
static gboolean attached (BgrunDbusBroker *self, GVariant *reply, GError *local_error, GError **error);

/* Errors of the daemon keep their domain and code (each domain that
 * crosses D-Bus registers its names, so it comes back as itself, not as a
 * G_IO_ERROR or G_DBUS_ERROR); anything else (no bus, no daemon, it went
 * away) is UNAVAILABLE naming the bus name. */
static void
propagate_call_error (GError **error,
                      GError  *remote)
{
  g_dbus_error_strip_remote_error (remote);
  if (remote->domain != G_IO_ERROR && remote->domain != G_DBUS_ERROR)
    {
      g_propagate_error (error, remote);
      return;
    }
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
               _("The bgrund daemon (%s on the session bus) cannot be reached: %s. Start it, or set BGRUN_BACKEND=local to use the engine embedded in the app."),
               BGRUN_DBUS_NAME, remote->message);
  g_error_free (remote);
}

static char *
current_daemon (BgrunDbusBroker *self)
{
  g_autoptr(GVariant) reply = NULL;
  char *owner = NULL;

  reply = call_bus (self->connection, "GetNameOwner", g_variant_new ("(s)", BGRUN_DBUS_NAME),
                    G_VARIANT_TYPE ("(s)"), NULL);
  if (reply != NULL)
    g_variant_get (reply, "(s)", &owner);
  return owner;
}

/* The tasks the daemon we attached to ran for us end with it. */
static void
forget_daemon (BgrunDbusBroker *self)
{
  g_autoptr(GList) ids = NULL;

  if (self->daemon == NULL)
    return;
  g_clear_pointer (&self->daemon, g_free);
  g_clear_pointer (&self->listed_history, g_variant_unref);
  /* Another daemon numbers the changes from 0 again. */
  self->pending_sequence = 0;
  self->unsequenced = FALSE;

  ids = g_hash_table_get_keys (self->tasks);
  g_hash_table_steal_all (self->tasks);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      guint64 *id = l->data;

      g_signal_emit_by_name (self, "task-ended", *id, (guint) BGRUN_TASK_STATE_EXPIRED);
      g_free (id);
    }
}

/* ---- signals ---------------------------------------------------------- */

/* Signals come from the main loop, after the calls they followed have
 * returned: HistoryAdded signals the daemon sent before its answer to
 * ListHistory can arrive after that answer, and are in it already. They
 * arrive in order, each equal to an entry of the answer (dates are in
 * µs); the first HistoryAdded not in the answer is new, and ends the
 * overlap. */
static gboolean
already_listed (BgrunDbusBroker *self,
                GVariant        *entry)
{
  gsize n;

  if (self->listed_history == NULL)
    return FALSE;
  n = g_variant_n_children (self->listed_history);
  for (gsize i = self->listed_position; i < n; i++)
    {
      g_autoptr(GVariant) listed = g_variant_get_child_value (self->listed_history, i);

      if (g_variant_equal (listed, entry))
        {
          self->listed_position = i + 1;
          return TRUE;
        }
    }
  g_clear_pointer (&self->listed_history, g_variant_unref);
  return FALSE;
}

/* PendingChanged: a change the list last read has already (its number
 * is not above the list's) is dropped; the next one is applied as it is;
 * after a gap (a change this broker never saw) the list is read again,
 * once: that read sets the number the later changes follow. */
static void
on_pending_changed (BgrunDbusBroker *self,
                    GVariant        *parameters)
{
  g_autoptr(GVariant) added = NULL;
  g_autoptr(GVariant) request = NULL;
  guint64 sequence;
  guint32 position, removed;

  g_variant_get (parameters, "(tuu@aa{sv})", &sequence, &position, &removed, &added);
  if (sequence <= self->pending_sequence)
    return;
  if (sequence != self->pending_sequence + 1 || g_variant_n_children (added) > 1)
    {
      g_signal_emit_by_name (self, "requests-changed");
      return;
    }
  self->pending_sequence = sequence;
  if (g_variant_n_children (added) == 1)
    request = g_variant_get_child_value (added, 0);
  g_signal_emit_by_name (self, "pending-changed", (guint) position, (guint) removed, request);
}

/* Notes what a call's answer says of the pending list: the number of
 * the last change it has, or that the daemon is older than
 * ListPendingWithSequence. */
static void
note_reply (BgrunDbusBroker *self,
            const char      *method,
            GVariant        *reply,
            const GError    *error)
{
  if (!g_str_equal (method, "ListPendingWithSequence"))
    return;
  if (reply != NULL)
    g_variant_get_child (reply, 0, "t", &self->pending_sequence);
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    self->unsequenced = TRUE;
}

/* After a call, the signals that came before its answer are delivered
 * at once: what the call caused reaches the app before the call returns,
 * as with the embedded engine. Not after reading the pending list: its
 * caller applies the list first, and the changes that came after it
 * (numbered above it) follow from the main loop, or from the signal
 * delivery that this read happens in. Delivered before, they would be
 * applied to the older list and then undone by it. */
static gboolean
delivers_at_once (const char *method)
{
  return !g_str_equal (method, "ListPendingWithSequence");
}

static void
track_task (BgrunDbusBroker *self,
            GVariant        *task)
{
  guint64 id;

  if (g_variant_lookup (task, "task-id", "t", &id))
    g_hash_table_add (self->tasks, g_memdup2 (&id, sizeof id));
}

/* The signals that run the app's handlers: from the main loop only, as
 * the embedded engine emits them. */
static const char * const task_starters[] = { "RunTask", "TaskExpiring", NULL };
/* The same for the transfers: an event runs the app's handlers. */
static const char * const transfers_from_idle[] = { "TaskEvent", NULL };

/* From the inbox: in the order the daemon sent them, and those a call
 * caused before that call returns, as the embedded engine emits them. */
static void
on_signal (const char *sender,
           const char *signal_name,
           GVariant   *parameters,
           gpointer    user_data)
{
  BgrunDbusBroker *self = user_data;
  g_autoptr(GVariant) value = NULL;
  guint64 task_id;
  guint state;

  /* Only the daemon this broker is attached to speaks for it. */
  if (self->daemon == NULL || g_strcmp0 (sender, self->daemon) != 0)
    return;

  if (g_str_equal (signal_name, "RunTask") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(a{sv})")))
    {
      g_variant_get (parameters, "(@a{sv})", &value);
      track_task (self, value);
      g_signal_emit_by_name (self, "run-task", value);
    }
  else if (g_str_equal (signal_name, "TaskExpiring") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(t)")))
    {
      g_variant_get (parameters, "(t)", &task_id);
      g_signal_emit_by_name (self, "expire-task", task_id);
    }
  else if (g_str_equal (signal_name, "TaskEnded") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(tu)")))
    {
      g_variant_get (parameters, "(tu)", &task_id, &state);
      g_hash_table_remove (self->tasks, &task_id);
      g_signal_emit_by_name (self, "task-ended", task_id, state);
    }
  else if (g_str_equal (signal_name, "TaskChanged") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(a{sv})")))
    {
      g_variant_get (parameters, "(@a{sv})", &value);
      g_signal_emit_by_name (self, "task-changed", value);
    }
  else if (g_str_equal (signal_name, "RequestsChanged"))
    g_signal_emit_by_name (self, "requests-changed");
  else if (g_str_equal (signal_name, "PendingChanged") &&
           g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(tuuaa{sv})")))
    on_pending_changed (self, parameters);
  else if (g_str_equal (signal_name, "HistoryAdded") &&
           g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(" BGRUN_HISTORY_ENTRY_VARIANT_TYPE ")")))
    {
      value = g_variant_get_child_value (parameters, 0);
      if (!already_listed (self, value))
        g_signal_emit_by_name (self, "history-added", value);
    }
  else if (g_str_equal (signal_name, "StopSession") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_signal_emit (self, signals[SIG_STOP_SESSION], 0, (guint) id);
    }
  else if (g_str_equal (signal_name, "SimulateLocation") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sd)")))
    {
      const char *path;
      double speed;

      g_variant_get (parameters, "(&sd)", &path, &speed);
      g_signal_emit (self, signals[SIG_SIMULATE_LOCATION], 0, path, speed);
    }
  else if (g_str_equal (signal_name, "AudioInterruption") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(uu)")))
    {
      guint32 type, options;

      g_variant_get (parameters, "(uu)", &type, &options);
      g_signal_emit (self, signals[SIG_AUDIO_INTERRUPTION], 0, (guint) type, (guint) options);
    }
  else if (g_str_equal (signal_name, "AudioDuck") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    {
      gboolean ducked;

      g_variant_get (parameters, "(b)", &ducked);
      g_signal_emit (self, signals[SIG_AUDIO_DUCK], 0, ducked);
    }
}

/* org.bgrun.Transfers1 signals go to the URL sessions, which pick their
 * own by identifier. */
static void
on_transfers_signal (const char *sender,
                     const char *signal_name,
                     GVariant   *parameters,
                     gpointer    user_data)
{
  BgrunDbusBroker *self = user_data;

  if (self->daemon != NULL && g_strcmp0 (sender, self->daemon) == 0)
    g_signal_emit (self, signals[SIG_TRANSFERS_SIGNAL], 0, signal_name, parameters);
}

/* A new daemon took the name (restarted, replaced): follow it, if this
 * broker was attached before. A daemon that went away is followed at the
 * next call, which starts it again where it is activatable. */
static void
on_name_owner (GDBusProxy      *proxy,
               GParamSpec      *pspec,
               BgrunDbusBroker *self)
{
  g_autofree char *owner = g_dbus_proxy_get_name_owner (proxy);
  g_autoptr(GError) error = NULL;

  if (self->daemon != NULL && g_strcmp0 (owner, self->daemon) == 0)
    return;
  forget_daemon (self);
  if (owner != NULL && self->ever_attached && !attach (self, &error))
    g_warning ("libbgrun: %s", error->message);
}

/* ---- calls ------------------------------------------------------------ */

static gboolean
connect_to_bus (BgrunDbusBroker  *self,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->closed)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                   _("This scheduler of “%s” no longer reaches the bgrund daemon: a newer one took the app over, as the app starting again does. Use the newer scheduler."),
                   self->app_id);
      return FALSE;
    }
  if (self->proxy != NULL && !g_dbus_connection_is_closed (self->connection))
    return TRUE;

  if (self->proxy != NULL)
    g_signal_handlers_disconnect_by_data (self->proxy, self);
  g_clear_object (&self->proxy);
  g_clear_pointer (&self->inbox, bgrun_dbus_inbox_free);
  g_clear_pointer (&self->transfers_inbox, bgrun_dbus_inbox_free);
  if (self->connection == NULL || g_dbus_connection_is_closed (self->connection))
    {
      g_clear_object (&self->connection);
      self->connection = bgrun_dbus_open_session (&local_error);
    }
  if (self->connection != NULL)
    self->proxy = g_dbus_proxy_new_sync (self->connection,
                                         G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                         G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START_AT_CONSTRUCTION,
                                         bgrun_dbus_get_interface_info (),
                                         BGRUN_DBUS_NAME, BGRUN_DBUS_PATH, BGRUN_DBUS_INTERFACE,
                                         NULL, &local_error);
  if (self->proxy == NULL)
    {
      propagate_call_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->inbox = bgrun_dbus_inbox_new (self->connection, BGRUN_DBUS_PATH, BGRUN_DBUS_INTERFACE,
                                      task_starters, on_signal, self);
  self->transfers_inbox = bgrun_dbus_inbox_new (self->connection, BGRUN_DBUS_PATH, BGRUN_DBUS_TRANSFERS_INTERFACE,
                                                transfers_from_idle, on_transfers_signal, self);
  g_signal_connect (self->proxy, "notify::g-name-owner", G_CALLBACK (on_name_owner), self);
  return TRUE;
}

static void
register_again (BgrunDbusBroker *self)
{
  for (guint i = 0; i < self->patterns->len; i++)
    {
      const char *pattern = g_ptr_array_index (self->patterns, i);
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;

      reply = g_dbus_proxy_call_sync (self->proxy, "Register", g_variant_new ("(s)", pattern),
                                      G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MSEC, NULL, &error);
      if (reply == NULL)
        g_warning ("libbgrun: cannot register “%s” again with the restarted daemon: %s",
                   pattern, error->message);
    }
}

/* Binds this broker's connection to its app id in the daemon (starting
 * the daemon if need be), unless it is bound already. */
static gboolean
attach (BgrunDbusBroker  *self,
        GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  GError *local_error = NULL;

  if (self->daemon != NULL)
    return TRUE;
  if (!connect_to_bus (self, error))
    return FALSE;

  reply = g_dbus_proxy_call_sync (self->proxy, "Attach", g_variant_new ("(s)", self->app_id),
                                  G_DBUS_CALL_FLAGS_NONE, ATTACH_TIMEOUT_MSEC, NULL, &local_error);
  return attached (self, reply, local_error, error);
}

/* What follows the daemon's answer to Attach (@reply, or @local_error,
 * which this takes). */
static gboolean
attached (BgrunDbusBroker  *self,
          GVariant         *reply,
          GError           *local_error,
          GError          **error)
{
  gboolean again;

  /* Another call attached while this one waited. */
  if (self->daemon != NULL)
    {
      g_clear_error (&local_error);
      return TRUE;
    }
  if (reply != NULL)
    self->daemon = current_daemon (self);
  if (self->daemon == NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                           _("it left the bus right after answering"));
      propagate_call_error (error, local_error);
      return FALSE;
    }

  again = self->ever_attached;
  self->ever_attached = TRUE;
  if (again)
    {
      register_again (self);
      g_signal_emit_by_name (self, "requests-changed");
      g_signal_emit (self, signals[SIG_ATTACHED_AGAIN], 0);
    }
  return TRUE;
}

/* Worth one more try: the daemon went away or was replaced by one that
 * does not know this connection yet. Not after a timeout: the daemon is
 * there, only slow. */
static gboolean
worth_retrying (BgrunDbusBroker *self,
                const GError    *error)
{
  g_autofree char *owner = NULL;

  /* The daemon answered: another attempt gets the same answer. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    return FALSE;
  if (error->domain != BGRUN_SCHEDULER_ERROR)
    return TRUE;
  if (error->code != BGRUN_SCHEDULER_ERROR_NOT_PERMITTED || self->daemon == NULL)
    return FALSE;
  owner = current_daemon (self);
  return g_strcmp0 (owner, self->daemon) != 0;
}

static void
deliver_signals (BgrunDbusBroker *self)
{
  if (self->inbox != NULL)
    bgrun_dbus_inbox_deliver (self->inbox);
  if (self->transfers_inbox != NULL)
    bgrun_dbus_inbox_deliver (self->transfers_inbox);
}

/* Calls @method on the daemon; a call @retry allows is tried once more on
 * a daemon that replaced the one that failed. Calls naming a task by id
 * are never retried: ids are per daemon. */
static GVariant *
call_on (BgrunDbusBroker    *self,
         const char         *interface,
         const char         *method,
         GVariant           *parameters,
         const GVariantType *reply_type,
         gboolean            retry,
         GError            **error)
{
  g_autoptr(GVariant) args = parameters != NULL ? g_variant_ref_sink (parameters) : NULL;
  GError *local_error = NULL;
  GVariant *reply = NULL;

  for (guint attempt = 0; reply == NULL; attempt++)
    {
      g_clear_error (&local_error);
      if (attach (self, &local_error) && interface == NULL)
        reply = g_dbus_proxy_call_sync (self->proxy, method, args, G_DBUS_CALL_FLAGS_NONE,
                                        CALL_TIMEOUT_MSEC, NULL, &local_error);
      else if (local_error == NULL)
        reply = g_dbus_connection_call_sync (self->connection, self->daemon, BGRUN_DBUS_PATH, interface,
                                             method, args, reply_type, G_DBUS_CALL_FLAGS_NONE,
                                             CALL_TIMEOUT_MSEC, NULL, &local_error);
      if (reply == NULL && (!retry || attempt > 0 || !worth_retrying (self, local_error)))
        break;
      if (reply == NULL)
        forget_daemon (self);
    }
  note_reply (self, method, reply, local_error);
  if (reply == NULL)
    propagate_call_error (error, local_error);
  if (delivers_at_once (method))
    deliver_signals (self);
  return reply;
}

static GVariant *
call (BgrunDbusBroker  *self,
      const char       *method,
      GVariant         *parameters,
      gboolean          retry,
      GError          **error)
{
  return call_on (self, NULL, method, parameters, NULL, retry, error);
}

static gboolean
call_checked (BgrunDbusBroker  *self,
              const char       *method,
              GVariant         *parameters,
              GError          **error)
{
  g_autoptr(GVariant) reply = call (self, method, parameters, TRUE, error);

  return reply != NULL;
}

/* For calls without an error to return: the failure is logged. */
static void
call_logged (BgrunDbusBroker *self,
             const char      *method,
             GVariant        *parameters,
             gboolean         retry)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call (self, method, parameters, retry, &error);
  if (reply == NULL)
    g_warning ("libbgrun: %s failed: %s", method, error->message);
}

/* The one value of a reply of @type, or an empty @type after a logged
 * failure. */
static GVariant *
call_list (BgrunDbusBroker    *self,
           const char         *method,
           const GVariantType *type)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call (self, method, NULL, TRUE, &error);
  if (reply == NULL)
    {
      g_warning ("libbgrun: %s failed: %s", method, error->message);
      return g_variant_ref_sink (g_variant_new_array (g_variant_type_element (type), NULL, 0));
    }
  return g_variant_get_child_value (reply, 0);
}

/* ---- calls that do not block ------------------------------------------ */

/* The same as call_on(), step by step from the main loop: attaching
 * (which may start the daemon) and the call itself wait for their
 * replies there, and the signals the call caused are emitted before the
 * result is. */
typedef struct
{
  char         *interface;   /* NULL: org.bgrun.Broker1 */
  char         *method;
  GVariant     *parameters;
  GVariantType *reply_type;
  gboolean      retry;
  guint         attempt;
} AsyncCall;

static void
async_call_free (AsyncCall *call)
{
  g_free (call->interface);
  g_free (call->method);
  g_clear_pointer (&call->parameters, g_variant_unref);
  g_clear_pointer (&call->reply_type, g_variant_type_free);
  g_free (call);
}

static void async_attempt (GTask *task);

/* Takes the reference of @task and @local_error. */
static void
async_failed (GTask  *task,
              GError *local_error)
{
  BgrunDbusBroker *self = g_task_get_source_object (task);
  AsyncCall *call = g_task_get_task_data (task);
  GError *error = NULL;

  if (call->retry && call->attempt == 0 &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      worth_retrying (self, local_error))
    {
      g_error_free (local_error);
      forget_daemon (self);
      call->attempt++;
      async_attempt (task);
      return;
    }
  deliver_signals (self);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    error = local_error;
  else
    propagate_call_error (&error, local_error);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_async_reply (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunDbusBroker *self = g_task_get_source_object (task);
  AsyncCall *call = g_task_get_task_data (task);
  GError *local_error = NULL;
  GVariant *reply;

  if (G_IS_DBUS_PROXY (source))
    reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &local_error);
  else
    reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &local_error);
  note_reply (self, call->method, reply, local_error);
  if (reply == NULL)
    {
      async_failed (g_steal_pointer (&task), local_error);
      return;
    }
  if (delivers_at_once (call->method))
    deliver_signals (self);
  g_task_return_pointer (task, reply, (GDestroyNotify) g_variant_unref);
}

static void
async_send (GTask *task)
{
  BgrunDbusBroker *self = g_task_get_source_object (task);
  AsyncCall *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (call->interface == NULL)
    g_dbus_proxy_call (self->proxy, call->method, call->parameters, G_DBUS_CALL_FLAGS_NONE,
                       CALL_TIMEOUT_MSEC, cancellable, on_async_reply, task);
  else
    g_dbus_connection_call (self->connection, self->daemon, BGRUN_DBUS_PATH, call->interface,
                            call->method, call->parameters, call->reply_type,
                            G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MSEC, cancellable,
                            on_async_reply, task);
}

static void
on_async_attached (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunDbusBroker *self = g_task_get_source_object (task);
  g_autoptr(GVariant) reply = NULL;
  GError *local_error = NULL;
  GError *error = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &local_error);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, local_error);
      return;
    }
  if (!attached (self, reply, local_error, &error))
    {
      async_failed (g_steal_pointer (&task), error);
      return;
    }
  async_send (g_steal_pointer (&task));
}

/* Takes the reference of @task. */
static void
async_attempt (GTask *task)
{
  BgrunDbusBroker *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (self->daemon != NULL && self->proxy != NULL)
    {
      async_send (task);
      return;
    }
  if (!connect_to_bus (self, &error))
    {
      /* Already an UNAVAILABLE naming the daemon: nothing to retry. */
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_dbus_proxy_call (self->proxy, "Attach", g_variant_new ("(s)", self->app_id),
                     G_DBUS_CALL_FLAGS_NONE, ATTACH_TIMEOUT_MSEC, g_task_get_cancellable (task),
                     on_async_attached, task);
}

static void
call_on_async (BgrunDbusBroker     *self,
               const char          *interface,
               const char          *method,
               GVariant            *parameters,
               const GVariantType  *reply_type,
               gboolean             retry,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AsyncCall *call = g_new0 (AsyncCall, 1);

  g_task_set_source_tag (task, call_on_async);
  call->interface = g_strdup (interface);
  call->method = g_strdup (method);
  call->parameters = parameters != NULL ? g_variant_ref_sink (parameters) : NULL;
  call->reply_type = reply_type != NULL ? g_variant_type_copy (reply_type) : NULL;
  call->retry = retry;
  g_task_set_task_data (task, call, (GDestroyNotify) async_call_free);
  async_attempt (task);
}

static GVariant *
call_on_finish (BgrunDbusBroker  *self,
                GAsyncResult     *result,
                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_history_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (source);
  GError *error = NULL;
  GVariant *reply = call_on_finish (self, result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_pointer (&self->listed_history, g_variant_unref);
  self->listed_history = g_variant_get_child_value (reply, 0);
  self->listed_position = 0;
  g_task_return_pointer (task, reply, (GDestroyNotify) g_variant_unref);
}

static void
on_plain_pending_listed (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GVariant *reply = call_on_finish (BGRUN_DBUS_BROKER (source), result, &error);

  if (reply != NULL)
    g_task_return_pointer (task, reply, (GDestroyNotify) g_variant_unref);
  else
    g_task_return_error (task, error);
}

/* ListPendingWithSequence answered for ListPending: the list alone, in
 * ListPending's form; a daemon without it is asked ListPending. */
static void
on_pending_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (source);
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = call_on_finish (self, result, &error);
  if (reply != NULL)
    {
      GVariant *list = g_variant_get_child_value (reply, 1);

      g_task_return_pointer (task, g_variant_ref_sink (g_variant_new_tuple (&list, 1)),
                             (GDestroyNotify) g_variant_unref);
      return;
    }
  if (!self->unsequenced)
    {
      g_task_return_error (task, error);
      return;
    }
  g_error_free (error);
  call_on_async (self, NULL, "ListPending", NULL, NULL, TRUE, g_task_get_cancellable (task),
                 on_plain_pending_listed, g_steal_pointer (&task));
}

static void
dbus_call_async (BgrunBroker         *broker,
                 const char          *method,
                 GVariant            *parameters,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (broker);
  GTask *task;

  if (g_str_equal (method, "ListPending") && !self->unsequenced)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, dbus_call_async);
      call_on_async (self, NULL, "ListPendingWithSequence", NULL, NULL, TRUE, cancellable,
                     on_pending_listed, task);
      return;
    }
  if (!g_str_equal (method, "ListHistory"))
    {
      call_on_async (self, NULL, method, parameters, NULL, TRUE, cancellable, callback, user_data);
      return;
    }
  /* As dbus_list_history(): HistoryAdded signals the answer holds are
   * not added twice. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dbus_call_async);
  call_on_async (self, NULL, method, parameters, NULL, TRUE, cancellable, on_history_listed, task);
}

static GVariant *
dbus_call_finish (BgrunBroker   *broker,
                  GAsyncResult  *result,
                  GError       **error)
{
  return call_on_finish (BGRUN_DBUS_BROKER (broker), result, error);
}

/* ---- the broker interface --------------------------------------------- */

static const char *
dbus_get_app_id (BgrunBroker *broker)
{
  return BGRUN_DBUS_BROKER (broker)->app_id;
}

static BgrunClock *
dbus_get_clock (BgrunBroker *broker)
{
  return BGRUN_DBUS_BROKER (broker)->clock;
}

static gboolean
dbus_register (BgrunBroker  *broker,
               const char   *pattern,
               GError      **error)
{
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (broker);

  if (!call_checked (self, "Register", g_variant_new ("(s)", pattern), error))
    return FALSE;
  g_ptr_array_add (self->patterns, g_strdup (pattern));
  return TRUE;
}

static gboolean
dbus_submit (BgrunBroker  *broker,
             GVariant     *request,
             gboolean      frontmost,
             GError      **error)
{
  return call_checked (BGRUN_DBUS_BROKER (broker), "Submit",
                       g_variant_new ("(@a{sv}b)", request, frontmost), error);
}

static void
dbus_cancel (BgrunBroker *broker,
             const char  *identifier)
{
  call_logged (BGRUN_DBUS_BROKER (broker), "Cancel", g_variant_new ("(s)", identifier), TRUE);
}

static void
dbus_cancel_all (BgrunBroker *broker)
{
  call_logged (BGRUN_DBUS_BROKER (broker), "CancelAll", NULL, TRUE);
}

/* With the number of the last change it has (see on_pending_changed()),
 * unless the daemon is too old to give it. */
static GVariant *
dbus_list_pending (BgrunBroker *broker)
{
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (broker);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->unsequenced)
    {
      reply = call (self, "ListPendingWithSequence", NULL, TRUE, &error);
      if (reply != NULL)
        return g_variant_get_child_value (reply, 1);
      if (!self->unsequenced)
        {
          g_warning ("libbgrun: ListPendingWithSequence failed: %s", error->message);
          return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_VARDICT, NULL, 0));
        }
    }
  return call_list (self, "ListPending", G_VARIANT_TYPE ("aa{sv}"));
}

static GVariant *
dbus_list_running (BgrunBroker *broker)
{
  return call_list (BGRUN_DBUS_BROKER (broker), "ListRunning", G_VARIANT_TYPE ("aa{sv}"));
}

static GVariant *
dbus_list_history (BgrunBroker *broker)
{
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (broker);
  GVariant *entries = call_list (self, "ListHistory", G_VARIANT_TYPE ("a" BGRUN_HISTORY_ENTRY_VARIANT_TYPE));

  g_clear_pointer (&self->listed_history, g_variant_unref);
  self->listed_history = g_variant_ref (entries);
  self->listed_position = 0;
  return entries;
}

/* The one value of the reply to @method (@argument), or NULL. */
static GVariant *
call_for_value (BgrunBroker  *broker,
                const char   *method,
                const char   *argument,
                GError      **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = call (BGRUN_DBUS_BROKER (broker), method, g_variant_new ("(s)", argument), TRUE, error);
  return reply != NULL ? g_variant_get_child_value (reply, 0) : NULL;
}

static GVariant *
dbus_explain (BgrunBroker  *broker,
              const char   *identifier,
              GError      **error)
{
  return call_for_value (broker, "Explain", identifier, error);
}

static GVariant *
dbus_explain_by_tag (BgrunBroker  *broker,
                     const char   *tag,
                     GError      **error)
{
  return call_for_value (broker, "ExplainByTag", tag, error);
}

static void
dbus_complete_task (BgrunBroker *broker,
                    guint64      task_id,
                    gboolean     success)
{
  call_logged (BGRUN_DBUS_BROKER (broker), "CompleteTask",
               g_variant_new ("(tb)", task_id, success), FALSE);
}

static void
dbus_report_progress (BgrunBroker *broker,
                      guint64      task_id,
                      gint64       completed,
                      gint64       total)
{
  call_logged (BGRUN_DBUS_BROKER (broker), "ReportProgress",
               g_variant_new ("(txx)", task_id, completed, total), FALSE);
}

static void
dbus_cancel_by_tag (BgrunBroker *broker,
                    const char  *tag)
{
  call_logged (BGRUN_DBUS_BROKER (broker), "CancelByTag", g_variant_new ("(s)", tag), TRUE);
}

static void
dbus_retry_task (BgrunBroker *broker,
                 guint64      task_id)
{
  call_logged (BGRUN_DBUS_BROKER (broker), "RetryTask", g_variant_new ("(t)", task_id), FALSE);
}

static void
dbus_update_task (BgrunBroker *broker,
                  guint64      task_id,
                  GVariant    *update)
{
  call_logged (BGRUN_DBUS_BROKER (broker), "UpdateTask",
               g_variant_new ("(t@a{sv})", task_id, update), FALSE);
}

static gboolean
dbus_expire_task (BgrunBroker  *broker,
                  const char   *identifier,
                  GError      **error)
{
  return call_checked (BGRUN_DBUS_BROKER (broker), "ExpireTask",
                       g_variant_new ("(s)", identifier), error);
}

static gboolean
dbus_run_now (BgrunBroker  *broker,
              const char   *identifier,
              GError      **error)
{
  return call_checked (BGRUN_DBUS_BROKER (broker), "RunNow",
                       g_variant_new ("(s)", identifier), error);
}

static SessionPart *
find_session_part (BgrunDbusBroker *self,
                   const char      *name)
{
  for (guint i = 0; i < self->session_parts->len; i++)
    {
      SessionPart *part = g_ptr_array_index (self->session_parts, i);

      if (g_str_equal (part->name, name))
        return part;
    }
  return NULL;
}

/* Keeps @sessions (floating or not) as the part @part_name of the app's
 * report. */
static void
store_session_part (BgrunDbusBroker *self,
                    const char      *part_name,
                    GVariant        *sessions)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (sessions);
  SessionPart *part;

  part = find_session_part (self, part_name);
  if (part == NULL)
    {
      part = g_new0 (SessionPart, 1);
      part->name = g_strdup (part_name);
      g_ptr_array_add (self->session_parts, part);
    }
  g_clear_pointer (&part->sessions, g_variant_unref);
  part->sessions = g_steal_pointer (&owned);
}

/* The whole report of the app's sessions, floating, as SetSessions takes
 * it. */
static GVariant *
session_report (BgrunDbusBroker *self)
{
  GVariantBuilder all;

  g_variant_builder_init (&all, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < self->session_parts->len; i++)
    {
      GVariantIter iter;
      GVariant *session;

      g_variant_iter_init (&iter, ((SessionPart *) g_ptr_array_index (self->session_parts, i))->sessions);
      while ((session = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_variant_builder_add_value (&all, session);
          g_variant_unref (session);
        }
    }
  return g_variant_new ("(aa{sv})", &all);
}

void
bgrun_dbus_broker_set_sessions (BgrunDbusBroker *self,
                                const char      *part_name,
                                GVariant        *sessions)
{
  g_return_if_fail (BGRUN_IS_DBUS_BROKER (self));
  g_return_if_fail (g_variant_is_of_type (sessions, G_VARIANT_TYPE ("aa{sv}")));

  store_session_part (self, part_name, sessions);
  if (!self->closed)
    call_logged (self, "SetSessions", session_report (self), FALSE);
}

/* bgrun_dbus_broker_set_sessions(), from the main loop. */
void
bgrun_dbus_broker_set_sessions_async (BgrunDbusBroker     *self,
                                      const char          *part_name,
                                      GVariant            *sessions,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BGRUN_IS_DBUS_BROKER (self));
  g_return_if_fail (g_variant_is_of_type (sessions, G_VARIANT_TYPE ("aa{sv}")));

  store_session_part (self, part_name, sessions);
  if (!self->closed)
    {
      call_on_async (self, NULL, "SetSessions", session_report (self), NULL, FALSE,
                     cancellable, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_return_pointer (task, g_variant_ref_sink (g_variant_new ("()")), (GDestroyNotify) g_variant_unref);
}

gboolean
bgrun_dbus_broker_set_sessions_finish (BgrunDbusBroker  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_autoptr(GVariant) reply = g_task_propagate_pointer (G_TASK (result), error);

  return reply != NULL;
}

static void
bgrun_dbus_broker_iface_init (BgrunBrokerInterface *iface)
{
  iface->get_app_id = dbus_get_app_id;
  iface->get_clock = dbus_get_clock;
  iface->register_handler = dbus_register;
  iface->submit = dbus_submit;
  iface->cancel = dbus_cancel;
  iface->cancel_all = dbus_cancel_all;
  iface->list_pending = dbus_list_pending;
  iface->list_running = dbus_list_running;
  iface->list_history = dbus_list_history;
  iface->explain = dbus_explain;
  iface->explain_by_tag = dbus_explain_by_tag;
  iface->complete_task = dbus_complete_task;
  iface->report_progress = dbus_report_progress;
  iface->cancel_by_tag = dbus_cancel_by_tag;
  iface->retry_task = dbus_retry_task;
  iface->update_task = dbus_update_task;
  iface->expire_task = dbus_expire_task;
  iface->run_now = dbus_run_now;
  iface->call_async = dbus_call_async;
  iface->call_finish = dbus_call_finish;
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_dbus_broker_dispose (GObject *object)
{
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (object);

  if (self->proxy != NULL)
    g_signal_handlers_disconnect_by_data (self->proxy, self);
  g_clear_object (&self->proxy);
  g_clear_pointer (&self->inbox, bgrun_dbus_inbox_free);
  g_clear_pointer (&self->transfers_inbox, bgrun_dbus_inbox_free);
  /* Closing the connection is how the daemon learns the app is gone. */
  if (self->connection != NULL && !g_dbus_connection_is_closed (self->connection))
    g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bgrun_dbus_broker_parent_class)->dispose (object);
}

static void
bgrun_dbus_broker_finalize (GObject *object)
{
  BgrunDbusBroker *self = BGRUN_DBUS_BROKER (object);

  g_free (self->app_id);
  g_free (self->daemon);
  g_ptr_array_unref (self->patterns);
  g_hash_table_unref (self->tasks);
  g_clear_pointer (&self->listed_history, g_variant_unref);
  g_ptr_array_unref (self->session_parts);

  G_OBJECT_CLASS (bgrun_dbus_broker_parent_class)->finalize (object);
}

static void
bgrun_dbus_broker_class_init (BgrunDbusBrokerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_dbus_broker_dispose;
  object_class->finalize = bgrun_dbus_broker_finalize;

  /* Attached to a daemon that replaced the one it was attached to. */
  signals[SIG_ATTACHED_AGAIN] =
    g_signal_new ("attached-again", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A signal of org.bgrun.Transfers1 from that daemon: its name and its
   * parameters, in the order sent; TaskEvent from the main loop only. */
  signals[SIG_TRANSFERS_SIGNAL] =
    g_signal_new ("transfers-signal", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);
  /* The user asked, through bgrund, to stop the session with this id
   * (what SetSessions reported). */
  signals[SIG_STOP_SESSION] =
    g_signal_new ("stop-session", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* The user asked, through bgrund, that the app's location come from
   * the track in this file (an absolute path), replayed at this speed. */
  signals[SIG_SIMULATE_LOCATION] =
    g_signal_new ("simulate-location", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_DOUBLE);
  /* Another app's audio session took the sound (BEGAN) or gave it back
   * (ENDED, SHOULD_RESUME): a BgrunInterruptionType and its options. */
  signals[SIG_AUDIO_INTERRUPTION] =
    g_signal_new ("audio-interruption", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* Another app's audio session asks (TRUE) that this app's playback be
   * lowered while it plays, or no longer (FALSE). */
  signals[SIG_AUDIO_DUCK] =
    g_signal_new ("audio-duck", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
bgrun_dbus_broker_init (BgrunDbusBroker *self)
{
  self->patterns = g_ptr_array_new_with_free_func (g_free);
  self->tasks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->session_parts = g_ptr_array_new_with_free_func (session_part_free);
}

/* Ends the broker's life with the daemon as the app's process ending
 * would: its connection closes (the daemon queues its running tasks
 * again), they end here as expired, and it never connects again. For the
 * test driver, whose next scheduler stands for the app starting again. */
void
bgrun_dbus_broker_close (BgrunDbusBroker *self)
{
  g_return_if_fail (BGRUN_IS_DBUS_BROKER (self));

  self->closed = TRUE;
  if (self->proxy != NULL)
    g_signal_handlers_disconnect_by_data (self->proxy, self);
  g_clear_object (&self->proxy);
  g_clear_pointer (&self->inbox, bgrun_dbus_inbox_free);
  g_clear_pointer (&self->transfers_inbox, bgrun_dbus_inbox_free);
  if (self->connection != NULL && !g_dbus_connection_is_closed (self->connection))
    g_dbus_connection_close_sync (self->connection, NULL, NULL);
  forget_daemon (self);
}

/* A broker for @app_id on @connection (a private session bus connection,
 * or NULL to open one). It attaches at once when it can; when it cannot
 * (no bus, no daemon, the app id is taken), every call tries again and
 * fails with the reason. */
BgrunDbusBroker *
bgrun_dbus_broker_new (GDBusConnection *connection,
                       const char      *app_id,
                       BgrunClock      *clock)
{
  BgrunDbusBroker *self = g_object_new (BGRUN_TYPE_DBUS_BROKER, NULL);
  g_autoptr(GError) error = NULL;

  bgrun_dbus_register_errors ();
  self->app_id = g_strdup (app_id);
  self->clock = g_object_ref (clock);
  self->connection = connection != NULL ? g_object_ref (connection) : NULL;
  if (!attach (self, &error))
    g_debug ("libbgrun: not attached to the daemon yet: %s", error->message);
  return self;
}

GVariant *
bgrun_dbus_broker_call_broker (BgrunDbusBroker  *self,
                               const char       *method,
                               GVariant         *parameters,
                               GError          **error)
{
  g_return_val_if_fail (BGRUN_IS_DBUS_BROKER (self), NULL);

  return call (self, method, parameters, TRUE, error);
}

/* Calls @method of org.bgrun.Transfers1 on the daemon, attached as this
 * broker's app. URL session errors keep their code; failing to reach the
 * daemon is BGRUN_SCHEDULER_ERROR_UNAVAILABLE. Transfers1 signals the
 * call caused are emitted before it returns. */
GVariant *
bgrun_dbus_broker_call_transfers (BgrunDbusBroker     *self,
                                  const char          *method,
                                  GVariant            *parameters,
                                  const GVariantType  *reply_type,
                                  GError             **error)
{
  g_return_val_if_fail (BGRUN_IS_DBUS_BROKER (self), NULL);

  return call_on (self, BGRUN_DBUS_TRANSFERS_INTERFACE, method, parameters, reply_type, TRUE, error);
}

void
bgrun_dbus_broker_call_transfers_async (BgrunDbusBroker     *self,
                                        const char          *method,
                                        GVariant            *parameters,
                                        const GVariantType  *reply_type,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_DBUS_BROKER (self));

  call_on_async (self, BGRUN_DBUS_TRANSFERS_INTERFACE, method, parameters, reply_type, TRUE,
                 cancellable, callback, user_data);
}

GVariant *
bgrun_dbus_broker_call_transfers_finish (BgrunDbusBroker  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  return call_on_finish (self, result, error);
}
