/* bgrun-engine-store.c: what the engine keeps in its store, and reads back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-internal-private.h"
#include "bgrun-history-entry-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-request-dict-private.h"

/* The durable side of the engine: each change of state is written as it
 * happens, and an app's requests, refresh budget and interrupted tasks are
 * read back when the engine first meets the app. */

BgrunStore *
bgrun_engine_ensure_store (BgrunEngine  *self,
                           GError      **error)
{
  if (self->store == NULL)
    self->store = bgrun_store_open (self->store_path, error);
  return self->store;
}

/* Tells of an entry already in @app's history: history-added. */
void
bgrun_engine_emit_history_added (BgrunEngine       *self,
                                 App               *app,
                                 const char        *identifier,
                                 BgrunHistoryEvent  event,
                                 gint64             when,
                                 const char        *message,
                                 GVariant          *details)
{
  g_autoptr(GVariant) entry = NULL;

  entry = bgrun_history_entry_variant_new (identifier, event, when, message, details);
  g_signal_emit (self, bgrun_engine_signals[SIG_HISTORY_ADDED], 0, app->id, entry);
}

void
bgrun_engine_add_history (BgrunEngine       *self,
                          App               *app,
                          const char        *identifier,
                          BgrunHistoryEvent  event,
                          const char        *message)
{
  bgrun_engine_add_history_full (self, app, identifier, event, message, NULL);
}

/* The details of a history entry about @request (its tags), or of a run
 * of it when @attempt is not 0 (with the task's @output, if any): an a{sv},
 * or NULL when there is nothing to say. */
GVariant *
bgrun_engine_history_details (GVariant *request,
                              guint     attempt,
                              GVariant *output)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) tags = NULL;

  if (request != NULL)
    tags = g_variant_lookup_value (request, "tags", G_VARIANT_TYPE_STRING_ARRAY);
  if (tags == NULL && attempt == 0 && output == NULL)
    return NULL;
  if (tags != NULL)
    g_variant_dict_insert_value (&dict, "tags", tags);
  if (attempt != 0)
    g_variant_dict_insert (&dict, "attempt", "u", attempt);
  if (output != NULL)
    g_variant_dict_insert_value (&dict, "output", output);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/* Adds an entry with @details (an a{sv}, or NULL), stored and emitted. */
void
bgrun_engine_add_history_full (BgrunEngine       *self,
                               App               *app,
                               const char        *identifier,
                               BgrunHistoryEvent  event,
                               const char        *message,
                               GVariant          *details)
{
  g_autoptr(GError) error = NULL;
  gint64 now = bgrun_engine_now_usec (self);

  if (message == NULL)
    message = "";
  /* @details is not floating: the store reads it and leaves it ours. */
  if (self->store != NULL &&
      !bgrun_store_add_history_full (self->store, app->id, identifier, event, now, message,
                                     details, &error))
    g_warning ("libbgrun: cannot record history for “%s”: %s", identifier, error->message);

  bgrun_engine_emit_history_added (self, app, identifier, event, now, message, details);
}

void
bgrun_engine_store_put (BgrunEngine *self,
                        App         *app,
                        GVariant    *request)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !bgrun_store_put_request (self->store, app->id, bgrun_request_dict_get_identifier (request),
                                request, TRUE, &error))
    g_warning ("libbgrun: cannot update “%s” in the store: %s",
               bgrun_request_dict_get_identifier (request), error->message);
}

void
bgrun_engine_store_delete (BgrunEngine *self,
                           App         *app,
                           const char  *identifier)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !bgrun_store_delete_request (self->store, app->id, identifier, &error))
    g_warning ("libbgrun: cannot remove “%s” from the store: %s", identifier, error->message);
}

/* Groups the writes of one state change into one transaction. */
void
bgrun_engine_store_begin (BgrunEngine *self)
{
  if (self->store != NULL)
    bgrun_store_begin (self->store, NULL);
}

void
bgrun_engine_store_commit (BgrunEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !bgrun_store_commit (self->store, &error))
    g_warning ("libbgrun: cannot store a task's change of state: %s", error->message);
}

void
bgrun_engine_save_budget (BgrunEngine *self,
                          App         *app)
{
  g_autoptr(GVariant) value = g_variant_ref_sink (bgrun_budget_to_variant (&app->budget));

  if (self->store != NULL)
    bgrun_store_set_value (self->store, app->id, "refresh-budget", value, NULL);
}

/* The app's running tasks as the store keeps them: their requests, each
 * with its "task-id". */
void
bgrun_engine_save_running (BgrunEngine *self,
                           App         *app)
{
  g_autoptr(GPtrArray) tasks = bgrun_engine_app_list_tasks (app);
  g_autoptr(GError) error = NULL;
  GVariantBuilder builder;

  if (self->store == NULL)
    return;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < tasks->len; i++)
    g_variant_builder_add_value (&builder, ((Running *) g_ptr_array_index (tasks, i))->request);
  if (!bgrun_store_set_value (self->store, app->id, "running-tasks",
                              g_variant_builder_end (&builder), &error))
    g_warning ("libbgrun: cannot record the running tasks of %s: %s", app->id, error->message);
}

/* A task the last process did not see end was interrupted: it is
 * recorded, and queued again unless the app submitted it anew. */
static void
recover_interrupted (BgrunEngine *self,
                     App         *app,
                     GVariant    *request)
{
  const char *identifier = bgrun_request_dict_get_identifier (request);
  g_autoptr(GVariant) requeued = NULL;

  bgrun_engine_add_history (self, app, identifier, BGRUN_HISTORY_EVENT_EXPIRED,
                            _("Interrupted: the process running the task ended before the task did."));
  if (bgrun_engine_app_find_pending (app, identifier) >= 0)
    return;

  requeued = bgrun_engine_requeued_request (request,
                                            bgrun_kind_has (bgrun_request_dict_get_kind (request),
                                                            BGRUN_KIND_HAS_CONDITIONS),
                                            bgrun_engine_now_usec (self));
  bgrun_engine_store_put (self, app, requeued);
  bgrun_engine_app_insert_pending (app, requeued);
}

static void
recover_all_interrupted (BgrunEngine *self,
                         App         *app)
{
  g_autoptr(GVariant) running = bgrun_store_get_value (self->store, app->id, "running-tasks");
  GVariantIter iter;
  GVariant *request;

  if (running == NULL || !g_variant_is_of_type (running, G_VARIANT_TYPE ("aa{sv}")))
    return;
  bgrun_store_begin (self->store, NULL);
  g_variant_iter_init (&iter, running);
  while ((request = g_variant_iter_next_value (&iter)) != NULL)
    {
      recover_interrupted (self, app, request);
      g_variant_unref (request);
    }
  bgrun_store_set_value (self->store, app->id, "running-tasks", NULL, NULL);
  bgrun_store_commit (self->store, NULL);
}

void
bgrun_engine_load_app (BgrunEngine *self,
                       App         *app)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GVariant) budget = NULL;
  g_autoptr(GError) error = NULL;

  if (bgrun_engine_ensure_store (self, &error) == NULL)
    {
      g_debug ("libbgrun: no stored requests for %s: %s", app->id, error->message);
      return;
    }

  rows = bgrun_store_list_requests (self->store, app->id, &error);
  if (rows == NULL)
    {
      g_warning ("libbgrun: cannot read the stored requests of %s: %s", app->id, error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    bgrun_engine_app_insert_pending (app, g_ptr_array_index (rows, i));
  recover_all_interrupted (self, app);

  budget = bgrun_store_get_value (self->store, app->id, "refresh-budget");
  if (!bgrun_budget_from_variant (&app->budget, budget))
    bgrun_budget_init (&app->budget, bgrun_engine_now_usec (self));
}

/* The history, oldest first, as "a(sixsa{sv})". */
GVariant *
bgrun_engine_list_history (BgrunEngine *self,
                           const char  *app_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  GVariantBuilder builder;

  bgrun_engine_get_app (self, app_id);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" BGRUN_HISTORY_ENTRY_VARIANT_TYPE));
  if (self->store != NULL)
    entries = bgrun_store_list_history (self->store, app_id, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    g_variant_builder_add_value (&builder, g_ptr_array_index (entries, i));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

void
bgrun_engine_record_history (BgrunEngine       *self,
                             const char        *app_id,
                             const char        *identifier,
                             BgrunHistoryEvent  event,
                             const char        *message)
{
  g_return_if_fail (BGRUN_IS_ENGINE (self));

  bgrun_engine_add_history (self, bgrun_engine_get_app (self, app_id), identifier, event, message);
}
