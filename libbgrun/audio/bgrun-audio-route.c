/* bgrun-audio-route.c: following the audio output devices
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gst/gst.h>

#include "bgrun-audio-route-private.h"
#include "bgrun-enum-types.h"

/* The route is the sound server's default sink. Headphones unplugged show
 * up as the default sink's device going away (the server then picks
 * another default, which arrives as a change of that device, or as
 * nothing at all); headphones plugged in as a new sink. */

struct _BgrunAudioRoute
{
  GObject parent_instance;

  GstDeviceMonitor *monitor;
  guint             watch;
  GHashTable       *devices;   /* name → TRUE: the sinks now present */
  char             *output;
};

G_DEFINE_FINAL_TYPE (BgrunAudioRoute, bgrun_audio_route, G_TYPE_OBJECT)

enum {
  SIG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
device_name (GstDevice *device)
{
  char *name = NULL;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name") != NULL)
    g_object_get (device, "internal-name", &name, NULL);
  if (name == NULL)
    name = gst_device_get_display_name (device);
  return name;
}

static gboolean
device_is_default (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  gboolean is_default = FALSE;

  return props != NULL && gst_structure_get_boolean (props, "is-default", &is_default) &&
         is_default;
}

static void
set_output (BgrunAudioRoute *self,
            const char      *output)
{
  g_free (self->output);
  self->output = g_strdup (output);
}

static void
emit (BgrunAudioRoute        *self,
      BgrunRouteChangeReason  reason,
      const char             *old_output)
{
  g_signal_emit (self, signals[SIG_CHANGED], 0, reason, old_output);
}

/* Without a default among the known sinks (a server that names none), the
 * first one left is the output, as the server would pick it. */
static void
pick_any_output (BgrunAudioRoute *self)
{
  GHashTableIter iter;
  gpointer key = NULL;

  g_hash_table_iter_init (&iter, self->devices);
  if (g_hash_table_iter_next (&iter, &key, NULL))
    set_output (self, key);
  else
    set_output (self, NULL);
}

static gboolean
on_message (GstBus     *bus,
            GstMessage *message,
            gpointer    user_data)
{
  BgrunAudioRoute *self = user_data;
  g_autoptr(GstDevice) device = NULL;
  g_autofree char *name = NULL;
  g_autofree char *old = g_strdup (self->output);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      gst_message_parse_device_added (message, &device);
      name = device_name (device);
      /* The devices listed at the start may be announced again. */
      if (g_hash_table_contains (self->devices, name))
        break;
      g_hash_table_replace (self->devices, g_strdup (name), GINT_TO_POINTER (TRUE));
      if (device_is_default (device) || self->output == NULL)
        set_output (self, name);
      emit (self, BGRUN_ROUTE_CHANGE_REASON_NEW_DEVICE_AVAILABLE, old);
      break;
    case GST_MESSAGE_DEVICE_REMOVED:
      gst_message_parse_device_removed (message, &device);
      name = device_name (device);
      g_hash_table_remove (self->devices, name);
      if (g_strcmp0 (name, self->output) == 0)
        {
          pick_any_output (self);
          emit (self, BGRUN_ROUTE_CHANGE_REASON_OLD_DEVICE_UNAVAILABLE, old);
        }
      break;
    case GST_MESSAGE_DEVICE_CHANGED:
      {
        g_autoptr(GstDevice) changed = NULL;

        gst_message_parse_device_changed (message, &device, &changed);
        name = device_name (device);
        if (device_is_default (device) && g_strcmp0 (name, self->output) != 0)
          {
            set_output (self, name);
            emit (self, BGRUN_ROUTE_CHANGE_REASON_UNKNOWN, old);
          }
      }
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
bgrun_audio_route_init (BgrunAudioRoute *self)
{
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
bgrun_audio_route_dispose (GObject *object)
{
  BgrunAudioRoute *self = BGRUN_AUDIO_ROUTE (object);

  if (self->monitor != NULL)
    {
      gst_device_monitor_stop (self->monitor);
      g_clear_handle_id (&self->watch, g_source_remove);
      gst_clear_object (&self->monitor);
    }
  G_OBJECT_CLASS (bgrun_audio_route_parent_class)->dispose (object);
}

static void
bgrun_audio_route_finalize (GObject *object)
{
  BgrunAudioRoute *self = BGRUN_AUDIO_ROUTE (object);

  g_hash_table_unref (self->devices);
  g_free (self->output);
  G_OBJECT_CLASS (bgrun_audio_route_parent_class)->finalize (object);
}

static void
bgrun_audio_route_class_init (BgrunAudioRouteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_audio_route_dispose;
  object_class->finalize = bgrun_audio_route_finalize;

  signals[SIG_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BGRUN_TYPE_ROUTE_CHANGE_REASON, G_TYPE_STRING);
}

BgrunAudioRoute *
bgrun_audio_route_new (void)
{
  BgrunAudioRoute *self = g_object_new (BGRUN_TYPE_AUDIO_ROUTE, NULL);
  g_autoptr(GstBus) bus = NULL;
  GList *devices;

  self->monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (self->monitor, "Audio/Sink", NULL);
  bus = gst_device_monitor_get_bus (self->monitor);
  self->watch = gst_bus_add_watch (bus, on_message, self);
  if (!gst_device_monitor_start (self->monitor))
    {
      /* No provider (no sound server): no route to follow. */
      g_debug ("libbgrun: no audio device provider started; output devices are not followed");
      return self;
    }
  /* The devices present at the start arrive by the list, not as messages. */
  devices = gst_device_monitor_get_devices (self->monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      g_autofree char *name = device_name (l->data);

      g_hash_table_replace (self->devices, g_strdup (name), GINT_TO_POINTER (TRUE));
      if (device_is_default (l->data) || self->output == NULL)
        set_output (self, name);
    }
  g_list_free_full (devices, gst_object_unref);
  return self;
}

const char *
bgrun_audio_route_get_output (BgrunAudioRoute *self)
{
  return self->output;
}
