/* bgrun-peer-identity.c: which app a D-Bus caller runs as
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-peer-identity-private.h"

/* Where the sandbox's own files are looked for: a fake /proc in tests. */
static const char *
proc_root (void)
{
  const char *root = g_getenv ("BGRUN_TEST_PROC_ROOT");

  return root != NULL && *root != '\0' ? root : "/proc";
}

static gboolean
refuse (GError     **error,
        guint32      pid,
        const char  *reason)
{
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
               _("Cannot tell which app process %u runs as (%s): callers that cannot be identified are refused. Check that the app’s sandbox is intact."),
               pid, reason);
  return FALSE;
}

/* The [Application] name= of a sandbox's .flatpak-info. */
static char *
parse_flatpak_info (const char  *path,
                    guint32      pid,
                    GError     **error)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  if (g_key_file_load_from_file (info, path, G_KEY_FILE_NONE, &local_error))
    name = g_key_file_get_string (info, "Application", "name", &local_error);
  if (name == NULL)
    {
      refuse (error, pid, local_error->message);
      return NULL;
    }
  if (!g_application_id_is_valid (name))
    {
      g_autofree char *reason = g_strdup_printf (_("its sandbox names the invalid app id “%s”"), name);

      refuse (error, pid, reason);
      return NULL;
    }
  return g_steal_pointer (&name);
}

gboolean
bgrun_peer_identity_read (guint32    pid,
                          char     **sandbox_app_id,
                          GError   **error)
{
  g_autofree char *pid_text = g_strdup_printf ("%u", pid);
  g_autofree char *info_path = g_build_filename (proc_root (), pid_text, "root", ".flatpak-info", NULL);
  g_autofree char *live_path = g_build_filename ("/proc", pid_text, NULL);
  int saved_errno;

  g_return_val_if_fail (sandbox_app_id != NULL, FALSE);

  *sandbox_app_id = NULL;
  if (g_access (info_path, F_OK) == 0)
    {
      *sandbox_app_id = parse_flatpak_info (info_path, pid, error);
      return *sandbox_app_id != NULL;
    }
  saved_errno = errno;
  if (saved_errno != ENOENT)
    return refuse (error, pid, g_strerror (saved_errno));

  /* No sandbox file: a host process, if it is still there. The real
   * /proc says so even in tests, and a process that left between the
   * bus's answer and this look is not taken for a host one. */
  if (g_access (live_path, F_OK) != 0)
    return refuse (error, pid, _("the process has ended"));
  return TRUE;
}

gboolean
bgrun_peer_identity_lookup (GDBusConnection  *connection,
                            const char       *name,
                            char            **sandbox_app_id,
                            GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  guint32 pid;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetConnectionUnixProcessID", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &local_error);
  if (reply == NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("Cannot tell which app the caller %s runs as: the bus does not know its process (%s). Callers that cannot be identified are refused."),
                   name, local_error->message);
      return FALSE;
    }
  g_variant_get (reply, "(u)", &pid);
  return bgrun_peer_identity_read (pid, sandbox_app_id, error);
}

gboolean
bgrun_peer_identity_may_serve (GDBusConnection  *connection,
                               const char       *name,
                               const char       *app_id,
                               GError          **error)
{
  g_autofree char *sandbox_app_id = NULL;

  if (!bgrun_peer_identity_lookup (connection, name, &sandbox_app_id, error))
    return FALSE;
  if (sandbox_app_id != NULL && !g_str_equal (sandbox_app_id, app_id))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("The caller runs in the sandbox of “%s” and cannot act as “%s”: a sandboxed app schedules its own work only. Use the app id the sandbox was installed as."),
                   sandbox_app_id, app_id);
      return FALSE;
    }
  return TRUE;
}
