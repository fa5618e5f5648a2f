/* bgrun-transfer-watchdog.c: the per-request timer of transfers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libsoup's own timeout is left off: this one covers the whole request
 * (connecting, the headers, every chunk of the body) the same way for
 * every kind of transfer, and says afterwards that it was the timer, not
 * the app, that cancelled.
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-transfer-watchdog-private.h"
#include "bgrun-url-session-error.h"

struct _BgrunTransferWatchdog
{
  GCancellable *parent;
  gulong        parent_handler;
  GCancellable *cancellable;
  double        seconds;
  guint         source;
  gboolean      fired;
};

static gboolean
on_timeout (gpointer user_data)
{
  BgrunTransferWatchdog *self = user_data;

  self->source = 0;
  self->fired = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_parent_cancelled (GCancellable *parent,
                     gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

BgrunTransferWatchdog *
bgrun_transfer_watchdog_new (GCancellable *parent,
                             double        seconds)
{
  BgrunTransferWatchdog *self = g_new0 (BgrunTransferWatchdog, 1);

  self->cancellable = g_cancellable_new ();
  self->seconds = seconds;
  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      self->parent_handler = g_cancellable_connect (parent, G_CALLBACK (on_parent_cancelled),
                                                    g_object_ref (self->cancellable), g_object_unref);
    }
  bgrun_transfer_watchdog_kick (self);
  return self;
}

GCancellable *
bgrun_transfer_watchdog_get_cancellable (BgrunTransferWatchdog *self)
{
  return self->cancellable;
}

void
bgrun_transfer_watchdog_kick (BgrunTransferWatchdog *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  if (self->seconds > 0 && !self->fired)
    self->source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN (self->seconds * 1000, G_MAXUINT),
                                       on_timeout, self, NULL);
}

gboolean
bgrun_transfer_watchdog_fired (BgrunTransferWatchdog *self)
{
  return self->fired;
}

GError *
bgrun_transfer_watchdog_error (BgrunTransferWatchdog *self,
                               const char            *uri)
{
  return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_TIMED_OUT,
                      _("The server of “%s” sent nothing for %g seconds (timeout-for-request). Try again later, or allow more time."),
                      uri, self->seconds);
}

void
bgrun_transfer_watchdog_free (BgrunTransferWatchdog *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  if (self->parent != NULL)
    g_cancellable_disconnect (self->parent, self->parent_handler);
  g_clear_object (&self->parent);
  g_clear_object (&self->cancellable);
  g_free (self);
}
