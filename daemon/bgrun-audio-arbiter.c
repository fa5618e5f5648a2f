/* bgrun-audio-arbiter.c: one app's audio session interrupting or ducking
 * the others', in bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-arbiter-private.h"
#include "bgrun-audio-session.h"

/* What bgrund knows of one app's audio session: what the app reported,
 * and what the arbiter told it. */
typedef struct
{
  gboolean    active;
  gboolean    mixable;
  gboolean    ducks_others;
  GHashTable *interrupted_by;   /* app ids whose session interrupts this one */
  gboolean    ducked;           /* AudioDuck(TRUE) was sent last */
} AppAudio;

struct _BgrunAudioArbiter
{
  GObject parent_instance;

  BgrunBrokerService *service;
  GHashTable         *apps;      /* app id → AppAudio */
};

G_DEFINE_FINAL_TYPE (BgrunAudioArbiter, bgrun_audio_arbiter, G_TYPE_OBJECT)

static void
app_audio_free (gpointer data)
{
  AppAudio *app = data;

  g_hash_table_unref (app->interrupted_by);
  g_free (app);
}

static AppAudio *
app_audio (BgrunAudioArbiter *self,
           const char        *app_id)
{
  AppAudio *app = g_hash_table_lookup (self->apps, app_id);

  if (app != NULL)
    return app;
  app = g_new0 (AppAudio, 1);
  app->interrupted_by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->apps, g_strdup (app_id), app);
  return app;
}

/* Reads the "audio" session among what @app_id reports: none means its
 * session is not active (or the app is gone). */
static void
read_reported (BgrunAudioArbiter *self,
               const char        *app_id,
               AppAudio          *into)
{
  g_autoptr(GVariant) sessions = g_variant_ref_sink (bgrun_broker_service_list_sessions (self->service, app_id));
  GVariantIter iter;
  GVariant *session;

  into->active = into->mixable = into->ducks_others = FALSE;
  g_variant_iter_init (&iter, sessions);
  while ((session = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = session;
      const char *kind = NULL;

      if (!g_variant_lookup (session, "kind", "&s", &kind) || !g_str_equal (kind, "audio"))
        continue;
      into->active = TRUE;
      g_variant_lookup (session, "mixable", "b", &into->mixable);
      g_variant_lookup (session, "ducks-others", "b", &into->ducks_others);
    }
}

static void
send_interruption (BgrunAudioArbiter        *self,
                   const char               *app_id,
                   BgrunInterruptionType     type,
                   BgrunInterruptionOptions  options)
{
  g_debug ("bgrund: audio interruption %s for %s",
           type == BGRUN_INTERRUPTION_TYPE_BEGAN ? "begins" : "ends", app_id);
  bgrun_broker_service_send_to_app (self->service, app_id, "AudioInterruption",
                                    g_variant_new ("(uu)", type, options));
}

/* Ducks @app_id while another active session ducks others, and only
 * then. */
static void
update_duck (BgrunAudioArbiter *self,
             const char        *app_id,
             AppAudio          *app)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean ducked = FALSE;

  g_hash_table_iter_init (&iter, self->apps);
  while (app->active && !ducked && g_hash_table_iter_next (&iter, &key, &value))
    ducked = value != app && ((AppAudio *) value)->active && ((AppAudio *) value)->ducks_others;
  if (ducked == app->ducked)
    return;
  app->ducked = ducked;
  bgrun_broker_service_send_to_app (self->service, app_id, "AudioDuck", g_variant_new ("(b)", ducked));
}

static void
update_every_duck (BgrunAudioArbiter *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->apps);
  while (g_hash_table_iter_next (&iter, &key, &value))
    update_duck (self, key, value);
}

/* @app_id's non-mixable session became active: every other active
 * session is interrupted. */
static void
interrupt_others (BgrunAudioArbiter *self,
                  const char        *app_id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->apps);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AppAudio *other = value;

      if (g_str_equal (key, app_id) || !other->active)
        continue;
      if (g_hash_table_size (other->interrupted_by) == 0)
        send_interruption (self, key, BGRUN_INTERRUPTION_TYPE_BEGAN, BGRUN_INTERRUPTION_OPTIONS_NONE);
      g_hash_table_add (other->interrupted_by, g_strdup (app_id));
    }
}

/* @app_id's session is no longer active: those it interrupted, and no
 * one else interrupts, may resume. */
static void
release_others (BgrunAudioArbiter *self,
                const char        *app_id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->apps);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AppAudio *other = value;

      if (g_hash_table_remove (other->interrupted_by, app_id) &&
          g_hash_table_size (other->interrupted_by) == 0 && other->active)
        send_interruption (self, key, BGRUN_INTERRUPTION_TYPE_ENDED,
                           BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME);
    }
}

static void
on_sessions_changed (BgrunBrokerService *service,
                     const char         *app_id,
                     BgrunAudioArbiter  *self)
{
  AppAudio *app = app_audio (self, app_id);
  gboolean was_active = app->active;

  read_reported (self, app_id, app);
  if (app->active && !was_active && !app->mixable)
    interrupt_others (self, app_id);
  else if (!app->active && was_active)
    {
      g_hash_table_remove_all (app->interrupted_by);
      release_others (self, app_id);
    }
  update_every_duck (self);
}

static void
bgrun_audio_arbiter_dispose (GObject *object)
{
  BgrunAudioArbiter *self = BGRUN_AUDIO_ARBITER (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (bgrun_audio_arbiter_parent_class)->dispose (object);
}

static void
bgrun_audio_arbiter_finalize (GObject *object)
{
  BgrunAudioArbiter *self = BGRUN_AUDIO_ARBITER (object);

  g_hash_table_unref (self->apps);
  G_OBJECT_CLASS (bgrun_audio_arbiter_parent_class)->finalize (object);
}

static void
bgrun_audio_arbiter_class_init (BgrunAudioArbiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_audio_arbiter_dispose;
  object_class->finalize = bgrun_audio_arbiter_finalize;
}

static void
bgrun_audio_arbiter_init (BgrunAudioArbiter *self)
{
  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, app_audio_free);
}

BgrunAudioArbiter *
bgrun_audio_arbiter_new (BgrunBrokerService *service)
{
  BgrunAudioArbiter *self = g_object_new (BGRUN_TYPE_AUDIO_ARBITER, NULL);

  self->service = g_object_ref (service);
  g_signal_connect (service, "sessions-changed", G_CALLBACK (on_sessions_changed), self);
  return self;
}
