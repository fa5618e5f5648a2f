/* bgrun-demo-audio.c: bgrun-demo's background audio step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Records two seconds from the default input with a recording session,
 * then plays them back with a playback session, against whatever sound
 * server runs (PulseAudio, or PipeWire's PulseAudio server). Without one,
 * or in a build without audio, it says so and the tour goes on.
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bgrun-demo-audio.h"

#define RECORD_SECONDS 2.0
#define STEP_TIMEOUT_SECONDS 15

typedef struct
{
  GMainLoop *loop;
  gboolean   timed_out;
  double     loudest;
} Wait;

static gboolean
on_timeout (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

static void
on_level (BgrunAudioRecorder *recorder,
          GParamSpec         *pspec,
          Wait               *wait)
{
  wait->loudest = MAX (wait->loudest, bgrun_audio_recorder_get_level (recorder));
}

static void
on_duration (BgrunAudioRecorder *recorder,
             GParamSpec         *pspec,
             Wait               *wait)
{
  if (bgrun_audio_recorder_get_duration (recorder) >= RECORD_SECONDS)
    g_main_loop_quit (wait->loop);
}

static void
on_player_state (BgrunAudioPlayer *player,
                 GParamSpec       *pspec,
                 Wait             *wait)
{
  if (bgrun_audio_player_get_state (player) == BGRUN_AUDIO_PLAYER_STATE_STOPPED)
    g_main_loop_quit (wait->loop);
}

static void
on_player_error (BgrunAudioPlayer *player,
                 GError           *error,
                 Wait             *wait)
{
  g_print (_("  The player failed: %s\n"), error->message);
}

static gboolean
run (Wait *wait)
{
  guint timeout = g_timeout_add_seconds (STEP_TIMEOUT_SECONDS, on_timeout, wait);

  g_main_loop_run (wait->loop);
  if (!wait->timed_out)
    g_source_remove (timeout);
  return !wait->timed_out;
}

static gboolean
record (BgrunAudioSession *session,
        GFile             *file,
        GError           **error)
{
  g_autoptr(BgrunAudioRecorder) recorder = bgrun_audio_recorder_new (session);
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, -120 };
  gboolean done;

  if (!bgrun_audio_session_set_category (session, BGRUN_AUDIO_CATEGORY_RECORD,
                                         BGRUN_AUDIO_MODE_DEFAULT, BGRUN_AUDIO_OPTIONS_NONE,
                                         error) ||
      !bgrun_audio_session_set_active (session, TRUE, error) ||
      !bgrun_audio_recorder_start (recorder, file, error))
    {
      g_main_loop_unref (wait.loop);
      return FALSE;
    }
  g_print (_("  Recording %.0f s from the default input (a recording session keeps the app and the machine awake)…\n"),
           RECORD_SECONDS);
  g_signal_connect (recorder, "notify::level", G_CALLBACK (on_level), &wait);
  g_signal_connect (recorder, "notify::duration", G_CALLBACK (on_duration), &wait);
  done = run (&wait);
  if (!bgrun_audio_recorder_stop (recorder, error))
    done = FALSE;
  else if (!done)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         _("the input delivered nothing in time"));
  else
    g_print (_("  Recorded %.1f s (loudest %.0f dBFS) to an Ogg Opus file.\n"),
             bgrun_audio_recorder_get_duration (recorder), wait.loudest);
  g_main_loop_unref (wait.loop);
  return done;
}

static void
play (BgrunAudioSession *session,
      GFile             *file)
{
  g_autoptr(BgrunAudioPlayer) player = bgrun_audio_player_new (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, 0 };

  if (!bgrun_audio_session_set_category (session, BGRUN_AUDIO_CATEGORY_PLAYBACK,
                                         BGRUN_AUDIO_MODE_DEFAULT, BGRUN_AUDIO_OPTIONS_NONE,
                                         &error) ||
      !bgrun_audio_player_append_uri (player, uri, &error) ||
      !bgrun_audio_player_play (player, &error))
    {
      g_print (_("  Cannot play it back: %s\n"), error->message);
      g_main_loop_unref (wait.loop);
      return;
    }
  g_signal_connect (player, "notify::state", G_CALLBACK (on_player_state), &wait);
  g_signal_connect (player, "error", G_CALLBACK (on_player_error), &wait);
  g_print (_("  Playing it back with a playback session (media.role %s)…\n"),
           bgrun_audio_session_get_media_role (session));
  if (run (&wait))
    g_print (_("  Played it back: %.1f s.\n"), bgrun_audio_player_get_duration (player));
  else
    g_print (_("  Playback did not end in time.\n"));
  g_main_loop_unref (wait.loop);
}

void
bgrun_demo_audio_step (void)
{
  BgrunAudioSession *session = bgrun_audio_session_get_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bgrun-demo-audio-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  g_print (_("\n== Background audio ==\n"));
  if (dir == NULL)
    {
      g_print (_("  No temporary directory: %s\n"), error->message);
      return;
    }
  path = g_build_filename (dir, "recording.opus", NULL);
  file = g_file_new_for_path (path);
  if (record (session, file, &error))
    play (session, file);
  else
    g_print (_("  Nothing recorded or played: %s\n"), error->message);
  bgrun_audio_session_set_active (session, FALSE, NULL);
  g_unlink (path);
  g_rmdir (dir);
}
