/* bgrun-state-directory.c: where libbgrun keeps its state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-state-directory-private.h"

char *
bgrun_state_base_directory (const char *chosen)
{
  const char *base = chosen;

  if (base == NULL || *base == '\0')
    base = g_getenv ("BGRUN_STATE_DIR");
  if (base == NULL || *base == '\0')
    return g_build_filename (g_get_user_state_dir (), "bgrun", NULL);
  return g_strdup (base);
}
