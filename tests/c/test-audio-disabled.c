/* test-audio-disabled.c: the audio types in a build without audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built from the audio sources compiled again with BGRUN_AUDIO_ENABLED=0
 * (tests/c/meson.build), linked before the internal library, so this is
 * what -Daudio=disabled builds: the same types and API, and every call
 * that would play or record fails with BGRUN_SESSION_ERROR_NOT_SUPPORTED
 * naming the option to build with.
 */

#include "config.h"

#include <bgrun.h>

static void
assert_not_supported (GError *error)
{
  g_assert_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "-Daudio=enabled"));
}

static void
test_session_cannot_activate (void)
{
  BgrunAudioSession *session = bgrun_audio_session_get_default ();
  g_autoptr(GError) error = NULL;

  /* What needs no sound works as in any build. */
  g_assert_true (bgrun_audio_session_set_category (session, BGRUN_AUDIO_CATEGORY_PLAYBACK,
                                                   BGRUN_AUDIO_MODE_SPOKEN_AUDIO,
                                                   BGRUN_AUDIO_OPTIONS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bgrun_audio_session_get_media_role (session), ==, "music");

  g_assert_false (bgrun_audio_session_set_active (session, TRUE, &error));
  assert_not_supported (error);
  g_assert_false (bgrun_audio_session_get_active (session));
  g_assert_false (bgrun_audio_session_get_keeping_alive (session));
  /* Deactivating an inactive session is no error. */
  g_assert_true (bgrun_audio_session_set_active (session, FALSE, NULL));
}

static void
test_player_cannot_play (void)
{
  g_autoptr(BgrunAudioPlayer) player = bgrun_audio_player_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_audio_player_append_uri (player, "file:///nonexistent.ogg", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_audio_player_get_queue (player)), ==, 1);
  g_assert_false (bgrun_audio_player_play (player, &error));
  assert_not_supported (error);
  g_assert_cmpint (bgrun_audio_player_get_state (player), ==, BGRUN_AUDIO_PLAYER_STATE_STOPPED);
}

static void
test_recorder_cannot_start (void)
{
  g_autoptr(BgrunAudioRecorder) recorder = bgrun_audio_recorder_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/never-written.opus");
  g_autoptr(GError) error = NULL;

  g_assert_false (bgrun_audio_recorder_start (recorder, file, &error));
  assert_not_supported (error);
  g_assert_cmpint (bgrun_audio_recorder_get_state (recorder), ==, BGRUN_AUDIO_RECORDER_STATE_IDLE);
  g_assert_false (g_file_query_exists (file, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audio-disabled/session", test_session_cannot_activate);
  g_test_add_func ("/audio-disabled/player", test_player_cannot_play);
  g_test_add_func ("/audio-disabled/recorder", test_recorder_cannot_start);
  return g_test_run ();
}
