/* bgrun-audio-none.c: audio without GStreamer, as -Daudio=disabled builds
 * it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-player-internal-private.h"
#include "bgrun-audio-recording-private.h"
#include "bgrun-audio-route-private.h"
#include "bgrun-audio-session-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"

/* What the GStreamer files of a build with audio do (bgrun-audio-gst.c,
 * the player's pipeline, the recording, the route), for a build that
 * includes no GStreamer header. The audio types and their API are the
 * same; everything that would sound fails first in
 * bgrun_audio_check_supported(), so no pipeline, recording or route is
 * ever made here, and what acts on one has nothing to act on. */

gboolean
bgrun_audio_check_supported (GError **error)
{
  g_set_error_literal (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_NOT_SUPPORTED,
                       _("This libbgrun was built without audio; rebuild it with -Daudio=enabled (GStreamer 1.20 or later) to play and record."));
  return FALSE;
}

/* ---- the player: never a pipeline ---------------------------------------- */

gboolean
bgrun_audio_pipeline_ensure (BgrunAudioPlayer  *self,
                             GError           **error)
{
  return bgrun_audio_check_supported (error);
}

void
bgrun_audio_pipeline_destroy (BgrunAudioPlayer *self)
{
}

void
bgrun_audio_pipeline_load (BgrunAudioPlayer        *self,
                           int                      index,
                           BgrunAudioPipelineState  state)
{
}

void
bgrun_audio_pipeline_set_state (BgrunAudioPlayer        *self,
                                BgrunAudioPipelineState  state)
{
}

gboolean
bgrun_audio_pipeline_seek (BgrunAudioPlayer *self,
                           double            seconds)
{
  return FALSE;
}

void
bgrun_audio_pipeline_sync_uris (BgrunAudioPlayer *self)
{
}

void
bgrun_audio_pipeline_set_volume (BgrunAudioPlayer *self,
                                 double            volume)
{
}

void
bgrun_audio_player_set_ducked (BgrunAudioPlayer *self,
                               gboolean          ducked)
{
}

/* ---- the recorder: never a recording --------------------------------------- */

BgrunAudioRecording *
bgrun_audio_recording_start (BgrunAudioFormat                 format,
                             const char                      *path,
                             BgrunAudioSession               *session,
                             const BgrunAudioRecordingEvents *events,
                             gpointer                         data,
                             GError                         **error)
{
  bgrun_audio_check_supported (error);
  return NULL;
}

void
bgrun_audio_recording_set_paused (BgrunAudioRecording *self,
                                  gboolean             paused)
{
  g_return_if_reached ();
}

gboolean
bgrun_audio_recording_finish (BgrunAudioRecording  *self,
                              GError              **error)
{
  g_return_val_if_reached (FALSE);
}

void
bgrun_audio_recording_abort (BgrunAudioRecording *self)
{
  g_return_if_reached ();
}

void
bgrun_audio_recording_free (BgrunAudioRecording *self)
{
  g_return_if_reached ();
}

/* ---- the route: no device to follow ---------------------------------------- */

struct _BgrunAudioRoute
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunAudioRoute, bgrun_audio_route, G_TYPE_OBJECT)

static void
bgrun_audio_route_class_init (BgrunAudioRouteClass *klass)
{
  /* As the real route's, so the session connects to it alike. */
  g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                BGRUN_TYPE_ROUTE_CHANGE_REASON, G_TYPE_STRING);
}

static void
bgrun_audio_route_init (BgrunAudioRoute *self)
{
}

BgrunAudioRoute *
bgrun_audio_route_new (void)
{
  return g_object_new (BGRUN_TYPE_AUDIO_ROUTE, NULL);
}

const char *
bgrun_audio_route_get_output (BgrunAudioRoute *self)
{
  return NULL;
}
