/* bgrun-audio-session-interruption.c: interruptions of the audio session,
 * and their end that may never come
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-session-internal-private.h"
#include "bgrun-enum-types.h"

void
bgrun_audio_session_clear_interruption (BgrunAudioSession *self)
{
  if (self->interruption_source == NULL)
    return;
  g_source_destroy (self->interruption_source);
  g_clear_pointer (&self->interruption_source, g_source_unref);
}

void
bgrun_audio_session_set_interrupted (BgrunAudioSession *self,
                 gboolean           interrupted)
{
  if (interrupted == self->interrupted)
    return;
  self->interrupted = interrupted;
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_INTERRUPTED]);
  bgrun_audio_session_notify_watches (self);
}

static void
end_interruption (BgrunAudioSession        *self,
                  BgrunInterruptionOptions  options)
{
  if (!self->interrupted)
    return;
  bgrun_audio_session_clear_interruption (self);
  bgrun_audio_session_set_interrupted (self, FALSE);
  g_signal_emit (self, bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_SIG_INTERRUPTION], 0, BGRUN_INTERRUPTION_TYPE_ENDED, options);
}

static gboolean
on_interruption_timeout (gpointer user_data)
{
  BgrunAudioSession *self = user_data;

  g_clear_pointer (&self->interruption_source, g_source_unref);
  end_interruption (self, BGRUN_INTERRUPTION_OPTIONS_NONE);
  return G_SOURCE_REMOVE;
}

void
bgrun_audio_session_corked (BgrunAudioSession *self,
                            gboolean           began)
{
  if (!began)
    {
      end_interruption (self, BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME);
      return;
    }
  if (self->interrupted)
    return;
  bgrun_audio_session_pause_players (self);
  bgrun_audio_session_set_interrupted (self, TRUE);
  self->interruption_source = g_timeout_source_new ((guint) (self->interruption_timeout * 1000));
  g_source_set_static_name (self->interruption_source, "[bgrun] audio interruption timeout");
  g_source_set_callback (self->interruption_source, on_interruption_timeout, self, NULL);
  g_source_attach (self->interruption_source, g_main_context_get_thread_default ());
  g_signal_emit (self, bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_SIG_INTERRUPTION], 0,
                 BGRUN_INTERRUPTION_TYPE_BEGAN, BGRUN_INTERRUPTION_OPTIONS_NONE);
}

void
bgrun_audio_session_end_interruption (BgrunAudioSession *self)
{
  end_interruption (self, BGRUN_INTERRUPTION_OPTIONS_NONE);
}
