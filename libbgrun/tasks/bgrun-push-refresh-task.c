/* bgrun-push-refresh-task.c: a push message for the app (UnifiedPush)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-push-refresh-task.h"

/**
 * BgrunPushRefreshTask:
 *
 * The app's application server sent it a push message: the server
 * posted it, encrypted for the app (Web Push, RFC 8291), to the endpoint
 * of the app's [class@Bgrun.PushRegistration]; the UnifiedPush
 * distributor of the desktop passed it on over D-Bus, starting the app
 * when it did not run; libbgrun decrypted it. The app has about 30
 * seconds to act on it (fetch what is new, show a notification), as an
 * iOS app has for a background push.
 *
 * A message that does not decrypt is no task: it is recorded in the
 * app's history as failed, with the reason.
 *
 * Its identifier is `<app-id>.push.<number>`, one per message: register
 * a handler for the family `<app-id>.push.*` with
 * [method@Bgrun.Scheduler.register], or take it in
 * [signal@Bgrun.Scheduler::handle-task].
 */

struct _BgrunPushRefreshTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunPushRefreshTask, bgrun_push_refresh_task, BGRUN_TYPE_TASK)

enum {
  PROP_0,
  PROP_MESSAGE,
  PROP_MESSAGE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_push_refresh_task_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BgrunPushRefreshTask *self = BGRUN_PUSH_REFRESH_TASK (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_take_boxed (value, bgrun_push_refresh_task_get_message (self));
      break;
    case PROP_MESSAGE_ID:
      g_value_set_string (value, bgrun_push_refresh_task_get_message_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_push_refresh_task_class_init (BgrunPushRefreshTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bgrun_push_refresh_task_get_property;

  /**
   * BgrunPushRefreshTask:message:
   *
   * The message as the application server wrote it, decrypted.
   */
  properties[PROP_MESSAGE] =
    g_param_spec_boxed ("message", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunPushRefreshTask:message-id:
   *
   * The distributor's identifier of the message, or "" when it gave none.
   */
  properties[PROP_MESSAGE_ID] =
    g_param_spec_string ("message-id", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_push_refresh_task_init (BgrunPushRefreshTask *self)
{
}

/**
 * bgrun_push_refresh_task_get_message:
 * @self: the task
 *
 * Gets [property@Bgrun.PushRefreshTask:message].
 *
 * Returns: (transfer full): the decrypted message
 */
GBytes *
bgrun_push_refresh_task_get_message (BgrunPushRefreshTask *self)
{
  g_autoptr(GVariant) message = NULL;
  GVariant *user_info;

  g_return_val_if_fail (BGRUN_IS_PUSH_REFRESH_TASK (self), NULL);

  /* The message travels in the user info, the one part of a task that
   * crosses the broker as the system gave it. */
  user_info = bgrun_task_get_user_info (BGRUN_TASK (self));
  if (user_info != NULL)
    message = g_variant_lookup_value (user_info, "message", G_VARIANT_TYPE_BYTESTRING);
  return message != NULL ? g_variant_get_data_as_bytes (message) : g_bytes_new (NULL, 0);
}

/**
 * bgrun_push_refresh_task_get_message_id:
 * @self: the task
 *
 * Gets [property@Bgrun.PushRefreshTask:message-id].
 *
 * Returns: the message's identifier, or ""
 */
const char *
bgrun_push_refresh_task_get_message_id (BgrunPushRefreshTask *self)
{
  GVariant *user_info;
  const char *id = "";

  g_return_val_if_fail (BGRUN_IS_PUSH_REFRESH_TASK (self), NULL);

  user_info = bgrun_task_get_user_info (BGRUN_TASK (self));
  if (user_info != NULL)
    g_variant_lookup (user_info, "message-id", "&s", &id);
  return id;
}
