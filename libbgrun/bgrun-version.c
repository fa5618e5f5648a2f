/* bgrun-version.c: run-time version information
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-version.h"

/**
 * bgrun_get_major_version:
 *
 * Returns the major version of the libbgrun the program runs against,
 * which may differ from %BGRUN_MAJOR_VERSION it was compiled against.
 *
 * Returns: the major version
 */
guint
bgrun_get_major_version (void)
{
  return BGRUN_MAJOR_VERSION;
}

/**
 * bgrun_get_minor_version:
 *
 * Returns the minor version of the libbgrun the program runs against.
 *
 * Returns: the minor version
 */
guint
bgrun_get_minor_version (void)
{
  return BGRUN_MINOR_VERSION;
}

/**
 * bgrun_get_micro_version:
 *
 * Returns the micro version of the libbgrun the program runs against.
 *
 * Returns: the micro version
 */
guint
bgrun_get_micro_version (void)
{
  return BGRUN_MICRO_VERSION;
}
