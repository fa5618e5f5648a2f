/* bgrun-shortcut-watch.c: the daily relevant-shortcut task, asked for
 * again each time one starts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-relevant-shortcut-refresh-task.h"
#include "bgrun-shortcut-watch-private.h"
#include "bgrun-task-triggers-private.h"
#include "bgrun-time-private.h"

gboolean
bgrun_shortcut_watch_request (BgrunPlacement  *placement,
                              gboolean         wanted,
                              gint64           begin,
                              GError         **error)
{
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);

  /* One instance: a new request replaces the one that waits. */
  g_variant_dict_insert (&data, "chance", "s", "daily");
  if (!wanted)
    g_variant_dict_insert (&data, "withdraw", "b", TRUE);
  if (begin > 0)
    g_variant_dict_insert (&data, "begin", "x", begin);
  return bgrun_task_trigger_report (placement, BGRUN_REQUEST_KIND_RELEVANT_SHORTCUT,
                                    g_variant_dict_end (&data), error);
}

static void
on_task_started (BgrunPlacement *placement,
                 BgrunTask      *task,
                 gpointer        user_data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  if (!BGRUN_IS_RELEVANT_SHORTCUT_REFRESH_TASK (task))
    return;
  now = bgrun_clock_get_now (bgrun_placement_get_clock (placement));
  if (!bgrun_shortcut_watch_request (placement, TRUE,
                                     bgrun_time_to_usec (now) + (gint64) BGRUN_RELEVANT_SHORTCUT_INTERVAL * G_USEC_PER_SEC,
                                     &error))
    g_warning ("libbgrun: cannot ask for the app’s next shortcut task: %s", error->message);
}

void
bgrun_shortcut_watch_attach (BgrunPlacement *placement)
{
  g_signal_connect (placement, "task-started", G_CALLBACK (on_task_started), NULL);
}
