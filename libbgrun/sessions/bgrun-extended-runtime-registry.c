/* bgrun-extended-runtime-registry.c: what an app's extended runtime
 * sessions share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "bgrun-extended-runtime-registry-private.h"
#include "bgrun-extended-runtime-session-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-processing-request.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-time-private.h"

/* The stored alarm: a serialized a{sv} with "start-date" (x, microseconds
 * since the epoch). A dictionary, so later versions can add keys. */
#define ALARM_TYPE G_VARIANT_TYPE_VARDICT

struct _BgrunExtendedRuntimeRegistry
{
  GObject parent_instance;

  BgrunScheduler              *scheduler;  /* owns the registry */
  BgrunKeepAlive              *keep_alive;
  char                        *alarm_path;
  BgrunExtendedRuntimeSession *running;    /* not owned */
  BgrunExtendedRuntimeSession *scheduled;  /* not owned */
  GDateTime                   *restore_start;
  char                        *launch_identifier; /* daemon placement only */
};

G_DEFINE_FINAL_TYPE (BgrunExtendedRuntimeRegistry, bgrun_extended_runtime_registry, G_TYPE_OBJECT)

enum {
  SIG_RUNNING_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bgrun_extended_runtime_registry_dispose (GObject *object)
{
  BgrunExtendedRuntimeRegistry *self = BGRUN_EXTENDED_RUNTIME_REGISTRY (object);

  g_clear_pointer (&self->restore_start, g_date_time_unref);
  self->scheduler = NULL;

  G_OBJECT_CLASS (bgrun_extended_runtime_registry_parent_class)->dispose (object);
}

static void
bgrun_extended_runtime_registry_finalize (GObject *object)
{
  BgrunExtendedRuntimeRegistry *self = BGRUN_EXTENDED_RUNTIME_REGISTRY (object);

  /* Sessions outlive a disposed scheduler (they hold the registry): their
   * leases are released into the keep-alive until the last one goes. */
  g_clear_object (&self->keep_alive);
  g_free (self->alarm_path);
  g_free (self->launch_identifier);

  G_OBJECT_CLASS (bgrun_extended_runtime_registry_parent_class)->finalize (object);
}

static void
bgrun_extended_runtime_registry_class_init (BgrunExtendedRuntimeRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_extended_runtime_registry_dispose;
  object_class->finalize = bgrun_extended_runtime_registry_finalize;

  signals[SIG_RUNNING_CHANGED] =
    g_signal_new ("running-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_extended_runtime_registry_init (BgrunExtendedRuntimeRegistry *self)
{
}

/* The start date of the stored alarm, or NULL when there is none (or the
 * file cannot be read: then the alarm is lost, which one debug line says). */
static GDateTime *
load_alarm (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GVariant) dict = NULL;
  gsize length;
  gint64 start;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("libbgrun: cannot read the scheduled smart alarm: %s", error->message);
      return NULL;
    }
  dict = g_variant_ref_sink (g_variant_new_from_data (ALARM_TYPE, contents, length, FALSE,
                                                      NULL, NULL));
  if (!g_variant_is_normal_form (dict) || !g_variant_lookup (dict, "start-date", "x", &start))
    {
      g_debug ("libbgrun: ignoring %s: it holds no smart alarm", path);
      return NULL;
    }
  return bgrun_time_from_usec (start);
}

static gboolean
save_alarm (const char  *path,
            GDateTime   *start,
            GError     **error)
{
  g_autoptr(GVariantDict) dict = g_variant_dict_new (NULL);
  g_autoptr(GVariant) value = NULL;
  g_autofree char *directory = g_path_get_dirname (path);

  g_variant_dict_insert (dict, "start-date", "x", bgrun_time_to_usec (start));
  value = g_variant_ref_sink (g_variant_dict_end (dict));
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create “%s” to keep the scheduled smart alarm: %s. Make the directory writable."),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, g_variant_get_data (value), g_variant_get_size (value),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* The task that launched the app (or that fell due while it ran) has done
 * its part: the alarm itself comes from the file and starts by its own
 * start date. */
static void
complete_launch_task (BgrunScheduler *scheduler,
                      BgrunTask      *task,
                      gpointer        user_data)
{
  bgrun_task_set_task_completed (task, TRUE);
}

/* In the daemon placement, registers the handler of the request that has
 * bgrund launch the app for its alarm, in every scheduler: a launched app
 * must have it registered, and an app that runs must not be launched.
 * bgrund keeps one registration per app: when another scheduler of the app
 * registered it first, its handler completes the task just as well. */
static void
register_launch (BgrunExtendedRuntimeRegistry *self,
                 const char                   *app_id)
{
  g_autoptr(GError) error = NULL;

  if (bgrun_scheduler_get_backend (self->scheduler) != BGRUN_BACKEND_DAEMON ||
      app_id == NULL || !g_application_id_is_valid (app_id))
    return;
  self->launch_identifier = g_strconcat (app_id, BGRUN_SMART_ALARM_IDENTIFIER_SUFFIX, NULL);
  if (!bgrun_scheduler_register (self->scheduler, self->launch_identifier, complete_launch_task,
                                 NULL, NULL, &error))
    g_debug ("libbgrun: not registering %s: %s", self->launch_identifier, error->message);
}

/* Has bgrund launch the app at @start, in the daemon placement. The alarm
 * is stored all the same: without the launch, it starts when the app runs
 * at its time, as in the embedded placement. */
static void
submit_launch (BgrunExtendedRuntimeRegistry *self,
               GDateTime                    *start)
{
  g_autoptr(BgrunProcessingRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (self->launch_identifier == NULL)
    return;
  request = bgrun_processing_request_new (self->launch_identifier);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), start);
  if (!bgrun_scheduler_submit (self->scheduler, BGRUN_TASK_REQUEST (request), &error))
    g_warning ("libbgrun: bgrund will not launch the app for its smart alarm, which starts only if the app runs then: %s",
               error->message);
}

BgrunExtendedRuntimeRegistry *
bgrun_extended_runtime_registry_new (BgrunScheduler *scheduler,
                                     GApplication   *application,
                                     const char     *app_id,
                                     const char     *alarm_path)
{
  BgrunExtendedRuntimeRegistry *self = g_object_new (BGRUN_TYPE_EXTENDED_RUNTIME_REGISTRY, NULL);

  self->scheduler = scheduler;
  self->keep_alive = bgrun_keep_alive_new (application, app_id);
  self->alarm_path = g_strdup (alarm_path);
  register_launch (self, app_id);
  self->restore_start = load_alarm (alarm_path);
  return self;
}

#define REGISTRY_KEY "bgrun-extended-runtime-registry"

void
bgrun_extended_runtime_registry_attach (BgrunPlacement *placement)
{
  g_autofree char *alarm_path = bgrun_placement_state_path (placement, "smart-alarm.gvariant");

  bgrun_placement_attach (placement, REGISTRY_KEY,
                          bgrun_extended_runtime_registry_new (bgrun_placement_get_scheduler (placement),
                                                               bgrun_placement_get_application (placement),
                                                               bgrun_placement_get_app_id (placement),
                                                               alarm_path));
}

BgrunExtendedRuntimeRegistry *
bgrun_extended_runtime_registry_get (BgrunScheduler *scheduler)
{
  return bgrun_placement_get_attached (bgrun_scheduler_get_placement (scheduler), REGISTRY_KEY);
}

BgrunExtendedRuntimeSession *
bgrun_extended_runtime_registry_restore (BgrunExtendedRuntimeRegistry *self)
{
  g_autoptr(GDateTime) start = NULL;

  if (self->scheduled != NULL)
    return g_object_ref (self->scheduled);
  if (self->restore_start == NULL || self->scheduler == NULL)
    return NULL;
  start = g_steal_pointer (&self->restore_start);
  return bgrun_extended_runtime_session_new_restored (self->scheduler, start);
}

BgrunKeepAlive *
bgrun_extended_runtime_registry_get_keep_alive (BgrunExtendedRuntimeRegistry *self)
{
  return self->keep_alive;
}

BgrunExtendedRuntimeSession *
bgrun_extended_runtime_registry_get_running (BgrunExtendedRuntimeRegistry *self)
{
  return self->running;
}

BgrunExtendedRuntimeSession *
bgrun_extended_runtime_registry_get_scheduled (BgrunExtendedRuntimeRegistry *self)
{
  return self->scheduled;
}

void
bgrun_extended_runtime_registry_set_running (BgrunExtendedRuntimeRegistry *self,
                                             BgrunExtendedRuntimeSession  *session)
{
  g_return_if_fail (self->running == NULL);

  self->running = session;
  g_signal_emit (self, signals[SIG_RUNNING_CHANGED], 0);
}

gboolean
bgrun_extended_runtime_registry_schedule (BgrunExtendedRuntimeRegistry  *self,
                                          BgrunExtendedRuntimeSession   *session,
                                          GDateTime                     *start,
                                          GError                       **error)
{
  g_return_val_if_fail (self->scheduled == NULL, FALSE);

  if (!save_alarm (self->alarm_path, start, error))
    return FALSE;
  self->scheduled = session;
  submit_launch (self, start);
  return TRUE;
}

void
bgrun_extended_runtime_registry_adopt (BgrunExtendedRuntimeRegistry *self,
                                       BgrunExtendedRuntimeSession  *session)
{
  g_return_if_fail (self->scheduled == NULL);

  self->scheduled = session;
}

void
bgrun_extended_runtime_registry_forget (BgrunExtendedRuntimeRegistry *self,
                                        BgrunExtendedRuntimeSession  *session,
                                        gboolean                      unstore)
{
  if (self->running == session)
    {
      self->running = NULL;
      g_signal_emit (self, signals[SIG_RUNNING_CHANGED], 0);
    }
  if (self->scheduled != session)
    return;
  self->scheduled = NULL;
  if (unstore && g_unlink (self->alarm_path) != 0 && errno != ENOENT)
    g_debug ("libbgrun: cannot remove %s: %s", self->alarm_path, g_strerror (errno));
}

void
bgrun_extended_runtime_registry_unschedule (BgrunExtendedRuntimeRegistry *self,
                                            BgrunExtendedRuntimeSession  *session)
{
  g_return_if_fail (self->scheduled == session);

  bgrun_extended_runtime_registry_forget (self, session, TRUE);
  if (self->launch_identifier != NULL && self->scheduler != NULL)
    bgrun_scheduler_cancel (self->scheduler, self->launch_identifier);
}
