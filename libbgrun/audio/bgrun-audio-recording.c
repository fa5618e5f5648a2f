/* bgrun-audio-recording.c: one recording's pipeline and file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gst/app/gstappsink.h>

#include "bgrun-audio-error.h"
#include "bgrun-audio-recording-private.h"
#include "bgrun-audio-stream-private.h"
#include "bgrun-audio-wav-writer-private.h"
#include "bgrun-i18n-private.h"

/* Crash safety is in how the file is written: Ogg pages flushed at least
 * every OGG_PAGE_DELAY (oggmux's max-delay and max-page-delay, ns) and
 * FLAC frames as encoded, each written to the file at once (filesink
 * unbuffered), so a killed process leaves at most a second unwritten;
 * WAV through the writer that restates its length once a second. */
#define OGG_PAGE_DELAY (500 * GST_MSECOND)
#define STOP_TIMEOUT (5 * GST_SECOND)
#define RATE 48000

struct _BgrunAudioRecording
{
  GstElement     *pipeline;
  GstElement     *valve;
  guint           bus_watch;
  BgrunWavWriter *wav;       /* WAV only; written on the streaming thread */
  gint            flowing;   /* atomic: a buffer went through the valve */
  const BgrunAudioRecordingEvents *events;
  gpointer        data;
};

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  BgrunWavWriter *wav = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GError) error = NULL;
  GstMapInfo map;
  GstBuffer *buffer;
  gboolean ok;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;
  ok = bgrun_wav_writer_write (wav, map.data, map.size, &error);
  gst_buffer_unmap (buffer, &map);
  if (ok)
    return GST_FLOW_OK;
  gst_element_post_message (GST_ELEMENT (sink),
                            gst_message_new_error (GST_OBJECT (sink), error, "WAV writer"));
  return GST_FLOW_ERROR;
}

static const char *
pipeline_tail (BgrunAudioFormat format)
{
  switch (format)
    {
    case BGRUN_AUDIO_FORMAT_FLAC:
      return "flacenc ! filesink name=sink buffer-mode=unbuffered";
    case BGRUN_AUDIO_FORMAT_WAV:
      return "audioconvert ! audio/x-raw,format=S16LE ! appsink name=sink sync=false";
    case BGRUN_AUDIO_FORMAT_OPUS:
    default:
      return "opusenc ! oggmux name=mux ! filesink name=sink buffer-mode=unbuffered";
    }
}

/* Opens @path for writing, emptied: filesink would only say that it
 * cannot, asynchronously and vaguely. */
static int
open_file (const char  *path,
           GError     **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  int saved_errno = errno;

  if (fd < 0)
    g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_RECORDING,
                 _("Cannot record to “%s”: %s."), path, g_strerror (saved_errno));
  return fd;
}

static GstElement *
build (BgrunAudioFormat   format,
       GError           **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  GstElement *pipeline;

  /* Stereo at 48 kHz whatever the input: Opus takes nothing else, and
   * the WAV header is written before the first buffer. */
  description = g_strdup_printf ("pulsesrc name=src ! audioconvert ! audioresample ! "
                                 "audio/x-raw,rate=%d,channels=2 ! valve name=valve ! "
                                 "level interval=%" G_GUINT64_FORMAT " post-messages=true ! %s",
                                 RATE, (guint64) (BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL * GST_SECOND),
                                 pipeline_tail (format));
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_SERVER,
                   _("Recording needs GStreamer elements that are missing (install gstreamer1.0-plugins-base, gstreamer1.0-plugins-good and gstreamer1.0-pulseaudio): %s"),
                   parse_error->message);
      return NULL;
    }
  return gst_object_ref_sink (pipeline);
}

static GstPadProbeReturn
on_first_buffer (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  BgrunAudioRecording *self = user_data;

  g_atomic_int_set (&self->flowing, 1);
  return GST_PAD_PROBE_REMOVE;
}

static void
configure (BgrunAudioRecording *self,
           BgrunAudioFormat     format,
           const char          *path,
           GstStructure        *stream_properties)
{
  g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (self->pipeline), "src");
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  g_autoptr(GstElement) mux = gst_bin_get_by_name (GST_BIN (self->pipeline), "mux");
  g_autoptr(GstPad) pad = NULL;

  g_object_set (src, "stream-properties", stream_properties, NULL);
  if (format != BGRUN_AUDIO_FORMAT_WAV)
    g_object_set (sink, "location", path, NULL);
  else
    {
      GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };

      gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self->wav, NULL);
    }
  if (mux != NULL)
    g_object_set (mux, "max-delay", (guint64) OGG_PAGE_DELAY,
                  "max-page-delay", (guint64) OGG_PAGE_DELAY, NULL);
  self->valve = gst_bin_get_by_name (GST_BIN (self->pipeline), "valve");
  pad = gst_element_get_static_pad (self->valve, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_first_buffer, self, NULL);
}

static void
tear_down (BgrunAudioRecording *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->valve);
}

void
bgrun_audio_recording_free (BgrunAudioRecording *self)
{
  tear_down (self);
  g_clear_pointer (&self->wav, bgrun_wav_writer_free);
  g_free (self);
}

/* Reads a "level" message: the loudest channel's RMS in dBFS and the
 * time it covers. FALSE for other messages. */
static gboolean
parse_level (GstMessage   *message,
             double       *loudest,
             GstClockTime *duration)
{
  const GstStructure *structure;
  const GValue *rms;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ELEMENT || !gst_message_has_name (message, "level"))
    return FALSE;
  structure = gst_message_get_structure (message);
  *duration = 0;
  gst_structure_get_clock_time (structure, "duration", duration);
  *loudest = -G_MAXDOUBLE;
  rms = gst_structure_get_value (structure, "rms");
  /* level still posts a GValueArray. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (rms != NULL && G_VALUE_HOLDS (rms, g_value_array_get_type ()))
    {
      GValueArray *channels = g_value_get_boxed (rms);

      for (guint i = 0; channels != NULL && i < channels->n_values; i++)
        *loudest = MAX (*loudest, g_value_get_double (g_value_array_get_nth (channels, i)));
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  return TRUE;
}

static BgrunAudioRecordingFailure
classify (const GError *error)
{
  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ) ||
      g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ))
    return BGRUN_AUDIO_RECORDING_FAILED_SERVER;
  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return BGRUN_AUDIO_RECORDING_FAILED_DISK_FULL;
  return BGRUN_AUDIO_RECORDING_FAILED_OTHER;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  BgrunAudioRecording *self = user_data;
  double loudest;
  GstClockTime duration;

  if (parse_level (message, &loudest, &duration))
    self->events->level (self->data, loudest, (double) duration / GST_SECOND);
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_debug ("libbgrun: recorder error: %s (%s)", error->message, debug);
      /* The recorder frees the recording, this watch's source with it,
       * which GLib allows from within it. */
      self->events->failed (self->data, classify (error), error->message);
    }
  return G_SOURCE_CONTINUE;
}

BgrunAudioRecording *
bgrun_audio_recording_start (BgrunAudioFormat                 format,
                             const char                      *path,
                             BgrunAudioSession               *session,
                             const BgrunAudioRecordingEvents *events,
                             gpointer                         data,
                             GError                         **error)
{
  BgrunAudioRecording *self = g_new0 (BgrunAudioRecording, 1);
  g_autoptr(GstStructure) stream_properties = bgrun_audio_stream_properties (session);
  g_autoptr(GstBus) bus = NULL;
  int fd = open_file (path, error);

  if (fd < 0)
    {
      g_free (self);
      return NULL;
    }
  if (format == BGRUN_AUDIO_FORMAT_WAV)
    self->wav = bgrun_wav_writer_new (fd, RATE, 2);
  else
    close (fd);
  self->pipeline = build (format, error);
  if (self->pipeline == NULL)
    {
      bgrun_audio_recording_free (self);
      return NULL;
    }
  configure (self, format, path, stream_properties);
  bus = gst_element_get_bus (self->pipeline);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_SERVER,
                   _("Cannot record to “%s”: the sound server cannot be reached (%s)."),
                   path, gst_error != NULL ? gst_error->message : "?");
      bgrun_audio_recording_free (self);
      return NULL;
    }
  self->events = events;
  self->data = data;
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  return self;
}

void
bgrun_audio_recording_set_paused (BgrunAudioRecording *self,
                                  gboolean             paused)
{
  g_object_set (self->valve, "drop", paused, NULL);
}

gboolean
bgrun_audio_recording_finish (BgrunAudioRecording  *self,
                              GError              **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) wav_error = NULL;
  gboolean ok = TRUE;

  /* A valve that drops would drop the end of stream too. Before the
   * first buffer there is nothing to finalise, and an end of stream would
   * reach the elements before their segment does. */
  bgrun_audio_recording_set_paused (self, FALSE);
  if (g_atomic_int_get (&self->flowing))
    {
      gst_element_send_event (self->pipeline, gst_event_new_eos ());
      message = gst_bus_timed_pop_filtered (bus, STOP_TIMEOUT, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (message == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("the pipeline did not drain in time"));
          ok = FALSE;
        }
      else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          gst_message_parse_error (message, error, NULL);
          ok = FALSE;
        }
    }
  tear_down (self);
  if (self->wav != NULL && !bgrun_wav_writer_close (self->wav, &wav_error) && ok)
    {
      g_propagate_error (error, g_steal_pointer (&wav_error));
      ok = FALSE;
    }
  return ok;
}

void
bgrun_audio_recording_abort (BgrunAudioRecording *self)
{
  tear_down (self);
  if (self->wav != NULL)
    bgrun_wav_writer_close (self->wav, NULL);
}
