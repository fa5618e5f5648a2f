/* bgrun-conditions.c: the device state that decides when work may run
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-conditions.h"
#include "bgrun-logind-idle-private.h"
#include "bgrun-storage-monitor-private.h"
#include "bgrun-system-clock.h"
#include "bgrun-upower-private.h"

/**
 * BgrunConditions:
 *
 * The state of the device that background work waits for: network,
 * power source and battery, power-saver mode, memory pressure, free
 * storage and whether the user is away.
 *
 * The values come from GIO's [iface@Gio.NetworkMonitor],
 * [iface@Gio.PowerProfileMonitor] and [iface@Gio.MemoryMonitor], from
 * UPower on the system bus for the battery, from logind on the system bus
 * for the session's idle state, and from the filesystem of libbgrun's
 * state directory for free storage. Every property is read-only and
 * emits `notify` exactly once each time its value changes, so an app can
 * bind them to its widgets.
 *
 * A missing service is not an error: without UPower (or without a system
 * bus) [property@Bgrun.Conditions:on-battery] is %FALSE and
 * [property@Bgrun.Conditions:battery-level] is -1, "unknown"; without
 * logind [property@Bgrun.Conditions:device-idle] is %FALSE.
 *
 * Simulated conditions ([ctor@Bgrun.Conditions.new_simulated]) follow
 * nothing: they hold what [method@Bgrun.Conditions.simulate] sets, for
 * tests and demos.
 *
 * Low-memory warnings are events, not a state: after a warning
 * [property@Bgrun.Conditions:low-memory] stays %TRUE until no warning has
 * come for %BGRUN_LOW_MEMORY_QUIET_SECONDS, as measured by the conditions'
 * [property@Bgrun.Conditions:clock].
 */

struct _BgrunConditions
{
  GObject parent_instance;

  BgrunClock           *clock;
  gboolean              simulated;
  GNetworkMonitor      *network;
  GPowerProfileMonitor *power_profile;
  GMemoryMonitor       *memory;
  BgrunUpower          *upower;
  BgrunStorageMonitor  *storage;
  BgrunLogindIdle      *logind_idle;
  guint                 low_memory_alarm;
  GDateTime            *low_memory_until;

  gboolean network_available;
  gboolean network_metered;
  gboolean on_battery;
  int      battery_level;
  gboolean power_saver;
  gboolean low_memory;
  gboolean storage_low;
  gboolean device_idle;
};

G_DEFINE_FINAL_TYPE (BgrunConditions, bgrun_conditions, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_SIMULATED,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_ON_BATTERY,
  PROP_BATTERY_LEVEL,
  PROP_POWER_SAVER,
  PROP_LOW_MEMORY,
  PROP_STORAGE_LOW,
  PROP_DEVICE_IDLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_boolean (BgrunConditions *self,
             gboolean        *field,
             gboolean         value,
             guint            prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_battery_level (BgrunConditions *self,
                   int              level)
{
  if (level == self->battery_level)
    return;
  self->battery_level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATTERY_LEVEL]);
}

static void
update_network (BgrunConditions *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->network_available,
               g_network_monitor_get_network_available (self->network),
               PROP_NETWORK_AVAILABLE);
  set_boolean (self, &self->network_metered,
               g_network_monitor_get_network_metered (self->network),
               PROP_NETWORK_METERED);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_network_changed (GObject    *monitor,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  update_network (BGRUN_CONDITIONS (user_data));
}

static void
update_power_saver (BgrunConditions *self)
{
  set_boolean (self, &self->power_saver,
               g_power_profile_monitor_get_power_saver_enabled (self->power_profile),
               PROP_POWER_SAVER);
}

static void
on_power_saver_changed (GObject    *monitor,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  update_power_saver (BGRUN_CONDITIONS (user_data));
}

static void
update_battery (BgrunConditions *self)
{
  int level = bgrun_upower_get_battery_level (self->upower);

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->on_battery,
               bgrun_upower_get_on_battery (self->upower), PROP_ON_BATTERY);
  set_battery_level (self, level);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_battery_changed (BgrunUpower *upower,
                    gpointer     user_data)
{
  update_battery (BGRUN_CONDITIONS (user_data));
}

static void
on_storage_changed (BgrunStorageMonitor *storage,
                    gpointer             user_data)
{
  BgrunConditions *self = BGRUN_CONDITIONS (user_data);

  set_boolean (self, &self->storage_low, bgrun_storage_monitor_get_low (storage),
               PROP_STORAGE_LOW);
}

static void
on_idle_changed (BgrunLogindIdle *logind_idle,
                 gpointer         user_data)
{
  BgrunConditions *self = BGRUN_CONDITIONS (user_data);

  set_boolean (self, &self->device_idle, bgrun_logind_idle_get_idle (logind_idle),
               PROP_DEVICE_IDLE);
}

static void
on_memory_quiet (BgrunClock *clock,
                 gpointer    user_data)
{
  BgrunConditions *self = BGRUN_CONDITIONS (user_data);

  self->low_memory_alarm = 0;
  set_boolean (self, &self->low_memory, FALSE, PROP_LOW_MEMORY);
}

/* (Re)starts the quiet period that ends low-memory. */
static void
arm_memory_quiet (BgrunConditions *self)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  g_clear_pointer (&self->low_memory_until, g_date_time_unref);
  self->low_memory_until = g_date_time_add_seconds (now, BGRUN_LOW_MEMORY_QUIET_SECONDS);
  if (self->low_memory_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->low_memory_alarm);
  self->low_memory_alarm = bgrun_clock_add_alarm (self->clock, self->low_memory_until,
                                                  on_memory_quiet, self, NULL);
}

static void
on_low_memory_warning (GMemoryMonitor             *monitor,
                       GMemoryMonitorWarningLevel  level,
                       gpointer                    user_data)
{
  BgrunConditions *self = BGRUN_CONDITIONS (user_data);

  arm_memory_quiet (self);
  set_boolean (self, &self->low_memory, TRUE, PROP_LOW_MEMORY);
}

/* After a resume (or a clock jump) the disk may have filled or emptied
 * while the minute's timer stood still: storage is looked at again.
 *
 * The quiet period is a duration: a wall clock set back must not stretch
 * it, so it ends at most BGRUN_LOW_MEMORY_QUIET_SECONDS after the jump. A
 * jump forward ends it as the alarm fires. */
static void
on_time_changed (BgrunClock      *clock,
                 BgrunTimeChange  change,
                 gpointer         user_data)
{
  BgrunConditions *self = BGRUN_CONDITIONS (user_data);
  g_autoptr(GDateTime) now = NULL;

  bgrun_storage_monitor_check (self->storage);
  if (self->low_memory_alarm == 0)
    return;
  now = bgrun_clock_get_now (clock);
  if (g_date_time_difference (self->low_memory_until, now) >
      BGRUN_LOW_MEMORY_QUIET_SECONDS * G_TIME_SPAN_SECOND)
    arm_memory_quiet (self);
}

static void
bgrun_conditions_constructed (GObject *object)
{
  BgrunConditions *self = BGRUN_CONDITIONS (object);

  G_OBJECT_CLASS (bgrun_conditions_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = bgrun_system_clock_new ();
  if (self->simulated)
    {
      /* What a machine with a network on external power reports. */
      self->network_available = TRUE;
      return;
    }

  self->network = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->network, "notify::network-available",
                           G_CALLBACK (on_network_changed), self, 0);
  g_signal_connect_object (self->network, "notify::network-metered",
                           G_CALLBACK (on_network_changed), self, 0);
  update_network (self);

  self->power_profile = g_power_profile_monitor_dup_default ();
  g_signal_connect_object (self->power_profile, "notify::power-saver-enabled",
                           G_CALLBACK (on_power_saver_changed), self, 0);
  update_power_saver (self);

  g_signal_connect_object (self->clock, "time-changed",
                           G_CALLBACK (on_time_changed), self, 0);
  self->memory = g_memory_monitor_dup_default ();
  g_signal_connect_object (self->memory, "low-memory-warning",
                           G_CALLBACK (on_low_memory_warning), self, 0);

  self->upower = bgrun_upower_new ();
  g_signal_connect_object (self->upower, "changed",
                           G_CALLBACK (on_battery_changed), self, 0);

  self->storage = bgrun_storage_monitor_new ();
  g_signal_connect_object (self->storage, "changed",
                           G_CALLBACK (on_storage_changed), self, 0);
  self->storage_low = bgrun_storage_monitor_get_low (self->storage);

  self->logind_idle = bgrun_logind_idle_new ();
  g_signal_connect_object (self->logind_idle, "changed",
                           G_CALLBACK (on_idle_changed), self, 0);
}

static void
bgrun_conditions_dispose (GObject *object)
{
  BgrunConditions *self = BGRUN_CONDITIONS (object);

  if (self->low_memory_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->low_memory_alarm);
  self->low_memory_alarm = 0;
  g_clear_pointer (&self->low_memory_until, g_date_time_unref);
  g_clear_object (&self->upower);
  g_clear_object (&self->storage);
  g_clear_object (&self->logind_idle);
  g_clear_object (&self->memory);
  g_clear_object (&self->power_profile);
  g_clear_object (&self->network);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bgrun_conditions_parent_class)->dispose (object);
}

static void
bgrun_conditions_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BgrunConditions *self = BGRUN_CONDITIONS (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_SIMULATED:
      g_value_set_boolean (value, self->simulated);
      break;
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->network_available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, self->network_metered);
      break;
    case PROP_ON_BATTERY:
      g_value_set_boolean (value, self->on_battery);
      break;
    case PROP_BATTERY_LEVEL:
      g_value_set_int (value, self->battery_level);
      break;
    case PROP_POWER_SAVER:
      g_value_set_boolean (value, self->power_saver);
      break;
    case PROP_LOW_MEMORY:
      g_value_set_boolean (value, self->low_memory);
      break;
    case PROP_STORAGE_LOW:
      g_value_set_boolean (value, self->storage_low);
      break;
    case PROP_DEVICE_IDLE:
      g_value_set_boolean (value, self->device_idle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_conditions_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BgrunConditions *self = BGRUN_CONDITIONS (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_SIMULATED:
      self->simulated = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
boolean_property (const char *name,
                  const char *nick,
                  const char *blurb)
{
  return g_param_spec_boolean (name, nick, blurb, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

static void
bgrun_conditions_class_init (BgrunConditionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bgrun_conditions_constructed;
  object_class->dispose = bgrun_conditions_dispose;
  object_class->get_property = bgrun_conditions_get_property;
  object_class->set_property = bgrun_conditions_set_property;

  /**
   * BgrunConditions:clock:
   *
   * The clock that times the low-memory quiet period.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, BGRUN_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * BgrunConditions:simulated:
   *
   * Whether the conditions are simulated: set by
   * [method@Bgrun.Conditions.simulate] instead of following the system.
   */
  properties[PROP_SIMULATED] =
    g_param_spec_boolean ("simulated", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * BgrunConditions:network-available:
   *
   * Whether the device has a network connection that can reach beyond the
   * local link.
   */
  properties[PROP_NETWORK_AVAILABLE] =
    boolean_property ("network-available", NULL, NULL);

  /**
   * BgrunConditions:network-metered:
   *
   * Whether the network connection is metered (costs the user per byte).
   */
  properties[PROP_NETWORK_METERED] =
    boolean_property ("network-metered", NULL, NULL);

  /**
   * BgrunConditions:on-battery:
   *
   * Whether the device runs on battery rather than external power. %FALSE
   * when unknown.
   */
  properties[PROP_ON_BATTERY] =
    boolean_property ("on-battery", NULL, NULL);

  /**
   * BgrunConditions:battery-level:
   *
   * The battery's charge in percent, 0 to 100, or -1 when unknown (no
   * battery, or no UPower).
   */
  properties[PROP_BATTERY_LEVEL] =
    g_param_spec_int ("battery-level", NULL, NULL, -1, 100, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS);

  /**
   * BgrunConditions:power-saver:
   *
   * Whether the user turned on power-saver mode.
   */
  properties[PROP_POWER_SAVER] =
    boolean_property ("power-saver", NULL, NULL);

  /**
   * BgrunConditions:low-memory:
   *
   * Whether the system warned of low memory in the last
   * %BGRUN_LOW_MEMORY_QUIET_SECONDS.
   */
  properties[PROP_LOW_MEMORY] =
    boolean_property ("low-memory", NULL, NULL);

  /**
   * BgrunConditions:storage-low:
   *
   * Whether the filesystem that holds libbgrun's state directory
   * (`$BGRUN_STATE_DIR`, else `$XDG_STATE_HOME/bgrun`) is nearly full: its
   * free space is below %BGRUN_STORAGE_LOW_PERCENT of its size or
   * %BGRUN_STORAGE_LOW_MAX_BYTES, whichever is smaller. Free space is not
   * announced by the system, so it is read when the conditions are made,
   * then once a minute and after the conditions'
   * [property@Bgrun.Conditions:clock] changes (a resume, a clock set). Tests may set the threshold in bytes with the
   * environment variable `BGRUN_STORAGE_LOW_BYTES`. %FALSE when the
   * filesystem cannot be asked.
   */
  properties[PROP_STORAGE_LOW] =
    boolean_property ("storage-low", NULL, NULL);

  /**
   * BgrunConditions:device-idle:
   *
   * Whether the user is away: the `IdleHint` that logind keeps for the
   * session of this process, or, for a process outside any session (such
   * as bgrund), for the user, idle when all of the user's sessions are.
   * The desktop sets it when the user has been inactive for its idle
   * delay. %FALSE while logind does not answer.
   */
  properties[PROP_DEVICE_IDLE] =
    boolean_property ("device-idle", NULL, NULL);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_conditions_init (BgrunConditions *self)
{
  self->battery_level = -1;
}

/**
 * bgrun_conditions_new:
 * @clock: (nullable): the clock for timed state, or %NULL for a new
 *   [class@Bgrun.SystemClock]
 *
 * Creates an object that follows the device's conditions. It starts with
 * the network and power-saver state already read; the battery state
 * arrives from UPower shortly after, with a `notify`.
 *
 * Returns: (transfer full): new conditions
 */
BgrunConditions *
bgrun_conditions_new (BgrunClock *clock)
{
  g_return_val_if_fail (clock == NULL || BGRUN_IS_CLOCK (clock), NULL);

  return g_object_new (BGRUN_TYPE_CONDITIONS, "clock", clock, NULL);
}

/**
 * bgrun_conditions_new_simulated:
 * @clock: (nullable): the clock for timed state, or %NULL for a new
 *   [class@Bgrun.SystemClock]
 *
 * Creates conditions that follow nothing and hold what
 * [method@Bgrun.Conditions.simulate] sets. They start as a machine with an
 * unmetered network on external power: network available, nothing else
 * set, battery level unknown.
 *
 * Returns: (transfer full): new simulated conditions
 */
BgrunConditions *
bgrun_conditions_new_simulated (BgrunClock *clock)
{
  g_return_val_if_fail (clock == NULL || BGRUN_IS_CLOCK (clock), NULL);

  return g_object_new (BGRUN_TYPE_CONDITIONS, "clock", clock, "simulated", TRUE, NULL);
}

/**
 * bgrun_conditions_get_simulated:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:simulated].
 *
 * Returns: whether the conditions are simulated
 */
gboolean
bgrun_conditions_get_simulated (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->simulated;
}

/**
 * bgrun_conditions_simulate:
 * @self: simulated conditions
 * @network_available: whether a network is available
 * @network_metered: whether it is metered
 * @on_battery: whether the device runs on battery
 * @battery_level: the battery level, 0 to 100, or -1 for unknown
 * @power_saver: whether power-saver mode is on
 * @low_memory: whether memory is low
 *
 * Sets every condition at once but for
 * [property@Bgrun.Conditions:storage-low] and
 * [property@Bgrun.Conditions:device-idle], which
 * [method@Bgrun.Conditions.simulate_storage_low] and
 * [method@Bgrun.Conditions.simulate_device_idle] set. Each property that
 * changes emits `notify` once, after all are set, so a listener sees a
 * consistent state.
 */
void
bgrun_conditions_simulate (BgrunConditions *self,
                           gboolean         network_available,
                           gboolean         network_metered,
                           gboolean         on_battery,
                           int              battery_level,
                           gboolean         power_saver,
                           gboolean         low_memory)
{
  g_return_if_fail (BGRUN_IS_CONDITIONS (self));
  g_return_if_fail (self->simulated);
  g_return_if_fail (battery_level >= -1 && battery_level <= 100);

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->network_available, network_available, PROP_NETWORK_AVAILABLE);
  set_boolean (self, &self->network_metered, network_metered, PROP_NETWORK_METERED);
  set_boolean (self, &self->on_battery, on_battery, PROP_ON_BATTERY);
  set_battery_level (self, battery_level);
  set_boolean (self, &self->power_saver, power_saver, PROP_POWER_SAVER);
  set_boolean (self, &self->low_memory, low_memory, PROP_LOW_MEMORY);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bgrun_conditions_simulate_storage_low:
 * @self: simulated conditions
 * @storage_low: whether storage is low
 *
 * Sets [property@Bgrun.Conditions:storage-low] of simulated conditions.
 */
void
bgrun_conditions_simulate_storage_low (BgrunConditions *self,
                                       gboolean         storage_low)
{
  g_return_if_fail (BGRUN_IS_CONDITIONS (self));
  g_return_if_fail (self->simulated);

  set_boolean (self, &self->storage_low, storage_low, PROP_STORAGE_LOW);
}

/**
 * bgrun_conditions_simulate_device_idle:
 * @self: simulated conditions
 * @device_idle: whether the user's session is idle
 *
 * Sets [property@Bgrun.Conditions:device-idle] of simulated conditions.
 */
void
bgrun_conditions_simulate_device_idle (BgrunConditions *self,
                                       gboolean         device_idle)
{
  g_return_if_fail (BGRUN_IS_CONDITIONS (self));
  g_return_if_fail (self->simulated);

  set_boolean (self, &self->device_idle, device_idle, PROP_DEVICE_IDLE);
}

/**
 * bgrun_conditions_get_clock:
 * @self: conditions
 *
 * Gets the clock that times the low-memory quiet period.
 *
 * Returns: (transfer none): the clock
 */
BgrunClock *
bgrun_conditions_get_clock (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), NULL);
  return self->clock;
}

/**
 * bgrun_conditions_get_network_available:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:network-available].
 *
 * Returns: whether a network is available
 */
gboolean
bgrun_conditions_get_network_available (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->network_available;
}

/**
 * bgrun_conditions_get_network_metered:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:network-metered].
 *
 * Returns: whether the network is metered
 */
gboolean
bgrun_conditions_get_network_metered (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->network_metered;
}

/**
 * bgrun_conditions_get_on_battery:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:on-battery].
 *
 * Returns: whether the device runs on battery
 */
gboolean
bgrun_conditions_get_on_battery (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->on_battery;
}

/**
 * bgrun_conditions_get_battery_level:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:battery-level].
 *
 * Returns: the battery level in percent, or -1 when unknown
 */
int
bgrun_conditions_get_battery_level (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), -1);
  return self->battery_level;
}

/**
 * bgrun_conditions_get_power_saver:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:power-saver].
 *
 * Returns: whether power-saver mode is on
 */
gboolean
bgrun_conditions_get_power_saver (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->power_saver;
}

/**
 * bgrun_conditions_get_low_memory:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:low-memory].
 *
 * Returns: whether memory is low
 */
gboolean
bgrun_conditions_get_low_memory (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->low_memory;
}

/**
 * bgrun_conditions_get_storage_low:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:storage-low].
 *
 * Returns: whether storage is low
 */
gboolean
bgrun_conditions_get_storage_low (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->storage_low;
}

/**
 * bgrun_conditions_get_device_idle:
 * @self: conditions
 *
 * Gets [property@Bgrun.Conditions:device-idle].
 *
 * Returns: whether the user's session is idle
 */
gboolean
bgrun_conditions_get_device_idle (BgrunConditions *self)
{
  g_return_val_if_fail (BGRUN_IS_CONDITIONS (self), FALSE);
  return self->device_idle;
}
