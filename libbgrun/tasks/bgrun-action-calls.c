/* bgrun-action-calls.c: which of a GApplication's action activations
 * another process asked for
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-action-calls-private.h"

/* GApplicationClass's before_emit and after_emit (public vfuncs) are
 * what GApplication runs around everything another process asks of it,
 * and only then: the `activate`, `open` and `command-line` signals and
 * every action invocation, from org.freedesktop.Application and
 * org.gtk.Actions alike. libbgrun wraps them in the application's own
 * class, chaining to what was there, so each call opens a window; the
 * first action activated in a window that emits none of those three
 * signals first is the one the call ran. The app's own activations
 * (menus, shortcuts, code, a D-Bus method of its own, an `activate`
 * handler) happen outside any window or after its first activation.
 *
 * A GDBus message filter would see the calls too, but only those that
 * arrive after it is added: the call that D-Bus activation starts the app
 * for arrives as soon as the name is acquired, before `startup`, where
 * apps make their scheduler; GApplication looks its vfuncs up when it
 * dispatches the call, which comes later. */

#define WINDOWS_KEY "bgrun-action-calls"

typedef struct
{
  void (*before_emit) (GApplication *application,
                       GVariant     *platform_data);
  void (*after_emit)  (GApplication *application,
                       GVariant     *platform_data);
} Emits;

static GHashTable *originals;  /* GType of a class wrapped → Emits * */

/* Per application: one entry per open window, innermost last; whether it
 * has had its activation (or is a signal's). */
static GArray *
windows_of (GApplication *application)
{
  return g_object_get_data (G_OBJECT (application), WINDOWS_KEY);
}

static const Emits *
originals_of (GApplication *application)
{
  for (GType type = G_OBJECT_TYPE (application); type != 0; type = g_type_parent (type))
    {
      const Emits *emits = g_hash_table_lookup (originals, GSIZE_TO_POINTER (type));

      if (emits != NULL)
        return emits;
    }
  g_assert_not_reached ();
}

static void
wrapped_before_emit (GApplication *application,
                     GVariant     *platform_data)
{
  GArray *windows = windows_of (application);
  const Emits *emits = originals_of (application);
  gboolean spent = FALSE;

  if (emits->before_emit != NULL)
    emits->before_emit (application, platform_data);
  if (windows != NULL)
    g_array_append_val (windows, spent);
}

static void
wrapped_after_emit (GApplication *application,
                    GVariant     *platform_data)
{
  GArray *windows = windows_of (application);
  const Emits *emits = originals_of (application);

  if (windows != NULL && windows->len > 0)
    g_array_set_size (windows, windows->len - 1);
  if (emits->after_emit != NULL)
    emits->after_emit (application, platform_data);
}

static gboolean
take_window (GApplication *application)
{
  GArray *windows = windows_of (application);
  gboolean *spent;

  if (windows == NULL || windows->len == 0)
    return FALSE;
  spent = &g_array_index (windows, gboolean, windows->len - 1);
  if (*spent)
    return FALSE;
  *spent = TRUE;
  return TRUE;
}

/* `activate`, `open`, `command-line`: the window is the signal's, and
 * what its handlers activate is the app's own doing. Emission hooks run
 * before any handler. */
static gboolean
on_application_signal (GSignalInvocationHint *hint,
                       guint                  n_values,
                       const GValue          *values,
                       gpointer               user_data)
{
  take_window (g_value_get_object (&values[0]));
  return TRUE;
}

static void
wrap_class (GApplicationClass *klass)
{
  Emits *emits;

  if (klass->before_emit == wrapped_before_emit)
    return;
  emits = g_new0 (Emits, 1);
  emits->before_emit = klass->before_emit;
  emits->after_emit = klass->after_emit;
  g_hash_table_insert (originals, GSIZE_TO_POINTER (G_OBJECT_CLASS_TYPE (klass)), emits);
  klass->before_emit = wrapped_before_emit;
  klass->after_emit = wrapped_after_emit;
}

void
bgrun_action_calls_follow (GApplication *application)
{
  static const char * const signals[] = { "activate", "open", "command-line" };

  if (originals == NULL)
    {
      originals = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
        g_signal_add_emission_hook (g_signal_lookup (signals[i], G_TYPE_APPLICATION), 0,
                                    on_application_signal, NULL, NULL);
    }
  wrap_class (G_APPLICATION_GET_CLASS (application));
  if (windows_of (application) == NULL)
    g_object_set_data_full (G_OBJECT (application), WINDOWS_KEY,
                            g_array_new (FALSE, FALSE, sizeof (gboolean)),
                            (GDestroyNotify) g_array_unref);
}

gboolean
bgrun_action_calls_take (GApplication *application)
{
  return take_window (application);
}
