/* bgrun-app-windows.c: whether a GTK application shows a window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gmodule.h>

#include "bgrun-app-windows-private.h"

/* libbgrun promises apps that it needs no GTK, so it includes no GTK
 * header and links no GTK library. A GtkApplication is known by its type
 * name; its windows, their visibility and their surfaces' state are
 * GObject signals and properties, reached by name. Three things have no
 * property and are looked up, by their public names, in the GTK the
 * process loaded (C apps link it; PyGObject and gjs load it with global
 * symbols): the application's windows (gtk_application_get_windows, for
 * those made before the scheduler), a GTK 4 window's GdkSurface
 * (gtk_native_get_surface) and a GTK 3 window's GdkWindow and its state
 * (gtk_widget_get_window, gdk_window_get_state). */

/* GDK_TOPLEVEL_STATE_MINIMIZED (GTK 4), GDK_WINDOW_STATE_ICONIFIED (GTK 3) */
#define GTK4_MINIMISED (1u << 0)
#define GTK3_MINIMISED (1u << 1)

typedef GList   *(*GetWindows) (gpointer application);
typedef gpointer (*GetSurface) (gpointer window);
typedef guint    (*GetState)   (gpointer surface);

struct _BgrunAppWindows
{
  GObject       parent_instance;
  GApplication *application;
  GHashTable   *windows;         /* GtkWindow * → Window * */
  GetSurface    get_surface;
  GetState      get_state;       /* GTK 3; GTK 4 reads the surface's "state" */
  guint         minimised_flag;
  gboolean      shown;
};

typedef struct
{
  BgrunAppWindows *self;
  GObject         *widget;
  GObject         *surface;      /* GTK 4, while the window is realised */
  gboolean         minimised;
} Window;

G_DEFINE_FINAL_TYPE (BgrunAppWindows, bgrun_app_windows, G_TYPE_OBJECT)

enum { PROP_0, PROP_SHOWN, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gpointer
gtk_function (const char *name)
{
  static GModule *process;
  gpointer function = NULL;

  if (process == NULL)
    process = g_module_open (NULL, 0);
  if (process == NULL || !g_module_symbol (process, name, &function))
    return NULL;
  return function;
}

static void
update (BgrunAppWindows *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean shown = FALSE;

  g_hash_table_iter_init (&iter, self->windows);
  while (!shown && g_hash_table_iter_next (&iter, NULL, &value))
    {
      Window *window = value;
      gboolean visible = FALSE;

      g_object_get (window->widget, "visible", &visible, NULL);
      shown = visible && !window->minimised;
    }
  if (shown == self->shown)
    return;
  self->shown = shown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

static void
read_state (Window *window)
{
  BgrunAppWindows *self = window->self;
  guint state = 0;

  if (self->get_state != NULL)
    {
      gpointer gdk_window = self->get_surface (window->widget);

      state = gdk_window != NULL ? self->get_state (gdk_window) : 0;
    }
  else if (window->surface != NULL)
    g_object_get (window->surface, "state", &state, NULL);
  window->minimised = (state & self->minimised_flag) != 0;
}

static void
on_state (GObject    *object,
          GParamSpec *pspec,
          Window     *window)
{
  read_state (window);
  update (window->self);
}

static void
on_visible (GObject    *widget,
            GParamSpec *pspec,
            Window     *window)
{
  update (window->self);
}

static gboolean
on_window_state_event (GObject  *widget,
                       gpointer  event,
                       Window   *window)
{
  on_state (widget, NULL, window);
  return FALSE;
}

static void
forget_surface (Window *window)
{
  if (window->surface == NULL)
    return;
  g_signal_handlers_disconnect_by_data (window->surface, window);
  g_clear_object (&window->surface);
}

/* GTK 4: a window has its surface while it is realised. */
static void
follow_surface (Window *window)
{
  gpointer surface = window->self->get_surface (window->widget);

  if (surface != window->surface)
    {
      forget_surface (window);
      if (surface != NULL)
        {
          window->surface = g_object_ref (surface);
          g_signal_connect (surface, "notify::state", G_CALLBACK (on_state), window);
        }
    }
  on_state (NULL, NULL, window);
}

static void
window_free (gpointer data)
{
  Window *window = data;

  forget_surface (window);
  g_signal_handlers_disconnect_by_data (window->widget, window);
  g_free (window);
}

static void
add_window (BgrunAppWindows *self,
            GObject         *widget)
{
  Window *window;

  if (g_hash_table_contains (self->windows, widget))
    return;
  window = g_new0 (Window, 1);
  window->self = self;
  window->widget = widget;
  g_hash_table_insert (self->windows, widget, window);
  g_signal_connect (widget, "notify::visible", G_CALLBACK (on_visible), window);
  if (self->get_state != NULL)
    {
      g_signal_connect (widget, "window-state-event", G_CALLBACK (on_window_state_event), window);
      on_state (NULL, NULL, window);
      return;
    }
  g_signal_connect_swapped (widget, "realize", G_CALLBACK (follow_surface), window);
  g_signal_connect_data (widget, "unrealize", G_CALLBACK (follow_surface), window, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  follow_surface (window);
}

static void
on_window_added (GApplication    *application,
                 GObject         *widget,
                 BgrunAppWindows *self)
{
  add_window (self, widget);
}

static void
on_window_removed (GApplication    *application,
                   GObject         *widget,
                   BgrunAppWindows *self)
{
  g_hash_table_remove (self->windows, widget);
  update (self);
}

static void
bgrun_app_windows_dispose (GObject *object)
{
  BgrunAppWindows *self = BGRUN_APP_WINDOWS (object);

  if (self->windows != NULL)
    g_hash_table_remove_all (self->windows);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (self->application, self);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (bgrun_app_windows_parent_class)->dispose (object);
}

static void
bgrun_app_windows_finalize (GObject *object)
{
  g_hash_table_unref (BGRUN_APP_WINDOWS (object)->windows);

  G_OBJECT_CLASS (bgrun_app_windows_parent_class)->finalize (object);
}

static void
bgrun_app_windows_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOWN:
      g_value_set_boolean (value, BGRUN_APP_WINDOWS (object)->shown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_app_windows_class_init (BgrunAppWindowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_app_windows_dispose;
  object_class->finalize = bgrun_app_windows_finalize;
  object_class->get_property = bgrun_app_windows_get_property;

  properties[PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_app_windows_init (BgrunAppWindows *self)
{
  self->windows = g_hash_table_new_full (NULL, NULL, NULL, window_free);
}

BgrunAppWindows *
bgrun_app_windows_new (GApplication *application)
{
  GType gtk_application = g_type_from_name ("GtkApplication");
  BgrunAppWindows *self;
  GetWindows get_windows;
  GetSurface get_surface;
  GetState get_state = NULL;
  gboolean gtk4;

  if (gtk_application == 0 || !g_type_is_a (G_OBJECT_TYPE (application), gtk_application))
    return NULL;
  /* GtkNative is GTK 4's; GTK 3 has GdkWindows instead. */
  get_windows = gtk_function ("gtk_application_get_windows");
  get_surface = gtk_function ("gtk_native_get_surface");
  gtk4 = get_surface != NULL;
  if (!gtk4)
    {
      get_surface = gtk_function ("gtk_widget_get_window");
      get_state = gtk_function ("gdk_window_get_state");
    }
  if (get_windows == NULL || get_surface == NULL || (!gtk4 && get_state == NULL))
    {
      g_debug ("libbgrun: the process’s GTK lacks what following its windows needs");
      return NULL;
    }

  self = g_object_new (BGRUN_TYPE_APP_WINDOWS, NULL);
  self->application = g_object_ref (application);
  self->get_surface = get_surface;
  self->get_state = get_state;
  self->minimised_flag = gtk4 ? GTK4_MINIMISED : GTK3_MINIMISED;
  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), self);
  g_signal_connect (application, "window-removed", G_CALLBACK (on_window_removed), self);
  /* The list is GTK's own (transfer none). */
  for (GList *l = get_windows (application); l != NULL; l = l->next)
    add_window (self, l->data);
  update (self);
  return self;
}

gboolean
bgrun_app_windows_get_shown (BgrunAppWindows *self)
{
  g_return_val_if_fail (BGRUN_IS_APP_WINDOWS (self), FALSE);

  return self->shown;
}
