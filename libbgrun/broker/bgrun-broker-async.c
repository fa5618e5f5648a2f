/* bgrun-broker-async.c: broker calls that do not block the caller
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-broker-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"

/* The embedded broker answers at once: its engine is in this process.
 * Its answer takes the shape of the daemon's reply, so the callers read
 * one form whichever placement answered. */
/* (@value), or NULL when @value is: a reply that takes @value, the
 * caller's reference (the broker's lists and explanations are not
 * floating) or a floating one. */
static GVariant *
tuple_of (GVariant *value)
{
  g_autoptr(GVariant) owned = value != NULL ? g_variant_take_ref (value) : NULL;

  return owned != NULL ? g_variant_new_tuple (&owned, 1) : NULL;
}

static GVariant *
answer_now (BgrunBroker  *self,
            const char   *method,
            GVariant     *parameters,
            GError      **error)
{
  const char *identifier = NULL;

  if (parameters != NULL && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(s)")))
    g_variant_get (parameters, "(&s)", &identifier);

  if (g_str_equal (method, "Submit") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(a{sv}b)")))
    {
      g_autoptr(GVariant) request = NULL;
      gboolean frontmost;

      g_variant_get (parameters, "(@a{sv}b)", &request, &frontmost);
      return bgrun_broker_submit (self, request, frontmost, error) ? g_variant_new ("()") : NULL;
    }
  if (g_str_equal (method, "Cancel") && identifier != NULL)
    {
      bgrun_broker_cancel (self, identifier);
      return g_variant_new ("()");
    }
  if (g_str_equal (method, "CancelAll"))
    {
      bgrun_broker_cancel_all (self);
      return g_variant_new ("()");
    }
  if (g_str_equal (method, "ListPending"))
    return tuple_of (bgrun_broker_list_pending (self));
  if (g_str_equal (method, "ListHistory"))
    return tuple_of (bgrun_broker_list_history (self));
  if (g_str_equal (method, "Explain") && identifier != NULL)
    return tuple_of (bgrun_broker_explain (self, identifier, error));
  if (g_str_equal (method, "ExplainByTag") && identifier != NULL)
    return tuple_of (bgrun_broker_explain_by_tag (self, identifier, error));
  /* A mistake in libbgrun itself, not in the app. */
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
               _("The scheduler cannot run “%s” without blocking: it has no such call."), method);
  return NULL;
}

void
bgrun_broker_call_async (BgrunBroker         *self,
                         const char          *method,
                         GVariant            *parameters,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  BgrunBrokerInterface *iface = BGRUN_BROKER_GET_IFACE (self);
  g_autoptr(GVariant) owned = parameters != NULL ? g_variant_ref_sink (parameters) : NULL;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  GVariant *reply;

  if (iface->call_async != NULL)
    {
      iface->call_async (self, method, owned, cancellable, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_broker_call_async);
  reply = answer_now (self, method, owned, &error);
  if (reply != NULL)
    g_task_return_pointer (task, g_variant_ref_sink (reply), (GDestroyNotify) g_variant_unref);
  else
    g_task_return_error (task, error);
}

GVariant *
bgrun_broker_call_finish (BgrunBroker   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  BgrunBrokerInterface *iface = BGRUN_BROKER_GET_IFACE (self);

  if (iface->call_finish != NULL)
    return iface->call_finish (self, result, error);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
