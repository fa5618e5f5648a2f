/* bgrun-haptic-player-silent.c: the haptic player of a build without
 * GStreamer (-Daudio=disabled), which plays nothing and says so once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-haptic-player-private.h"

struct _BgrunHapticPlayer
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunHapticPlayer, bgrun_haptic_player, G_TYPE_OBJECT)

static void
bgrun_haptic_player_class_init (BgrunHapticPlayerClass *klass)
{
}

static void
bgrun_haptic_player_init (BgrunHapticPlayer *self)
{
}

/* notify_user() has no error to return, so the one place that can tell
 * the developer why nothing sounds is the log. */
static void
warn_once (void)
{
  static gsize warned;

  if (g_once_init_enter (&warned))
    {
      g_warning ("libbgrun was built without GStreamer: haptic sounds are not played. "
                 "Build it with -Daudio=enabled to hear them.");
      g_once_init_leave (&warned, 1);
    }
}

BgrunHapticPlayer *
bgrun_haptic_player_new (const char *sink_description)
{
  return g_object_new (BGRUN_TYPE_HAPTIC_PLAYER, NULL);
}

BgrunHapticPlayer *
bgrun_haptic_player_get_default (void)
{
  static BgrunHapticPlayer *default_player;

  if (default_player == NULL)
    default_player = bgrun_haptic_player_new (NULL);
  return default_player;
}

void
bgrun_haptic_player_play (BgrunHapticPlayer *self,
                          BgrunHapticType    type)
{
  g_return_if_fail (BGRUN_IS_HAPTIC_PLAYER (self));
  warn_once ();
}

/* Nothing repeats without sound: the id only lets the caller stop what
 * never started. */
guint
bgrun_haptic_player_play_repeating (BgrunHapticPlayer     *self,
                                    BgrunHapticType        type,
                                    double                 interval_seconds,
                                    BgrunHapticRepeatFunc  func,
                                    gpointer               data,
                                    GDestroyNotify         destroy)
{
  static guint next_id;

  g_return_val_if_fail (BGRUN_IS_HAPTIC_PLAYER (self), 0);
  warn_once ();
  if (destroy != NULL)
    destroy (data);
  return ++next_id;
}

void
bgrun_haptic_player_stop_repeating (BgrunHapticPlayer *self,
                                    guint              id)
{
  g_return_if_fail (BGRUN_IS_HAPTIC_PLAYER (self));
}

gboolean
bgrun_haptic_player_get_playing (BgrunHapticPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_HAPTIC_PLAYER (self), FALSE);
  return FALSE;
}
