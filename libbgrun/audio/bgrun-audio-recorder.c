/* bgrun-audio-recorder.c: recording that survives being killed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-error.h"
#include "bgrun-audio-recorder-private.h"
#include "bgrun-audio-recording-private.h"
#include "bgrun-audio-session-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"

/**
 * BgrunAudioRecorder:
 *
 * Records the default audio input into a file that stays playable
 * whatever happens to the process.
 *
 * Ogg Opus (the default) and FLAC files are written as they are encoded,
 * a page or a frame at a time, straight to the file: a process killed
 * with SIGKILL leaves a file that plays up to at most a second before the
 * kill. A WAV file's header is rewritten with the length so far at least
 * once a second. A full disk stops the recording with
 * [signal@Bgrun.AudioRecorder::error] and keeps what was written.
 *
 * While its session is active with %BGRUN_AUDIO_CATEGORY_RECORD or
 * %BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD, recording keeps the app running
 * and the machine from suspending. If the session is deactivated while
 * it records, the session emits its interruption first and the recorder
 * finalises the file: a background recording never ends silently.
 *
 * [property@Bgrun.AudioRecorder:level] and
 * [property@Bgrun.AudioRecorder:duration] are notified at most
 * 1/%BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL times a second, on the main
 * context the recorder was created on.
 */

/* The lowest level, in dBFS: silence (level reports far lower figures). */
#define SILENCE -120.0

struct _BgrunAudioRecorder
{
  GObject parent_instance;

  BgrunAudioSession       *session;
  BgrunAudioFormat         format;
  BgrunAudioRecorderState  state;
  double                   level;
  double                   duration;
  GFile                   *file;

  BgrunAudioRecording     *recording; /* while started */
  double                   recorded;  /* seconds: the sum of the levels' durations */
};

G_DEFINE_FINAL_TYPE (BgrunAudioRecorder, bgrun_audio_recorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FORMAT,
  PROP_STATE,
  PROP_LEVEL,
  PROP_DURATION,
  PROP_FILE,
  N_PROPS
};

enum {
  SIG_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
bgrun_audio_recorder_init (BgrunAudioRecorder *self)
{
  self->level = SILENCE;
}

static void
bgrun_audio_recorder_constructed (GObject *object)
{
  BgrunAudioRecorder *self = BGRUN_AUDIO_RECORDER (object);

  G_OBJECT_CLASS (bgrun_audio_recorder_parent_class)->constructed (object);
  if (self->session == NULL)
    self->session = g_object_ref (bgrun_audio_session_get_default ());
  bgrun_audio_session_add_recorder (self->session, self);
}

static void
bgrun_audio_recorder_dispose (GObject *object)
{
  BgrunAudioRecorder *self = BGRUN_AUDIO_RECORDER (object);

  if (self->recording != NULL)
    bgrun_audio_recorder_stop (self, NULL);
  if (self->session != NULL)
    {
      bgrun_audio_session_remove_recorder (self->session, self);
      g_clear_object (&self->session);
    }
  g_clear_object (&self->file);
  G_OBJECT_CLASS (bgrun_audio_recorder_parent_class)->dispose (object);
}

static void
bgrun_audio_recorder_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BgrunAudioRecorder *self = BGRUN_AUDIO_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_recorder_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BgrunAudioRecorder *self = BGRUN_AUDIO_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_FORMAT:
      bgrun_audio_recorder_set_format (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_recorder_class_init (BgrunAudioRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_audio_recorder_constructed;
  object_class->dispose = bgrun_audio_recorder_dispose;
  object_class->get_property = bgrun_audio_recorder_get_property;
  object_class->set_property = bgrun_audio_recorder_set_property;

  /**
   * BgrunAudioRecorder:session:
   *
   * The audio session the recorder records in.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BGRUN_TYPE_AUDIO_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunAudioRecorder:format:
   *
   * The format of the next recording; it cannot change while recording.
   */
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, BGRUN_TYPE_AUDIO_FORMAT, BGRUN_AUDIO_FORMAT_OPUS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunAudioRecorder:state:
   *
   * Whether the recorder is idle, recording or paused.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_AUDIO_RECORDER_STATE,
                       BGRUN_AUDIO_RECORDER_STATE_IDLE, ro);

  /**
   * BgrunAudioRecorder:level:
   *
   * The loudness of the input, in dBFS (the RMS of the last
   * %BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL seconds, of the loudest
   * channel): 0 is full scale, -120 silence (and what it is when not
   * recording).
   */
  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, SILENCE, 0,
                         SILENCE, ro);

  /**
   * BgrunAudioRecorder:duration:
   *
   * How much has been recorded, in seconds, pauses excluded.
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);

  /**
   * BgrunAudioRecorder:file:
   *
   * The file of the current or last recording; %NULL before the first.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunAudioRecorder::error:
   * @recorder: the recorder
   * @error: what stopped the recording: %BGRUN_AUDIO_ERROR_RECORDING
   *   (the file cannot be written, the disk is full) or
   *   %BGRUN_AUDIO_ERROR_SERVER (the sound server went away)
   *
   * Emitted when a recording stops by itself. The recorder is idle by
   * then, and the file holds what was recorded until the error.
   */
  signals[SIG_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

/**
 * bgrun_audio_recorder_new:
 * @session: (nullable): the audio session to record in, %NULL for
 *   [func@Bgrun.AudioSession.get_default]
 *
 * Creates an idle recorder that records Ogg Opus.
 *
 * Returns: (transfer full): the new recorder
 */
BgrunAudioRecorder *
bgrun_audio_recorder_new (BgrunAudioSession *session)
{
  g_return_val_if_fail (session == NULL || BGRUN_IS_AUDIO_SESSION (session), NULL);

  return g_object_new (BGRUN_TYPE_AUDIO_RECORDER, "session", session, NULL);
}

static void
set_state (BgrunAudioRecorder      *self,
           BgrunAudioRecorderState  state)
{
  if (state == self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  bgrun_audio_session_activity_changed (self->session);
}

static void
set_level (BgrunAudioRecorder *self,
           double              level)
{
  level = CLAMP (level, SILENCE, 0);
  if (level == self->level)
    return;
  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
set_duration (BgrunAudioRecorder *self,
              double              duration)
{
  if (duration == self->duration)
    return;
  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
on_failed (gpointer                    data,
           BgrunAudioRecordingFailure  failure,
           const char                 *detail)
{
  BgrunAudioRecorder *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (self->file);

  bgrun_audio_recording_abort (self->recording);
  g_clear_pointer (&self->recording, bgrun_audio_recording_free);
  if (failure == BGRUN_AUDIO_RECORDING_FAILED_SERVER)
    error = g_error_new (BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_SERVER,
                         _("Recording to “%s” stopped: the sound server failed (%s). What was recorded until then is kept."),
                         path, detail);
  else if (failure == BGRUN_AUDIO_RECORDING_FAILED_DISK_FULL)
    error = g_error_new (BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_RECORDING,
                         _("Recording to “%s” stopped: the disk is full. What was recorded until then is kept and plays."),
                         path);
  else
    error = g_error_new (BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_RECORDING,
                         _("Recording to “%s” stopped: %s. What was recorded until then is kept."),
                         path, detail);
  set_level (self, SILENCE);
  set_state (self, BGRUN_AUDIO_RECORDER_STATE_IDLE);
  g_signal_emit (self, signals[SIG_ERROR], 0, error);
}

static void
on_level (gpointer data,
          double   loudest,
          double   seconds)
{
  BgrunAudioRecorder *self = data;

  if (self->state != BGRUN_AUDIO_RECORDER_STATE_RECORDING)
    return;
  self->recorded += seconds;
  g_object_freeze_notify (G_OBJECT (self));
  set_level (self, loudest);
  set_duration (self, self->recorded);
  g_object_thaw_notify (G_OBJECT (self));
}

static const BgrunAudioRecordingEvents recording_events = { on_level, on_failed };

/**
 * bgrun_audio_recorder_start:
 * @self: the recorder
 * @file: the file to record to, replaced if it exists; a local file
 * @error: return location for a #GError
 *
 * Starts recording the default input into @file, in
 * [property@Bgrun.AudioRecorder:format].
 *
 * Fails with %BGRUN_AUDIO_ERROR_INVALID_STATE if the recorder already
 * records, %BGRUN_AUDIO_ERROR_INVALID_ARGUMENT if @file is not local,
 * %BGRUN_AUDIO_ERROR_RECORDING if it cannot be written,
 * %BGRUN_AUDIO_ERROR_SERVER if there is no sound server, and
 * %BGRUN_SESSION_ERROR_NOT_SUPPORTED in a build without audio.
 *
 * Returns: %TRUE if the recording started
 */
gboolean
bgrun_audio_recorder_start (BgrunAudioRecorder  *self,
                            GFile               *file,
                            GError             **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bgrun_audio_check_supported (error))
    return FALSE;
  if (self->state != BGRUN_AUDIO_RECORDER_STATE_IDLE)
    {
      g_autofree char *current = g_file_get_uri (self->file);

      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_STATE,
                   _("The recorder already records to “%s”; stop it first."), current);
      return FALSE;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_ARGUMENT,
                   _("Cannot record to “%s”: only local files can be recorded to."), uri);
      return FALSE;
    }
  self->recording = bgrun_audio_recording_start (self->format, path, self->session,
                                                 &recording_events, self, error);
  if (self->recording == NULL)
    return FALSE;
  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  self->recorded = 0;
  set_duration (self, 0);
  set_state (self, BGRUN_AUDIO_RECORDER_STATE_RECORDING);
  return TRUE;
}

/**
 * bgrun_audio_recorder_pause:
 * @self: the recorder
 *
 * Pauses the recording, if it records: nothing is recorded until
 * [method@Bgrun.AudioRecorder.resume], and the file holds no gap. The
 * input stays open meanwhile.
 */
void
bgrun_audio_recorder_pause (BgrunAudioRecorder *self)
{
  g_return_if_fail (BGRUN_IS_AUDIO_RECORDER (self));

  if (self->state != BGRUN_AUDIO_RECORDER_STATE_RECORDING)
    return;
  bgrun_audio_recording_set_paused (self->recording, TRUE);
  set_level (self, SILENCE);
  set_state (self, BGRUN_AUDIO_RECORDER_STATE_PAUSED);
}

/**
 * bgrun_audio_recorder_resume:
 * @self: the recorder
 *
 * Resumes a paused recording.
 */
void
bgrun_audio_recorder_resume (BgrunAudioRecorder *self)
{
  g_return_if_fail (BGRUN_IS_AUDIO_RECORDER (self));

  if (self->state != BGRUN_AUDIO_RECORDER_STATE_PAUSED)
    return;
  bgrun_audio_recording_set_paused (self->recording, FALSE);
  set_state (self, BGRUN_AUDIO_RECORDER_STATE_RECORDING);
}

/**
 * bgrun_audio_recorder_stop:
 * @self: the recorder
 * @error: return location for a #GError
 *
 * Stops the recording and finalises the file (the last Ogg page, FLAC's
 * and WAV's headers) before returning. Stopping an idle recorder does
 * nothing.
 *
 * Returns: %TRUE if the file was finalised; %FALSE with
 *   %BGRUN_AUDIO_ERROR_RECORDING if that failed (the file still plays up
 *   to the last second)
 */
gboolean
bgrun_audio_recorder_stop (BgrunAudioRecorder  *self,
                           GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->recording == NULL)
    return TRUE;
  ok = bgrun_audio_recording_finish (self->recording, &local_error);
  g_clear_pointer (&self->recording, bgrun_audio_recording_free);
  set_level (self, SILENCE);
  set_state (self, BGRUN_AUDIO_RECORDER_STATE_IDLE);
  if (!ok)
    {
      g_autofree char *path = g_file_get_path (self->file);

      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_RECORDING,
                   _("The recording to “%s” could not be finalised: %s. It plays up to its last second."),
                   path, local_error->message);
    }
  return ok;
}

gboolean
bgrun_audio_recorder_is_recording (BgrunAudioRecorder *self)
{
  return self->state == BGRUN_AUDIO_RECORDER_STATE_RECORDING;
}

gboolean
bgrun_audio_recorder_is_started (BgrunAudioRecorder *self)
{
  return self->state != BGRUN_AUDIO_RECORDER_STATE_IDLE;
}

void
bgrun_audio_recorder_stop_for_session (BgrunAudioRecorder *self)
{
  g_autoptr(GError) error = NULL;

  if (!bgrun_audio_recorder_stop (self, &error))
    g_signal_emit (self, signals[SIG_ERROR], 0, error);
}

/**
 * bgrun_audio_recorder_get_session:
 * @self: the recorder
 *
 * Gets [property@Bgrun.AudioRecorder:session].
 *
 * Returns: (transfer none): the audio session the recorder records in
 */
BgrunAudioSession *
bgrun_audio_recorder_get_session (BgrunAudioRecorder *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), NULL);
  return self->session;
}

/**
 * bgrun_audio_recorder_get_format:
 * @self: the recorder
 *
 * Gets [property@Bgrun.AudioRecorder:format].
 *
 * Returns: the format of the next (or current) recording
 */
BgrunAudioFormat
bgrun_audio_recorder_get_format (BgrunAudioRecorder *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), BGRUN_AUDIO_FORMAT_OPUS);
  return self->format;
}

/**
 * bgrun_audio_recorder_set_format:
 * @self: the recorder
 * @format: the format of the next recording
 *
 * Sets the format of the next recording. Calling it while recording is a
 * programmer error.
 */
void
bgrun_audio_recorder_set_format (BgrunAudioRecorder *self,
                                 BgrunAudioFormat    format)
{
  g_return_if_fail (BGRUN_IS_AUDIO_RECORDER (self));
  g_return_if_fail (format <= BGRUN_AUDIO_FORMAT_WAV);
  g_return_if_fail (self->state == BGRUN_AUDIO_RECORDER_STATE_IDLE);

  if (format == self->format)
    return;
  self->format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

/**
 * bgrun_audio_recorder_get_state:
 * @self: the recorder
 *
 * Gets [property@Bgrun.AudioRecorder:state].
 *
 * Returns: whether the recorder is idle, recording or paused
 */
BgrunAudioRecorderState
bgrun_audio_recorder_get_state (BgrunAudioRecorder *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), BGRUN_AUDIO_RECORDER_STATE_IDLE);
  return self->state;
}

/**
 * bgrun_audio_recorder_get_level:
 * @self: the recorder
 *
 * Gets [property@Bgrun.AudioRecorder:level].
 *
 * Returns: the input's loudness in dBFS
 */
double
bgrun_audio_recorder_get_level (BgrunAudioRecorder *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), SILENCE);
  return self->level;
}

/**
 * bgrun_audio_recorder_get_duration:
 * @self: the recorder
 *
 * Gets [property@Bgrun.AudioRecorder:duration].
 *
 * Returns: how much has been recorded, in seconds
 */
double
bgrun_audio_recorder_get_duration (BgrunAudioRecorder *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), 0);
  return self->duration;
}

/**
 * bgrun_audio_recorder_get_file:
 * @self: the recorder
 *
 * Gets [property@Bgrun.AudioRecorder:file].
 *
 * Returns: (nullable) (transfer none): the file of the current or last
 *   recording
 */
GFile *
bgrun_audio_recorder_get_file (BgrunAudioRecorder *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_RECORDER (self), NULL);
  return self->file;
}
