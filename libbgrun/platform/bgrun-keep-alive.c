/* bgrun-keep-alive.c: keeping the app and the machine running while a
 * session needs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-background-portal-private.h"
#include "bgrun-inhibitor-private.h"
#include "bgrun-keep-alive-private.h"

/* Every session (extended runtime, audio, location, workout) keeps its app
 * going the same way, through a lease on the app's keep-alive: the
 * GApplication is held, the Background portal is told why the app runs,
 * and an idle or suspend inhibitor is held. Each lease releases exactly
 * what it took, exactly once, whichever way the session ends, so the
 * sessions only need to release their lease (or drop the keep-alive).
 *
 * The inhibitor answers asynchronously. A lease is shared by the keep-alive
 * and its pending inhibitor request, so an answer that comes after the
 * lease was released (or after the keep-alive was disposed) finds the lease
 * marked released and releases the inhibitor at once. */

typedef struct
{
  guint                id;
  BgrunKeepAliveFlags  flags;
  char                *reason;
  char                *status;
  GApplication        *application;  /* held until released */
  gpointer             hold;         /* the inhibitor's, while in place */
  gboolean             released;
  GWeakRef             owner;        /* the keep-alive, for the answer */
} Lease;

struct _BgrunKeepAlive
{
  GObject parent_instance;

  GApplication          *application;   /* NULL: the default at each acquire */
  char                  *app_id;        /* NULL: from the application */
  GPtrArray             *leases;        /* Lease, oldest first */
  guint                  last_id;
  BgrunInhibitor        *inhibitor;     /* created at the first inhibiting lease */
  BgrunBackgroundPortal *background;    /* created at the first background lease */
  guint                  n_pending;
  gboolean               inhibited;
  gboolean               inhibitor_reported;  /* its one debug message was logged */
};

G_DEFINE_FINAL_TYPE (BgrunKeepAlive, bgrun_keep_alive, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_HELD,
  PROP_INHIBITED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIG_BACKGROUND_DENIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define INHIBIT_FLAGS (BGRUN_KEEP_ALIVE_INHIBIT_IDLE | BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND)

static Lease *
lease_new (BgrunKeepAlive      *owner,
           guint                id,
           BgrunKeepAliveFlags  flags,
           const char          *reason)
{
  Lease *lease = g_rc_box_new0 (Lease);

  lease->id = id;
  lease->flags = flags;
  lease->reason = g_strdup (reason);
  g_weak_ref_init (&lease->owner, owner);
  return lease;
}

static void
lease_clear (Lease *lease)
{
  /* Released before the last reference goes: nothing may still be held. */
  g_assert (lease->application == NULL && lease->hold == NULL);
  g_free (lease->reason);
  g_free (lease->status);
  g_weak_ref_clear (&lease->owner);
}

static void
lease_unref (Lease *lease)
{
  g_rc_box_release_full (lease, (GDestroyNotify) lease_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lease, lease_unref)

static Lease *
find_lease (BgrunKeepAlive *self,
            guint           id,
            guint          *index)
{
  for (guint i = 0; i < self->leases->len; i++)
    {
      Lease *lease = g_ptr_array_index (self->leases, i);

      if (lease->id == id)
        {
          if (index != NULL)
            *index = i;
          return lease;
        }
    }
  return NULL;
}

static const char *
who (BgrunKeepAlive *self)
{
  GApplication *application = self->application;
  const char *id = NULL;

  if (self->app_id != NULL)
    return self->app_id;
  if (application == NULL)
    application = g_application_get_default ();
  if (application != NULL)
    id = g_application_get_application_id (application);
  if (id == NULL)
    id = g_get_prgname ();
  return id != NULL ? id : "unknown";
}

static void
update_inhibited (BgrunKeepAlive *self)
{
  gboolean inhibited = FALSE;

  for (guint i = 0; i < self->leases->len && !inhibited; i++)
    inhibited = ((Lease *) g_ptr_array_index (self->leases, i))->hold != NULL;
  if (inhibited == self->inhibited)
    return;
  self->inhibited = inhibited;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INHIBITED]);
}

static void
on_inhibited (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BgrunInhibitor *inhibitor = BGRUN_INHIBITOR (source);
  g_autoptr(Lease) lease = user_data;
  g_autoptr(BgrunKeepAlive) self = g_weak_ref_get (&lease->owner);
  g_autoptr(GError) error = NULL;
  gpointer hold = bgrun_inhibitor_inhibit_finish (inhibitor, result, &error);

  if (self != NULL)
    self->n_pending--;

  if (hold == NULL)
    {
      if (self != NULL && !self->inhibitor_reported)
        g_debug ("libbgrun: the %s inhibitor is not available, so “%s” keeps only the application running: %s",
                 bgrun_inhibitor_get_name (inhibitor), lease->reason, error->message);
      if (self != NULL)
        self->inhibitor_reported = TRUE;
      return;
    }

  if (lease->released)
    {
      bgrun_inhibitor_release (inhibitor, hold);
      return;
    }

  /* Not released, so the keep-alive was not disposed: it still lists it. */
  lease->hold = hold;
  update_inhibited (self);
}

static void
inhibit (BgrunKeepAlive *self,
         Lease          *lease)
{
  BgrunInhibitorFlags flags = 0;

  if (lease->flags & BGRUN_KEEP_ALIVE_INHIBIT_IDLE)
    flags |= BGRUN_INHIBITOR_IDLE;
  if (lease->flags & BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND)
    flags |= BGRUN_INHIBITOR_SUSPEND;

  if (self->inhibitor == NULL)
    self->inhibitor = bgrun_inhibitor_new_for_system ();
  self->n_pending++;
  bgrun_inhibitor_inhibit_async (self->inhibitor, flags, who (self), lease->reason,
                                 on_inhibited, g_rc_box_acquire (lease));
}

static void
hold_application (BgrunKeepAlive *self,
                  Lease          *lease)
{
  GApplication *application = self->application;

  if (application == NULL)
    application = g_application_get_default ();
  if (application == NULL)
    return;
  g_application_hold (application);
  lease->application = g_object_ref (application);
}

/* Shows the status of the newest background lease that has one; none when
 * no background lease has one (or none is left). */
static void
update_status (BgrunKeepAlive *self)
{
  const char *status = "";

  if (self->background == NULL)
    return;
  for (guint i = self->leases->len; i > 0; i--)
    {
      Lease *lease = g_ptr_array_index (self->leases, i - 1);

      if ((lease->flags & BGRUN_KEEP_ALIVE_BACKGROUND) && lease->status != NULL)
        {
          status = lease->status;
          break;
        }
    }
  bgrun_background_portal_set_status (self->background, status);
}

static guint
count_background (BgrunKeepAlive *self)
{
  guint n = 0;

  for (guint i = 0; i < self->leases->len; i++)
    if (((Lease *) g_ptr_array_index (self->leases, i))->flags & BGRUN_KEEP_ALIVE_BACKGROUND)
      n++;
  return n;
}

/* Asks the portal once per stretch of background leases: when the first
 * of them begins, not again while one runs. */
static void
on_background_denied (BgrunKeepAlive *self)
{
  /* A permission taken back while no background lease runs ends
   * nothing: the next lease asks again. */
  if (count_background (self) > 0)
    g_signal_emit (self, signals[SIG_BACKGROUND_DENIED], 0);
}

static void
request_background (BgrunKeepAlive *self,
                    Lease          *lease)
{
  if (self->background == NULL && bgrun_background_portal_is_wanted ())
    {
      self->background = bgrun_background_portal_new (who (self));
      g_signal_connect_object (self->background, "denied", G_CALLBACK (on_background_denied),
                               self, G_CONNECT_SWAPPED);
    }
  if (self->background == NULL)
    return;
  if (count_background (self) == 1)
    bgrun_background_portal_request (self->background, lease->reason);
  update_status (self);
}

/* Lets go of what @lease holds; an inhibitor still pending is let go of by
 * on_inhibited(). */
static void
release_lease (BgrunKeepAlive *self,
               Lease          *lease)
{
  lease->released = TRUE;
  if (lease->hold != NULL)
    bgrun_inhibitor_release (self->inhibitor, g_steal_pointer (&lease->hold));
  if (lease->application != NULL)
    {
      g_application_release (lease->application);
      g_clear_object (&lease->application);
    }
}

static void
bgrun_keep_alive_dispose (GObject *object)
{
  BgrunKeepAlive *self = BGRUN_KEEP_ALIVE (object);

  /* Sessions may drop the keep-alive with leases outstanding: nothing it
   * holds may outlive it. */
  while (self->leases->len > 0)
    {
      g_autoptr(Lease) lease = g_ptr_array_steal_index (self->leases, self->leases->len - 1);

      release_lease (self, lease);
    }
  self->inhibited = FALSE;
  update_status (self);
  g_clear_object (&self->background);
  g_clear_object (&self->inhibitor);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (bgrun_keep_alive_parent_class)->dispose (object);
}

static void
bgrun_keep_alive_finalize (GObject *object)
{
  BgrunKeepAlive *self = BGRUN_KEEP_ALIVE (object);

  g_clear_pointer (&self->leases, g_ptr_array_unref);
  g_clear_pointer (&self->app_id, g_free);

  G_OBJECT_CLASS (bgrun_keep_alive_parent_class)->finalize (object);
}

static void
bgrun_keep_alive_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BgrunKeepAlive *self = BGRUN_KEEP_ALIVE (object);

  switch (prop_id)
    {
    case PROP_N_HELD:
      g_value_set_uint (value, bgrun_keep_alive_get_n_held (self));
      break;
    case PROP_INHIBITED:
      g_value_set_boolean (value, self->inhibited);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_keep_alive_class_init (BgrunKeepAliveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_keep_alive_dispose;
  object_class->finalize = bgrun_keep_alive_finalize;
  object_class->get_property = bgrun_keep_alive_get_property;

  properties[PROP_N_HELD] =
    g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INHIBITED] =
    g_param_spec_boolean ("inhibited", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIG_BACKGROUND_DENIED] =
    g_signal_new ("background-denied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_keep_alive_init (BgrunKeepAlive *self)
{
  self->leases = g_ptr_array_new_with_free_func ((GDestroyNotify) lease_unref);
}

BgrunKeepAlive *
bgrun_keep_alive_new (GApplication *application,
                      const char   *app_id)
{
  BgrunKeepAlive *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  self = g_object_new (BGRUN_TYPE_KEEP_ALIVE, NULL);
  g_set_object (&self->application, application);
  self->app_id = g_strdup (app_id);
  return self;
}

guint
bgrun_keep_alive_acquire (BgrunKeepAlive      *self,
                          BgrunKeepAliveFlags  flags,
                          const char          *reason)
{
  Lease *lease;

  g_return_val_if_fail (BGRUN_IS_KEEP_ALIVE (self), 0);
  g_return_val_if_fail (reason != NULL && *reason != '\0', 0);

  lease = lease_new (self, ++self->last_id, flags, reason);
  g_ptr_array_add (self->leases, lease);
  if (flags & BGRUN_KEEP_ALIVE_HOLD_APPLICATION)
    hold_application (self, lease);
  if (flags & INHIBIT_FLAGS)
    inhibit (self, lease);
  if (flags & BGRUN_KEEP_ALIVE_BACKGROUND)
    request_background (self, lease);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
  return lease->id;
}

void
bgrun_keep_alive_release (BgrunKeepAlive *self,
                          guint           id)
{
  g_autoptr(Lease) lease = NULL;
  guint index;

  g_return_if_fail (BGRUN_IS_KEEP_ALIVE (self));
  g_return_if_fail (find_lease (self, id, &index) != NULL);

  lease = g_ptr_array_steal_index (self->leases, index);
  release_lease (self, lease);
  if (lease->flags & BGRUN_KEEP_ALIVE_BACKGROUND)
    update_status (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
  update_inhibited (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
bgrun_keep_alive_set_status (BgrunKeepAlive *self,
                             guint           id,
                             const char     *status)
{
  Lease *lease;

  g_return_if_fail (BGRUN_IS_KEEP_ALIVE (self));
  lease = find_lease (self, id, NULL);
  g_return_if_fail (lease != NULL);

  g_free (lease->status);
  lease->status = (status != NULL && *status != '\0') ? g_strdup (status) : NULL;
  if (lease->flags & BGRUN_KEEP_ALIVE_BACKGROUND)
    update_status (self);
}

guint
bgrun_keep_alive_get_n_held (BgrunKeepAlive *self)
{
  g_return_val_if_fail (BGRUN_IS_KEEP_ALIVE (self), 0);

  return self->leases->len;
}

gboolean
bgrun_keep_alive_get_inhibited (BgrunKeepAlive *self)
{
  g_return_val_if_fail (BGRUN_IS_KEEP_ALIVE (self), FALSE);

  return self->inhibited;
}

guint
bgrun_keep_alive_get_n_pending (BgrunKeepAlive *self)
{
  g_return_val_if_fail (BGRUN_IS_KEEP_ALIVE (self), 0);

  return self->n_pending;
}
