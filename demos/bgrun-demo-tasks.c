/* bgrun-demo-tasks.c: bgrun-demo's step for the tasks the system starts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A mail app on a test driver's clock: it subscribes to snapshot tasks
 * and to its daily shortcut chance, then leaves the foreground. The
 * simulated day that follows shows each task as the system starts it:
 * the snapshot of the app leaving, the return to the default state eight
 * minutes later, and the shortcut chances a day apart.
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>

#include "bgrun-demo-tasks.h"

#define APP_ID "org.bgrun.Demo.Mail"

static void
on_task (BgrunScheduler *scheduler,
         BgrunTask      *task,
         gpointer        user_data)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autofree char *when = g_date_time_format (now, "%d %H:%M");

  if (BGRUN_IS_SNAPSHOT_REFRESH_TASK (task))
    {
      BgrunSnapshotRefreshTask *snapshot = BGRUN_SNAPSHOT_REFRESH_TASK (task);
      g_autoptr(GEnumClass) reasons = g_type_class_ref (BGRUN_TYPE_SNAPSHOT_REASON);
      BgrunSnapshotReason reason = bgrun_snapshot_refresh_task_get_reason (snapshot);

      g_print (_("  %s  snapshot task (%s): the window shows the %s\n"), when,
               g_enum_get_value (reasons, reason)->value_nick,
               reason == BGRUN_SNAPSHOT_REASON_RETURN_TO_DEFAULT_STATE ? _("inbox again") : _("unread count"));
      bgrun_snapshot_refresh_task_set_task_completed_with_snapshot (
        snapshot, reason == BGRUN_SNAPSHOT_REASON_RETURN_TO_DEFAULT_STATE, NULL, NULL);
      return;
    }
  g_print (_("  %s  shortcut task: the desktop actions offer the latest folders\n"), when);
  bgrun_task_set_task_completed (task, TRUE);
}

void
bgrun_demo_tasks_step (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP_ID);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(GError) error = NULL;

  g_print ("\n%s\n", _("== Tasks the system starts (simulated day) =="));
  if (!bgrun_scheduler_register (scheduler, APP_ID ".snapshot.*", on_task, NULL, NULL, &error) ||
      !bgrun_scheduler_register (scheduler, APP_ID ".shortcut", on_task, NULL, NULL, &error) ||
      !bgrun_snapshot_refresh_task_subscribe (scheduler, TRUE, &error) ||
      !bgrun_relevant_shortcut_refresh_task_subscribe (scheduler, TRUE, &error))
    {
      g_printerr ("%s\n", error->message);
      return;
    }
  bgrun_test_driver_set_frontmost (driver, TRUE);
  bgrun_test_driver_advance (driver, 0);
  g_print ("%s\n", _("  The user closes the mail window."));
  bgrun_test_driver_set_frontmost (driver, FALSE);
  bgrun_test_driver_advance (driver, BGRUN_RELEVANT_SHORTCUT_INTERVAL);
  g_object_run_dispose (G_OBJECT (scheduler));
}
