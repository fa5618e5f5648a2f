/* bgrun-test-daemon.c: the test driver's end of bgrund's test mode
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-dbus-broker-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-test-daemon-private.h"
#include "bgrun-time-private.h"

/* BgrunTestDriver in the daemon placement. The engine, its clock and its
 * conditions are in bgrund (started with --test-mode); the app's
 * schedulers talk to it as in production, each on a connection of its
 * own, and this drives the daemon's clock and conditions over
 * org.bgrun.Testing1 on yet another connection.
 *
 * Order is what makes it work like the embedded engine. Every Testing1
 * call lets the engine evaluate before it replies, so the Broker1 signals
 * it caused (RunTask, TaskEnded, HistoryAdded…) left bgrund first. A
 * daemon's messages to one connection arrive in the order it sent them,
 * so a round trip to bgrund on each scheduler's connection (a Peer.Ping)
 * after the reply means those signals have arrived and wait on the main
 * context; iterating it runs the handlers. Their calls (CompleteTask…)
 * are synchronous, so they reach the daemon before the next step. */

/* Schedulers whose handlers keep the engine busy for ever do not hang a
 * test: settling gives up after this many rounds. */
#define MAX_SETTLE_ROUNDS 1000
#define CALL_TIMEOUT_MSEC 30000

struct _BgrunTestDaemon
{
  GObject parent_instance;

  GDBusConnection *connection;   /* for org.bgrun.Testing1 */
  char            *daemon;       /* unique name of the bgrund */
  BgrunTestClock  *clock;        /* mirrors the daemon's */
  gulong           time_changed;
  gboolean         mirroring;
  GArray          *placeholders; /* of guint: alarm ids on clock */
  gint64           next_alarm;   /* the daemon's, G_MAXINT64 for none */
  GPtrArray       *processes;    /* of Process */
};

/* A scheduler's broker, and its connection to the bus, as its process. */
typedef struct
{
  GWeakRef         broker;
  GDBusConnection *connection;
} Process;

G_DEFINE_FINAL_TYPE (BgrunTestDaemon, bgrun_test_daemon, G_TYPE_OBJECT)

static void
process_free (gpointer data)
{
  Process *process = data;

  g_weak_ref_clear (&process->broker);
  g_clear_object (&process->connection);
  g_free (process);
}

/* ---- the clock -------------------------------------------------------- */

static void
placeholder_alarm (BgrunClock *clock,
                   gpointer    user_data)
{
  /* Stands for one of the daemon's alarms; the daemon fires the real one. */
}

/* Moves the mirror to the daemon's clock of @reply, (now, next alarm,
 * number of alarms): forwards when the daemon moved forwards (firing the
 * app's own alarms due on the way), else as a jump. */
static void
mirror (BgrunTestDaemon *self,
        GVariant        *reply)
{
  BgrunClock *clock = BGRUN_CLOCK (self->clock);
  g_autoptr(GDateTime) local = bgrun_clock_get_now (clock);
  gint64 now, local_now = bgrun_time_to_usec (local);
  guint n_alarms;

  g_variant_get (reply, "(xxu)", &now, &self->next_alarm, &n_alarms);
  self->mirroring = TRUE;
  for (guint i = 0; i < self->placeholders->len; i++)
    bgrun_clock_remove_alarm (clock, g_array_index (self->placeholders, guint, i));
  g_array_set_size (self->placeholders, 0);
  if (now >= local_now)
    bgrun_test_clock_advance (self->clock, (double) (now - local_now) / G_USEC_PER_SEC);
  else
    {
      g_autoptr(GDateTime) date = bgrun_time_from_usec (now);

      bgrun_test_clock_set_now (self->clock, date);
    }
  if (self->next_alarm != G_MAXINT64)
    {
      g_autoptr(GDateTime) next = bgrun_time_from_usec (self->next_alarm);

      for (guint i = 0; i < n_alarms; i++)
        {
          guint id = bgrun_clock_add_alarm (clock, next, placeholder_alarm, NULL, NULL);

          g_array_append_val (self->placeholders, id);
        }
    }
  self->mirroring = FALSE;
}

/* Calls @method of org.bgrun.Testing1 and mirrors the clock it answers. */
static gboolean
call_testing (BgrunTestDaemon  *self,
              const char       *method,
              GVariant         *parameters,
              GError          **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (self->connection, BGRUN_DBUS_NAME, BGRUN_DBUS_PATH,
                                       BGRUN_TESTING_INTERFACE, method, parameters,
                                       G_VARIANT_TYPE ("(xxu)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       CALL_TIMEOUT_MSEC, NULL, error);
  if (reply == NULL)
    return FALSE;
  mirror (self, reply);
  return TRUE;
}

/* For calls after the daemon answered once: a failure is the test's
 * environment failing (the daemon died), worth a loud warning. */
static void
call_testing_logged (BgrunTestDaemon *self,
                     const char      *method,
                     GVariant        *parameters)
{
  g_autoptr(GError) error = NULL;

  if (!call_testing (self, method, parameters, &error))
    g_warning ("libbgrun: the test-mode bgrund did not answer %s: %s", method, error->message);
}

/* The test set the mirror (a wall-clock jump): the daemon's clock jumps. */
static void
on_time_changed (BgrunClock      *clock,
                 BgrunTimeChange  change,
                 BgrunTestDaemon *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->mirroring)
    return;
  now = bgrun_clock_get_now (clock);
  call_testing_logged (self, "SetNow", g_variant_new ("(x)", bgrun_time_to_usec (now)));
}

/* ---- settling --------------------------------------------------------- */

static gboolean
dispatch_ready (void)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean dispatched = FALSE;

  while (g_main_context_iteration (context, FALSE))
    dispatched = TRUE;
  return dispatched;
}

/* After this, what bgrund sent the scheduler's connection before now is
 * waiting on the main context. */
static void
round_trip (BgrunTestDaemon *self,
            GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;

  if (g_dbus_connection_is_closed (connection))
    return;
  reply = g_dbus_connection_call_sync (connection, self->daemon, BGRUN_DBUS_PATH,
                                       "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MSEC,
                                       NULL, NULL);
}

/* Runs what is ready on both sides until neither has anything left: the
 * app's main-loop work, the engine's evaluation, the signals it sends
 * and the handlers they run. */
void
bgrun_test_daemon_settle (BgrunTestDaemon *self)
{
  dispatch_ready ();
  for (guint round = 0; round < MAX_SETTLE_ROUNDS; round++)
    {
      call_testing_logged (self, "Settle", NULL);
      for (guint i = 0; i < self->processes->len; i++)
        round_trip (self, ((Process *) g_ptr_array_index (self->processes, i))->connection);
      if (!dispatch_ready ())
        return;
    }
  g_warning ("libbgrun: the app and the test-mode bgrund still keep each other busy after %d rounds",
             MAX_SETTLE_ROUNDS);
}

/* As the embedded driver's advance: step to the daemon's next alarm or
 * the target, whichever comes first, settle, and again. */
void
bgrun_test_daemon_advance (BgrunTestDaemon *self,
                           double           seconds)
{
  g_autoptr(GDateTime) start = NULL;
  gint64 target;

  bgrun_test_daemon_settle (self);
  start = bgrun_clock_get_now (BGRUN_CLOCK (self->clock));
  target = bgrun_time_add_usec (bgrun_time_to_usec (start), bgrun_time_usec_from_seconds (seconds));

  for (;;)
    {
      g_autoptr(GDateTime) now = bgrun_clock_get_now (BGRUN_CLOCK (self->clock));
      gint64 now_usec = bgrun_time_to_usec (now);
      gint64 step_to = MAX (MIN (self->next_alarm, target), now_usec);

      /* An alarm of the daemon's armed for the very moment it is (a
       * replayed track's first point) fires only once its clock moves:
       * move it by the least there is, or it would be stepped to for
       * ever. */
      if (step_to == now_usec && self->next_alarm <= now_usec && now_usec < target)
        step_to = now_usec + 1;

      call_testing_logged (self, "StepTo", g_variant_new ("(x)", step_to));
      bgrun_test_daemon_settle (self);
      if (step_to >= target)
        break;
    }
}

void
bgrun_test_daemon_set_conditions (BgrunTestDaemon *self,
                                  BgrunConditions *c)
{
  call_testing_logged (self, "SetConditions",
                       g_variant_new ("(bbbibbbb)", bgrun_conditions_get_network_available (c),
                                      bgrun_conditions_get_network_metered (c),
                                      bgrun_conditions_get_on_battery (c),
                                      bgrun_conditions_get_battery_level (c),
                                      bgrun_conditions_get_power_saver (c),
                                      bgrun_conditions_get_low_memory (c),
                                      bgrun_conditions_get_storage_low (c),
                                      bgrun_conditions_get_device_idle (c)));
  bgrun_test_daemon_settle (self);
}

void
bgrun_test_daemon_set_budgets_enabled (BgrunTestDaemon *self,
                                       gboolean         enabled)
{
  call_testing_logged (self, "SetBudgetsEnabled", g_variant_new ("(b)", enabled));
  bgrun_test_daemon_settle (self);
}

/* ---- the app's processes ---------------------------------------------- */

/* Waits until the bus has let @connection's name go: then bgrund, asking
 * the bus after this, knows its process ended too. */
static void
wait_gone (BgrunTestDaemon *self,
           GDBusConnection *connection)
{
  const char *name = g_dbus_connection_get_unique_name (connection);
  gint64 deadline = g_get_monotonic_time () + CALL_TIMEOUT_MSEC * 1000;

  while (name != NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean has_owner = FALSE;

      reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                           "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                           "NameHasOwner", g_variant_new ("(s)", name),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                           CALL_TIMEOUT_MSEC, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &has_owner);
      if (!has_owner)
        return;
      g_usleep (G_USEC_PER_SEC / 1000);
    }
}

/* The processes of the schedulers made so far end: bgrund serves an app
 * one connection at a time, as one process at a time. With @wait, until
 * the bus knows. */
static void
end_processes (BgrunTestDaemon *self,
               gboolean         wait)
{
  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *process = g_ptr_array_index (self->processes, i);
      g_autoptr(BgrunDbusBroker) broker = g_weak_ref_get (&process->broker);

      if (broker != NULL)
        bgrun_dbus_broker_close (broker);
      else if (!g_dbus_connection_is_closed (process->connection))
        g_dbus_connection_close_sync (process->connection, NULL, NULL);
      if (wait)
        wait_gone (self, process->connection);
    }
  g_ptr_array_set_size (self->processes, 0);
}

/* A scheduler for @app_id on the daemon, as the app's process starting:
 * the earlier ones' processes end. */
BgrunScheduler *
bgrun_test_daemon_open_scheduler (BgrunTestDaemon *self,
                                  const char      *app_id,
                                  BgrunConditions *conditions)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(BgrunDbusBroker) broker = NULL;
  g_autoptr(GError) error = NULL;

  end_processes (self, TRUE);
  connection = bgrun_dbus_open_session (&error);
  if (connection == NULL)
    g_warning ("libbgrun: cannot connect the scheduler to the session bus: %s", error->message);
  broker = bgrun_dbus_broker_new (connection, app_id, BGRUN_CLOCK (self->clock));
  if (connection != NULL)
    {
      Process *process = g_new0 (Process, 1);

      g_weak_ref_init (&process->broker, broker);
      process->connection = g_steal_pointer (&connection);
      g_ptr_array_add (self->processes, process);
    }
  return bgrun_scheduler_new_with_broker (BGRUN_BROKER (broker), conditions);
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_test_daemon_dispose (GObject *object)
{
  BgrunTestDaemon *self = BGRUN_TEST_DAEMON (object);

  g_clear_signal_handler (&self->time_changed, self->clock);
  if (self->clock != NULL)
    for (guint i = 0; i < self->placeholders->len; i++)
      bgrun_clock_remove_alarm (BGRUN_CLOCK (self->clock),
                                g_array_index (self->placeholders, guint, i));
  g_array_set_size (self->placeholders, 0);
  end_processes (self, FALSE);
  g_clear_object (&self->clock);
  if (self->connection != NULL && !g_dbus_connection_is_closed (self->connection))
    g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bgrun_test_daemon_parent_class)->dispose (object);
}

static void
bgrun_test_daemon_finalize (GObject *object)
{
  BgrunTestDaemon *self = BGRUN_TEST_DAEMON (object);

  g_array_unref (self->placeholders);
  g_ptr_array_unref (self->processes);
  g_free (self->daemon);

  G_OBJECT_CLASS (bgrun_test_daemon_parent_class)->finalize (object);
}

static void
bgrun_test_daemon_class_init (BgrunTestDaemonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_test_daemon_dispose;
  object_class->finalize = bgrun_test_daemon_finalize;
}

static void
bgrun_test_daemon_init (BgrunTestDaemon *self)
{
  self->placeholders = g_array_new (FALSE, FALSE, sizeof (guint));
  self->processes = g_ptr_array_new_with_free_func (process_free);
  self->next_alarm = G_MAXINT64;
}

static char *
find_daemon (GDBusConnection  *connection,
             GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  char *owner = NULL;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", BGRUN_DBUS_NAME), G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MSEC, NULL, error);
  if (reply != NULL)
    g_variant_get (reply, "(s)", &owner);
  return owner;
}

BgrunTestDaemon *
bgrun_test_daemon_new (BgrunTestClock  *clock,
                       GError         **error)
{
  g_autoptr(BgrunTestDaemon) self = g_object_new (BGRUN_TYPE_TEST_DAEMON, NULL);
  g_autoptr(GError) local_error = NULL;

  self->clock = g_object_ref (clock);
  self->connection = bgrun_dbus_open_session (&local_error);
  if (self->connection != NULL)
    self->daemon = find_daemon (self->connection, &local_error);
  if (self->daemon == NULL || !call_testing (self, "Settle", NULL, &local_error))
    {
      g_dbus_error_strip_remote_error (local_error);
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                   _("No bgrund in test mode answers as %s on the session bus: %s. Start “bgrund --test-mode” on the bus the tests use, or test against the embedded engine with a test driver made without the daemon."),
                   BGRUN_DBUS_NAME, local_error->message);
      return NULL;
    }
  self->time_changed = g_signal_connect (clock, "time-changed", G_CALLBACK (on_time_changed), self);
  return g_steal_pointer (&self);
}
