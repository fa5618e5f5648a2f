/* fuzz-fatal-criticals.c: a critical or an error aborts a fuzz target
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A g_return_if_fail() reached from untrusted input is a bug. GLib's own
 * fatal-criticals mode stops the process with SIGTRAP, which libFuzzer
 * does not catch (it keeps no crash input then); abort() it catches. Every
 * target links this file; warnings stay warnings (a damaged store is
 * reported with one).
 */

#include "config.h"

#include <stdlib.h>

#include <glib.h>

static GLogWriterOutput
write_or_abort (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_log_writer_default (level, fields, n_fields, user_data);
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

__attribute__((constructor)) static void
install_writer (void)
{
  g_log_set_writer_func (write_or_abort, NULL, NULL);
}
