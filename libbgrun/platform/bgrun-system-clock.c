/* bgrun-system-clock.c: the machine's wall clock, suspend- and jump-aware
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "bgrun-system-clock.h"
#include "bgrun-time-private.h"

/**
 * BgrunSystemClock:
 *
 * The machine's wall clock, with alarms that stay right across suspend and
 * across changes of the wall clock.
 *
 * Alarms wait on one kernel timer for the earliest of them, set for an
 * absolute wall-clock time, so a process whose alarms are all far away does
 * not wake up at all until the first is due. The kernel tells the clock when
 * the wall clock is set (by NTP or by hand); logind's `PrepareForSleep`
 * signal on the system bus tells it when the machine resumed. Either way
 * the clock emits [signal@Bgrun.Clock::time-changed] and fires the alarms
 * that became due meanwhile. Without a system bus the clock works the same,
 * minus the resume signal.
 */

struct _BgrunSystemClock
{
  BgrunClock parent_instance;

  int              timer_fd;
  GSource         *timer_source;
  GCancellable    *cancellable;
  GDBusConnection *system_bus;
  guint            sleep_subscription;
};

G_DEFINE_FINAL_TYPE (BgrunSystemClock, bgrun_system_clock, BGRUN_TYPE_CLOCK)

/* Timers for "no alarm" are armed this far ahead: far enough never to fire,
 * near enough to be valid everywhere, and still told of clock changes. */
#define NEVER_SECONDS ((gint64) 1 << 40)

static GDateTime *
bgrun_system_clock_get_now (BgrunClock *clock)
{
  return bgrun_time_from_usec (g_get_real_time ());
}

static void
bgrun_system_clock_arm (BgrunClock *clock,
                        GDateTime  *when)
{
  BgrunSystemClock *self = BGRUN_SYSTEM_CLOCK (clock);
  struct itimerspec spec = { 0 };
  gint64 due;

  if (when != NULL)
    {
      /* 0 would disarm the timer; the epoch is long past anyway. */
      due = MAX (bgrun_time_to_usec (when), 1);
      spec.it_value.tv_sec = due / G_USEC_PER_SEC;
      spec.it_value.tv_nsec = (due % G_USEC_PER_SEC) * 1000;
    }
  else
    spec.it_value.tv_sec = NEVER_SECONDS;

  if (timerfd_settime (self->timer_fd,
                       TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
                       &spec, NULL) < 0)
    g_critical ("libbgrun: cannot arm the alarm timer: %s", g_strerror (errno));
}

static gboolean
on_timer_ready (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  BgrunClock *clock = user_data;
  guint64 expirations;

  /* ECANCELED: the wall clock was set while the timer waited. */
  if (read (fd, &expirations, sizeof expirations) < 0 && errno == ECANCELED)
    bgrun_clock_time_changed (clock, BGRUN_TIME_CHANGE_SET);
  else
    bgrun_clock_fire_due_alarms (clock);

  return G_SOURCE_CONTINUE;
}

static void
on_prepare_for_sleep (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  gboolean going_to_sleep;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    bgrun_clock_time_changed (BGRUN_CLOCK (user_data), BGRUN_TIME_CHANGE_RESUMED);
}

static void
on_system_bus (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  BgrunSystemClock *self;

  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("libbgrun: no system bus, so no resume notifications: %s",
                 error->message);
      return;
    }

  self = BGRUN_SYSTEM_CLOCK (user_data);
  self->system_bus = g_steal_pointer (&bus);
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (self->system_bus,
                                        "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager",
                                        "PrepareForSleep",
                                        "/org/freedesktop/login1",
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_prepare_for_sleep, self, NULL);
}

static void
bgrun_system_clock_dispose (GObject *object)
{
  BgrunSystemClock *self = BGRUN_SYSTEM_CLOCK (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  if (self->timer_source != NULL)
    g_source_destroy (self->timer_source);
  g_clear_pointer (&self->timer_source, g_source_unref);

  G_OBJECT_CLASS (bgrun_system_clock_parent_class)->dispose (object);
}

static void
bgrun_system_clock_finalize (GObject *object)
{
  BgrunSystemClock *self = BGRUN_SYSTEM_CLOCK (object);

  g_clear_object (&self->cancellable);
  if (self->timer_fd >= 0)
    close (self->timer_fd);

  G_OBJECT_CLASS (bgrun_system_clock_parent_class)->finalize (object);
}

static void
bgrun_system_clock_constructed (GObject *object)
{
  BgrunSystemClock *self = BGRUN_SYSTEM_CLOCK (object);

  G_OBJECT_CLASS (bgrun_system_clock_parent_class)->constructed (object);

  self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (self->timer_fd < 0)
    g_error ("libbgrun: cannot create a timer: %s", g_strerror (errno));

  /* The source holds no reference: dispose destroys it first. */
  self->timer_source = g_unix_fd_source_new (self->timer_fd, G_IO_IN);
  g_source_set_callback (self->timer_source, G_SOURCE_FUNC (on_timer_ready), self, NULL);
  g_source_set_static_name (self->timer_source, "[libbgrun] alarm timer");
  g_source_attach (self->timer_source, g_main_context_get_thread_default ());
  bgrun_system_clock_arm (BGRUN_CLOCK (self), NULL);

  self->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_system_bus, self);
}

static void
bgrun_system_clock_class_init (BgrunSystemClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BgrunClockClass *clock_class = BGRUN_CLOCK_CLASS (klass);

  object_class->constructed = bgrun_system_clock_constructed;
  object_class->dispose = bgrun_system_clock_dispose;
  object_class->finalize = bgrun_system_clock_finalize;
  clock_class->get_now = bgrun_system_clock_get_now;
  clock_class->arm = bgrun_system_clock_arm;
}

static void
bgrun_system_clock_init (BgrunSystemClock *self)
{
  self->timer_fd = -1;
}

/**
 * bgrun_system_clock_new:
 *
 * Creates a clock reading the machine's wall clock. Its alarms fire on the
 * thread-default main context of the calling thread.
 *
 * Returns: (transfer full): a new system clock
 */
BgrunClock *
bgrun_system_clock_new (void)
{
  return g_object_new (BGRUN_TYPE_SYSTEM_CLOCK, NULL);
}
