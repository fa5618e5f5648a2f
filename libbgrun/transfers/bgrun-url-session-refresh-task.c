/* bgrun-url-session-refresh-task.c: the app was started for a URL session's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-url-session-refresh-task.h"

/**
 * BgrunUrlSessionRefreshTask:
 *
 * A URL-session refresh task: a background [class@Bgrun.UrlSession] of the
 * app has events to deliver (transfers that finished or failed while no
 * session with its identifier existed in the app), and the app is given
 * time to receive them.
 *
 * The transfers of background sessions run in the `bgrund` daemon when
 * the scheduler's backend is %BGRUN_BACKEND_DAEMON. When one of them ends
 * in a session whose configuration has
 * [property@Bgrun.UrlSessionConfiguration:sends-launch-events] and no
 * process of the app has that session open, the daemon starts the app if
 * it is not running and the scheduler runs this task in it. Nobody
 * submits it and no handler needs to be registered for it.
 *
 * What to do: create the session again with a configuration of the same
 * identifier, [property@Bgrun.UrlSessionRefreshTask:session-identifier].
 * The session delivers the recorded events as
 * [signal@Bgrun.UrlSession::download-finished] and
 * [signal@Bgrun.UrlSession::task-completed], then emits
 * [signal@Bgrun.UrlSession::events-finished]; once it has, the task
 * completes by itself, successfully. An app with more to do after the
 * events (update its database, show a notification) handles the task: a
 * handler registered with [method@Bgrun.Scheduler.register] for the
 * session identifier, or [signal@Bgrun.Scheduler::handle-task], gets it
 * like any other task, and may complete it with
 * [method@Bgrun.Task.set_task_completed] itself. A task that nobody
 * handles does not fail: it waits for the session.
 *
 * The task has %BGRUN_URL_SESSION_REFRESH_DURATION seconds, as an app
 * refresh has; one that is still running then expires, and the events
 * that were not delivered stay recorded for the next time.
 */

struct _BgrunUrlSessionRefreshTask
{
  BgrunTask parent_instance;

  char *session_identifier;
};

G_DEFINE_FINAL_TYPE (BgrunUrlSessionRefreshTask, bgrun_url_session_refresh_task, BGRUN_TYPE_TASK)

enum {
  PROP_0,
  PROP_SESSION_IDENTIFIER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_url_session_refresh_task_finalize (GObject *object)
{
  g_free (BGRUN_URL_SESSION_REFRESH_TASK (object)->session_identifier);

  G_OBJECT_CLASS (bgrun_url_session_refresh_task_parent_class)->finalize (object);
}

/* The engine names a session's refresh task after the session: the task's
 * identifier is the session's, unless given otherwise. */
static void
bgrun_url_session_refresh_task_constructed (GObject *object)
{
  BgrunUrlSessionRefreshTask *self = BGRUN_URL_SESSION_REFRESH_TASK (object);

  G_OBJECT_CLASS (bgrun_url_session_refresh_task_parent_class)->constructed (object);

  if (self->session_identifier == NULL)
    self->session_identifier = g_strdup (bgrun_task_get_identifier (BGRUN_TASK (self)));
}

static void
bgrun_url_session_refresh_task_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  BgrunUrlSessionRefreshTask *self = BGRUN_URL_SESSION_REFRESH_TASK (object);

  switch (prop_id)
    {
    case PROP_SESSION_IDENTIFIER:
      g_value_set_string (value, self->session_identifier);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_refresh_task_set_property (GObject      *object,
                                             guint         prop_id,
                                             const GValue *value,
                                             GParamSpec   *pspec)
{
  BgrunUrlSessionRefreshTask *self = BGRUN_URL_SESSION_REFRESH_TASK (object);

  switch (prop_id)
    {
    case PROP_SESSION_IDENTIFIER:
      self->session_identifier = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_refresh_task_class_init (BgrunUrlSessionRefreshTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bgrun_url_session_refresh_task_constructed;
  object_class->finalize = bgrun_url_session_refresh_task_finalize;
  object_class->get_property = bgrun_url_session_refresh_task_get_property;
  object_class->set_property = bgrun_url_session_refresh_task_set_property;

  /**
   * BgrunUrlSessionRefreshTask:session-identifier:
   *
   * The identifier of the background session that has events for the
   * app: the [property@Bgrun.UrlSessionConfiguration:identifier] to
   * create a [class@Bgrun.UrlSession] with. Unless given, it is the
   * task's [property@Bgrun.Task:identifier], as for the tasks libbgrun
   * delivers.
   */
  properties[PROP_SESSION_IDENTIFIER] =
    g_param_spec_string ("session-identifier", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_url_session_refresh_task_init (BgrunUrlSessionRefreshTask *self)
{
}

/**
 * bgrun_url_session_refresh_task_get_session_identifier:
 * @self: a URL-session refresh task
 *
 * Gets [property@Bgrun.UrlSessionRefreshTask:session-identifier].
 *
 * Returns: (nullable): the identifier of the session to create again
 */
const char *
bgrun_url_session_refresh_task_get_session_identifier (BgrunUrlSessionRefreshTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_REFRESH_TASK (self), NULL);
  return self->session_identifier;
}
