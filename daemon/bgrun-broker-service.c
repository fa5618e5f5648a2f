/* bgrun-broker-service.c: an engine exported on D-Bus as org.bgrun.Broker1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-broker-service-private.h"
#include "bgrun-call-queue-private.h"
#include "bgrun-dbus-broker-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-peer-identity-private.h"
#include "bgrun-track-private.h"

/* Hand-written glue from the interface in data/org.bgrun.Broker1.xml to
 * the engine: each method unpacks its arguments, calls the engine for the
 * caller's app and packs the answer; each engine signal for an app goes
 * to that app's connection alone. What to run and when is the engine's
 * business; this file only knows who is calling.
 *
 * Who is calling: the app id a connection attaches with, which for a
 * Flatpak app must be the one its sandbox names (bgrun-peer-identity.c).
 * One live connection per app id; a connection serves one app.
 *
 * The calls of attached apps, here and on org.bgrun.Transfers1, are
 * served in turns (bgrun-call-queue.c), so that one app's flood of calls
 * does not hold up the others. */

typedef struct
{
  BgrunBrokerService *service;
  char               *name;       /* unique bus name */
  char               *app_id;
  guint               watch;
  GVariant           *sessions;   /* aa{sv}: what SetSessions said last */
  guint64             pending_sequence;  /* changes of the app's pending list sent so far */
  gboolean            follows_pending;   /* called ListPendingWithSequence: sent PendingChanged */
} Client;

struct _BgrunBrokerService
{
  GObject parent_instance;

  BgrunEngine     *engine;
  GDBusConnection *connection;
  guint            registration;
  GHashTable      *clients;       /* unique name → Client */
  GHashTable      *apps;          /* app id → Client, not owned */
  BgrunCallQueue  *calls;         /* of attached apps, until served */
  guint            n_running;
  gboolean         idle;
  const BgrunRegionFuncs *region_funcs;  /* nullable */
  gpointer         region_host;
  BgrunWorkoutFunc workout_func;  /* nullable */
  gpointer         workout_host;
  const BgrunTriggerFuncs *trigger_funcs;  /* nullable */
  gpointer         trigger_host;
};

enum {
  SIG_APP_ATTACHED,
  SIG_SESSIONS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BgrunBrokerService, bgrun_broker_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_idle (BgrunBrokerService *self)
{
  gboolean idle = g_hash_table_size (self->clients) == 0 && self->n_running == 0;

  if (idle == self->idle)
    return;
  self->idle = idle;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE]);
}

/* ---- clients ---------------------------------------------------------- */

static void
client_free (gpointer data)
{
  Client *client = data;

  if (client->watch != 0)
    g_bus_unwatch_name (client->watch);
  g_free (client->name);
  g_free (client->app_id);
  g_clear_pointer (&client->sessions, g_variant_unref);
  g_free (client);
}

/* Takes back the app's ongoing-session notification, where another
 * process may: org.gtk.Notifications knows notifications by app id and
 * notification id. Over org.freedesktop.Notifications only the process
 * that showed it knows its number, and a server drops the notifications
 * of a client that left the bus, or keeps them, as it pleases. */
static void
withdraw_notification (BgrunBrokerService *self,
                       const char         *app_id)
{
  g_dbus_connection_call (self->connection, "org.gtk.Notifications", "/org/gtk/Notifications",
                          "org.gtk.Notifications", "RemoveNotification",
                          g_variant_new ("(ss)", app_id, "bgrun-ongoing"), NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
}

/* The sessions the app still reported running when its connection went:
 * the process ended without stopping them. */
static void
record_exited_sessions (BgrunBrokerService *self,
                        Client             *client)
{
  g_autofree char *identifier = g_strconcat (client->app_id, ".ongoing", NULL);
  GVariantIter iter;
  GVariant *session;
  guint n = 0;

  if (client->sessions == NULL)
    return;
  g_variant_iter_init (&iter, client->sessions);
  while ((session = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = session;
      g_autofree char *message = NULL;
      const char *kind = NULL, *title = NULL;

      if (!g_variant_lookup (session, "kind", "&s", &kind) || !g_str_equal (kind, "ongoing") ||
          !g_variant_lookup (session, "title", "&s", &title))
        continue;
      message = g_strdup_printf (_("The ongoing session “%s” was still running when the app’s process (%s on the session bus) ended (it exited or crashed without stopping it). Stop ongoing sessions before the app quits."),
                                 title, client->name);
      bgrun_engine_record_history (self->engine, client->app_id, identifier,
                                   BGRUN_HISTORY_EVENT_APP_EXITED, message);
      n++;
    }
  if (n > 0)
    withdraw_notification (self, client->app_id);
}

/* The app's process is gone: its handlers go with it; its pending
 * requests stay, and its running tasks are queued again. */
static void
drop_client (BgrunBrokerService *self,
             Client             *client)
{
  g_autofree char *app_id = g_strdup (client->app_id);

  g_debug ("bgrund: %s (%s) left", client->name, app_id);
  /* What it sent before it went counts: a task it completed is complete. */
  bgrun_call_queue_serve_peer (self->calls, client->name);
  record_exited_sessions (self, client);
  g_hash_table_remove (self->apps, app_id);
  g_hash_table_remove (self->clients, client->name);
  bgrun_engine_unregister_all (self->engine, app_id);
  update_idle (self);
  g_signal_emit (self, signals[SIG_APP_ATTACHED], 0, app_id, FALSE);
  g_signal_emit (self, signals[SIG_SESSIONS_CHANGED], 0, app_id);
}

static void
on_client_vanished (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  Client *client = user_data;

  drop_client (client->service, client);
}

/* Before bgrund serves an app, it takes the work the app's embedded
 * engine kept in its own store, <base>/<app id>/tasks.db beside
 * bgrund's <base>/daemon/tasks.db (bgrun_engine_take_app()). What cannot
 * be taken stays where it is, for the next attach. */
static void
take_embedded_work (BgrunBrokerService *self,
                    const char         *app_id)
{
  g_autofree char *daemon_directory = g_path_get_dirname (bgrun_engine_get_store_path (self->engine));
  g_autofree char *base = g_path_get_dirname (daemon_directory);
  g_autofree char *path = g_build_filename (base, app_id, "tasks.db", NULL);
  g_autoptr(GError) error = NULL;

  if (!bgrun_engine_take_app (self->engine, app_id, path, &error))
    g_warning ("bgrund: cannot take the background work %s kept in “%s” while it ran its engine embedded; it stays there until the app attaches again: %s",
               app_id, path, error->message);
}

static void
add_client (BgrunBrokerService *self,
            const char         *name,
            const char         *app_id)
{
  Client *client = g_new0 (Client, 1);

  client->service = self;
  client->name = g_strdup (name);
  client->app_id = g_strdup (app_id);
  g_hash_table_insert (self->clients, client->name, client);
  g_hash_table_insert (self->apps, client->app_id, client);
  /* Calls back at once (from the main loop) when @name is already gone. */
  client->watch = g_bus_watch_name_on_connection (self->connection, name,
                                                  G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                  NULL, on_client_vanished, client, NULL);
  g_debug ("bgrund: %s attached as %s", name, app_id);
  take_embedded_work (self, app_id);
  bgrun_engine_attach (self->engine, app_id);
  update_idle (self);
  g_signal_emit (self, signals[SIG_APP_ATTACHED], 0, app_id, TRUE);
}

/* The bus knows best whether a connection still exists: its goodbye may
 * be on its way while a new connection claims the same app. */
static gboolean
client_is_alive (BgrunBrokerService *self,
                 Client             *client)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean alive = TRUE;

  reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", client->name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &alive);
  return alive;
}

static void
handle_attach (BgrunBrokerService    *self,
               const char            *sender,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation)
{
  Client *client = g_hash_table_lookup (self->clients, sender);
  Client *holder;
  const char *app_id;

  g_variant_get (parameters, "(&s)", &app_id);
  if (!g_application_id_is_valid (app_id))
    {
      g_dbus_method_invocation_return_error (invocation, BGRUN_SCHEDULER_ERROR,
                                             BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                                             _("“%s” is not a valid application id. Attach with the app’s id, such as org.example.News."),
                                             app_id);
      return;
    }
  if (client != NULL && !g_str_equal (client->app_id, app_id))
    {
      g_dbus_method_invocation_return_error (invocation, BGRUN_SCHEDULER_ERROR,
                                             BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                                             _("This connection is attached to “%s” and cannot attach to “%s” too: a connection serves one app. Open another connection for “%s”."),
                                             client->app_id, app_id, app_id);
      return;
    }
  if (client == NULL)
    {
      GError *error = NULL;

      /* A Flatpak app attaches as the id its sandbox names, or not at all. */
      if (!bgrun_peer_identity_may_serve (self->connection, sender, app_id, &error))
        {
          g_dbus_method_invocation_take_error (invocation, error);
          return;
        }
      holder = g_hash_table_lookup (self->apps, app_id);
      if (holder != NULL && !client_is_alive (self, holder))
        {
          drop_client (self, holder);
          holder = NULL;
        }
      if (holder != NULL)
        {
          g_dbus_method_invocation_return_error (invocation, BGRUN_SCHEDULER_ERROR,
                                                 BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                                                 _("“%s” is already attached by another connection (%s): one process at a time serves an app. Quit the other instance, or use one scheduler per app."),
                                                 app_id, holder->name);
          return;
        }
      add_client (self, sender, app_id);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

/* ---- methods ---------------------------------------------------------- */

typedef void (*MethodHandler) (BgrunBrokerService    *self,
                               const char            *app_id,
                               GVariant              *parameters,
                               GDBusMethodInvocation *invocation);

/* Answers with nothing on success, else with @error (taken). */
static void
reply_done (GDBusMethodInvocation *invocation,
            gboolean               done,
            GError                *error)
{
  if (done)
    g_dbus_method_invocation_return_value (invocation, NULL);
  else
    g_dbus_method_invocation_take_error (invocation, error);
}

/* Answers with (@value) (taken), else with @error (taken). */
static void
reply_value (GDBusMethodInvocation *invocation,
             GVariant              *value,
             GError                *error)
{
  if (value == NULL)
    {
      g_dbus_method_invocation_take_error (invocation, error);
      return;
    }
  g_dbus_method_invocation_return_value (invocation, g_variant_new_tuple (&value, 1));
  g_variant_unref (value);
}

static void
handle_register (BgrunBrokerService    *self,
                 const char            *app_id,
                 GVariant              *parameters,
                 GDBusMethodInvocation *invocation)
{
  const char *pattern;
  GError *error = NULL;
  gboolean done;

  g_variant_get (parameters, "(&s)", &pattern);
  done = bgrun_engine_register (self->engine, app_id, pattern, &error);
  reply_done (invocation, done, error);
}

static void
handle_submit (BgrunBrokerService    *self,
               const char            *app_id,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) request = NULL;
  gboolean frontmost;
  GError *error = NULL;
  gboolean done;

  g_variant_get (parameters, "(@a{sv}b)", &request, &frontmost);
  done = bgrun_engine_submit (self->engine, app_id, request, frontmost, &error);
  reply_done (invocation, done, error);
}

static void
handle_cancel (BgrunBrokerService    *self,
               const char            *app_id,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation)
{
  const char *identifier;

  g_variant_get (parameters, "(&s)", &identifier);
  bgrun_engine_cancel (self->engine, app_id, identifier);
  reply_done (invocation, TRUE, NULL);
}

static void
handle_cancel_all (BgrunBrokerService    *self,
                   const char            *app_id,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation)
{
  bgrun_engine_cancel_all (self->engine, app_id);
  reply_done (invocation, TRUE, NULL);
}

static void
handle_list_pending (BgrunBrokerService    *self,
                     const char            *app_id,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation)
{
  reply_value (invocation, bgrun_engine_list_pending (self->engine, app_id), NULL);
}

/* The list and the number of the last change it has: from now on each
 * change reaches the app as PendingChanged, numbered, instead of a
 * RequestsChanged after which the app read the whole list again. */
static void
handle_list_pending_with_sequence (BgrunBrokerService    *self,
                                   const char            *app_id,
                                   GVariant              *parameters,
                                   GDBusMethodInvocation *invocation)
{
  Client *client = g_hash_table_lookup (self->apps, app_id);
  g_autoptr(GVariant) list = bgrun_engine_list_pending (self->engine, app_id);

  client->follows_pending = TRUE;
  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(t@aa{sv})", client->pending_sequence, list));
}

static void
handle_list_running (BgrunBrokerService    *self,
                     const char            *app_id,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation)
{
  reply_value (invocation, bgrun_engine_list_running (self->engine, app_id), NULL);
}

static void
handle_list_history (BgrunBrokerService    *self,
                     const char            *app_id,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation)
{
  reply_value (invocation, bgrun_engine_list_history (self->engine, app_id), NULL);
}

static void
handle_explain (BgrunBrokerService    *self,
                const char            *app_id,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation)
{
  const char *identifier;
  GError *error = NULL;
  GVariant *explanation;

  g_variant_get (parameters, "(&s)", &identifier);
  explanation = bgrun_engine_explain (self->engine, app_id, identifier, &error);
  reply_value (invocation, explanation, error);
}

static void
handle_explain_by_tag (BgrunBrokerService    *self,
                       const char            *app_id,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation)
{
  const char *tag;

  g_variant_get (parameters, "(&s)", &tag);
  reply_value (invocation, bgrun_engine_explain_by_tag (self->engine, app_id, tag), NULL);
}

static void
handle_complete_task (BgrunBrokerService    *self,
                      const char            *app_id,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation)
{
  guint64 task_id;
  gboolean success;

  g_variant_get (parameters, "(tb)", &task_id, &success);
  bgrun_engine_complete_task (self->engine, app_id, task_id, success);
  reply_done (invocation, TRUE, NULL);
}

static void
handle_cancel_by_tag (BgrunBrokerService    *self,
                      const char            *app_id,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation)
{
  const char *tag;

  g_variant_get (parameters, "(&s)", &tag);
  bgrun_engine_cancel_by_tag (self->engine, app_id, tag);
  reply_done (invocation, TRUE, NULL);
}

static void
handle_retry_task (BgrunBrokerService    *self,
                   const char            *app_id,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation)
{
  guint64 task_id;

  g_variant_get (parameters, "(t)", &task_id);
  bgrun_engine_retry_task (self->engine, app_id, task_id);
  reply_done (invocation, TRUE, NULL);
}

/* The app's update is untrusted: the engine checks every value. */
static void
handle_update_task (BgrunBrokerService    *self,
                    const char            *app_id,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) update = NULL;
  GError *error = NULL;
  guint64 task_id;
  gboolean done;

  g_variant_get (parameters, "(t@a{sv})", &task_id, &update);
  done = bgrun_engine_update_task (self->engine, app_id, task_id, update, &error);
  reply_done (invocation, done, error);
}

static void
handle_report_progress (BgrunBrokerService    *self,
                        const char            *app_id,
                        GVariant              *parameters,
                        GDBusMethodInvocation *invocation)
{
  guint64 task_id;
  gint64 completed, total;

  g_variant_get (parameters, "(txx)", &task_id, &completed, &total);
  bgrun_engine_report_progress (self->engine, app_id, task_id, completed, total);
  reply_done (invocation, TRUE, NULL);
}

static void
handle_set_sessions (BgrunBrokerService    *self,
                     const char            *app_id,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation)
{
  Client *client = g_hash_table_lookup (self->apps, app_id);

  g_clear_pointer (&client->sessions, g_variant_unref);
  client->sessions = g_variant_get_child_value (parameters, 0);
  reply_done (invocation, TRUE, NULL);
  g_signal_emit (self, signals[SIG_SESSIONS_CHANGED], 0, app_id);
}

static void
handle_expire_task (BgrunBrokerService    *self,
                    const char            *app_id,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation)
{
  const char *identifier;
  GError *error = NULL;
  gboolean done;

  g_variant_get (parameters, "(&s)", &identifier);
  done = bgrun_engine_expire_task (self->engine, app_id, identifier, &error);
  reply_done (invocation, done, error);
}

static void
handle_run_now (BgrunBrokerService    *self,
                const char            *app_id,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation)
{
  const char *identifier;
  GError *error = NULL;
  gboolean done;

  g_variant_get (parameters, "(&s)", &identifier);
  done = bgrun_engine_run_now (self->engine, app_id, identifier, &error);
  reply_done (invocation, done, error);
}

static gboolean
no_region_host (BgrunBrokerService  *self,
                GError             **error)
{
  if (self->region_funcs != NULL)
    return FALSE;
  g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                       _("This bgrund does not watch location regions."));
  return TRUE;
}

static void
handle_set_regions (BgrunBrokerService    *self,
                    const char            *app_id,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) regions = g_variant_get_child_value (parameters, 0);
  gboolean watching;
  GError *error = NULL;
  gboolean done;

  g_variant_get_child (parameters, 1, "b", &watching);
  done = !no_region_host (self, &error) &&
         self->region_funcs->set_regions (self->region_host, app_id, regions, watching, &error);

  reply_done (invocation, done, error);
}

static void
handle_set_location_updates (BgrunBrokerService    *self,
                             const char            *app_id,
                             GVariant              *parameters,
                             GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) updates = g_variant_get_child_value (parameters, 0);
  GError *error = NULL;
  gboolean done;

  done = !no_region_host (self, &error) &&
         self->region_funcs->set_updates (self->region_host, app_id, updates, &error);
  reply_done (invocation, done, error);
}

static void
handle_take_region_events (BgrunBrokerService    *self,
                           const char            *app_id,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation)
{
  GError *error = NULL;
  GVariant *events = NULL;

  if (!no_region_host (self, &error))
    events = self->region_funcs->take_events (self->region_host, app_id, &error);
  if (events == NULL)
    g_dbus_method_invocation_take_error (invocation, error);
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@a(ta{sv}))", events));
}

static void
handle_acknowledge_region_events (BgrunBrokerService    *self,
                                  const char            *app_id,
                                  GVariant              *parameters,
                                  GDBusMethodInvocation *invocation)
{
  guint64 up_to;
  GError *error = NULL;
  gboolean done;

  g_variant_get (parameters, "(t)", &up_to);
  done = !no_region_host (self, &error) &&
         self->region_funcs->acknowledge_events (self->region_host, app_id, up_to, &error);
  reply_done (invocation, done, error);
}

static void
handle_set_workout (BgrunBrokerService    *self,
                    const char            *app_id,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation)
{
  gboolean active;
  GError *error = NULL;
  gboolean done = FALSE;

  g_variant_get (parameters, "(b)", &active);
  if (self->workout_func == NULL)
    g_set_error_literal (&error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                         _("This bgrund does not recover workouts."));
  else
    done = self->workout_func (self->workout_host, app_id, active, &error);
  reply_done (invocation, done, error);
}

static gboolean
no_trigger_host (BgrunBrokerService  *self,
                 GError             **error)
{
  if (self->trigger_funcs != NULL)
    return FALSE;
  g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                       _("This bgrund does not start tasks for what happens outside the apps."));
  return TRUE;
}

static void
handle_subscribe (BgrunBrokerService    *self,
                  const char            *app_id,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation)
{
  const char *kind;
  gboolean subscribed;
  GError *error = NULL;
  gboolean done;

  g_variant_get (parameters, "(&sb)", &kind, &subscribed);
  done = !no_trigger_host (self, &error) &&
         self->trigger_funcs->subscribe (self->trigger_host, app_id, kind, subscribed, &error);
  reply_done (invocation, done, error);
}

static void
handle_report_trigger (BgrunBrokerService    *self,
                       const char            *app_id,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) data = g_variant_get_child_value (parameters, 1);
  const char *kind;
  GError *error = NULL;
  gboolean done;

  g_variant_get_child (parameters, 0, "&s", &kind);
  done = !no_trigger_host (self, &error) &&
         self->trigger_funcs->report (self->trigger_host, app_id, kind, data, &error);
  reply_done (invocation, done, error);
}

static void
handle_subscribe_characteristic (BgrunBrokerService    *self,
                                 const char            *app_id,
                                 GVariant              *parameters,
                                 GDBusMethodInvocation *invocation)
{
  const char *address, *uuid;
  gboolean subscribed;
  GError *error = NULL;
  gboolean done;

  g_variant_get (parameters, "(&s&sb)", &address, &uuid, &subscribed);
  done = !no_trigger_host (self, &error) &&
         self->trigger_funcs->subscribe_characteristic (self->trigger_host, app_id, address, uuid,
                                                        subscribed, &error);
  reply_done (invocation, done, error);
}

static const struct
{
  const char    *name;
  MethodHandler  handler;
} methods[] = {
  { "Register", handle_register },
  { "Submit", handle_submit },
  { "Cancel", handle_cancel },
  { "CancelAll", handle_cancel_all },
  { "ListPending", handle_list_pending },
  { "ListPendingWithSequence", handle_list_pending_with_sequence },
  { "ListRunning", handle_list_running },
  { "ListHistory", handle_list_history },
  { "Explain", handle_explain },
  { "ExplainByTag", handle_explain_by_tag },
  { "CompleteTask", handle_complete_task },
  { "ReportProgress", handle_report_progress },
  { "CancelByTag", handle_cancel_by_tag },
  { "RetryTask", handle_retry_task },
  { "UpdateTask", handle_update_task },
  { "ExpireTask", handle_expire_task },
  { "RunNow", handle_run_now },
  { "SetSessions", handle_set_sessions },
  { "SetRegions", handle_set_regions },
  { "SetLocationUpdates", handle_set_location_updates },
  { "TakeRegionEvents", handle_take_region_events },
  { "AcknowledgeRegionEvents", handle_acknowledge_region_events },
  { "SetWorkout", handle_set_workout },
  { "Subscribe", handle_subscribe },
  { "ReportTrigger", handle_report_trigger },
  { "SubscribeCharacteristic", handle_subscribe_characteristic },
};

static void
refuse_unattached (GDBusMethodInvocation *invocation)
{
  g_dbus_method_invocation_return_error (invocation, BGRUN_SCHEDULER_ERROR,
                                         BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                                         _("Call Attach with the app’s id before %s: the daemon serves each connection one app."),
                                         g_dbus_method_invocation_get_method_name (invocation));
}

/* A call's turn has come (see bgrun_broker_service_queue_call()). */
static void
serve_call (GObject               *owner,
            GDBusMethodInvocation *invocation)
{
  BgrunBrokerService *self = BGRUN_BROKER_SERVICE (owner);
  const char *method_name = g_dbus_method_invocation_get_method_name (invocation);
  Client *client = g_hash_table_lookup (self->clients, g_dbus_method_invocation_get_sender (invocation));

  if (client == NULL)
    {
      refuse_unattached (invocation);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (method_name, methods[i].name))
      {
        methods[i].handler (self, client->app_id, g_dbus_method_invocation_get_parameters (invocation),
                            invocation);
        return;
      }
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                         _("No method %s"), method_name);
}

/* GDBus has checked the arguments against the interface already. Attach
 * is answered at once (it comes before any other call of a connection);
 * everything else waits for its turn. */
static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  BgrunBrokerService *self = user_data;

  if (g_str_equal (method_name, "Attach"))
    handle_attach (self, sender, parameters, invocation);
  else if (!g_hash_table_contains (self->clients, sender))
    refuse_unattached (invocation);
  else
    bgrun_call_queue_push (self->calls, invocation, serve_call, G_OBJECT (self));
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

/* ---- signals ---------------------------------------------------------- */

/* Unicast to the app's connection: no other app hears it. An app with no
 * live connection hears nothing (launching it is the daemon's next job). */
static void
send_to_app (BgrunBrokerService *self,
             const char         *app_id,
             const char         *signal_name,
             GVariant           *parameters)
{
  g_autoptr(GVariant) args = parameters != NULL ? g_variant_ref_sink (parameters) : NULL;
  g_autoptr(GError) error = NULL;
  Client *client = g_hash_table_lookup (self->apps, app_id);

  if (client == NULL)
    return;
  if (!g_dbus_connection_emit_signal (self->connection, client->name, BGRUN_DBUS_PATH,
                                      BGRUN_DBUS_INTERFACE, signal_name, args, &error))
    g_warning ("bgrund: cannot send %s to %s: %s", signal_name, client->name, error->message);
}

static void
on_run_task (BgrunEngine        *engine,
             const char         *app_id,
             GVariant           *task,
             BgrunBrokerService *self)
{
  self->n_running++;
  update_idle (self);
  send_to_app (self, app_id, "RunTask", g_variant_new ("(@a{sv})", task));
}

static void
on_expire_task (BgrunEngine        *engine,
                const char         *app_id,
                guint64             task_id,
                BgrunBrokerService *self)
{
  send_to_app (self, app_id, "TaskExpiring", g_variant_new ("(t)", task_id));
}

static void
on_task_ended (BgrunEngine        *engine,
               const char         *app_id,
               guint64             task_id,
               guint               state,
               BgrunBrokerService *self)
{
  send_to_app (self, app_id, "TaskEnded", g_variant_new ("(tu)", task_id, state));
  if (self->n_running > 0)
    self->n_running--;
  update_idle (self);
}

static void
on_task_changed (BgrunEngine        *engine,
                 const char         *app_id,
                 GVariant           *task,
                 BgrunBrokerService *self)
{
  send_to_app (self, app_id, "TaskChanged", g_variant_new ("(@a{sv})", task));
}

/* Every change of the app's pending list takes the next number, so an
 * app that follows them can tell one it missed (a gap) from one the list
 * it read already had (a number no higher than the list's). */
static Client *
count_pending_change (BgrunBrokerService *self,
                      const char         *app_id)
{
  Client *client = g_hash_table_lookup (self->apps, app_id);

  if (client != NULL)
    client->pending_sequence++;
  return client;
}

/* A change the engine cannot say (the app's state taken from the other
 * placement): the app reads the whole list again. */
static void
on_requests_changed (BgrunEngine        *engine,
                     const char         *app_id,
                     BgrunBrokerService *self)
{
  if (count_pending_change (self, app_id) != NULL)
    send_to_app (self, app_id, "RequestsChanged", NULL);
}

/* One change, as the engine made it: to an app that reads the list with
 * ListPendingWithSequence, the change itself and its number; to an older
 * libbgrun, which knows only RequestsChanged, that. */
static void
on_pending_changed (BgrunEngine        *engine,
                    const char         *app_id,
                    guint               position,
                    guint               removed,
                    GVariant           *added,
                    BgrunBrokerService *self)
{
  Client *client = count_pending_change (self, app_id);

  if (client == NULL)
    return;
  if (!client->follows_pending)
    {
      send_to_app (self, app_id, "RequestsChanged", NULL);
      return;
    }
  send_to_app (self, app_id, "PendingChanged",
               g_variant_new ("(tuu@aa{sv})", client->pending_sequence, position, removed,
                              g_variant_new_array (G_VARIANT_TYPE_VARDICT, &added, added != NULL)));
}

static void
on_history_added (BgrunEngine        *engine,
                  const char         *app_id,
                  GVariant           *entry,
                  BgrunBrokerService *self)
{
  send_to_app (self, app_id, "HistoryAdded", g_variant_new_tuple (&entry, 1));
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_broker_service_dispose (GObject *object)
{
  BgrunBrokerService *self = BGRUN_BROKER_SERVICE (object);

  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->calls != NULL)
    bgrun_call_queue_close (self->calls);
  g_hash_table_remove_all (self->apps);
  g_hash_table_remove_all (self->clients);
  g_clear_object (&self->engine);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bgrun_broker_service_parent_class)->dispose (object);
}

static void
bgrun_broker_service_finalize (GObject *object)
{
  BgrunBrokerService *self = BGRUN_BROKER_SERVICE (object);

  g_hash_table_unref (self->apps);
  g_hash_table_unref (self->clients);
  g_clear_pointer (&self->calls, bgrun_call_queue_free);

  G_OBJECT_CLASS (bgrun_broker_service_parent_class)->finalize (object);
}

static void
bgrun_broker_service_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BgrunBrokerService *self = BGRUN_BROKER_SERVICE (object);

  switch (prop_id)
    {
    case PROP_IDLE:
      g_value_set_boolean (value, self->idle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_broker_service_class_init (BgrunBrokerServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_broker_service_dispose;
  object_class->finalize = bgrun_broker_service_finalize;
  object_class->get_property = bgrun_broker_service_get_property;

  properties[PROP_IDLE] =
    g_param_spec_boolean ("idle", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A process of the app attached (TRUE), or the last one went (FALSE). */
  signals[SIG_APP_ATTACHED] =
    g_signal_new ("app-attached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* What the app's processes report with SetSessions changed, or its
   * connection went with them. */
  signals[SIG_SESSIONS_CHANGED] =
    g_signal_new ("sessions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bgrun_broker_service_init (BgrunBrokerService *self)
{
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, client_free);
  self->apps = g_hash_table_new (g_str_hash, g_str_equal);
  self->idle = TRUE;
}

BgrunBrokerService *
bgrun_broker_service_new (BgrunEngine      *engine,
                          GDBusConnection  *connection,
                          GError          **error)
{
  g_autoptr(BgrunBrokerService) self = g_object_new (BGRUN_TYPE_BROKER_SERVICE, NULL);

  bgrun_dbus_register_errors ();
  self->engine = g_object_ref (engine);
  self->connection = g_object_ref (connection);
  self->calls = bgrun_call_queue_new (connection);
  self->registration = g_dbus_connection_register_object (connection, BGRUN_DBUS_PATH,
                                                          bgrun_dbus_get_interface_info (),
                                                          &vtable, self, NULL, error);
  if (self->registration == 0)
    return NULL;

  g_signal_connect (engine, "run-task", G_CALLBACK (on_run_task), self);
  g_signal_connect (engine, "expire-task", G_CALLBACK (on_expire_task), self);
  g_signal_connect (engine, "task-ended", G_CALLBACK (on_task_ended), self);
  g_signal_connect (engine, "task-changed", G_CALLBACK (on_task_changed), self);
  g_signal_connect (engine, "requests-changed", G_CALLBACK (on_requests_changed), self);
  g_signal_connect (engine, "pending-changed", G_CALLBACK (on_pending_changed), self);
  g_signal_connect (engine, "history-added", G_CALLBACK (on_history_added), self);
  return g_steal_pointer (&self);
}

gboolean
bgrun_broker_service_get_idle (BgrunBrokerService *self)
{
  g_return_val_if_fail (BGRUN_IS_BROKER_SERVICE (self), FALSE);
  return self->idle;
}

void
bgrun_broker_service_queue_call (BgrunBrokerService    *self,
                                 GDBusMethodInvocation *invocation,
                                 BgrunCallFunc          func,
                                 GObject               *owner)
{
  g_return_if_fail (BGRUN_IS_BROKER_SERVICE (self));
  bgrun_call_queue_push (self->calls, invocation, func, owner);
}

void
bgrun_broker_service_serve_waiting (BgrunBrokerService *self,
                                    const char         *peer)
{
  g_return_if_fail (BGRUN_IS_BROKER_SERVICE (self));
  bgrun_call_queue_serve_peer (self->calls, peer);
}

void
bgrun_broker_service_send_to_app (BgrunBrokerService *self,
                                  const char         *app_id,
                                  const char         *signal_name,
                                  GVariant           *parameters)
{
  g_return_if_fail (BGRUN_IS_BROKER_SERVICE (self));
  send_to_app (self, app_id, signal_name, parameters);
}

/* The app id the connection @sender attached with, or NULL. */
const char *
bgrun_broker_service_get_app_id_of (BgrunBrokerService *self,
                                    const char         *sender)
{
  Client *client;

  g_return_val_if_fail (BGRUN_IS_BROKER_SERVICE (self), NULL);

  client = g_hash_table_lookup (self->clients, sender);
  return client != NULL ? client->app_id : NULL;
}

/* Whether a live connection is attached as @app_id. */
static void
add_sessions (GVariantBuilder *builder,
              Client          *client)
{
  GVariantIter iter;
  GVariant *session;

  if (client->sessions == NULL)
    return;
  g_variant_iter_init (&iter, client->sessions);
  while ((session = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (session);

      g_variant_dict_insert (&dict, "app-id", "s", client->app_id);
      g_variant_builder_add_value (builder, g_variant_dict_end (&dict));
      g_variant_unref (session);
    }
}

GVariant *
bgrun_broker_service_list_sessions (BgrunBrokerService *self,
                                    const char         *app_id)
{
  g_autoptr(GList) app_ids = NULL;
  GVariantBuilder builder;

  g_return_val_if_fail (BGRUN_IS_BROKER_SERVICE (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  if (app_id != NULL)
    {
      Client *client = g_hash_table_lookup (self->apps, app_id);

      if (client != NULL)
        add_sessions (&builder, client);
      return g_variant_builder_end (&builder);
    }
  app_ids = g_list_sort (g_hash_table_get_keys (self->apps), (GCompareFunc) g_strcmp0);
  for (GList *l = app_ids; l != NULL; l = l->next)
    add_sessions (&builder, g_hash_table_lookup (self->apps, l->data));
  return g_variant_builder_end (&builder);
}

gboolean
bgrun_broker_service_stop_session (BgrunBrokerService  *self,
                                   const char          *app_id,
                                   const char          *title,
                                   GError             **error)
{
  Client *client;
  g_autoptr(GString) titles = g_string_new (NULL);
  GVariantIter iter;
  GVariant *session;
  guint n = 0;
  gboolean found = FALSE;
  guint32 found_id = 0;

  g_return_val_if_fail (BGRUN_IS_BROKER_SERVICE (self), FALSE);

  client = g_hash_table_lookup (self->apps, app_id);
  if (client != NULL && client->sessions != NULL)
    {
      g_variant_iter_init (&iter, client->sessions);
      while ((session = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_autoptr(GVariant) owned = session;
          const char *session_title;
          guint32 id;

          if (!g_variant_lookup (session, "title", "&s", &session_title) ||
              !g_variant_lookup (session, "id", "u", &id))
            continue;
          g_string_append_printf (titles, "%s“%s”", n > 0 ? ", " : "", session_title);
          n++;
          if (!found && (*title == '\0' || g_str_equal (title, session_title)))
            {
              found = TRUE;
              found_id = id;
            }
        }
    }
  if (n == 0)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("“%s” runs no session that bgrund knows of: there is nothing to stop."),
                   app_id);
      return FALSE;
    }
  if (*title == '\0' && n > 1)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("“%s” runs %u sessions (%s). Name the one to stop by its title."),
                   app_id, n, titles->str);
      return FALSE;
    }
  if (!found)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("“%s” runs no session called “%s”; it runs %s."), app_id, title, titles->str);
      return FALSE;
    }
  send_to_app (self, app_id, "StopSession", g_variant_new ("(u)", found_id));
  return TRUE;
}

void
bgrun_broker_service_set_region_funcs (BgrunBrokerService     *self,
                                       const BgrunRegionFuncs *funcs,
                                       gpointer                host)
{
  g_return_if_fail (BGRUN_IS_BROKER_SERVICE (self));

  self->region_funcs = funcs;
  self->region_host = host;
}

void
bgrun_broker_service_set_workout_func (BgrunBrokerService *self,
                                       BgrunWorkoutFunc    func,
                                       gpointer            host)
{
  g_return_if_fail (BGRUN_IS_BROKER_SERVICE (self));

  self->workout_func = func;
  self->workout_host = host;
}

void
bgrun_broker_service_set_trigger_funcs (BgrunBrokerService      *self,
                                        const BgrunTriggerFuncs *funcs,
                                        gpointer                 host)
{
  g_return_if_fail (BGRUN_IS_BROKER_SERVICE (self));

  self->trigger_funcs = funcs;
  self->trigger_host = host;
}

gboolean
bgrun_broker_service_simulate_location (BgrunBrokerService  *self,
                                        const char          *app_id,
                                        const char          *path,
                                        double               speed,
                                        GError             **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) track = NULL;
  g_autoptr(GError) track_error = NULL;

  g_return_val_if_fail (BGRUN_IS_BROKER_SERVICE (self), FALSE);

  if (!g_hash_table_contains (self->apps, app_id))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("“%s” does not run (no process of it is attached to bgrund): start the app, then simulate its location."),
                   app_id);
      return FALSE;
    }
  if (!(speed > 0 && speed <= 1e6))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("%g is not a replay speed: give a number above 0, such as 10 for ten times faster."),
                   speed);
      return FALSE;
    }
  /* Parsed here as well as in the app, so that a bad file is reported to
   * the user who gave it rather than only in the app's log. */
  file = g_file_new_for_path (path);
  track = bgrun_track_load (file, &track_error);
  if (track == NULL)
    {
      g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                           track_error->message);
      return FALSE;
    }
  send_to_app (self, app_id, "SimulateLocation", g_variant_new ("(sd)", path, speed));
  return TRUE;
}

gboolean
bgrun_broker_service_is_attached (BgrunBrokerService *self,
                                  const char         *app_id)
{
  g_return_val_if_fail (BGRUN_IS_BROKER_SERVICE (self), FALSE);
  return g_hash_table_contains (self->apps, app_id);
}
