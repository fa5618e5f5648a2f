/* bench-audio-play.c: plays one URI through BgrunAudioPlayer to the end,
 * for bench/audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *     bench-audio-play URI
 *
 * Prints `result first-buffer-ms N`: the time from set_active() + play()
 * to the first buffer reaching the player's pulsesink (a probe on its
 * sink pad; the one private thing this program looks at), then plays to
 * the end. Its CPU time is what bench/audio measures, from outside.
 */

#include "config.h"

#include <bgrun.h>
#include <gst/gst.h>

#include "bgrun-audio-player-internal-private.h"

static gint64 started;
static gint64 first_buffer;

static GstPadProbeReturn
on_buffer (GstPad          *pad,
           GstPadProbeInfo *info,
           gpointer         user_data)
{
  if (g_atomic_pointer_get (&first_buffer) == 0)
    first_buffer = g_get_monotonic_time ();
  return GST_PAD_PROBE_REMOVE;
}

static void
on_state (BgrunAudioPlayer *player,
          GParamSpec       *pspec,
          GMainLoop        *loop)
{
  if (bgrun_audio_player_get_state (player) == BGRUN_AUDIO_PLAYER_STATE_STOPPED)
    g_main_loop_quit (loop);
}

static void
on_error (BgrunAudioPlayer *player,
          GError           *error,
          GMainLoop        *loop)
{
  g_printerr ("bench-audio-play: %s\n", error->message);
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(BgrunAudioPlayer) player = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GError) error = NULL;
  BgrunAudioSession *session = bgrun_audio_session_get_default ();

  if (argc != 2)
    {
      g_printerr ("usage: bench-audio-play URI\n");
      return 2;
    }
  if (!bgrun_audio_session_set_category (session, BGRUN_AUDIO_CATEGORY_PLAYBACK,
                                         BGRUN_AUDIO_MODE_DEFAULT, BGRUN_AUDIO_OPTIONS_NONE, &error))
    g_error ("%s", error->message);
  player = bgrun_audio_player_new (session);
  if (!bgrun_audio_player_append_uri (player, argv[1], &error))
    g_error ("%s", error->message);
  g_signal_connect (player, "notify::state", G_CALLBACK (on_state), loop);
  g_signal_connect (player, "error", G_CALLBACK (on_error), loop);

  started = g_get_monotonic_time ();
  if (!bgrun_audio_session_set_active (session, TRUE, &error) ||
      !bgrun_audio_player_play (player, &error))
    g_error ("%s", error->message);
  pad = gst_element_get_static_pad (player->sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, NULL, NULL);
  g_main_loop_run (loop);
  g_print ("result first-buffer-ms %.1f\n", (first_buffer - started) / 1000.0);
  bgrun_audio_session_set_active (session, FALSE, NULL);
  return 0;
}
