/* bench-audio-record.c: records for a while through BgrunAudioRecorder,
 * for bench/audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *     bench-audio-record SECONDS PATH
 *
 * Records the default source to PATH (Ogg Opus) for SECONDS of recorded
 * audio, stops (finalising the file) and prints `result recorded-s N`.
 * Its CPU time is what bench/audio measures, from outside.
 */

#include <stdlib.h>

#include <bgrun.h>

static double wanted;

static void
on_duration (BgrunAudioRecorder *recorder,
             GParamSpec         *pspec,
             GMainLoop          *loop)
{
  if (bgrun_audio_recorder_get_duration (recorder) >= wanted)
    g_main_loop_quit (loop);
}

static void
on_error (BgrunAudioRecorder *recorder,
          GError             *error,
          gpointer            user_data)
{
  g_printerr ("bench-audio-record: %s\n", error->message);
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(BgrunAudioRecorder) recorder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  BgrunAudioSession *session = bgrun_audio_session_get_default ();

  if (argc != 3)
    {
      g_printerr ("usage: bench-audio-record SECONDS PATH\n");
      return 2;
    }
  wanted = g_ascii_strtod (argv[1], NULL);
  file = g_file_new_for_path (argv[2]);
  if (!bgrun_audio_session_set_category (session, BGRUN_AUDIO_CATEGORY_RECORD,
                                         BGRUN_AUDIO_MODE_DEFAULT, BGRUN_AUDIO_OPTIONS_NONE, &error) ||
      !bgrun_audio_session_set_active (session, TRUE, &error))
    g_error ("%s", error->message);
  recorder = bgrun_audio_recorder_new (session);
  g_signal_connect (recorder, "notify::duration", G_CALLBACK (on_duration), loop);
  g_signal_connect (recorder, "error", G_CALLBACK (on_error), NULL);
  if (!bgrun_audio_recorder_start (recorder, file, &error))
    g_error ("%s", error->message);
  g_main_loop_run (loop);
  if (!bgrun_audio_recorder_stop (recorder, &error))
    g_error ("%s", error->message);
  g_print ("result recorded-s %.2f\n", bgrun_audio_recorder_get_duration (recorder));
  bgrun_audio_session_set_active (session, FALSE, NULL);
  return 0;
}
