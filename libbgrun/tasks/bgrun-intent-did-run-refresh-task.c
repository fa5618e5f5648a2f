/* bgrun-intent-did-run-refresh-task.c: an app action run from outside the
 * app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-intent-did-run-refresh-task.h"

/**
 * BgrunIntentDidRunRefreshTask:
 *
 * One of the app's actions ran from outside the app while the app was
 * not in front: the desktop, a launcher's menu, a notification's button
 * or `gapplication action` called
 * `org.freedesktop.Application.ActivateAction` (or GLib's
 * `org.gtk.Actions.Activate`), perhaps starting the app for it, while the
 * scheduler's [property@Bgrun.Scheduler:frontmost] was %FALSE. After the
 * action's own handler ran, the app gets this task, with about 30 seconds
 * to bring what it shows up to date (its window's content, its desktop
 * actions), as a watchOS app refreshes after one of its intents ran in
 * Siri or a shortcut.
 *
 * Its identifier is `<app-id>.intent.<number>`, one per run: register a
 * handler for the family `<app-id>.intent.*` with
 * [method@Bgrun.Scheduler.register], or take it in
 * [signal@Bgrun.Scheduler::handle-task].
 */

struct _BgrunIntentDidRunRefreshTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunIntentDidRunRefreshTask, bgrun_intent_did_run_refresh_task, BGRUN_TYPE_TASK)

enum {
  PROP_0,
  PROP_ACTION_NAME,
  PROP_PARAMETER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_intent_did_run_refresh_task_get_property (GObject    *object,
                                                guint       prop_id,
                                                GValue     *value,
                                                GParamSpec *pspec)
{
  BgrunIntentDidRunRefreshTask *self = BGRUN_INTENT_DID_RUN_REFRESH_TASK (object);

  switch (prop_id)
    {
    case PROP_ACTION_NAME:
      g_value_set_string (value, bgrun_intent_did_run_refresh_task_get_action_name (self));
      break;
    case PROP_PARAMETER:
      g_value_take_variant (value, bgrun_intent_did_run_refresh_task_get_parameter (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_intent_did_run_refresh_task_class_init (BgrunIntentDidRunRefreshTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bgrun_intent_did_run_refresh_task_get_property;

  /**
   * BgrunIntentDidRunRefreshTask:action-name:
   *
   * The name of the action that ran, as the app added it to its
   * [class@Gio.Application] (without the `app.` prefix).
   */
  properties[PROP_ACTION_NAME] =
    g_param_spec_string ("action-name", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunIntentDidRunRefreshTask:parameter:
   *
   * The parameter the action ran with, or %NULL for an action without
   * one.
   */
  properties[PROP_PARAMETER] =
    g_param_spec_variant ("parameter", NULL, NULL, G_VARIANT_TYPE_ANY, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_intent_did_run_refresh_task_init (BgrunIntentDidRunRefreshTask *self)
{
}

/**
 * bgrun_intent_did_run_refresh_task_get_action_name:
 * @self: the task
 *
 * Gets [property@Bgrun.IntentDidRunRefreshTask:action-name].
 *
 * Returns: the action's name
 */
const char *
bgrun_intent_did_run_refresh_task_get_action_name (BgrunIntentDidRunRefreshTask *self)
{
  GVariant *user_info;
  const char *name = "";

  g_return_val_if_fail (BGRUN_IS_INTENT_DID_RUN_REFRESH_TASK (self), NULL);

  /* What ran travels in the user info, the one part of a task that
   * crosses the broker as the system gave it. */
  user_info = bgrun_task_get_user_info (BGRUN_TASK (self));
  if (user_info != NULL)
    g_variant_lookup (user_info, "action-name", "&s", &name);
  return name;
}

/**
 * bgrun_intent_did_run_refresh_task_get_parameter:
 * @self: the task
 *
 * Gets [property@Bgrun.IntentDidRunRefreshTask:parameter].
 *
 * Returns: (transfer full) (nullable): the action's parameter
 */
GVariant *
bgrun_intent_did_run_refresh_task_get_parameter (BgrunIntentDidRunRefreshTask *self)
{
  GVariant *user_info;

  g_return_val_if_fail (BGRUN_IS_INTENT_DID_RUN_REFRESH_TASK (self), NULL);

  user_info = bgrun_task_get_user_info (BGRUN_TASK (self));
  return user_info != NULL ? g_variant_lookup_value (user_info, "parameter", NULL) : NULL;
}
