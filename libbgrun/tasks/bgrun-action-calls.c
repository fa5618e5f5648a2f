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
 * handler) happen outside any window or after its first activation. An
 * original that chains up to a parent class wrapped for another
 * application meets a wrapper again, which then runs the parent's.
 *
 * A GDBus message filter would see the calls too, but only those that
 * arrive after it is added: the call that D-Bus activation starts the app
 * for arrives as soon as the name is acquired, before `startup`, where
 * apps make their scheduler; GApplication looks its vfuncs up when it
 * dispatches the call, which comes later. */

#define STATE_KEY "bgrun-action-calls"

typedef void (*Emit) (GApplication *application,
                      GVariant     *platform_data);

typedef struct
{
  Emit before_emit;
  Emit after_emit;
} Emits;

static GHashTable *originals;  /* GType of a class wrapped → Emits * */

typedef struct
{
  gboolean  followed;
  GArray   *windows;  /* gboolean per open window, innermost last: had its activation */
  GArray   *chain;    /* GType of the class whose original runs, per wrapper running */
} State;

static void
state_free (gpointer data)
{
  State *state = data;

  g_array_unref (state->windows);
  g_array_unref (state->chain);
  g_free (state);
}

static State *
state_of (GApplication *application)
{
  State *state = g_object_get_data (G_OBJECT (application), STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (State, 1);
      state->windows = g_array_new (FALSE, FALSE, sizeof (gboolean));
      state->chain = g_array_new (FALSE, FALSE, sizeof (GType));
      g_object_set_data_full (G_OBJECT (application), STATE_KEY, state, state_free);
    }
  return state;
}

/* The original a wrapper stands for. An original that chains up to its
 * parent class may reach a wrapper again (the parent class was wrapped
 * for another application): that one runs the next original up. */
static GType
next_wrapped (State        *state,
              GApplication *application)
{
  GType type = state->chain->len == 0 ? G_OBJECT_TYPE (application)
                                      : g_type_parent (g_array_index (state->chain, GType,
                                                                      state->chain->len - 1));

  for (; type != 0; type = g_type_parent (type))
    if (g_hash_table_contains (originals, GSIZE_TO_POINTER (type)))
      return type;
  g_assert_not_reached ();
}

static void
run_original (State        *state,
              GApplication *application,
              gboolean      before,
              GVariant     *platform_data)
{
  GType type = next_wrapped (state, application);
  const Emits *emits = g_hash_table_lookup (originals, GSIZE_TO_POINTER (type));
  Emit original = before ? emits->before_emit : emits->after_emit;

  g_array_append_val (state->chain, type);
  if (original != NULL)
    original (application, platform_data);
  g_array_set_size (state->chain, state->chain->len - 1);
}

static void
wrapped_before_emit (GApplication *application,
                     GVariant     *platform_data)
{
  State *state = state_of (application);
  gboolean outermost = state->chain->len == 0;
  gboolean spent = FALSE;

  run_original (state, application, TRUE, platform_data);
  if (outermost && state->followed)
    g_array_append_val (state->windows, spent);
}

static void
wrapped_after_emit (GApplication *application,
                    GVariant     *platform_data)
{
  State *state = state_of (application);

  if (state->chain->len == 0 && state->windows->len > 0)
    g_array_set_size (state->windows, state->windows->len - 1);
  run_original (state, application, FALSE, platform_data);
}

gboolean
bgrun_action_calls_take (GApplication *application)
{
  State *state = g_object_get_data (G_OBJECT (application), STATE_KEY);
  gboolean *spent;

  if (state == NULL || state->windows->len == 0)
    return FALSE;
  spent = &g_array_index (state->windows, gboolean, state->windows->len - 1);
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
  bgrun_action_calls_take (g_value_get_object (&values[0]));
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
  state_of (application)->followed = TRUE;
}
