/* bgrun-audio-item.c: one entry of a player's queue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-item-private.h"

/**
 * BgrunAudioItem:
 *
 * One entry of a [class@Bgrun.AudioPlayer]'s queue
 * ([method@Bgrun.AudioPlayer.get_queue]). The title, artist and duration
 * come from the media's tags once the player has read them, and are
 * notified as they arrive, so a list view bound to the queue fills in.
 */

struct _BgrunAudioItem
{
  GObject parent_instance;

  char   *uri;
  char   *title;
  char   *artist;
  double  duration;
};

G_DEFINE_FINAL_TYPE (BgrunAudioItem, bgrun_audio_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_TITLE,
  PROP_ARTIST,
  PROP_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_audio_item_init (BgrunAudioItem *self)
{
  self->duration = -1;
}

static void
bgrun_audio_item_finalize (GObject *object)
{
  BgrunAudioItem *self = BGRUN_AUDIO_ITEM (object);

  g_free (self->uri);
  g_free (self->title);
  g_free (self->artist);
  G_OBJECT_CLASS (bgrun_audio_item_parent_class)->finalize (object);
}

static void
bgrun_audio_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BgrunAudioItem *self = BGRUN_AUDIO_ITEM (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ARTIST:
      g_value_set_string (value, self->artist);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_item_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BgrunAudioItem *self = BGRUN_AUDIO_ITEM (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_item_class_init (BgrunAudioItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_audio_item_finalize;
  object_class->get_property = bgrun_audio_item_get_property;
  object_class->set_property = bgrun_audio_item_set_property;

  /**
   * BgrunAudioItem:uri:
   *
   * The URI the item plays.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunAudioItem:title:
   *
   * The title from the media's tags; %NULL until known.
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);

  /**
   * BgrunAudioItem:artist:
   *
   * The artist from the media's tags; %NULL until known.
   */
  properties[PROP_ARTIST] = g_param_spec_string ("artist", NULL, NULL, NULL, ro);

  /**
   * BgrunAudioItem:duration:
   *
   * The duration in seconds; -1 until known.
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

BgrunAudioItem *
bgrun_audio_item_new (const char *uri)
{
  return g_object_new (BGRUN_TYPE_AUDIO_ITEM, "uri", uri, NULL);
}

/**
 * bgrun_audio_item_get_uri:
 * @self: the item
 *
 * Gets [property@Bgrun.AudioItem:uri].
 *
 * Returns: the URI the item plays
 */
const char *
bgrun_audio_item_get_uri (BgrunAudioItem *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_ITEM (self), NULL);
  return self->uri;
}

/**
 * bgrun_audio_item_get_title:
 * @self: the item
 *
 * Gets [property@Bgrun.AudioItem:title].
 *
 * Returns: (nullable): the title from the media's tags
 */
const char *
bgrun_audio_item_get_title (BgrunAudioItem *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_ITEM (self), NULL);
  return self->title;
}

/**
 * bgrun_audio_item_get_artist:
 * @self: the item
 *
 * Gets [property@Bgrun.AudioItem:artist].
 *
 * Returns: (nullable): the artist from the media's tags
 */
const char *
bgrun_audio_item_get_artist (BgrunAudioItem *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_ITEM (self), NULL);
  return self->artist;
}

/**
 * bgrun_audio_item_get_duration:
 * @self: the item
 *
 * Gets [property@Bgrun.AudioItem:duration].
 *
 * Returns: the duration in seconds, or -1 when not known yet
 */
double
bgrun_audio_item_get_duration (BgrunAudioItem *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_ITEM (self), -1);
  return self->duration;
}

static void
set_string (BgrunAudioItem  *self,
            char           **field,
            const char      *value,
            guint            prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
bgrun_audio_item_set_title (BgrunAudioItem *self,
                            const char     *title)
{
  set_string (self, &self->title, title, PROP_TITLE);
}

void
bgrun_audio_item_set_artist (BgrunAudioItem *self,
                             const char     *artist)
{
  set_string (self, &self->artist, artist, PROP_ARTIST);
}

void
bgrun_audio_item_set_duration (BgrunAudioItem *self,
                               double          duration)
{
  if (duration == self->duration)
    return;
  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}
