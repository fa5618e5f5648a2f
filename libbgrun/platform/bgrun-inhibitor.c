/* bgrun-inhibitor.c: the inhibitor interface, and the choice of one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-inhibitor-private.h"

/* Sessions keep the machine awake through whichever mechanism the app may
 * use: a sandboxed app talks to the Inhibit portal (Flatpak gives it no
 * access to logind on the system bus), a host app to logind directly. The
 * choice is made here, once, so every other file sees only the interface.
 * $BGRUN_INHIBITOR overrides it, for tests and for users who know better. */

#define FLATPAK_INFO "/.flatpak-info"

G_DEFINE_INTERFACE (BgrunInhibitor, bgrun_inhibitor, G_TYPE_OBJECT)

static void
bgrun_inhibitor_default_init (BgrunInhibitorInterface *iface)
{
}

BgrunInhibitor *
bgrun_inhibitor_new_for_system (void)
{
  const char *forced = g_getenv ("BGRUN_INHIBITOR");

  if (g_strcmp0 (forced, "portal") == 0)
    return bgrun_inhibitor_portal_new ();
  if (g_strcmp0 (forced, "logind") == 0)
    return bgrun_inhibitor_logind_new ();
  if (g_strcmp0 (forced, "none") == 0)
    return bgrun_inhibitor_none_new ();
  if (forced != NULL && *forced != '\0')
    g_debug ("libbgrun: ignoring BGRUN_INHIBITOR=%s (not portal, logind or none)", forced);

  if (g_file_test (FLATPAK_INFO, G_FILE_TEST_EXISTS))
    return bgrun_inhibitor_portal_new ();
  return bgrun_inhibitor_logind_new ();
}

const char *
bgrun_inhibitor_get_name (BgrunInhibitor *self)
{
  g_return_val_if_fail (BGRUN_IS_INHIBITOR (self), NULL);

  return BGRUN_INHIBITOR_GET_IFACE (self)->get_name (self);
}

void
bgrun_inhibitor_inhibit_async (BgrunInhibitor      *self,
                               BgrunInhibitorFlags  flags,
                               const char          *app_id,
                               const char          *reason,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_INHIBITOR (self));
  g_return_if_fail (flags != 0);
  g_return_if_fail (app_id != NULL);
  g_return_if_fail (reason != NULL);

  BGRUN_INHIBITOR_GET_IFACE (self)->inhibit_async (self, flags, app_id, reason,
                                                   callback, user_data);
}

gpointer
bgrun_inhibitor_inhibit_finish (BgrunInhibitor  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (BGRUN_IS_INHIBITOR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return BGRUN_INHIBITOR_GET_IFACE (self)->inhibit_finish (self, result, error);
}

void
bgrun_inhibitor_release (BgrunInhibitor *self,
                         gpointer        hold)
{
  g_return_if_fail (BGRUN_IS_INHIBITOR (self));
  g_return_if_fail (hold != NULL);

  BGRUN_INHIBITOR_GET_IFACE (self)->release (self, hold);
}
