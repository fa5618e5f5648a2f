/* bgrun-engine-requests.c: submitting, cancelling and listing requests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-internal-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-limits.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-task-request-private.h"

/* Requests come in here: validated, stored with their SUBMITTED entry
 * before submit() returns, and made pending for the next evaluation; and
 * go out here when cancelled. libbgrun's own requests (BGRUN_KIND_SYSTEM) too. */

/* Whether @app's pending request at @index is libbgrun's own. */
static gboolean
pending_is_system (App   *app,
                   guint  index)
{
  return bgrun_kind_has (g_array_index (app->pending_facts, BgrunRequestFacts, index).kind,
                         BGRUN_KIND_SYSTEM);
}

gboolean
bgrun_engine_is_system_request (BgrunEngine *self,
                                const char  *app_id,
                                const char  *identifier)
{
  App *app = bgrun_engine_get_app (self, app_id);
  int index = bgrun_engine_app_find_pending (app, identifier);

  return index >= 0 && pending_is_system (app, index);
}

static gboolean
check_continued (App       *app,
                 GVariant  *request,
                 gboolean   frontmost,
                 GError   **error)
{
  const char *strategy = "queue";
  const char *identifier = bgrun_request_dict_get_identifier (request);

  if (!frontmost)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("Continued processing “%s” can only be submitted while the app is in the foreground (the scheduler’s “frontmost” property), in answer to a user action."),
                   identifier);
      return FALSE;
    }
  g_variant_lookup (request, "strategy", "&s", &strategy);
  if (g_str_equal (strategy, "fail") && bgrun_engine_app_find_task (app, identifier) != NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE,
                   _("Continued processing “%s” cannot start now: a task with that identifier is still running. Use a unique identifier (a registered family such as “prefix.*”), or the queue strategy."),
                   identifier);
      return FALSE;
    }
  if (g_str_equal (strategy, "fail") &&
      bgrun_engine_app_count_continued (app, TRUE) >= BGRUN_MAX_CONTINUED_TASKS)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE,
                   _("Continued processing “%s” cannot start now: %d continued-processing tasks of this app are running or queued, the most that may run at once. Use the queue strategy to wait for a free slot."),
                   identifier, BGRUN_MAX_CONTINUED_TASKS);
      return FALSE;
    }
  return TRUE;
}

/* Whether @request, which says KEEP, finds a request or a task of its
 * identifier to keep; *@message is set to its history entry's message. */
static gboolean
keeps_existing (App               *app,
                BgrunTaskRequest  *request,
                char             **message)
{
  BgrunExistingRequestPolicy policy;
  const char *id = bgrun_task_request_get_identifier (request);

  g_object_get (request, "existing-policy", &policy, NULL);
  if (policy != BGRUN_EXISTING_REQUEST_POLICY_KEEP)
    return FALSE;
  if (bgrun_engine_app_find_pending (app, id) >= 0)
    *message = g_strdup (_("Not added: a request with this identifier is pending, and the new request’s existing-policy is KEEP, so the pending one stays."));
  else if (bgrun_engine_app_find_task (app, id) != NULL)
    *message = g_strdup (_("Not added: a task with this identifier is running, and the new request’s existing-policy is KEEP."));
  return *message != NULL;
}

/* Each prerequisite of @request must be pending or running, and not
 * repeat (a repeating request never completes for good). */
static gboolean
check_prerequisites (App               *app,
                     BgrunTaskRequest  *request,
                     GError           **error)
{
  const char * const *prerequisites = bgrun_task_request_get_prerequisites (request);
  const char *id = bgrun_task_request_get_identifier (request);

  for (guint i = 0; prerequisites != NULL && prerequisites[i] != NULL; i++)
    {
      int index = bgrun_engine_app_find_pending (app, prerequisites[i]);
      Running *running = bgrun_engine_app_find_task (app, prerequisites[i]);
      GVariant *found = index >= 0 ? g_ptr_array_index (app->pending, index)
                                   : running != NULL ? running->request : NULL;
      double interval = 0;

      if (found == NULL)
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Task request “%s” names the prerequisite “%s”, which is neither pending nor running. Submit the prerequisites first, then the requests that wait for them."),
                       id, prerequisites[i]);
          return FALSE;
        }
      if (g_variant_lookup (found, "repeat-interval", "d", &interval) && interval > 0)
        {
          g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("Task request “%s” names the prerequisite “%s”, which repeats and so never completes for good; a prerequisite must run once."),
                       id, prerequisites[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Validates @dict and returns the request in its normal form, submitted
 * at @submitted; *@identifier is set to its identifier. A request that
 * keeps an existing one (KEEP) returns NULL without an error, with
 * *@kept set to its history entry's message. What is checked is
 * read from the parsed request, not looked up in a dict: a lookup in an
 * a{sv} walks its entries, and this is the path of every submit. */
static GVariant *
accept_request (BgrunEngine  *self,
                App          *app,
                GVariant     *dict,
                gboolean      frontmost,
                gint64        submitted,
                char        **identifier,
                char        **kept,
                GError      **error)
{
  g_autoptr(BgrunTaskRequest) request = NULL;
  g_autoptr(GVariant) normal = NULL;
  const char *id;
  int replaced;

  request = bgrun_task_request_new_from_variant (dict, error);
  if (request == NULL || !bgrun_task_request_validate (request, error))
    return NULL;

  normal = bgrun_task_request_to_variant (request);
  id = bgrun_task_request_get_identifier (request);
  if (!bgrun_engine_app_is_registered (app, id))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("Register a handler for “%s” (or for a family such as “prefix.*”) before submitting it."),
                   id);
      return NULL;
    }
  if (bgrun_kind_has (bgrun_task_request_get_kind (request), BGRUN_KIND_USER_INITIATED) &&
      !check_continued (app, normal, frontmost, error))
    return NULL;

  replaced = bgrun_engine_app_find_pending (app, id);
  if (replaced >= 0 && pending_is_system (app, replaced))
    {
      const char *kind = g_array_index (app->pending_facts, BgrunRequestFacts, replaced).kind;

      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _(bgrun_kind_lookup (kind)->identifier_taken), id);
      return NULL;
    }
  if (!check_prerequisites (app, request, error))
    return NULL;
  if (keeps_existing (app, request, kept))
    {
      *identifier = g_strdup (id);
      return NULL;
    }
  if (replaced < 0 && app->pending->len >= BGRUN_MAX_PENDING_REQUESTS)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS,
                   _("Cannot submit “%s”: the app already has %d pending requests, the most it may have. Cancel some, or wait for them to run."),
                   id, BGRUN_MAX_PENDING_REQUESTS);
      return NULL;
    }

  *identifier = g_strdup (id);
  return bgrun_request_dict_edit (normal, "submitted", g_variant_new_int64 (submitted), NULL);
}

/* Stores @request (normal form, @submitted) with its SUBMITTED entry in
 * one transaction, then makes it pending in place of any pending request
 * of the same identifier. */
static gboolean
add_request (BgrunEngine  *self,
             App          *app,
             const char   *identifier,
             GVariant     *request,
             gint64        submitted,
             GError      **error)
{
  const char *message = _("Accepted and stored; it waits for its turn.");
  g_autoptr(GVariant) details = bgrun_engine_history_details (request, 0, NULL);
  gboolean stored;
  int replaced;
  guint position;

  if (bgrun_engine_ensure_store (self, error) == NULL)
    return FALSE;
  stored = bgrun_store_begin (self->store, error) &&
           bgrun_store_put_request (self->store, app->id, identifier, request, FALSE, error) &&
           bgrun_store_add_history_full (self->store, app->id, identifier,
                                         BGRUN_HISTORY_EVENT_SUBMITTED, submitted, message,
                                         details, error);
  if (stored)
    stored = bgrun_store_commit (self->store, error);
  else
    bgrun_store_rollback (self->store);
  if (!stored)
    return FALSE;

  replaced = bgrun_engine_app_find_pending (app, identifier);
  if (replaced >= 0)
    bgrun_engine_app_remove_pending (app, replaced);
  position = bgrun_engine_app_insert_pending (app, request);
  bgrun_engine_emit_history_added (self, app, identifier, BGRUN_HISTORY_EVENT_SUBMITTED, submitted,
                                   message, details);
  if (replaced >= 0 && (guint) replaced != position)
    bgrun_engine_emit_pending_changed (self, app, replaced, 1, NULL);
  bgrun_engine_emit_pending_changed (self, app, position, (guint) replaced == position, request);
  bgrun_engine_schedule_app_evaluation (self, app);
  return TRUE;
}

gboolean
bgrun_engine_submit (BgrunEngine  *self,
                     const char   *app_id,
                     GVariant     *dict,
                     gboolean      frontmost,
                     GError      **error)
{
  App *app = bgrun_engine_get_app (self, app_id);
  g_autoptr(GVariant) request = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *kept = NULL;
  gint64 submitted = bgrun_engine_now_usec (self);

  request = accept_request (self, app, dict, frontmost, submitted, &identifier, &kept, &local_error);
  if (request != NULL && add_request (self, app, identifier, request, submitted, &local_error))
    return TRUE;
  if (kept != NULL)
    {
      g_autoptr(GVariant) details = bgrun_engine_history_details (dict, 0, NULL);

      bgrun_engine_add_history_full (self, app, identifier, BGRUN_HISTORY_EVENT_KEPT, kept, details);
      return TRUE;
    }

  {
    const char *rejected = identifier;

    if (rejected == NULL)
      g_variant_lookup (dict, "identifier", "&s", &rejected);
    bgrun_engine_add_history (self, app, rejected != NULL ? rejected : "", BGRUN_HISTORY_EVENT_REJECTED,
                              local_error->message);
  }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
cancel_index_with (BgrunEngine *self,
                   App         *app,
                   guint        index,
                   const char  *message)
{
  g_autoptr(GVariant) request = g_variant_ref (g_ptr_array_index (app->pending, index));
  g_autoptr(GVariant) details = bgrun_engine_history_details (request, 0, NULL);
  g_autofree char *identifier = g_strdup (bgrun_request_dict_get_identifier (request));

  bgrun_engine_app_remove_pending (app, index);
  bgrun_engine_store_delete (self, app, identifier);
  bgrun_engine_add_history_full (self, app, identifier, BGRUN_HISTORY_EVENT_CANCELLED,
                                 message, details);
  bgrun_engine_emit_pending_changed (self, app, index, 1, NULL);
  bgrun_engine_cancel_dependants (self, app, identifier, BGRUN_HISTORY_EVENT_CANCELLED);
}

static void
cancel_index (BgrunEngine *self,
              App         *app,
              guint        index)
{
  cancel_index_with (self, app, index, _("Cancelled while it was pending."));
}

/* Whether the pending request at @index names @identifier among its
 * prerequisites. */
static gboolean
pending_depends_on (App        *app,
                    guint       index,
                    const char *identifier)
{
  g_autofree const char **prerequisites = NULL;

  if (!g_array_index (app->pending_facts, BgrunRequestFacts, index).has_prerequisites ||
      !g_variant_lookup (g_ptr_array_index (app->pending, index), "prerequisites", "^a&s", &prerequisites))
    return FALSE;
  return g_strv_contains (prerequisites, identifier);
}

/* Cancels the pending requests that wait for @identifier, which ended
 * with @event without completing: they can never start. Their own
 * dependants follow. Each removal is announced as it happens. */
void
bgrun_engine_cancel_dependants (BgrunEngine       *self,
                                App               *app,
                                const char        *identifier,
                                BgrunHistoryEvent  event)
{
  const char *format;

  switch (event)
    {
    case BGRUN_HISTORY_EVENT_FAILED:
      format = _("Cancelled because its prerequisite “%s” failed.");
      break;
    case BGRUN_HISTORY_EVENT_EXPIRED:
      format = _("Cancelled because its prerequisite “%s” expired before it completed.");
      break;
    case BGRUN_HISTORY_EVENT_CANCELLED:
    default:
      format = _("Cancelled because its prerequisite “%s” was cancelled.");
      break;
    }
  for (guint i = 0; i < app->pending->len; )
    if (pending_depends_on (app, i, identifier))
      {
        g_autofree char *message = g_strdup_printf (format, identifier);

        cancel_index_with (self, app, i, message);
        i = 0;  /* the cascade may have removed any of them */
      }
    else
      i++;
}

static void
cancel_pending (BgrunEngine *self,
                App         *app,
                int          index)
{
  cancel_index (self, app, index);
  bgrun_engine_schedule_app_evaluation (self, app);
}

void
bgrun_engine_cancel (BgrunEngine *self,
                     const char  *app_id,
                     const char  *identifier)
{
  App *app = bgrun_engine_get_app (self, app_id);
  int index = bgrun_engine_app_find_pending (app, identifier);

  /* The app's own requests: libbgrun's own (BGRUN_KIND_SYSTEM) are not the app's. */
  if (index >= 0 && !pending_is_system (app, index))
    cancel_pending (self, app, index);
}

void
bgrun_engine_cancel_any (BgrunEngine *self,
                         const char  *app_id,
                         const char  *identifier)
{
  App *app = bgrun_engine_get_app (self, app_id);
  int index = bgrun_engine_app_find_pending (app, identifier);

  if (index >= 0)
    cancel_pending (self, app, index);
}

/* Whether the pending request at @index carries @tag (NULL: any). */
static gboolean
pending_has_tag (App        *app,
                 guint       index,
                 const char *tag)
{
  g_autofree const char **tags = NULL;

  if (tag == NULL)
    return TRUE;
  if (!g_variant_lookup (g_ptr_array_index (app->pending, index), "tags", "^a&s", &tags))
    return FALSE;
  return g_strv_contains (tags, tag);
}

/* Cancels the app's own pending requests that carry @tag (NULL: all). */
static void
cancel_tagged (BgrunEngine *self,
               App         *app,
               const char  *tag)
{
  g_autoptr(GPtrArray) identifiers = g_ptr_array_new_with_free_func (g_free);

  /* The app's own requests: libbgrun's own (BGRUN_KIND_SYSTEM) are not
   * the app's. Newest first; a cancel may take dependants along. */
  for (guint i = app->pending->len; i > 0; i--)
    if (!pending_is_system (app, i - 1) && pending_has_tag (app, i - 1, tag))
      g_ptr_array_add (identifiers,
                       g_strdup (bgrun_request_dict_get_identifier (g_ptr_array_index (app->pending, i - 1))));
  if (identifiers->len == 0)
    return;
  /* One announcement for all, cascades included. */
  app->batching = TRUE;
  for (guint i = 0; i < identifiers->len; i++)
    {
      int index = bgrun_engine_app_find_pending (app, g_ptr_array_index (identifiers, i));

      if (index >= 0)
        cancel_index (self, app, index);
    }
  app->batching = FALSE;
  bgrun_engine_emit_requests_changed (self, app);
  bgrun_engine_schedule_app_evaluation (self, app);
}

void
bgrun_engine_cancel_all (BgrunEngine *self,
                         const char  *app_id)
{
  cancel_tagged (self, bgrun_engine_get_app (self, app_id), NULL);
}

void
bgrun_engine_cancel_by_tag (BgrunEngine *self,
                            const char  *app_id,
                            const char  *tag)
{
  g_return_if_fail (tag != NULL);
  cancel_tagged (self, bgrun_engine_get_app (self, app_id), tag);
}

/* The explanations (as bgrun_engine_explain() gives them) of the app's
 * own pending requests that carry @tag, oldest first, as "aa{sv}": empty
 * when none does. */
GVariant *
bgrun_engine_explain_by_tag (BgrunEngine *self,
                             const char  *app_id,
                             const char  *tag)
{
  App *app = bgrun_engine_get_app (self, app_id);
  GVariantBuilder builder;

  g_return_val_if_fail (tag != NULL, NULL);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < app->pending->len; i++)
    if (!pending_is_system (app, i) && pending_has_tag (app, i, tag))
      {
        const char *identifier = bgrun_request_dict_get_identifier (g_ptr_array_index (app->pending, i));
        g_autoptr(GVariant) explanation = bgrun_engine_explain (self, app_id, identifier, NULL);

        g_variant_builder_add_value (&builder, explanation);
      }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* The pending requests, oldest first, as "aa{sv}". */
GVariant *
bgrun_engine_list_pending (BgrunEngine *self,
                           const char  *app_id)
{
  App *app = bgrun_engine_get_app (self, app_id);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < app->pending->len; i++)
    g_variant_builder_add_value (&builder, g_ptr_array_index (app->pending, i));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

gboolean
bgrun_engine_submit_system_request (BgrunEngine  *self,
                                    const char   *app_id,
                                    const char   *kind,
                                    const char   *identifier,
                                    GError      **error)
{
  return bgrun_engine_submit_system_request_full (self, app_id, kind, identifier, NULL, error);
}

gboolean
bgrun_engine_submit_system_request_full (BgrunEngine  *self,
                                         const char   *app_id,
                                         const char   *kind,
                                         const char   *identifier,
                                         GVariant     *fields,
                                         GError      **error)
{
  g_autoptr(GVariant) owned = fields != NULL ? g_variant_ref_sink (fields) : NULL;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) request = NULL;
  const BgrunKind *entry;
  gint64 submitted;
  App *app;
  int index;

  g_return_val_if_fail (BGRUN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (app_id != NULL && g_application_id_is_valid (app_id), FALSE);
  g_return_val_if_fail (identifier != NULL && *identifier != '\0', FALSE);
  entry = bgrun_kind_lookup (kind);
  g_return_val_if_fail (entry->flags & BGRUN_KIND_SYSTEM, FALSE);

  app = bgrun_engine_get_app (self, app_id);
  index = bgrun_engine_app_find_pending (app, identifier);
  if (index >= 0 && pending_is_system (app, index))
    return TRUE;
  if (index >= 0)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _(entry->identifier_used), app_id, identifier);
      return FALSE;
    }

  submitted = bgrun_engine_now_usec (self);
  g_variant_dict_insert (&dict, "identifier", "s", identifier);
  g_variant_dict_insert (&dict, "kind", "s", entry->name);
  g_variant_dict_insert (&dict, "submitted", "x", submitted);
  if (owned != NULL)
    {
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_variant_iter_init (&iter, owned);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          g_variant_dict_insert_value (&dict, key, value);
          g_variant_unref (value);
        }
    }
  request = g_variant_ref_sink (g_variant_dict_end (&dict));
  return add_request (self, app, identifier, request, submitted, error);
}
