/* bgrun-audio-coordinator.c: the app's audio session among the other
 * apps' sessions, through bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-coordinator-private.h"
#include "bgrun-audio-session-report-private.h"
#include "bgrun-dbus-broker-private.h"

/* bgrund decides who interrupts whom (daemon/bgrun-audio-arbiter.c): the
 * app only says what its session is, and does what bgrund says. */

struct _BgrunAudioCoordinator
{
  GObject parent_instance;

  BgrunDbusBroker   *daemon;
  BgrunAudioSession *session;    /* the process's, never finalised */
  gulong             watch;
  GVariant          *reported;   /* aa{sv}: what bgrund was told last */
};

G_DEFINE_FINAL_TYPE (BgrunAudioCoordinator, bgrun_audio_coordinator, G_TYPE_OBJECT)

#define COORDINATOR_KEY "bgrun-audio-coordinator"

static void
report (BgrunAudioCoordinator *self,
        gboolean               again)
{
  GVariant *session = bgrun_audio_session_describe (self->session);
  g_autoptr(GVariant) sessions = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_VARDICT,
                                                                          &session, session != NULL ? 1 : 0));

  /* The session's players change state often; bgrund hears only what
   * changes what it knows. */
  if (!again && self->reported != NULL && g_variant_equal (sessions, self->reported))
    return;
  g_clear_pointer (&self->reported, g_variant_unref);
  self->reported = g_variant_ref (sessions);
  bgrun_dbus_broker_set_sessions (self->daemon, "audio", g_steal_pointer (&sessions));
}

static void
on_session_changed (gpointer data)
{
  report (data, FALSE);
}

/* A new bgrund knows nothing of the session yet. */
static void
on_attached_again (BgrunAudioCoordinator *self)
{
  report (self, TRUE);
}

static void
on_stop_session (BgrunAudioCoordinator *self,
                 guint                  id)
{
  if (id == BGRUN_AUDIO_SESSION_REPORT_ID)
    bgrun_audio_session_set_active (self->session, FALSE, NULL);
}

static void
on_audio_interruption (BgrunAudioCoordinator *self,
                       guint                  type,
                       guint                  options)
{
  bgrun_audio_session_interrupted_by_other (self->session, type, options);
}

static void
on_audio_duck (BgrunAudioCoordinator *self,
               gboolean               ducked)
{
  bgrun_audio_session_set_ducked (self->session, ducked);
}

static void
bgrun_audio_coordinator_dispose (GObject *object)
{
  BgrunAudioCoordinator *self = BGRUN_AUDIO_COORDINATOR (object);

  if (self->watch != 0)
    bgrun_audio_session_remove_watch (self->session, self->watch);
  self->watch = 0;
  if (self->daemon != NULL)
    g_signal_handlers_disconnect_by_data (self->daemon, self);
  g_clear_object (&self->daemon);
  g_clear_pointer (&self->reported, g_variant_unref);
  G_OBJECT_CLASS (bgrun_audio_coordinator_parent_class)->dispose (object);
}

static void
bgrun_audio_coordinator_class_init (BgrunAudioCoordinatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_audio_coordinator_dispose;
}

static void
bgrun_audio_coordinator_init (BgrunAudioCoordinator *self)
{
}

void
bgrun_audio_coordinator_attach (BgrunPlacement *placement)
{
  BgrunBroker *broker = bgrun_placement_get_broker (placement);
  BgrunAudioCoordinator *self;

  if (!BGRUN_IS_DBUS_BROKER (broker))
    return;
  self = g_object_new (BGRUN_TYPE_AUDIO_COORDINATOR, NULL);
  self->daemon = g_object_ref (BGRUN_DBUS_BROKER (broker));
  self->session = bgrun_audio_session_get_default ();
  self->watch = bgrun_audio_session_add_watch (self->session, on_session_changed, self);
  g_signal_connect_swapped (self->daemon, "attached-again", G_CALLBACK (on_attached_again), self);
  g_signal_connect_swapped (self->daemon, "stop-session", G_CALLBACK (on_stop_session), self);
  g_signal_connect_swapped (self->daemon, "audio-interruption", G_CALLBACK (on_audio_interruption), self);
  g_signal_connect_swapped (self->daemon, "audio-duck", G_CALLBACK (on_audio_duck), self);
  /* bgrund assumes no audio session until told. */
  self->reported = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_VARDICT, NULL, 0));
  bgrun_placement_attach (placement, COORDINATOR_KEY, self);
  report (self, FALSE);
}
