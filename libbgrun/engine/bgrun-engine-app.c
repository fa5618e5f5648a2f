/* bgrun-engine-app.c: what the engine holds for one app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-app-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-request-dict-private.h"

/* The in-memory side of an app: its registered identifiers, its pending
 * requests in the order they were submitted, and its running tasks. The
 * engine keeps the store in step with it. */

BgrunEngineApp *
bgrun_engine_app_new (gpointer        engine,
                      const char     *id,
                      GDestroyNotify  task_free)
{
  BgrunEngineApp *app = g_new0 (BgrunEngineApp, 1);

  app->engine = engine;
  app->id = g_strdup (id);
  app->patterns = g_ptr_array_new_with_free_func (g_free);
  app->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  app->pending_facts = g_array_new (FALSE, FALSE, sizeof (BgrunRequestFacts));
  app->pending_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  app->tasks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, task_free);
  app->forced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  app->dirty = TRUE;
  return app;
}

void
bgrun_engine_app_free (BgrunEngineApp *app)
{
  g_hash_table_unref (app->forced);
  g_hash_table_unref (app->tasks);
  g_hash_table_unref (app->pending_ids);
  g_array_unref (app->pending_facts);
  g_ptr_array_unref (app->pending);
  g_ptr_array_unref (app->patterns);
  g_free (app->id);
  g_free (app);
}

/* Keeps the pending list oldest first: catch-up runs in that order.
 * Returns where @request went. */
guint
bgrun_engine_app_insert_pending (BgrunEngineApp *app,
                                 GVariant       *request)
{
  BgrunRequestFacts facts;
  guint i = app->pending->len;

  bgrun_request_facts_read (request, &facts);
  while (i > 0 && g_array_index (app->pending_facts, BgrunRequestFacts, i - 1).submitted > facts.submitted)
    i--;
  g_ptr_array_insert (app->pending, i, g_variant_ref (request));
  g_array_insert_val (app->pending_facts, i, facts);
  g_hash_table_add (app->pending_ids, g_strdup (facts.identifier));
  return i;
}

void
bgrun_engine_app_remove_pending (BgrunEngineApp *app,
                                 guint           index)
{
  BgrunRequestFacts *facts = &g_array_index (app->pending_facts, BgrunRequestFacts, index);

  g_hash_table_remove (app->pending_ids, facts->identifier);
  g_array_remove_index (app->pending_facts, index);
  g_ptr_array_remove_index (app->pending, index);
}

/* The index of the pending request @identifier, or -1. A submit of a new
 * identifier, the common case, is answered without a walk. */
int
bgrun_engine_app_find_pending (BgrunEngineApp *app,
                               const char     *identifier)
{
  if (!g_hash_table_contains (app->pending_ids, identifier))
    return -1;
  for (guint i = 0; i < app->pending_facts->len; i++)
    if (g_str_equal (g_array_index (app->pending_facts, BgrunRequestFacts, i).identifier, identifier))
      return i;
  return -1;
}

/* The first prerequisite of the pending request @identifier that is still
 * pending or running, or NULL; the string lives as long as the request. */
const char *
bgrun_engine_app_waiting_prerequisite (BgrunEngineApp *app,
                                       const char     *identifier)
{
  int index = bgrun_engine_app_find_pending (app, identifier);
  g_autofree const char **prerequisites = NULL;

  if (index < 0 ||
      !g_variant_lookup (g_ptr_array_index (app->pending, index), "prerequisites", "^a&s", &prerequisites))
    return NULL;
  for (guint i = 0; prerequisites[i] != NULL; i++)
    if (bgrun_engine_app_find_pending (app, prerequisites[i]) >= 0 ||
        bgrun_engine_app_find_task (app, prerequisites[i]) != NULL)
      return prerequisites[i];
  return NULL;
}

gboolean
bgrun_engine_app_is_registered (BgrunEngineApp *app,
                                const char     *identifier)
{
  for (guint i = 0; i < app->patterns->len; i++)
    if (bgrun_identifier_matches (g_ptr_array_index (app->patterns, i), identifier))
      return TRUE;
  return FALSE;
}

/* Whether a process of the app can run a task of @kind and @identifier
 * now: one that registered a handler for it, or, for libbgrun's own
 * requests (BGRUN_KIND_SYSTEM), which need no handler, any attached
 * process. */
gboolean
bgrun_engine_app_serves (BgrunEngineApp *app,
                         const char     *kind,
                         const char     *identifier)
{
  if (bgrun_kind_has (kind, BGRUN_KIND_SYSTEM))
    return app->attached;
  return bgrun_engine_app_is_registered (app, identifier);
}

BgrunEngineTask *
bgrun_engine_app_find_task (BgrunEngineApp *app,
                            const char     *identifier)
{
  GHashTableIter iter;
  BgrunEngineTask *task;

  g_hash_table_iter_init (&iter, app->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &task))
    if (g_str_equal (task->identifier, identifier))
      return task;
  return NULL;
}

/* How many continued-processing tasks run, and with @include_pending how
 * many more are queued behind them. */
guint
bgrun_engine_app_count_continued (BgrunEngineApp *app,
                                  gboolean        include_pending)
{
  GHashTableIter iter;
  BgrunEngineTask *task;
  guint count = 0;

  g_hash_table_iter_init (&iter, app->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &task))
    if (bgrun_kind_has (task->kind, BGRUN_KIND_USER_INITIATED))
      count++;
  if (include_pending)
    for (guint i = 0; i < app->pending_facts->len; i++)
      if (bgrun_kind_has (g_array_index (app->pending_facts, BgrunRequestFacts, i).kind,
                          BGRUN_KIND_USER_INITIATED))
        count++;
  return count;
}

static int
compare_tasks (gconstpointer a,
               gconstpointer b)
{
  const BgrunEngineTask *x = *(BgrunEngineTask **) a;
  const BgrunEngineTask *y = *(BgrunEngineTask **) b;

  return x->id < y->id ? -1 : (x->id > y->id);
}

/* The running tasks in the order they started (borrowed pointers). */
GPtrArray *
bgrun_engine_app_list_tasks (BgrunEngineApp *app)
{
  GPtrArray *tasks = g_ptr_array_sized_new (g_hash_table_size (app->tasks));
  GHashTableIter iter;
  gpointer task;

  g_hash_table_iter_init (&iter, app->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &task))
    g_ptr_array_add (tasks, task);
  g_ptr_array_sort (tasks, compare_tasks);
  return tasks;
}
