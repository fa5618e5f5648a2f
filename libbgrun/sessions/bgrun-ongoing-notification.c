/* bgrun-ongoing-notification.c: the one notification that lists an app's
 * ongoing sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-ongoing-notification-private.h"
#include "bgrun-ongoing-registry-private.h"
#include "bgrun-ongoing-session-private.h"

/* Even a session starting or ending waits this long (µs) after the
 * previous update. With org.freedesktop.Notifications, GIO learns the
 * server's id of a notification from the reply to Notify; an update or a
 * withdrawal sent before that reply came cannot name it, and leaves the
 * first notification on screen for good. A quarter of a second is far
 * more than a server's reply takes, and too short for a user to notice. */
#define LIST_CHANGE_GAP (G_USEC_PER_SEC / 4)

struct _BgrunOngoingNotification
{
  GObject parent_instance;

  GApplication *application;
  GPtrArray    *sessions;    /* the registry's, of BgrunOngoingSession */
  gint64        last_sent;   /* monotonic µs; 0: never */
  GSource      *deferred;    /* the pending rate-limited update */
  gint64        deferred_at; /* when it fires, monotonic µs */
  GApplication *held;        /* held while an update is deferred */
  gboolean      shown;
  guint         n_sent;
};

G_DEFINE_FINAL_TYPE (BgrunOngoingNotification, bgrun_ongoing_notification, G_TYPE_OBJECT)

static GApplication *
registered_application (BgrunOngoingNotification *self)
{
  if (self->application == NULL || !g_application_get_is_registered (self->application))
    return NULL;
  return self->application;
}

static void
release_hold (BgrunOngoingNotification *self)
{
  if (self->held != NULL)
    g_application_release (self->held);
  g_clear_object (&self->held);
}

static void
cancel_deferred (BgrunOngoingNotification *self)
{
  if (self->deferred != NULL)
    g_source_destroy (self->deferred);
  g_clear_pointer (&self->deferred, g_source_unref);
  release_hold (self);
}

static void
add_stop_button (GNotification       *notification,
                 BgrunOngoingSession *session,
                 gboolean             named)
{
  g_autofree char *id = g_strdup_printf ("%u", bgrun_ongoing_session_get_id (session));
  g_autofree char *label = NULL;

  /* Translators: the button that stops one of several ongoing sessions
   * listed in one notification, such as: Stop “Network monitor”. */
  label = named ? g_strdup_printf (_("Stop “%s”"), bgrun_ongoing_session_get_title (session))
                : g_strdup (_("Stop"));
  g_notification_add_button_with_target (notification, label,
                                         "app." BGRUN_ONGOING_STOP_ACTION, "s", id);
}

static GNotification *
build (BgrunOngoingNotification *self)
{
  GNotification *notification;
  guint n = self->sessions->len;

  if (n == 1)
    {
      BgrunOngoingSession *session = g_ptr_array_index (self->sessions, 0);
      const char *status = bgrun_ongoing_session_get_status (session);

      notification = g_notification_new (bgrun_ongoing_session_get_title (session));
      if (status != NULL && *status != '\0')
        g_notification_set_body (notification, status);
      add_stop_button (notification, session, FALSE);
    }
  else
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *title =
        /* Translators: the title of the notification that lists an app's
         * running ongoing sessions, when there are several. */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u activity running",
                                      "%u activities running", n), n);

      notification = g_notification_new (title);
      for (guint i = 0; i < n; i++)
        {
          BgrunOngoingSession *session = g_ptr_array_index (self->sessions, i);
          const char *status = bgrun_ongoing_session_get_status (session);

          if (body->len > 0)
            g_string_append_c (body, '\n');
          if (status != NULL && *status != '\0')
            /* Translators: one line of the notification that lists an
             * app's ongoing sessions: the title, then the status. */
            g_string_append_printf (body, _("%s — %s"), bgrun_ongoing_session_get_title (session),
                                    status);
          else
            g_string_append (body, bgrun_ongoing_session_get_title (session));
          add_stop_button (notification, session, TRUE);
        }
      g_notification_set_body (notification, body->str);
    }
  /* Low: the user started it and knows it runs; updates must not pop up. */
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_LOW);
  return notification;
}

static void
send_now (BgrunOngoingNotification *self)
{
  GApplication *application = registered_application (self);
  g_autoptr(GNotification) notification = NULL;

  cancel_deferred (self);
  self->last_sent = g_get_monotonic_time ();
  if (application == NULL)
    return;
  if (self->sessions->len == 0)
    {
      if (self->shown)
        {
          g_application_withdraw_notification (application, BGRUN_ONGOING_NOTIFICATION_ID);
          self->n_sent++;
        }
      self->shown = FALSE;
      return;
    }
  notification = build (self);
  g_application_send_notification (application, BGRUN_ONGOING_NOTIFICATION_ID, notification);
  self->shown = TRUE;
  self->n_sent++;
}

static gboolean
on_deferred (gpointer user_data)
{
  BgrunOngoingNotification *self = user_data;

  g_clear_pointer (&self->deferred, g_source_unref);
  send_now (self);
  release_hold (self);
  return G_SOURCE_REMOVE;
}

static void
bgrun_ongoing_notification_dispose (GObject *object)
{
  BgrunOngoingNotification *self = BGRUN_ONGOING_NOTIFICATION (object);
  GApplication *application = registered_application (self);

  cancel_deferred (self);
  if (self->shown && application != NULL)
    g_application_withdraw_notification (application, BGRUN_ONGOING_NOTIFICATION_ID);
  self->shown = FALSE;
  g_clear_object (&self->application);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);

  G_OBJECT_CLASS (bgrun_ongoing_notification_parent_class)->dispose (object);
}

static void
bgrun_ongoing_notification_class_init (BgrunOngoingNotificationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_ongoing_notification_dispose;
}

static void
bgrun_ongoing_notification_init (BgrunOngoingNotification *self)
{
}

BgrunOngoingNotification *
bgrun_ongoing_notification_new (GApplication *application,
                                GPtrArray    *sessions)
{
  BgrunOngoingNotification *self = g_object_new (BGRUN_TYPE_ONGOING_NOTIFICATION, NULL);

  g_set_object (&self->application, application);
  self->sessions = g_ptr_array_ref (sessions);
  return self;
}

/* Sends now if the last update is at least @interval µs old; else makes
 * sure one update goes out @interval after the last one (or earlier, when
 * one is already due earlier). The update sent shows the list as it is
 * then, so it carries every change made meanwhile. */
static void
schedule (BgrunOngoingNotification *self,
          gint64                    interval)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due = self->last_sent + interval;

  if (self->last_sent == 0 || now >= due)
    {
      send_now (self);
      return;
    }
  if (self->deferred != NULL && self->deferred_at <= due)
    return;
  cancel_deferred (self);
  self->deferred_at = due;
  self->deferred = g_timeout_source_new ((guint) ((due - now + 999) / 1000));
  g_source_set_callback (self->deferred, on_deferred, self, NULL);
  g_source_set_static_name (self->deferred, "[libbgrun] ongoing-session notification");
  g_source_attach (self->deferred, g_main_context_get_thread_default ());
  /* The last session's end releases the app: without this hold an app
   * with no window would quit before the notification is withdrawn (or
   * shows its last status), and leave it on screen. */
  if (registered_application (self) != NULL)
    {
      self->held = g_object_ref (self->application);
      g_application_hold (self->held);
    }
}

void
bgrun_ongoing_notification_update (BgrunOngoingNotification *self)
{
  g_return_if_fail (BGRUN_IS_ONGOING_NOTIFICATION (self));

  schedule (self, LIST_CHANGE_GAP);
}

void
bgrun_ongoing_notification_refresh (BgrunOngoingNotification *self)
{
  g_return_if_fail (BGRUN_IS_ONGOING_NOTIFICATION (self));

  schedule (self, (gint64) BGRUN_ONGOING_STATUS_MIN_INTERVAL * G_USEC_PER_SEC);
}

void
bgrun_ongoing_notification_withdraw_now (BgrunOngoingNotification *self)
{
  GApplication *application = registered_application (self);

  g_return_if_fail (BGRUN_IS_ONGOING_NOTIFICATION (self));

  cancel_deferred (self);
  if (self->shown && application != NULL)
    {
      g_application_withdraw_notification (application, BGRUN_ONGOING_NOTIFICATION_ID);
      self->n_sent++;
    }
  self->shown = FALSE;
}

guint
bgrun_ongoing_notification_get_n_sent (BgrunOngoingNotification *self)
{
  g_return_val_if_fail (BGRUN_IS_ONGOING_NOTIFICATION (self), 0);

  return self->n_sent;
}
