/* bgrun-app-launcher.c: bgrund starts apps for their due work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-launch-private.h"
#include "bgrun-app-launcher-private.h"
#include "bgrun-history-entry.h"
#include "bgrun-i18n-private.h"
#include "bgrun-limits.h"

/* How a due task reaches an app that is not running:
 *
 * 1. The engine, in launch mode, treats a request that no attached
 *    connection has registered as due when it could start were the app
 *    running, and says so with app-due (app id, identifiers).
 * 2. Unless a connection of the app is attached (it will register the
 *    identifier or not: its business) or the app was given up on, the
 *    launcher calls org.freedesktop.Application.ActivateAction on the
 *    app's bus name (its id), at the object path GApplication uses, with
 *    the action bgrun-run-task and (identifier, token); one token per
 *    launch. The bus starts the app if it is not running (D-Bus
 *    activation); the app's scheduler runs the action without `activate`
 *    and holds the application (bgrun-app-launch.c).
 * 3. The app registers its handlers at startup; the engine starts the due
 *    tasks, and each task's start ends the wait for its identifier.
 * 4. An app the bus cannot start (org.freedesktop.DBus.Error.ServiceUnknown:
 *    no service file) gets a REJECTED entry per identifier saying how to
 *    make it activatable; one that does not register an identifier within
 *    the timeout (BGRUN_LAUNCH_REGISTRATION_TIMEOUT) gets a FAILED entry.
 *    Either way the request stays pending, and the app is not launched
 *    again until one of its tasks runs (it was started by hand), so a
 *    broken app is not started over and over. */

typedef struct
{
  BgrunAppLauncher *launcher;       /* not owned */
  char             *app_id;
  char             *token;
  GHashTable       *waiting;        /* identifiers whose task has not started */
  char             *answer;         /* the last failed activation's message */
  guint             watchdog;     /* an alarm on the engine's clock */
  GCancellable     *cancellable;
} Launch;

/* One ActivateAction call in flight. Its launch's cancellable is cancelled
 * when the launch ends, and the launcher ends every launch when disposed:
 * a call that was not cancelled has both. */
typedef struct
{
  BgrunAppLauncher *launcher;       /* not owned */
  char             *app_id;
  char             *token;
  char             *identifier;
} Call;

struct _BgrunAppLauncher
{
  GObject parent_instance;

  BgrunEngine        *engine;
  BgrunBrokerService *service;
  GDBusConnection    *connection;
  GHashTable         *launches;     /* app id → Launch */
  GHashTable         *given_up;     /* app ids, until one of their tasks runs */
  guint               timeout;      /* seconds */
};

G_DEFINE_FINAL_TYPE (BgrunAppLauncher, bgrun_app_launcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GApplication's object path for @app_id: "/" and the id, with "." as "/"
 * and "-" as "_". */
char *
bgrun_app_launcher_object_path (const char *app_id)
{
  char *path = g_strconcat ("/", app_id, NULL);

  g_strdelimit (path, ".", '/');
  g_strdelimit (path, "-", '_');
  return path;
}

/* ---- launches --------------------------------------------------------- */

static void
launch_free (gpointer data)
{
  Launch *launch = data;

  g_cancellable_cancel (launch->cancellable);
  g_clear_object (&launch->cancellable);
  if (launch->watchdog != 0)
    bgrun_clock_remove_alarm (bgrun_engine_get_clock (launch->launcher->engine), launch->watchdog);
  g_hash_table_unref (launch->waiting);
  g_free (launch->answer);
  g_free (launch->token);
  g_free (launch->app_id);
  g_free (launch);
}

/* The launch is over, one way or the other. */
static void
launch_end (BgrunAppLauncher *self,
            Launch           *launch)
{
  g_debug ("bgrund: launch %s of %s is over", launch->token, launch->app_id);
  g_hash_table_remove (self->launches, launch->app_id);
  if (g_hash_table_size (self->launches) == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
give_up (BgrunAppLauncher *self,
         Launch           *launch,
         const char       *identifier,
         BgrunHistoryEvent event,
         const char       *message)
{
  g_hash_table_add (self->given_up, g_strdup (launch->app_id));
  bgrun_engine_record_history (self->engine, launch->app_id, identifier, event, message);
  g_hash_table_remove (launch->waiting, identifier);
  if (g_hash_table_size (launch->waiting) == 0)
    launch_end (self, launch);
}

static void
reject_unactivatable (BgrunAppLauncher *self,
                      Launch           *launch,
                      const char       *identifier)
{
  const char *app_id = launch->app_id;
  g_autofree char *message =
    g_strdup_printf (_("“%s” did not run: %s is not running, and the session bus cannot start it because no D-Bus service file provides the name %s. The request stays pending until the app starts. To let bgrund start the app when its work is due, install %s.desktop with DBusActivatable=true in applications/ and a D-Bus service file %s.service in dbus-1/services/ (both under $XDG_DATA_DIRS) whose Exec starts the app with --gapplication-service."),
                     identifier, app_id, app_id, app_id, app_id);

  give_up (self, launch, identifier, BGRUN_HISTORY_EVENT_REJECTED, message);
}

/* The app did not register what it was started for in time. */
/* What the history says of a launched app that did not take its task. */
static char *
timeout_message (BgrunAppLauncher *self,
                 const char       *app_id,
                 const char       *identifier)
{
  if (bgrun_engine_is_system_request (self->engine, app_id, identifier))
    return g_strdup_printf (_("“%s” did not run: %s was started for the events of this URL session but did not attach to bgrund within %u s. The request stays pending. Make the app’s scheduler for its GApplication, in the application’s startup handler."),
                            identifier, app_id, self->timeout);
  return g_strdup_printf (_("“%s” did not run: %s was started for it but did not register a handler for it within %u s. The request stays pending. Register every task identifier in the application’s startup handler, on a scheduler made for the GApplication."),
                          identifier, app_id, self->timeout);
}

static void
on_watchdog (BgrunClock *clock,
             gpointer    user_data)
{
  Launch *launch = user_data;
  BgrunAppLauncher *self = launch->launcher;
  g_autoptr(GPtrArray) identifiers = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer identifier;

  launch->watchdog = 0;
  g_hash_table_iter_init (&iter, launch->waiting);
  while (g_hash_table_iter_next (&iter, &identifier, NULL))
    g_ptr_array_add (identifiers, g_strdup (identifier));

  /* The last give_up() frees @launch. */
  for (guint i = 0; i < identifiers->len; i++)
    {
      const char *id = g_ptr_array_index (identifiers, i);
      g_autofree char *message = timeout_message (self, launch->app_id, id);

      if (launch->answer != NULL)
        {
          g_autofree char *detailed = g_strdup_printf (_("%s Starting the app answered: %s"),
                                                       message, launch->answer);
          give_up (self, launch, id, BGRUN_HISTORY_EVENT_FAILED, detailed);
        }
      else
        give_up (self, launch, id, BGRUN_HISTORY_EVENT_FAILED, message);
    }
}

/* On the engine's clock, which in bgrund --test-mode is a test clock the
 * tests step: the timeout is then test time too. */
static guint
start_watchdog (BgrunAppLauncher *self,
                Launch           *launch)
{
  BgrunClock *clock = bgrun_engine_get_clock (self->engine);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, self->timeout);

  return bgrun_clock_add_alarm (clock, when, on_watchdog, launch, NULL);
}

static void
call_free (Call *call)
{
  g_free (call->app_id);
  g_free (call->token);
  g_free (call->identifier);
  g_free (call);
}

/* An activation that failed: an app the bus cannot start is rejected at
 * once; otherwise the app may still start and register (an app without
 * the action, a slow start), and the watchdog decides. */
static void
activation_failed (BgrunAppLauncher *self,
                   Launch           *launch,
                   const char       *identifier,
                   GError           *error)
{
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN))
    {
      reject_unactivatable (self, launch, identifier);
      return;
    }
  g_dbus_error_strip_remote_error (error);
  g_debug ("bgrund: starting %s for %s: %s", launch->app_id, identifier, error->message);
  g_free (launch->answer);
  launch->answer = g_strdup (error->message);
}

static void
on_activated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  /* Cancelled: the launch, perhaps the launcher, is gone. */
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      Launch *launch = g_hash_table_lookup (call->launcher->launches, call->app_id);

      if (launch != NULL && g_str_equal (launch->token, call->token))
        activation_failed (call->launcher, launch, call->identifier, error);
    }
  call_free (call);
}

static void
activate (BgrunAppLauncher *self,
          Launch           *launch,
          const char       *identifier)
{
  g_autofree char *path = bgrun_app_launcher_object_path (launch->app_id);
  GVariant *parameter = g_variant_new ("(ss)", identifier, launch->token);
  Call *call = g_new0 (Call, 1);

  call->launcher = self;
  call->app_id = g_strdup (launch->app_id);
  call->token = g_strdup (launch->token);
  call->identifier = g_strdup (identifier);
  g_debug ("bgrund: starting %s for %s (launch %s)", launch->app_id, identifier, launch->token);
  /* Auto-start allowed: starting the app is the point. */
  g_dbus_connection_call (self->connection, launch->app_id, path,
                          "org.freedesktop.Application", "ActivateAction",
                          g_variant_new ("(s@av@a{sv})", BGRUN_RUN_TASK_ACTION,
                                         g_variant_new_array (G_VARIANT_TYPE_VARIANT,
                                                              (GVariant *[]) { g_variant_new_variant (parameter) }, 1),
                                         g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, (int) self->timeout * 1000,
                          launch->cancellable, on_activated, call);
}

static Launch *
launch_new (BgrunAppLauncher *self,
            const char       *app_id)
{
  Launch *launch = g_new0 (Launch, 1);

  launch->launcher = self;
  launch->app_id = g_strdup (app_id);
  launch->token = g_uuid_string_random ();
  launch->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  launch->cancellable = g_cancellable_new ();
  launch->watchdog = start_watchdog (self, launch);
  g_hash_table_insert (self->launches, launch->app_id, launch);
  if (g_hash_table_size (self->launches) == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  return launch;
}

/* ---- the engine's signals --------------------------------------------- */

static void
on_app_due (BgrunEngine        *engine,
            const char         *app_id,
            const char * const *identifiers,
            BgrunAppLauncher   *self)
{
  Launch *launch;

  if (bgrun_broker_service_is_attached (self->service, app_id) ||
      g_hash_table_contains (self->given_up, app_id))
    return;

  launch = g_hash_table_lookup (self->launches, app_id);
  if (launch == NULL)
    launch = launch_new (self, app_id);
  for (guint i = 0; identifiers[i] != NULL; i++)
    if (g_hash_table_add (launch->waiting, g_strdup (identifiers[i])))
      activate (self, launch, identifiers[i]);
}

/* A task of the app runs: it is alive and registered; whatever it was
 * started for, or given up on, is settled. */
static void
on_run_task (BgrunEngine      *engine,
             const char       *app_id,
             GVariant         *task,
             BgrunAppLauncher *self)
{
  Launch *launch = g_hash_table_lookup (self->launches, app_id);
  const char *identifier = "";

  g_hash_table_remove (self->given_up, app_id);
  if (launch == NULL)
    return;
  g_variant_lookup (task, "identifier", "&s", &identifier);
  g_hash_table_remove (launch->waiting, identifier);
  if (g_hash_table_size (launch->waiting) == 0)
    launch_end (self, launch);
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_app_launcher_dispose (GObject *object)
{
  BgrunAppLauncher *self = BGRUN_APP_LAUNCHER (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_hash_table_remove_all (self->launches);
  g_clear_object (&self->engine);
  g_clear_object (&self->service);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bgrun_app_launcher_parent_class)->dispose (object);
}

static void
bgrun_app_launcher_finalize (GObject *object)
{
  BgrunAppLauncher *self = BGRUN_APP_LAUNCHER (object);

  g_hash_table_unref (self->launches);
  g_hash_table_unref (self->given_up);

  G_OBJECT_CLASS (bgrun_app_launcher_parent_class)->finalize (object);
}

static void
bgrun_app_launcher_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BgrunAppLauncher *self = BGRUN_APP_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, bgrun_app_launcher_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_app_launcher_class_init (BgrunAppLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_app_launcher_dispose;
  object_class->finalize = bgrun_app_launcher_finalize;
  object_class->get_property = bgrun_app_launcher_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_app_launcher_init (BgrunAppLauncher *self)
{
  self->launches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, launch_free);
  self->given_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->timeout = BGRUN_LAUNCH_REGISTRATION_TIMEOUT;
}

BgrunAppLauncher *
bgrun_app_launcher_new (BgrunEngine        *engine,
                        BgrunBrokerService *service,
                        GDBusConnection    *connection)
{
  BgrunAppLauncher *self = g_object_new (BGRUN_TYPE_APP_LAUNCHER, NULL);

  self->engine = g_object_ref (engine);
  self->service = g_object_ref (service);
  self->connection = g_object_ref (connection);
  g_signal_connect (engine, "app-due", G_CALLBACK (on_app_due), self);
  g_signal_connect (engine, "run-task", G_CALLBACK (on_run_task), self);
  bgrun_engine_set_launches_apps (engine, TRUE);
  return self;
}

/* How long a started app has to register what it was started for; for
 * tests, which cannot wait BGRUN_LAUNCH_REGISTRATION_TIMEOUT. Applies to
 * the launches that start afterwards. */
void
bgrun_app_launcher_set_timeout (BgrunAppLauncher *self,
                                guint             seconds)
{
  g_return_if_fail (BGRUN_IS_APP_LAUNCHER (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

gboolean
bgrun_app_launcher_get_busy (BgrunAppLauncher *self)
{
  g_return_val_if_fail (BGRUN_IS_APP_LAUNCHER (self), FALSE);
  return g_hash_table_size (self->launches) > 0;
}
