/* bgrun-scheduler-backend.c: where the scheduler's engine runs — in the
 * app or in bgrund — and where the embedded one keeps its state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <unistd.h>

#include "bgrun-dbus-broker-private.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-peer-identity-private.h"
#include "bgrun-scheduler-internal-private.h"
#include "bgrun-state-directory-private.h"

/* @name in the app's own state directory, where the embedded engine keeps
 * its store. */
char *
bgrun_scheduler_state_path (BgrunScheduler *self,
                            const char     *name)
{
  g_autofree char *base = bgrun_state_base_directory (self->state_directory);

  return g_build_filename (base, self->app_id, name, NULL);
}

/* An app in a Flatpak sandbox that cannot see bgrund (its manifest lacks
 * --talk-name=org.bgrun.Broker1, or no bgrund is installed on the host)
 * runs its work in the embedded engine, only while it runs. It says so
 * once per process, in the log, naming what to add. */
static void
note_sandbox_fallback (void)
{
  static gsize noted = 0;
  g_autofree char *sandbox_app_id = NULL;

  if (!g_once_init_enter (&noted))
    return;
  if (bgrun_peer_identity_read ((guint32) getpid (), &sandbox_app_id, NULL) && sandbox_app_id != NULL)
    g_message ("libbgrun: %s runs in a Flatpak sandbox that cannot reach bgrund (%s on the session bus), so its background work runs in the app's embedded engine, only while the app runs. To use bgrund, add --talk-name=%s to the app's finish-args.",
               sandbox_app_id, BGRUN_DBUS_NAME, BGRUN_DBUS_NAME);
  g_once_init_leave (&noted, 1);
}

/* An app that used bgrund and now runs its engine embedded (bgrund is
 * gone, or BGRUN_BACKEND=local) takes its work back from bgrund's store,
 * <base>/daemon/tasks.db; what cannot be taken stays there, for the next
 * start. */
static void
take_work_from_daemon (BgrunScheduler *self,
                       BgrunEngine    *engine)
{
  g_autofree char *base = bgrun_state_base_directory (self->state_directory);
  g_autofree char *path = g_build_filename (base, "daemon", "tasks.db", NULL);
  g_autoptr(GError) error = NULL;

  if (self->app_id != NULL &&
      !bgrun_engine_take_app (engine, self->app_id, path, &error))
    g_warning ("libbgrun: cannot take back the background work bgrund kept for %s in “%s”: %s",
               self->app_id, path, error->message);
}

/* Where the engine runs, chosen once. An explicit clock, conditions or
 * state directory (the test driver) means the embedded engine. Otherwise
 * BGRUN_BACKEND=local|daemon decides, else the daemon when it is on the
 * session bus or can be started there. Sets @connection to the session
 * bus connection the daemon was found on. */
static BgrunBackend
choose_backend (gboolean          explicit_engine,
                GDBusConnection **connection)
{
  const char *forced = g_getenv ("BGRUN_BACKEND");

  if (explicit_engine || g_strcmp0 (forced, "local") == 0)
    return BGRUN_BACKEND_LOCAL;
  if (g_strcmp0 (forced, "daemon") == 0)
    return BGRUN_BACKEND_DAEMON;
  if (forced != NULL && *forced != '\0')
    g_warning ("libbgrun: BGRUN_BACKEND is “%s”, neither “local” nor “daemon”; choosing by whether bgrund is available.",
               forced);

  *connection = bgrun_dbus_open_session (NULL);
  if (*connection != NULL && bgrun_dbus_daemon_available (*connection))
    return BGRUN_BACKEND_DAEMON;
  g_clear_object (connection);
  note_sandbox_fallback ();
  return BGRUN_BACKEND_LOCAL;
}

/* A daemon broker that cannot reach bgrund still comes into being: each
 * of its calls tries again, and fails with UNAVAILABLE naming the bus
 * name while the daemon stays out of reach. */
BgrunBroker *
bgrun_scheduler_create_broker (BgrunScheduler *self,
                               gboolean        explicit_engine)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(BgrunEngine) engine = NULL;
  g_autofree char *path = NULL;
  const char *app_id = self->app_id != NULL ? self->app_id : "";

  self->backend = choose_backend (explicit_engine, &connection);
  if (self->backend == BGRUN_BACKEND_DAEMON)
    return BGRUN_BROKER (bgrun_dbus_broker_new (connection, app_id, self->clock));

  path = bgrun_scheduler_state_path (self, "tasks.db");
  engine = bgrun_engine_new (path, self->clock, self->conditions);
  if (!explicit_engine)
    take_work_from_daemon (self, engine);
  return BGRUN_BROKER (bgrun_local_broker_new (engine, app_id));
}
