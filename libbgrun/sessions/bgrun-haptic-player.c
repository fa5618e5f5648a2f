/* bgrun-haptic-player.c: haptic feedback as short sounds
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>

#include "bgrun-haptic-pattern-private.h"
#include "bgrun-haptic-player-private.h"
#include "bgrun-i18n-private.h"

/* Each sound is its own small pipeline,
 *
 *   appsrc (the rendered pattern) ! audioconvert ! audioresample ! SINK
 *
 * built when the sound starts and dropped when its bus says it ended.
 * Building one costs far less than the sound lasts, and a fresh pipeline
 * never carries the state (EOS, a failed sink) of the one before. */

#define DEFAULT_SINK "autoaudiosink"

typedef struct
{
  BgrunHapticPlayer     *player;   /* unowned: it ends its repetitions when disposed */
  guint                  id;
  BgrunHapticType        type;
  BgrunHapticRepeatFunc  func;
  gpointer               data;
  GDestroyNotify         destroy;
  GSource               *timeout;
} Repeat;

struct _BgrunHapticPlayer
{
  GObject parent_instance;

  char         *sink_description;  /* NULL: DEFAULT_SINK */
  GMainContext *context;
  GstElement   *pipeline;          /* the sound playing, or NULL */
  GSource      *bus_watch;         /* the playing pipeline's */
  GHashTable   *repeats;           /* id → Repeat */
  guint         last_repeat_id;
  gboolean      playing;
  gboolean      broken;            /* no sound can ever play */
  gboolean      reported;          /* the first failure was logged */
};

G_DEFINE_FINAL_TYPE (BgrunHapticPlayer, bgrun_haptic_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SINK_DESCRIPTION,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* failures */

/* Logs @error if it is the player's first failure. @chosen: the sink that
 * failed to build was chosen by someone (BGRUN_AUDIO_SINK), who should
 * hear about it; the default one failing only means the machine has no
 * sound. */
static void
report_failure (BgrunHapticPlayer *self,
                const GError      *error,
                gboolean           chosen)
{
  if (self->reported)
    return;
  self->reported = TRUE;

  if (chosen)
    g_warning ("Haptic sounds cannot play through “%s”: %s; fix BGRUN_AUDIO_SINK",
               self->sink_description, error->message);
  else
    g_debug ("Haptic sounds cannot play: %s", error->message);
}

/* The pipeline's failure, from the error message on its bus. */
static void
report_bus_error (BgrunHapticPlayer *self,
                  GstMessage        *message)
{
  g_autoptr(GError) error = NULL;

  gst_message_parse_error (message, &error, NULL);
  g_prefix_error (&error, "%s: ", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)));
  report_failure (self, error, FALSE);
}

/* building a sound */

static GstElement *
make_element (const char  *factory,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                 _("the GStreamer element “%s” is missing (install gstreamer1.0-plugins-base)"),
                 factory);
  return element;
}

static GstElement *
make_source (BgrunHapticType   type,
             GError          **error)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (BGRUN_HAPTIC_CAPS);
  g_autoptr(GBytes) samples = NULL;
  GstElement *source = make_element ("appsrc", error);
  GstBuffer *buffer;
  gsize n_samples;

  if (source == NULL)
    return NULL;

  samples = bgrun_haptic_pattern_render (type);
  buffer = gst_buffer_new_wrapped_bytes (samples);
  n_samples = gst_buffer_get_size (buffer) / sizeof (gint16);
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (n_samples, GST_SECOND,
                                                        BGRUN_HAPTIC_SAMPLE_RATE);

  g_object_set (source, "format", GST_FORMAT_TIME, NULL);
  gst_app_src_set_caps (GST_APP_SRC (source), caps);
  /* appsrc queues both until the pipeline runs. */
  gst_app_src_push_buffer (GST_APP_SRC (source), buffer);
  gst_app_src_end_of_stream (GST_APP_SRC (source));
  return source;
}

/* The pipeline playing @type's sound, or NULL with @error set; *@chosen
 * tells whether the sink chosen by BGRUN_AUDIO_SINK is what failed. */
static GstElement *
build_pipeline (BgrunHapticPlayer  *self,
                BgrunHapticType     type,
                gboolean           *chosen,
                GError            **error)
{
  g_autoptr(GstElement) pipeline = gst_object_ref_sink (gst_pipeline_new ("bgrun-haptic"));
  GstElement *elements[4] = { NULL, };
  const char *sink = self->sink_description != NULL ? self->sink_description : DEFAULT_SINK;

  *chosen = FALSE;
  if ((elements[0] = make_source (type, error)) == NULL ||
      (elements[1] = make_element ("audioconvert", error)) == NULL ||
      (elements[2] = make_element ("audioresample", error)) == NULL)
    goto failed;

  *chosen = self->sink_description != NULL;
  elements[3] = gst_parse_bin_from_description_full (sink, TRUE, NULL,
                                                     GST_PARSE_FLAG_FATAL_ERRORS,
                                                     error);
  if (elements[3] == NULL)
    goto failed;

  gst_bin_add_many (GST_BIN (pipeline), elements[0], elements[1], elements[2], elements[3], NULL);
  if (!gst_element_link_many (elements[0], elements[1], elements[2], elements[3], NULL))
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                   _("the sink “%s” takes no raw audio"), sink);
      return NULL;
    }
  return g_steal_pointer (&pipeline);

failed:
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    if (elements[i] != NULL)
      gst_object_unref (gst_object_ref_sink (elements[i]));
  return NULL;
}

/* playing */

static void
set_playing (BgrunHapticPlayer *self,
             gboolean           playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* Drops the sound playing, if any, without notifying. */
static void
drop_pipeline (BgrunHapticPlayer *self)
{
  if (self->bus_watch != NULL)
    {
      g_source_destroy (self->bus_watch);
      g_clear_pointer (&self->bus_watch, g_source_unref);
    }
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  BgrunHapticPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      report_bus_error (self, message);
      G_GNUC_FALLTHROUGH;
    case GST_MESSAGE_EOS:
      /* Destroys this watch: its source stays valid until it returns. */
      drop_pipeline (self);
      set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    default:
      return G_SOURCE_CONTINUE;
    }
}

/* Starts @pipeline; FALSE if it failed at once (its error is on its bus). */
static gboolean
start_pipeline (BgrunHapticPlayer *self,
                GstElement        *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        report_bus_error (self, message);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return FALSE;
    }

  self->pipeline = gst_object_ref (pipeline);
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, G_SOURCE_FUNC (on_bus_message), self, NULL);
  g_source_attach (self->bus_watch, self->context);
  return TRUE;
}

void
bgrun_haptic_player_play (BgrunHapticPlayer *self,
                          BgrunHapticType    type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  gboolean chosen = FALSE;

  g_return_if_fail (BGRUN_IS_HAPTIC_PLAYER (self));
  g_return_if_fail (type <= BGRUN_HAPTIC_TYPE_CLICK);

  drop_pipeline (self);
  if (self->broken)
    return;

  if (gst_init_check (NULL, NULL, &error))
    pipeline = build_pipeline (self, type, &chosen, &error);
  if (pipeline == NULL)
    {
      /* Nothing that failed here comes back while the process runs. */
      self->broken = TRUE;
      report_failure (self, error, chosen);
    }
  else if (start_pipeline (self, pipeline))
    {
      set_playing (self, TRUE);
      return;
    }
  set_playing (self, FALSE);
}

gboolean
bgrun_haptic_player_get_playing (BgrunHapticPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_HAPTIC_PLAYER (self), FALSE);

  return self->playing;
}

/* repeating */

static void
repeat_free (Repeat *repeat)
{
  g_source_destroy (repeat->timeout);
  g_source_unref (repeat->timeout);
  if (repeat->destroy != NULL)
    repeat->destroy (repeat->data);
  g_free (repeat);
}

/* Ends repetition @id if it runs. Stolen before it is freed, so that its
 * destroy notify may stop or start repetitions. */
static void
end_repeat (BgrunHapticPlayer *self,
            guint              id)
{
  Repeat *repeat;

  if (g_hash_table_steal_extended (self->repeats, GUINT_TO_POINTER (id), NULL, (gpointer *) &repeat))
    repeat_free (repeat);
}

static gboolean
on_repeat_tick (gpointer user_data)
{
  Repeat *repeat = user_data;
  /* @func may end this repetition, which frees @repeat, or drop the
   * caller's reference to the player: only these copies are used after it. */
  g_autoptr(BgrunHapticPlayer) self = g_object_ref (repeat->player);
  guint id = repeat->id;
  BgrunHapticType type = repeat->type;

  if (repeat->func != NULL && !repeat->func (type, repeat->data))
    {
      end_repeat (self, id);
      return G_SOURCE_REMOVE;
    }
  if (!g_hash_table_contains (self->repeats, GUINT_TO_POINTER (id)))
    return G_SOURCE_REMOVE;

  bgrun_haptic_player_play (self, type);
  return G_SOURCE_CONTINUE;
}

guint
bgrun_haptic_player_play_repeating (BgrunHapticPlayer     *self,
                                    BgrunHapticType        type,
                                    double                 interval_seconds,
                                    BgrunHapticRepeatFunc  func,
                                    gpointer               data,
                                    GDestroyNotify         destroy)
{
  Repeat *repeat;

  g_return_val_if_fail (BGRUN_IS_HAPTIC_PLAYER (self), 0);
  g_return_val_if_fail (type <= BGRUN_HAPTIC_TYPE_CLICK, 0);
  /* Written so that NaN fails too. */
  g_return_val_if_fail (interval_seconds > 0 &&
                        interval_seconds <= BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX, 0);

  repeat = g_new0 (Repeat, 1);
  repeat->player = self;
  repeat->id = ++self->last_repeat_id;
  repeat->type = type;
  repeat->func = func;
  repeat->data = data;
  repeat->destroy = destroy;
  repeat->timeout = g_timeout_source_new ((guint) ceil (interval_seconds * 1000));
  g_source_set_static_name (repeat->timeout, "[bgrun] haptic repetition");
  g_source_set_callback (repeat->timeout, on_repeat_tick, repeat, NULL);
  g_source_attach (repeat->timeout, self->context);
  g_hash_table_insert (self->repeats, GUINT_TO_POINTER (repeat->id), repeat);

  bgrun_haptic_player_play (self, type);
  return repeat->id;
}

void
bgrun_haptic_player_stop_repeating (BgrunHapticPlayer *self,
                                    guint              id)
{
  g_return_if_fail (BGRUN_IS_HAPTIC_PLAYER (self));
  g_return_if_fail (id != 0);

  end_repeat (self, id);
}

/* the object */

BgrunHapticPlayer *
bgrun_haptic_player_new (const char *sink_description)
{
  return g_object_new (BGRUN_TYPE_HAPTIC_PLAYER,
                       "sink-description", sink_description,
                       NULL);
}

BgrunHapticPlayer *
bgrun_haptic_player_get_default (void)
{
  static BgrunHapticPlayer *default_player;

  if (g_once_init_enter (&default_player))
    {
      const char *sink = g_getenv ("BGRUN_AUDIO_SINK");

      g_once_init_leave (&default_player,
                         bgrun_haptic_player_new (sink != NULL && *sink != '\0' ? sink : NULL));
    }
  return default_player;
}

static void
bgrun_haptic_player_dispose (GObject *object)
{
  BgrunHapticPlayer *self = BGRUN_HAPTIC_PLAYER (object);

  while (g_hash_table_size (self->repeats) > 0)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, self->repeats);
      g_hash_table_iter_next (&iter, &id, NULL);
      end_repeat (self, GPOINTER_TO_UINT (id));
    }
  drop_pipeline (self);

  G_OBJECT_CLASS (bgrun_haptic_player_parent_class)->dispose (object);
}

static void
bgrun_haptic_player_finalize (GObject *object)
{
  BgrunHapticPlayer *self = BGRUN_HAPTIC_PLAYER (object);

  g_hash_table_unref (self->repeats);
  g_main_context_unref (self->context);
  g_free (self->sink_description);

  G_OBJECT_CLASS (bgrun_haptic_player_parent_class)->finalize (object);
}

static void
bgrun_haptic_player_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BgrunHapticPlayer *self = BGRUN_HAPTIC_PLAYER (object);

  switch (prop_id)
    {
    case PROP_SINK_DESCRIPTION:
      g_value_set_string (value, self->sink_description);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, bgrun_haptic_player_get_playing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_haptic_player_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BgrunHapticPlayer *self = BGRUN_HAPTIC_PLAYER (object);

  switch (prop_id)
    {
    case PROP_SINK_DESCRIPTION:
      self->sink_description = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_haptic_player_class_init (BgrunHapticPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_haptic_player_dispose;
  object_class->finalize = bgrun_haptic_player_finalize;
  object_class->get_property = bgrun_haptic_player_get_property;
  object_class->set_property = bgrun_haptic_player_set_property;

  properties[PROP_SINK_DESCRIPTION] =
    g_param_spec_string ("sink-description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_haptic_player_init (BgrunHapticPlayer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->repeats = g_hash_table_new (NULL, NULL);
}
