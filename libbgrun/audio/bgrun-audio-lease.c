/* bgrun-audio-lease.c: the audio session's hold on the keep-alive
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-lease-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-keep-alive-private.h"

struct _BgrunAudioLease
{
  BgrunKeepAlive *keep_alive;   /* created at the first lease */
  guint           lease;
  BgrunAudioNeed  held_need;
  GSource        *grace;
  GCallback       changed;
  GCallback       denied;
  gpointer        data;
};

BgrunAudioLease *
bgrun_audio_lease_new (GCallback changed,
                       GCallback denied,
                       gpointer  data)
{
  BgrunAudioLease *self = g_new0 (BgrunAudioLease, 1);

  self->changed = changed;
  self->denied = denied;
  self->data = data;
  return self;
}

static void
clear_grace (BgrunAudioLease *self)
{
  if (self->grace == NULL)
    return;
  g_source_destroy (self->grace);
  g_clear_pointer (&self->grace, g_source_unref);
}

static void
release (BgrunAudioLease *self)
{
  clear_grace (self);
  if (self->lease == 0)
    return;
  bgrun_keep_alive_release (self->keep_alive, self->lease);
  self->lease = 0;
  self->held_need = BGRUN_AUDIO_NEED_NOTHING;
}

void
bgrun_audio_lease_free (BgrunAudioLease *self)
{
  release (self);
  if (self->keep_alive != NULL)
    g_signal_handlers_disconnect_by_data (self->keep_alive, self);
  g_clear_object (&self->keep_alive);
  g_free (self);
}

static void
notify_changed (BgrunAudioLease *self)
{
  if (self->changed != NULL)
    ((void (*) (gpointer)) self->changed) (self->data);
}

static void
on_background_denied (BgrunAudioLease *self)
{
  ((void (*) (gpointer)) self->denied) (self->data);
}

static gboolean
on_grace_over (gpointer user_data)
{
  BgrunAudioLease *self = user_data;

  g_clear_pointer (&self->grace, g_source_unref);
  release (self);
  notify_changed (self);
  return G_SOURCE_REMOVE;
}

static void
acquire (BgrunAudioLease *self,
         BgrunAudioNeed   need)
{
  BgrunKeepAliveFlags flags = BGRUN_KEEP_ALIVE_HOLD_APPLICATION | BGRUN_KEEP_ALIVE_BACKGROUND;
  const char *status = _("Playing audio");

  if (need == BGRUN_AUDIO_NEED_RECORDING)
    {
      /* A recording the machine suspends through loses what was said
       * meanwhile; playback only pauses, so it does not hold suspend. */
      flags |= BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND;
      status = _("Recording");
    }
  if (self->keep_alive == NULL)
    {
      self->keep_alive = bgrun_keep_alive_new (NULL, NULL);
      g_signal_connect_swapped (self->keep_alive, "background-denied",
                                G_CALLBACK (on_background_denied), self);
    }
  self->lease = bgrun_keep_alive_acquire (self->keep_alive, flags, _("Background audio"));
  bgrun_keep_alive_set_status (self->keep_alive, self->lease, status);
  self->held_need = need;
}

void
bgrun_audio_lease_update (BgrunAudioLease *self,
                          BgrunAudioNeed   need,
                          double           grace)
{
  gboolean was_held = self->lease != 0;

  if (need != BGRUN_AUDIO_NEED_NOTHING)
    {
      clear_grace (self);
      if (self->lease != 0 && self->held_need != need)
        {
          /* Take the new lease before dropping the old one, so the app is
           * never let go in between. */
          guint old = self->lease;

          acquire (self, need);
          bgrun_keep_alive_release (self->keep_alive, old);
        }
      else if (self->lease == 0)
        acquire (self, need);
    }
  else if (self->lease != 0 && grace < 0)
    release (self);
  else if (self->lease != 0 && self->grace == NULL)
    {
      self->grace = g_timeout_source_new ((guint) (grace * 1000));
      g_source_set_static_name (self->grace, "[bgrun] audio pause grace");
      g_source_set_callback (self->grace, on_grace_over, self, NULL);
      g_source_attach (self->grace, g_main_context_get_thread_default ());
    }
  if (was_held != (self->lease != 0))
    notify_changed (self);
}

gboolean
bgrun_audio_lease_get_held (BgrunAudioLease *self)
{
  return self->lease != 0;
}
