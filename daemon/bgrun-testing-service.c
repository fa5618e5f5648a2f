/* bgrun-testing-service.c: the clock and conditions of a bgrund in test
 * mode, exported as org.bgrun.Testing1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-broker-service-private.h"
#include "bgrun-dbus-broker-private.h"
#include "bgrun-test-clock.h"
#include "bgrun-testing-service-private.h"
#include "bgrun-time-private.h"

/* Hand-written glue from data/org.bgrun.Testing1.xml to the test clock and
 * simulated conditions of the daemon's engine, for BgrunTestDriver in the
 * daemon placement (bgrun-test-daemon.c, the other end). Each method ends
 * by letting the engine evaluate, so the Broker1 signals it caused leave
 * before its reply, and answers with the clock. The engine evaluates only
 * then, never on its own from the daemon's main loop: things happen when
 * the test lets them, as with the embedded engine. Its calls wait their
 * turn behind those the caller made before on Broker1 (a CompleteTask
 * sent without waiting, then StepTo, run in that order). */

struct _BgrunTestingService
{
  GObject parent_instance;

  BgrunEngine        *engine;
  BgrunBrokerService *broker;
  GDBusConnection    *connection;
  guint               registration;
};

G_DEFINE_FINAL_TYPE (BgrunTestingService, bgrun_testing_service, G_TYPE_OBJECT)

GDBusInterfaceInfo *
bgrun_testing_get_interface_info (void)
{
  static GDBusInterfaceInfo *info = NULL;

  if (g_once_init_enter (&info))
    g_once_init_leave (&info, bgrun_dbus_load_interface_info (BGRUN_TESTING_INTERFACE));
  return info;
}

static BgrunTestClock *
get_clock (BgrunTestingService *self)
{
  return BGRUN_TEST_CLOCK (bgrun_engine_get_clock (self->engine));
}

/* Evaluates, then answers (now, next alarm, number of alarms). */
static void
reply_clock (BgrunTestingService   *self,
             GDBusMethodInvocation *invocation)
{
  BgrunClock *clock = BGRUN_CLOCK (get_clock (self));
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) next = NULL;

  bgrun_engine_flush (self->engine);
  now = bgrun_clock_get_now (clock);
  next = bgrun_clock_get_next_alarm (clock);
  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(xxu)", bgrun_time_to_usec (now),
                                                        next != NULL ? bgrun_time_to_usec (next) : G_MAXINT64,
                                                        bgrun_clock_get_n_alarms (clock)));
}

static void
step_to (BgrunTestingService *self,
         gint64               when)
{
  BgrunTestClock *clock = get_clock (self);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (BGRUN_CLOCK (clock));
  gint64 from = bgrun_time_to_usec (now);

  bgrun_engine_flush (self->engine);
  if (when > from)
    bgrun_test_clock_advance (clock, (double) (when - from) / G_USEC_PER_SEC);
}

static void
set_now (BgrunTestingService *self,
         gint64               when)
{
  g_autoptr(GDateTime) date = bgrun_time_from_usec (when);

  bgrun_test_clock_set_now (get_clock (self), date);
}

static void
set_conditions (BgrunTestingService *self,
                GVariant            *parameters)
{
  BgrunConditions *conditions = bgrun_engine_get_conditions (self->engine);
  gboolean available, metered, on_battery, power_saver, low_memory, storage_low, device_idle;
  int level;

  g_variant_get (parameters, "(bbbibbbb)", &available, &metered, &on_battery, &level,
                 &power_saver, &low_memory, &storage_low, &device_idle);
  g_object_freeze_notify (G_OBJECT (conditions));
  bgrun_conditions_simulate (conditions, available, metered,
                             on_battery, CLAMP (level, -1, 100), power_saver, low_memory);
  bgrun_conditions_simulate_storage_low (conditions, storage_low);
  bgrun_conditions_simulate_device_idle (conditions, device_idle);
  g_object_thaw_notify (G_OBJECT (conditions));
}

/* GDBus has checked the arguments against the interface already. */
static void
serve_call (GObject               *owner,
            GDBusMethodInvocation *invocation)
{
  BgrunTestingService *self = BGRUN_TESTING_SERVICE (owner);
  const char *method_name = g_dbus_method_invocation_get_method_name (invocation);
  GVariant *parameters = g_dbus_method_invocation_get_parameters (invocation);
  gint64 when;
  gboolean enabled;

  if (g_str_equal (method_name, "StepTo"))
    {
      g_variant_get (parameters, "(x)", &when);
      step_to (self, when);
    }
  else if (g_str_equal (method_name, "SetNow"))
    {
      g_variant_get (parameters, "(x)", &when);
      set_now (self, when);
    }
  else if (g_str_equal (method_name, "SetConditions"))
    set_conditions (self, parameters);
  else if (g_str_equal (method_name, "SetBudgetsEnabled"))
    {
      g_variant_get (parameters, "(b)", &enabled);
      bgrun_engine_set_budgets_enabled (self->engine, enabled);
    }
  reply_clock (self, invocation);
}

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
  BgrunTestingService *self = user_data;

  bgrun_broker_service_queue_call (self->broker, invocation, serve_call, G_OBJECT (self));
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

static void
bgrun_testing_service_dispose (GObject *object)
{
  BgrunTestingService *self = BGRUN_TESTING_SERVICE (object);

  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  g_clear_object (&self->engine);
  g_clear_object (&self->broker);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bgrun_testing_service_parent_class)->dispose (object);
}

static void
bgrun_testing_service_class_init (BgrunTestingServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_testing_service_dispose;
}

static void
bgrun_testing_service_init (BgrunTestingService *self)
{
}

BgrunTestingService *
bgrun_testing_service_new (BgrunEngine         *engine,
                           BgrunBrokerService  *broker,
                           GDBusConnection     *connection,
                           GError             **error)
{
  g_autoptr(BgrunTestingService) self = NULL;

  g_return_val_if_fail (BGRUN_IS_TEST_CLOCK (bgrun_engine_get_clock (engine)), NULL);
  g_return_val_if_fail (bgrun_conditions_get_simulated (bgrun_engine_get_conditions (engine)), NULL);

  self = g_object_new (BGRUN_TYPE_TESTING_SERVICE, NULL);
  self->engine = g_object_ref (engine);
  self->broker = g_object_ref (broker);
  bgrun_engine_set_flush_only (engine, TRUE);
  self->connection = g_object_ref (connection);
  self->registration = g_dbus_connection_register_object (connection, BGRUN_DBUS_PATH,
                                                          bgrun_testing_get_interface_info (),
                                                          &vtable, self, NULL, error);
  if (self->registration == 0)
    return NULL;
  return g_steal_pointer (&self);
}
