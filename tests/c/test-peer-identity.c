/* test-peer-identity.c: which app a D-Bus caller runs as, read from a
 * fake /proc (BGRUN_TEST_PROC_ROOT)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fake trees are left to tests/isolate, which removes TMPDIR.
 */

#include "config.h"

#include <sys/wait.h>

#include <bgrun.h>

#include "bgrun-peer-identity-private.h"

/* A fake /proc in which process @pid runs in a sandbox whose
 * .flatpak-info holds @info; returns its root. */
static char *
fake_proc (guint32     pid,
           const char *info)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("proc-XXXXXX", &error);
  g_autofree char *pid_text = g_strdup_printf ("%u", pid);
  g_autofree char *sandbox = NULL;
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  sandbox = g_build_filename (root, pid_text, "root", NULL);
  path = g_build_filename (sandbox, ".flatpak-info", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sandbox, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, info, -1, &error));
  g_assert_no_error (error);
  g_setenv ("BGRUN_TEST_PROC_ROOT", root, TRUE);
  return root;
}

static void
test_host_process (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox_app_id = NULL;

  /* The real /proc: this test does not run in a sandbox. */
  g_unsetenv ("BGRUN_TEST_PROC_ROOT");
  g_assert_true (bgrun_peer_identity_read (getpid (), &sandbox_app_id, &error));
  g_assert_no_error (error);
  g_assert_null (sandbox_app_id);
}

static void
test_sandboxed_process (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox_app_id = NULL;
  g_autofree char *root = fake_proc (getpid (), "[Application]\nname=org.example.Sandboxed\nruntime=x\n");

  g_assert_true (bgrun_peer_identity_read (getpid (), &sandbox_app_id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sandbox_app_id, ==, "org.example.Sandboxed");

  /* Another process, without an entry in the fake tree, is a host one. */
  g_clear_pointer (&sandbox_app_id, g_free);
  g_assert_true (bgrun_peer_identity_read (getppid (), &sandbox_app_id, &error));
  g_assert_null (sandbox_app_id);
}

static void
test_unreadable_sandbox_is_refused (void)
{
  const char *infos[] = {
    "[Application]\nruntime=x\n",                 /* no name */
    "[Application]\nname=not an app id\n",        /* not an app id */
    "this is not a key file",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (infos); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *sandbox_app_id = NULL;
      g_autofree char *root = fake_proc (getpid (), infos[i]);
      g_autofree char *pid_text = g_strdup_printf ("%d", getpid ());

      g_assert_false (bgrun_peer_identity_read (getpid (), &sandbox_app_id, &error));
      g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED);
      g_assert_nonnull (strstr (error->message, pid_text));
      g_assert_null (sandbox_app_id);
    }
}

/* A process that ended between the bus's answer and the look at /proc is
 * not taken for a host process. */
static void
test_ended_process_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox_app_id = NULL;
  const char *argv[] = { "/bin/true", NULL };
  GPid pid;
  int status;

  g_unsetenv ("BGRUN_TEST_PROC_ROOT");
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  g_assert_false (bgrun_peer_identity_read (pid, &sandbox_app_id, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, "ended"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/peer-identity/host", test_host_process);
  g_test_add_func ("/peer-identity/sandboxed", test_sandboxed_process);
  g_test_add_func ("/peer-identity/unreadable-sandbox", test_unreadable_sandbox_is_refused);
  g_test_add_func ("/peer-identity/ended-process", test_ended_process_is_refused);

  return g_test_run ();
}
