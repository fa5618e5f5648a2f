/* bench-peak-rss.c: how long a program runs and its peak resident memory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-peak-rss PROGRAM [ARGS…]
 *
 * Runs PROGRAM, its output going where this program's goes, waits for it
 * and then prints `result wall_seconds S` (wall clock, from the spawn to the
 * exit), `result peak_rss_kib N` (ru_maxrss of wait4()) and `result
 * cpu_seconds S` (its user and system time, from the same). Exits with
 * PROGRAM's status, or 1 when it was killed by a signal.
 *
 * Why not measure from the Python script directly: a process's ru_maxrss
 * includes what it had before exec(), and a child of Python starts as a
 * copy of the interpreter (30 MiB here). This program is small and links
 * only the C library, so what it adds before exec() is a few hundred KiB,
 * the same for every program measured.
 */

#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int    argc,
      char **argv)
{
  struct rusage usage;
  double started;
  pid_t pid;
  int status, error;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s PROGRAM [ARGS…]\n", argv[0]);
      return 1;
    }
  fflush (stdout);
  started = now ();
  error = posix_spawnp (&pid, argv[1], NULL, NULL, argv + 1, environ);
  if (error != 0)
    {
      fprintf (stderr, "bench: cannot run %s: %s\n", argv[1], strerror (error));
      return 1;
    }
  if (wait4 (pid, &status, 0, &usage) != pid)
    {
      perror ("bench: wait4");
      return 1;
    }
  printf ("result wall_seconds %.3f\n", now () - started);
  printf ("result peak_rss_kib %ld\n", usage.ru_maxrss);
  printf ("result cpu_seconds %.3f\n",
          usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}
