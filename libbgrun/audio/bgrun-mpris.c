/* bgrun-mpris.c: a player on MPRIS 2
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-mpris-private.h"
#include "bgrun-i18n-private.h"

/* MPRIS 2.2: the root interface and the Player interface at
 * /org/mpris/MediaPlayer2. Properties are read from the player when asked;
 * changes are found by comparing with what was last announced, on an idle
 * after any of the player's notifications, so every change is announced
 * once with PropertiesChanged (Position excepted, as the spec says: it
 * jumps are announced with Seeked). */

#define MPRIS_PATH "/org/mpris/MediaPlayer2"
#define ROOT_IFACE "org.mpris.MediaPlayer2"
#define PLAYER_IFACE "org.mpris.MediaPlayer2.Player"
#define TRACK_PREFIX "/org/libbgrun/Track/"
#define NO_TRACK "/org/mpris/MediaPlayer2/TrackList/NoTrack"

static const char introspection_xml[] =
  "<node>"
  " <interface name='org.mpris.MediaPlayer2'>"
  "  <method name='Raise'/>"
  "  <method name='Quit'/>"
  "  <property name='CanQuit' type='b' access='read'/>"
  "  <property name='CanRaise' type='b' access='read'/>"
  "  <property name='HasTrackList' type='b' access='read'/>"
  "  <property name='Identity' type='s' access='read'/>"
  "  <property name='DesktopEntry' type='s' access='read'/>"
  "  <property name='SupportedUriSchemes' type='as' access='read'/>"
  "  <property name='SupportedMimeTypes' type='as' access='read'/>"
  " </interface>"
  " <interface name='org.mpris.MediaPlayer2.Player'>"
  "  <method name='Next'/>"
  "  <method name='Previous'/>"
  "  <method name='Pause'/>"
  "  <method name='PlayPause'/>"
  "  <method name='Stop'/>"
  "  <method name='Play'/>"
  "  <method name='Seek'><arg direction='in' name='Offset' type='x'/></method>"
  "  <method name='SetPosition'>"
  "   <arg direction='in' name='TrackId' type='o'/>"
  "   <arg direction='in' name='Position' type='x'/>"
  "  </method>"
  "  <method name='OpenUri'><arg direction='in' name='Uri' type='s'/></method>"
  "  <signal name='Seeked'><arg name='Position' type='x'/></signal>"
  "  <property name='PlaybackStatus' type='s' access='read'/>"
  "  <property name='Rate' type='d' access='readwrite'/>"
  "  <property name='Metadata' type='a{sv}' access='read'/>"
  "  <property name='Volume' type='d' access='readwrite'/>"
  "  <property name='Position' type='x' access='read'/>"
  "  <property name='MinimumRate' type='d' access='read'/>"
  "  <property name='MaximumRate' type='d' access='read'/>"
  "  <property name='CanGoNext' type='b' access='read'/>"
  "  <property name='CanGoPrevious' type='b' access='read'/>"
  "  <property name='CanPlay' type='b' access='read'/>"
  "  <property name='CanPause' type='b' access='read'/>"
  "  <property name='CanSeek' type='b' access='read'/>"
  "  <property name='CanControl' type='b' access='read'/>"
  " </interface>"
  "</node>";

/* The Player properties announced with PropertiesChanged. */
static const char * const announced[] = {
  "PlaybackStatus", "Metadata", "Volume", "CanGoNext", "CanGoPrevious",
  "CanPlay", "CanPause", "CanSeek",
};

struct _BgrunMpris
{
  GObject parent_instance;

  BgrunAudioPlayer *player;      /* not owned: the player owns the export */
  char             *app_id;
  GDBusNodeInfo    *info;
  guint             owner_id;
  GDBusConnection  *connection;
  guint             root_id;
  guint             player_id;
  GHashTable       *sent;        /* name → GVariant last announced */
  guint             idle_id;
  gulong            notify_handler;
  gulong            seeked_handler;
  gulong            items_handler;
};

G_DEFINE_FINAL_TYPE (BgrunMpris, bgrun_mpris, G_TYPE_OBJECT)

static gint64
usec (double seconds)
{
  return (gint64) (seconds * G_USEC_PER_SEC);
}

static GVariant *
metadata (BgrunMpris *self)
{
  GVariantBuilder builder;
  int index = bgrun_audio_player_get_current_index (self->player);
  const char *uri = bgrun_audio_player_get_current_uri (self->player);
  const char *title = bgrun_audio_player_get_title (self->player);
  const char *artist = bgrun_audio_player_get_artist (self->player);
  double duration = bgrun_audio_player_get_duration (self->player);
  g_autofree char *track = g_strdup_printf (TRACK_PREFIX "%d", index);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "mpris:trackid",
                         g_variant_new_object_path (index >= 0 ? track : NO_TRACK));
  if (uri != NULL)
    g_variant_builder_add (&builder, "{sv}", "xesam:url", g_variant_new_string (uri));
  if (title != NULL)
    g_variant_builder_add (&builder, "{sv}", "xesam:title", g_variant_new_string (title));
  if (artist != NULL)
    {
      const char *artists[] = { artist, NULL };

      g_variant_builder_add (&builder, "{sv}", "xesam:artist", g_variant_new_strv (artists, -1));
    }
  if (duration >= 0)
    g_variant_builder_add (&builder, "{sv}", "mpris:length", g_variant_new_int64 (usec (duration)));
  return g_variant_builder_end (&builder);
}

static GVariant *
player_property (BgrunMpris *self,
                 const char *name)
{
  BgrunAudioPlayer *player = self->player;
  int index = bgrun_audio_player_get_current_index (player);
  guint n = g_list_model_get_n_items (bgrun_audio_player_get_queue (player));

  if (g_str_equal (name, "PlaybackStatus"))
    {
      switch (bgrun_audio_player_get_state (player))
        {
        case BGRUN_AUDIO_PLAYER_STATE_PLAYING:
          return g_variant_new_string ("Playing");
        case BGRUN_AUDIO_PLAYER_STATE_PAUSED:
          return g_variant_new_string ("Paused");
        case BGRUN_AUDIO_PLAYER_STATE_STOPPED:
        default:
          return g_variant_new_string ("Stopped");
        }
    }
  if (g_str_equal (name, "Rate") || g_str_equal (name, "MinimumRate") ||
      g_str_equal (name, "MaximumRate"))
    return g_variant_new_double (1.0);
  if (g_str_equal (name, "Metadata"))
    return metadata (self);
  if (g_str_equal (name, "Volume"))
    return g_variant_new_double (bgrun_audio_player_get_volume (player));
  if (g_str_equal (name, "Position"))
    return g_variant_new_int64 (usec (bgrun_audio_player_get_position (player)));
  if (g_str_equal (name, "CanGoNext"))
    return g_variant_new_boolean (index >= 0 && index + 1 < (int) n);
  if (g_str_equal (name, "CanGoPrevious"))
    return g_variant_new_boolean (index > 0);
  if (g_str_equal (name, "CanPlay") || g_str_equal (name, "CanPause"))
    return g_variant_new_boolean (index >= 0);
  if (g_str_equal (name, "CanSeek"))
    return g_variant_new_boolean (bgrun_audio_player_get_duration (player) > 0);
  if (g_str_equal (name, "CanControl"))
    return g_variant_new_boolean (TRUE);
  return NULL;
}

static GVariant *
root_property (BgrunMpris *self,
               const char *name)
{
  if (g_str_equal (name, "CanQuit") || g_str_equal (name, "HasTrackList"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (name, "CanRaise"))
    return g_variant_new_boolean (TRUE);
  if (g_str_equal (name, "Identity"))
    {
      const char *name_shown = g_get_application_name ();

      return g_variant_new_string (name_shown != NULL ? name_shown : self->app_id);
    }
  if (g_str_equal (name, "DesktopEntry"))
    return g_variant_new_string (self->app_id);
  if (g_str_equal (name, "SupportedUriSchemes"))
    {
      const char *schemes[] = { "file", "http", "https", NULL };

      return g_variant_new_strv (schemes, -1);
    }
  if (g_str_equal (name, "SupportedMimeTypes"))
    {
      const char *types[] = { "audio/ogg", "audio/x-vorbis+ogg", "audio/x-opus+ogg",
                              "audio/flac", "audio/mpeg", "audio/x-wav", NULL };

      return g_variant_new_strv (types, -1);
    }
  return NULL;
}

static GVariant *
get_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *path,
              const char       *interface,
              const char       *name,
              GError          **error,
              gpointer          user_data)
{
  BgrunMpris *self = user_data;
  GVariant *value = g_str_equal (interface, ROOT_IFACE) ? root_property (self, name)
                                                        : player_property (self, name);

  if (value == NULL)
    g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
                 _("No property %s on %s"), name, interface);
  return value;
}

static gboolean
set_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *path,
              const char       *interface,
              const char       *name,
              GVariant         *value,
              GError          **error,
              gpointer          user_data)
{
  BgrunMpris *self = user_data;

  if (g_str_equal (name, "Volume"))
    {
      /* The spec: negative is 0; the player has no gain above 1. */
      bgrun_audio_player_set_volume (self->player, CLAMP (g_variant_get_double (value), 0.0, 1.0));
      return TRUE;
    }
  if (g_str_equal (name, "Rate"))
    {
      if (g_variant_get_double (value) == 1.0)
        return TRUE;
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED,
                   _("This player plays at rate 1.0 only"));
      return FALSE;
    }
  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_PROPERTY_READ_ONLY, _("%s is read-only"), name);
  return FALSE;
}

static void
return_gerror (GDBusMethodInvocation *invocation,
               GError                *error)
{
  g_dbus_method_invocation_return_dbus_error (invocation, "org.mpris.MediaPlayer2.Error",
                                              error->message);
}

static void
seek_to (BgrunMpris            *self,
         GDBusMethodInvocation *invocation,
         gint64                 position)
{
  g_autoptr(GError) error = NULL;
  double duration = bgrun_audio_player_get_duration (self->player);

  /* The spec: a position past the end goes to the next track; a negative
   * one to the start. */
  if (duration >= 0 && position > usec (duration))
    bgrun_audio_player_next (self->player);
  else if (!bgrun_audio_player_seek (self->player, MAX (position, 0) / (double) G_USEC_PER_SEC, &error))
    {
      return_gerror (invocation, error);
      return;
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
call_player (BgrunMpris            *self,
             const char            *method,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation)
{
  BgrunAudioPlayer *player = self->player;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (method, "Next"))
    bgrun_audio_player_next (player);
  else if (g_str_equal (method, "Previous"))
    bgrun_audio_player_previous (player);
  else if (g_str_equal (method, "Pause"))
    bgrun_audio_player_pause (player);
  else if (g_str_equal (method, "Stop"))
    bgrun_audio_player_stop (player);
  else if (g_str_equal (method, "Play") ||
           (g_str_equal (method, "PlayPause") &&
            bgrun_audio_player_get_state (player) != BGRUN_AUDIO_PLAYER_STATE_PLAYING))
    {
      if (!bgrun_audio_player_play (player, &error))
        {
          return_gerror (invocation, error);
          return;
        }
    }
  else if (g_str_equal (method, "PlayPause"))
    bgrun_audio_player_pause (player);
  else if (g_str_equal (method, "Seek"))
    {
      gint64 offset;

      g_variant_get (parameters, "(x)", &offset);
      seek_to (self, invocation, usec (bgrun_audio_player_get_position (player)) + offset);
      return;
    }
  else if (g_str_equal (method, "SetPosition"))
    {
      const char *track;
      gint64 position;
      g_autofree char *current = g_strdup_printf (TRACK_PREFIX "%d",
                                                  bgrun_audio_player_get_current_index (player));

      g_variant_get (parameters, "(&ox)", &track, &position);
      /* The spec: a stale track id or a position out of range is ignored. */
      if (g_str_equal (track, current) && position >= 0 &&
          position <= usec (bgrun_audio_player_get_duration (player)))
        {
          seek_to (self, invocation, position);
          return;
        }
    }
  else if (g_str_equal (method, "OpenUri"))
    {
      const char *uri;
      guint n;

      g_variant_get (parameters, "(&s)", &uri);
      if (!bgrun_audio_player_append_uri (player, uri, &error))
        {
          return_gerror (invocation, error);
          return;
        }
      n = g_list_model_get_n_items (bgrun_audio_player_get_queue (player));
      bgrun_audio_player_select (player, n - 1);
      if (!bgrun_audio_player_play (player, &error))
        {
          return_gerror (invocation, error);
          return;
        }
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *path,
             const char            *interface,
             const char            *method,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  BgrunMpris *self = user_data;

  if (g_str_equal (interface, PLAYER_IFACE))
    {
      call_player (self, method, parameters, invocation);
      return;
    }
  if (g_str_equal (method, "Raise"))
    {
      GApplication *application = g_application_get_default ();

      if (application != NULL)
        g_application_activate (application);
    }
  /* Quit: CanQuit is false, so it does nothing, as the spec allows. */
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, set_property, { 0 } };

static gboolean
announce (gpointer user_data)
{
  BgrunMpris *self = user_data;
  GVariantBuilder changed;
  gboolean any = FALSE;

  self->idle_id = 0;
  if (self->connection == NULL)
    return G_SOURCE_REMOVE;
  g_variant_builder_init (&changed, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < G_N_ELEMENTS (announced); i++)
    {
      GVariant *value = g_variant_ref_sink (player_property (self, announced[i]));
      GVariant *last = g_hash_table_lookup (self->sent, announced[i]);

      if (last != NULL && g_variant_equal (last, value))
        {
          g_variant_unref (value);
          continue;
        }
      g_variant_builder_add (&changed, "{sv}", announced[i], value);
      g_hash_table_replace (self->sent, (gpointer) announced[i], value);
      any = TRUE;
    }
  if (any)
    g_dbus_connection_emit_signal (self->connection, NULL, MPRIS_PATH,
                                   "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                   g_variant_new ("(sa{sv}as)", PLAYER_IFACE, &changed, NULL),
                                   NULL);
  else
    g_variant_builder_clear (&changed);
  return G_SOURCE_REMOVE;
}

static void
schedule_announce (BgrunMpris *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (announce, self);
}

static void
on_player_notify (GObject    *player,
                  GParamSpec *pspec,
                  BgrunMpris *self)
{
  /* Position is polled by clients, never announced. */
  if (!g_str_equal (pspec->name, "position"))
    schedule_announce (self);
}

static void
on_seeked (BgrunAudioPlayer *player,
           double            position,
           BgrunMpris       *self)
{
  if (self->connection != NULL)
    g_dbus_connection_emit_signal (self->connection, NULL, MPRIS_PATH, PLAYER_IFACE, "Seeked",
                                   g_variant_new ("(x)", usec (position)), NULL);
}

static void
on_items_changed (GListModel *queue,
                  guint       position,
                  guint       removed,
                  guint       added,
                  BgrunMpris *self)
{
  schedule_announce (self);
}

static void
on_bus_acquired (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  BgrunMpris *self = user_data;
  g_autoptr(GError) error = NULL;

  self->connection = g_object_ref (connection);
  self->root_id = g_dbus_connection_register_object (connection, MPRIS_PATH,
                                                     self->info->interfaces[0],
                                                     &vtable, self, NULL, &error);
  if (self->root_id != 0)
    self->player_id = g_dbus_connection_register_object (connection, MPRIS_PATH,
                                                         self->info->interfaces[1],
                                                         &vtable, self, NULL, &error);
  if (error != NULL)
    g_warning ("libbgrun: the player cannot be exported over MPRIS: %s", error->message);
  /* What clients read first is what later changes are compared with. */
  for (guint i = 0; i < G_N_ELEMENTS (announced); i++)
    g_hash_table_replace (self->sent, (gpointer) announced[i],
                          g_variant_ref_sink (player_property (self, announced[i])));
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_debug ("libbgrun: the MPRIS name %s is not ours (no session bus, or taken)", name);
}

static void
bgrun_mpris_init (BgrunMpris *self)
{
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) g_variant_unref);
}

static void
bgrun_mpris_dispose (GObject *object)
{
  BgrunMpris *self = BGRUN_MPRIS (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->player != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->player);
      g_clear_signal_handler (&self->seeked_handler, self->player);
      g_clear_signal_handler (&self->items_handler, bgrun_audio_player_get_queue (self->player));
      self->player = NULL;
    }
  if (self->connection != NULL)
    {
      if (self->player_id != 0)
        g_dbus_connection_unregister_object (self->connection, self->player_id);
      if (self->root_id != 0)
        g_dbus_connection_unregister_object (self->connection, self->root_id);
      self->player_id = self->root_id = 0;
      g_clear_object (&self->connection);
    }
  g_clear_handle_id (&self->owner_id, g_bus_unown_name);
  G_OBJECT_CLASS (bgrun_mpris_parent_class)->dispose (object);
}

static void
bgrun_mpris_finalize (GObject *object)
{
  BgrunMpris *self = BGRUN_MPRIS (object);

  g_hash_table_unref (self->sent);
  g_clear_pointer (&self->info, g_dbus_node_info_unref);
  g_free (self->app_id);
  G_OBJECT_CLASS (bgrun_mpris_parent_class)->finalize (object);
}

static void
bgrun_mpris_class_init (BgrunMprisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_mpris_dispose;
  object_class->finalize = bgrun_mpris_finalize;
}

BgrunMpris *
bgrun_mpris_new (BgrunAudioPlayer *player,
                 const char       *app_id)
{
  BgrunMpris *self = g_object_new (BGRUN_TYPE_MPRIS, NULL);
  g_autofree char *name = g_strconcat ("org.mpris.MediaPlayer2.", app_id, NULL);

  self->player = player;
  self->app_id = g_strdup (app_id);
  self->info = g_dbus_node_info_new_for_xml (introspection_xml, NULL);
  self->notify_handler = g_signal_connect (player, "notify", G_CALLBACK (on_player_notify), self);
  self->seeked_handler = g_signal_connect (player, "seeked", G_CALLBACK (on_seeked), self);
  self->items_handler = g_signal_connect (bgrun_audio_player_get_queue (player), "items-changed",
                                          G_CALLBACK (on_items_changed), self);
  self->owner_id = g_bus_own_name (G_BUS_TYPE_SESSION, name, G_BUS_NAME_OWNER_FLAGS_NONE,
                                   on_bus_acquired, NULL, on_name_lost, self, NULL);
  return self;
}
