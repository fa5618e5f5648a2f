/* fuzz-request-dict.c: a request as bgrund's Submit receives it from any
 * app (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is the (a{sv}b) body of org.bgrun.Broker1.Submit from an
 * untrusted peer. bgrund hands it to the engine as it is, so this target
 * does the same: the engine either refuses it with a GError of the
 * scheduler's domain or keeps it, and then what it keeps reads back as a
 * request in the app (the pending list), and time moving on by hours and
 * years runs it, stores it and reschedules it without a critical (item 1
 * of issue 17 was a repeat interval that made the clock's alarm NULL).
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-engine-private.h"
#include "bgrun-task-request-private.h"
#include "fuzz-variant.h"

#define APP "org.example.Fuzz"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static BgrunClock *test_clock;
static BgrunEngine *engine;

static void
on_run_task (BgrunEngine *self,
             const char  *app_id,
             GVariant    *task,
             gpointer     user_data)
{
  guint64 task_id = 0;

  g_assert_true (g_variant_lookup (task, "task-id", "t", &task_id));
  bgrun_engine_complete_task (self, app_id, task_id, TRUE);
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fuzz-request-dict-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "tasks.db", NULL);
  test_clock = bgrun_test_clock_new (NULL);
  engine = bgrun_engine_new (path, test_clock, bgrun_conditions_new_simulated (test_clock));
  bgrun_engine_set_budgets_enabled (engine, FALSE);
  g_signal_connect (engine, "run-task", G_CALLBACK (on_run_task), NULL);
  g_assert_true (bgrun_engine_register (engine, APP, "org.example.*", &error));
  g_assert_no_error (error);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
check_pending_reads_back (void)
{
  g_autoptr(GVariant) pending = bgrun_engine_list_pending (engine, APP);
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, pending);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = dict;
      g_autoptr(GError) error = NULL;
      g_autoptr(BgrunTaskRequest) request = bgrun_task_request_new_from_variant (owned, &error);

      g_assert_no_error (error);
      g_assert_nonnull (request);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GVariant) body = fuzz_variant_from_data ("(a{sv}b)", data, size);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GError) error = NULL;
  gboolean frontmost;

  if (engine == NULL)
    set_up ();
  g_variant_get (body, "(@a{sv}b)", &dict, &frontmost);
  if (!bgrun_engine_submit (engine, APP, dict, frontmost, &error))
    g_assert_true (error != NULL && error->domain == BGRUN_SCHEDULER_ERROR);
  drain ();
  check_pending_reads_back ();
  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (test_clock), 6 * 3600);
  drain ();
  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (test_clock), 400.0 * 86400);
  drain ();
  bgrun_engine_cancel_all (engine, APP);
  drain ();
  return 0;
}
