/* bgrun-test-driver.c: drive the scheduler from an app's own tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bgrun-local-broker-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-test-daemon-private.h"
#include "bgrun-test-driver.h"
#include "bgrun-time-private.h"

/**
 * BgrunTestDriver:
 *
 * Runs an app's background code under test: a real scheduler with the
 * production policy, on a private temporary store, a [class@Bgrun.TestClock]
 * and simulated conditions.
 *
 * Nothing sleeps. [method@Bgrun.TestDriver.advance] lets time pass and
 * runs, in time order, every task that becomes due and every expiration
 * that falls within it. [method@Bgrun.TestDriver.run_task_now] and
 * [method@Bgrun.TestDriver.expire_task] simulate the system launching a
 * task early and a task running out of time — what Apple offers only as
 * private debugger commands.
 *
 * ```python
 * driver = Bgrun.TestDriver.new('org.example.News')
 * scheduler = driver.get_scheduler()
 * ran = []
 * scheduler.register('org.example.News.refresh',
 *                    lambda s, task: (ran.append(task), task.set_task_completed(True)))
 * request = Bgrun.AppRefreshRequest.new('org.example.News.refresh')
 * request.props.earliest_begin_date = scheduler.props.clock.get_now().add_minutes(15)
 * scheduler.submit(request)
 * driver.advance(15 * 60)
 * assert len(ran) == 1
 * ```
 *
 * The store lives in a temporary directory that is removed when the
 * driver is finalized. Budgets apply as in production; turn them off with
 * [method@Bgrun.TestDriver.set_budgets_enabled] to test other policy alone.
 * The scheduler starts frontmost, with an unmetered network on external
 * power.
 *
 * The same tests can run against the engine hosted by the bgrund daemon,
 * the placement most apps get in production: make the driver with
 * [ctor@Bgrun.TestDriver.new_for_daemon] while a `bgrund --test-mode`
 * owns `org.bgrun.Broker1` on the session bus the tests use. The clock
 * and conditions are then the daemon's, and the driver's
 * [class@Bgrun.TestClock] mirrors the daemon's clock (its time, and its
 * alarms); everything else reads and behaves as with the embedded engine.
 * See the “Testing your background code” guide.
 */

struct _BgrunTestDriver
{
  GObject parent_instance;

  char            *directory;       /* embedded placement only */
  BgrunTestClock  *clock;
  BgrunConditions *conditions;
  BgrunScheduler  *scheduler;
  BgrunTestDaemon *daemon;          /* daemon placement only */
  GWeakRef         latest;          /* the scheduler made last */
};

G_DEFINE_FINAL_TYPE (BgrunTestDriver, bgrun_test_driver, G_TYPE_OBJECT)

static BgrunEngine *
get_engine (BgrunTestDriver *self)
{
  return bgrun_local_broker_get_engine (BGRUN_LOCAL_BROKER (bgrun_scheduler_get_broker (self->scheduler)));
}

/* The broker to simulate the system's actions on: with the daemon, whose
 * engine all schedulers share, the one of the app's current process. */
static BgrunBroker *
get_broker (BgrunTestDriver *self)
{
  g_autoptr(BgrunScheduler) latest = g_weak_ref_get (&self->latest);

  if (self->daemon != NULL && latest != NULL)
    return bgrun_scheduler_get_broker (latest);
  return bgrun_scheduler_get_broker (self->scheduler);
}

/* Lets everything that is ready run: pending main-loop work (the app's
 * own idles too) and the engine's evaluation. */
static void
settle (BgrunTestDriver *self)
{
  if (self->daemon != NULL)
    {
      bgrun_test_daemon_settle (self->daemon);
      return;
    }
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
  bgrun_engine_flush (get_engine (self));
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
bgrun_test_driver_dispose (GObject *object)
{
  BgrunTestDriver *self = BGRUN_TEST_DRIVER (object);

  /* The app's schedulers lose the daemon now, rather than follow the
   * next one that takes the name (the next test's). */
  if (self->daemon != NULL)
    g_object_run_dispose (G_OBJECT (self->daemon));

  G_OBJECT_CLASS (bgrun_test_driver_parent_class)->dispose (object);
}

static void
bgrun_test_driver_finalize (GObject *object)
{
  BgrunTestDriver *self = BGRUN_TEST_DRIVER (object);

  g_clear_object (&self->scheduler);
  g_weak_ref_clear (&self->latest);
  g_clear_object (&self->daemon);
  g_clear_object (&self->conditions);
  g_clear_object (&self->clock);
  if (self->directory != NULL)
    remove_tree (self->directory);
  g_free (self->directory);

  G_OBJECT_CLASS (bgrun_test_driver_parent_class)->finalize (object);
}

static void
bgrun_test_driver_class_init (BgrunTestDriverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_test_driver_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_test_driver_finalize;
}

static void
bgrun_test_driver_init (BgrunTestDriver *self)
{
  g_weak_ref_init (&self->latest, NULL);
}

/**
 * bgrun_test_driver_new:
 * @app_id: the application id under test
 *
 * Creates a driver with its own scheduler for @app_id on a new temporary
 * store, a test clock standing at the current time, and simulated
 * conditions.
 *
 * Returns: (transfer full): a new test driver
 */
BgrunTestDriver *
bgrun_test_driver_new (const char *app_id)
{
  BgrunTestDriver *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (app_id != NULL, NULL);

  self = g_object_new (BGRUN_TYPE_TEST_DRIVER, NULL);
  self->directory = g_dir_make_tmp ("bgrun-test-driver-XXXXXX", &error);
  if (self->directory == NULL)
    g_critical ("libbgrun: cannot make a temporary store: %s", error->message);
  self->clock = BGRUN_TEST_CLOCK (bgrun_test_clock_new (NULL));
  self->conditions = bgrun_conditions_new_simulated (BGRUN_CLOCK (self->clock));
  self->scheduler = g_object_new (BGRUN_TYPE_SCHEDULER,
                                  "app-id", app_id,
                                  "clock", self->clock,
                                  "conditions", self->conditions,
                                  "state-directory", self->directory,
                                  "frontmost", TRUE,
                                  NULL);
  g_weak_ref_set (&self->latest, self->scheduler);
  return self;
}

/**
 * bgrun_test_driver_new_for_daemon:
 * @app_id: the application id under test
 * @error: return location for a #GError
 *
 * Creates a driver whose scheduler for @app_id runs on the engine of the
 * `bgrund` daemon, as apps do in production, with its
 * [property@Bgrun.Scheduler:backend] %BGRUN_BACKEND_DAEMON. The daemon
 * must be running in test mode (`bgrund --test-mode`) on the session bus,
 * which should be the tests' own (`dbus-run-session`, `GTestDBus`); its
 * test clock and simulated conditions stand in for the driver's. Every
 * method of the driver then works as with [ctor@Bgrun.TestDriver.new].
 *
 * The driver's [class@Bgrun.TestClock] mirrors the daemon's clock: it has
 * the daemon's time, and as many alarms as the daemon's clock, all at the
 * time of the next one. Setting its time (a wall-clock jump) sets the
 * daemon's. There is no store of the app's own:
 * [method@Bgrun.TestDriver.get_state_directory] returns %NULL.
 *
 * The conditions and the budget setting are the daemon's, for every app:
 * the driver sets them to its defaults (online, unmetered, on external
 * power, budgets on). Start a new daemon for each test, so that no test
 * sees another's requests.
 *
 * Returns: (transfer full): a new test driver, or %NULL with @error set
 *   to %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when no `bgrund --test-mode`
 *   answers on the session bus
 */
BgrunTestDriver *
bgrun_test_driver_new_for_daemon (const char  *app_id,
                                  GError     **error)
{
  g_autoptr(BgrunTestDriver) self = NULL;

  g_return_val_if_fail (app_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (BGRUN_TYPE_TEST_DRIVER, NULL);
  self->clock = BGRUN_TEST_CLOCK (bgrun_test_clock_new (NULL));
  self->conditions = bgrun_conditions_new_simulated (BGRUN_CLOCK (self->clock));
  self->daemon = bgrun_test_daemon_new (self->clock, error);
  if (self->daemon == NULL)
    return NULL;
  bgrun_test_daemon_set_conditions (self->daemon, self->conditions);
  bgrun_test_daemon_set_budgets_enabled (self->daemon, TRUE);
  self->scheduler = bgrun_test_daemon_open_scheduler (self->daemon, app_id, self->conditions);
  bgrun_scheduler_set_frontmost (self->scheduler, TRUE);
  g_weak_ref_set (&self->latest, self->scheduler);
  return g_steal_pointer (&self);
}

/**
 * bgrun_test_driver_get_scheduler:
 * @self: a test driver
 *
 * Gets the scheduler under test.
 *
 * Returns: (transfer none): the scheduler
 */
BgrunScheduler *
bgrun_test_driver_get_scheduler (BgrunTestDriver *self)
{
  g_return_val_if_fail (BGRUN_IS_TEST_DRIVER (self), NULL);
  return self->scheduler;
}

/**
 * bgrun_test_driver_open_scheduler:
 * @self: a test driver
 *
 * Creates another scheduler for the driver's app on the same requests,
 * history and budgets, clock and conditions: the app as it starts again.
 * Dispose of the earlier scheduler first (g_object_run_dispose(), or drop
 * the last reference), as the app's process ending would.
 *
 * With the daemon, which serves an app one process at a time, the
 * schedulers made before (the driver's own included) lose the daemon as
 * their process would: their running tasks end as interrupted and are
 * queued again, and they cannot be used after. With the embedded engine,
 * the new scheduler has an engine of its own on the driver's store;
 * [method@Bgrun.TestDriver.advance] runs its work as the clock moves.
 *
 * Returns: (transfer full): a new scheduler, not frontmost
 */
BgrunScheduler *
bgrun_test_driver_open_scheduler (BgrunTestDriver *self)
{
  const char *app_id;
  BgrunScheduler *scheduler;

  g_return_val_if_fail (BGRUN_IS_TEST_DRIVER (self), NULL);

  app_id = bgrun_scheduler_get_app_id (self->scheduler);
  if (self->daemon != NULL)
    scheduler = bgrun_test_daemon_open_scheduler (self->daemon, app_id, self->conditions);
  else
    scheduler = g_object_new (BGRUN_TYPE_SCHEDULER,
                              "app-id", app_id,
                              "clock", self->clock,
                              "conditions", self->conditions,
                              "state-directory", self->directory,
                              NULL);
  g_weak_ref_set (&self->latest, scheduler);
  return scheduler;
}

/**
 * bgrun_test_driver_get_clock:
 * @self: a test driver
 *
 * Gets the test clock, to read the time or to set it (a wall-clock jump).
 * Let time pass with [method@Bgrun.TestDriver.advance], which also runs
 * what becomes due.
 *
 * Returns: (transfer none): the clock
 */
BgrunTestClock *
bgrun_test_driver_get_clock (BgrunTestDriver *self)
{
  g_return_val_if_fail (BGRUN_IS_TEST_DRIVER (self), NULL);
  return self->clock;
}

/**
 * bgrun_test_driver_get_state_directory:
 * @self: a test driver
 *
 * Gets the temporary directory holding the store. A second scheduler made
 * with this [property@Bgrun.Scheduler:state-directory] sees the same
 * requests, as an app restarted would.
 *
 * Returns: (nullable): the directory, or %NULL for a driver made with
 *   [ctor@Bgrun.TestDriver.new_for_daemon], whose store is the daemon's
 */
const char *
bgrun_test_driver_get_state_directory (BgrunTestDriver *self)
{
  g_return_val_if_fail (BGRUN_IS_TEST_DRIVER (self), NULL);
  return self->directory;
}

/**
 * bgrun_test_driver_advance:
 * @self: a test driver
 * @seconds: how much time passes, at least 0
 *
 * Lets @seconds pass on the test clock, running in time order everything
 * that becomes due: tasks start when they become eligible (their handlers
 * run), expirations fire, grace periods end. Work that is ready now runs
 * first, so `advance (0)` runs what is due at once.
 */
void
bgrun_test_driver_advance (BgrunTestDriver *self,
                           double           seconds)
{
  g_autoptr(GDateTime) start = NULL;
  gint64 target;

  g_return_if_fail (BGRUN_IS_TEST_DRIVER (self));
  g_return_if_fail (seconds >= 0);

  if (self->daemon != NULL)
    {
      bgrun_test_daemon_advance (self->daemon, seconds);
      return;
    }
  start = bgrun_clock_get_now (BGRUN_CLOCK (self->clock));
  target = bgrun_time_add_usec (bgrun_time_to_usec (start), bgrun_time_usec_from_seconds (seconds));

  for (;;)
    {
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(GDateTime) next = NULL;
      gint64 step_to;

      settle (self);
      now = bgrun_clock_get_now (BGRUN_CLOCK (self->clock));
      next = bgrun_clock_get_next_alarm (BGRUN_CLOCK (self->clock));
      step_to = next != NULL ? MIN (bgrun_time_to_usec (next), target) : target;
      step_to = MAX (step_to, bgrun_time_to_usec (now));
      bgrun_test_clock_advance (self->clock,
                                (double) (step_to - bgrun_time_to_usec (now)) / G_USEC_PER_SEC);
      if (step_to >= target)
        break;
    }
  settle (self);
}

static void
conditions_changed (BgrunTestDriver *self)
{
  if (self->daemon != NULL)
    bgrun_test_daemon_set_conditions (self->daemon, self->conditions);
  else
    settle (self);
}

/**
 * bgrun_test_driver_set_conditions:
 * @self: a test driver
 * @network_available: whether a network is available
 * @network_metered: whether it is metered
 * @on_battery: whether the device runs on battery
 * @battery_level: the battery level, 0 to 100, or -1 for unknown
 * @power_saver: whether power-saver mode is on
 *
 * Sets the simulated conditions and lets the scheduler react at once:
 * requests that become eligible start, and running processing tasks whose
 * requirements stop holding are told to expire.
 */
void
bgrun_test_driver_set_conditions (BgrunTestDriver *self,
                                  gboolean         network_available,
                                  gboolean         network_metered,
                                  gboolean         on_battery,
                                  int              battery_level,
                                  gboolean         power_saver)
{
  g_return_if_fail (BGRUN_IS_TEST_DRIVER (self));

  bgrun_conditions_simulate (self->conditions, network_available, network_metered,
                             on_battery, battery_level, power_saver,
                             bgrun_conditions_get_low_memory (self->conditions));
  conditions_changed (self);
}

/**
 * bgrun_test_driver_set_low_memory:
 * @self: a test driver
 * @low_memory: whether the system is low on memory
 *
 * Simulates a low-memory warning (or its end), which defers processing
 * tasks.
 */
void
bgrun_test_driver_set_low_memory (BgrunTestDriver *self,
                                  gboolean         low_memory)
{
  BgrunConditions *c;

  g_return_if_fail (BGRUN_IS_TEST_DRIVER (self));

  c = self->conditions;
  bgrun_conditions_simulate (c, bgrun_conditions_get_network_available (c),
                             bgrun_conditions_get_network_metered (c),
                             bgrun_conditions_get_on_battery (c),
                             bgrun_conditions_get_battery_level (c),
                             bgrun_conditions_get_power_saver (c), low_memory);
  conditions_changed (self);
}

/**
 * bgrun_test_driver_set_storage_low:
 * @self: a test driver
 * @storage_low: whether storage is low
 *
 * Simulates the disk that holds the app's state filling up (or space
 * being freed): processing requests that
 * [property@Bgrun.ProcessingRequest:requires-storage-not-low] wait while
 * it is low, and such running tasks are told to expire.
 */
void
bgrun_test_driver_set_storage_low (BgrunTestDriver *self,
                                   gboolean         storage_low)
{
  g_return_if_fail (BGRUN_IS_TEST_DRIVER (self));

  bgrun_conditions_simulate_storage_low (self->conditions, storage_low);
  conditions_changed (self);
}

/**
 * bgrun_test_driver_set_device_idle:
 * @self: a test driver
 * @device_idle: whether the user's session is idle
 *
 * Simulates the user leaving (the session turning idle) or coming back:
 * processing requests that
 * [property@Bgrun.ProcessingRequest:requires-device-idle] wait until it is
 * idle, and such running tasks are told to expire when it no longer is.
 * Simulated conditions start with the session not idle.
 */
void
bgrun_test_driver_set_device_idle (BgrunTestDriver *self,
                                   gboolean         device_idle)
{
  g_return_if_fail (BGRUN_IS_TEST_DRIVER (self));

  bgrun_conditions_simulate_device_idle (self->conditions, device_idle);
  conditions_changed (self);
}

/**
 * bgrun_test_driver_set_frontmost:
 * @self: a test driver
 * @frontmost: whether the app is in the foreground
 *
 * Sets the scheduler's [property@Bgrun.Scheduler:frontmost].
 */
void
bgrun_test_driver_set_frontmost (BgrunTestDriver *self,
                                 gboolean         frontmost)
{
  g_return_if_fail (BGRUN_IS_TEST_DRIVER (self));

  bgrun_scheduler_set_frontmost (self->scheduler, frontmost);
  settle (self);
}

/**
 * bgrun_test_driver_set_budgets_enabled:
 * @self: a test driver
 * @enabled: whether the refresh budget applies
 *
 * Turns the app-refresh budget on (the default, as in production) or off.
 */
void
bgrun_test_driver_set_budgets_enabled (BgrunTestDriver *self,
                                       gboolean         enabled)
{
  g_return_if_fail (BGRUN_IS_TEST_DRIVER (self));

  if (self->daemon != NULL)
    bgrun_test_daemon_set_budgets_enabled (self->daemon, enabled);
  else
    {
      bgrun_engine_set_budgets_enabled (get_engine (self), enabled);
      settle (self);
    }
}

/**
 * bgrun_test_driver_run_task_now:
 * @self: a test driver
 * @identifier: a pending request's identifier
 * @error: return location for a #GError
 *
 * Simulates the system launching the pending request @identifier now,
 * whatever its begin date and conditions: its handler runs before this
 * returns.
 *
 * Returns: %TRUE when the task started
 */
gboolean
bgrun_test_driver_run_task_now (BgrunTestDriver  *self,
                                const char       *identifier,
                                GError          **error)
{
  gboolean started;

  g_return_val_if_fail (BGRUN_IS_TEST_DRIVER (self), FALSE);
  g_return_val_if_fail (identifier != NULL, FALSE);

  settle (self);
  started = bgrun_broker_run_now (get_broker (self), identifier, error);
  settle (self);
  return started;
}

/**
 * bgrun_test_driver_expire_task:
 * @self: a test driver
 * @identifier: a running task's identifier
 * @error: return location for a #GError
 *
 * Simulates the running task @identifier running out of time: its
 * [signal@Bgrun.Task::expired] signal is emitted before this returns, and
 * it ends as expired after %BGRUN_TASK_GRACE_PERIOD seconds (advance the
 * driver) unless the handler completes it first.
 *
 * Returns: %TRUE when a task was told to expire
 */
gboolean
bgrun_test_driver_expire_task (BgrunTestDriver  *self,
                               const char       *identifier,
                               GError          **error)
{
  gboolean expired;

  g_return_val_if_fail (BGRUN_IS_TEST_DRIVER (self), FALSE);
  g_return_val_if_fail (identifier != NULL, FALSE);

  settle (self);
  expired = bgrun_broker_expire_task (get_broker (self), identifier, error);
  settle (self);
  return expired;
}
