/* bgrun-audio-gst.c: audio on GStreamer, as -Daudio=enabled builds it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-audio-error.h"
#include "bgrun-audio-session-private.h"
#include "bgrun-audio-stream-private.h"
#include "bgrun-i18n-private.h"

/* Only the files of a build with audio include GStreamer's headers (this
 * one, the player's pipeline, the recording, the route and the WAV
 * writer); bgrun-audio-none.c stands for them in a build without. */

gboolean
bgrun_audio_check_supported (GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (gst_init_check (NULL, NULL, &local_error))
    return TRUE;
  g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_SERVER,
               _("GStreamer cannot start, so there is no audio: %s"), local_error->message);
  return FALSE;
}

GstStructure *
bgrun_audio_stream_properties (BgrunAudioSession *session)
{
  GApplication *application = g_application_get_default ();
  const char *app_id = application != NULL ? g_application_get_application_id (application) : NULL;
  const char *name = g_get_application_name ();
  GstStructure *props = gst_structure_new ("props",
                                           "media.role", G_TYPE_STRING,
                                           bgrun_audio_session_get_media_role (session),
                                           NULL);

  if (app_id != NULL)
    gst_structure_set (props, "application.id", G_TYPE_STRING, app_id, NULL);
  if (name != NULL)
    gst_structure_set (props, "application.name", G_TYPE_STRING, name, NULL);
  return props;
}
