/* bgrun-i18n.c: binds the library's gettext domain once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libintl.h>

#include "bgrun-i18n-private.h"

/* $BGRUN_LOCALEDIR, else the installed catalogues. The tests point it at
 * the build tree's po/, where each language's catalogue is compiled into
 * LANG/LC_MESSAGES/libbgrun-1.mo. */
const char *
bgrun_locale_directory (void)
{
  const char *directory = g_getenv ("BGRUN_LOCALEDIR");

  return directory != NULL && *directory != '\0' ? directory : LOCALEDIR;
}

/* The domain is bound on first use rather than by a constructor, so a
 * program that never shows a libbgrun string pays nothing for it. */
const char *
bgrun_gettext (const char *msgid)
{
  static gsize bound = 0;

  if (g_once_init_enter (&bound))
    {
      bindtextdomain (GETTEXT_PACKAGE, bgrun_locale_directory ());
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&bound, 1);
    }

  return g_dgettext (GETTEXT_PACKAGE, msgid);
}
