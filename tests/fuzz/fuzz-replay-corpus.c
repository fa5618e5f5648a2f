/* fuzz-replay-corpus.c: runs a fuzz target over the files of its kept
 * corpus, without libFuzzer, so every test run replays the inputs that
 * fuzzing found interesting (and any crash it once found)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
main (int argc, char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, &error);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *contents = NULL;
          gsize length = 0;

          if (!g_file_get_contents (path, &contents, &length, &error))
            g_error ("%s", error->message);
          LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
          n++;
        }
    }
  if (n == 0)
    g_error ("no corpus file in the directories given");
  g_print ("replayed %u inputs\n", n);
  return 0;
}
