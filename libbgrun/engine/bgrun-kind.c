/* bgrun-kind.c: the kind table
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-refresh-task.h"
#include "bgrun-continued-processing-task.h"
#include "bgrun-features-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-limits.h"
#include "bgrun-processing-task.h"

/* The kinds an app submits; feature folders register theirs. */
static const BgrunKind core_kinds[] = {
  { .name = "app-refresh", .task_type = bgrun_app_refresh_task_get_type,
    .duration = BGRUN_APP_REFRESH_DURATION, .flags = BGRUN_KIND_USES_BUDGET },
  { .name = "processing", .task_type = bgrun_processing_task_get_type,
    .duration = BGRUN_PROCESSING_DURATION, .flags = BGRUN_KIND_HAS_CONDITIONS },
  { .name = "continued-processing", .task_type = bgrun_continued_processing_task_get_type,
    .duration = BGRUN_CONTINUED_PROCESSING_STALL, .flags = BGRUN_KIND_USER_INITIATED },
};

static GMutex lock;
static GHashTable *table;       /* name → const BgrunKind * */

static GHashTable *
ensure_table (void)
{
  if (table == NULL)
    {
      table = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize i = 0; i < G_N_ELEMENTS (core_kinds); i++)
        g_hash_table_insert (table, (gpointer) core_kinds[i].name, (gpointer) &core_kinds[i]);
    }
  return table;
}

void
bgrun_kind_register (const BgrunKind *kind)
{
  g_return_if_fail (kind != NULL && kind->name != NULL && kind->task_type != NULL);

  g_mutex_lock (&lock);
  if (g_hash_table_contains (ensure_table (), kind->name))
    g_critical ("libbgrun: the request kind “%s” is registered twice", kind->name);
  else
    g_hash_table_insert (table, (gpointer) kind->name, (gpointer) kind);
  g_mutex_unlock (&lock);
}

static const BgrunKind *
unknown_kind (const char *name)
{
  static GHashTable *unknown;   /* name → BgrunKind *, made once each */
  BgrunKind *kind;

  if (unknown == NULL)
    unknown = g_hash_table_new (g_str_hash, g_str_equal);
  kind = g_hash_table_lookup (unknown, name);
  if (kind == NULL)
    {
      kind = g_new0 (BgrunKind, 1);
      kind->name = g_intern_string (name);
      kind->task_type = bgrun_app_refresh_task_get_type;
      kind->duration = MIN (BGRUN_APP_REFRESH_DURATION, BGRUN_PROCESSING_DURATION);
      g_hash_table_insert (unknown, (gpointer) kind->name, kind);
    }
  return kind;
}

const BgrunKind *
bgrun_kind_lookup (const char *name)
{
  const BgrunKind *kind;

  g_return_val_if_fail (name != NULL, NULL);

  bgrun_features_ensure ();
  g_mutex_lock (&lock);
  kind = g_hash_table_lookup (ensure_table (), name);
  if (kind == NULL)
    kind = unknown_kind (name);
  g_mutex_unlock (&lock);
  return kind;
}

gboolean
bgrun_kind_has (const char     *name,
                BgrunKindFlags  flags)
{
  return (bgrun_kind_lookup (name)->flags & flags) == flags;
}
