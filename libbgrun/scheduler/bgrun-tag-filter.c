/* bgrun-tag-filter.c: the items of a live list of requests that carry one
 * tag
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-tag-filter-private.h"
#include "bgrun-task-request.h"

struct _BgrunTagFilter
{
  GObject     parent_instance;

  GListModel *source;
  char       *tag;
  GArray     *matches;  /* of gboolean, one per item of source */
};

static void bgrun_tag_filter_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunTagFilter, bgrun_tag_filter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bgrun_tag_filter_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return BGRUN_TYPE_TASK_REQUEST;
}

static guint
count_matches (BgrunTagFilter *self,
               guint           from,
               guint           to)
{
  guint n = 0;

  for (guint i = from; i < to; i++)
    n += g_array_index (self->matches, gboolean, i) ? 1 : 0;
  return n;
}

static guint
get_n_items (GListModel *model)
{
  BgrunTagFilter *self = BGRUN_TAG_FILTER (model);

  return count_matches (self, 0, self->matches->len);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  BgrunTagFilter *self = BGRUN_TAG_FILTER (model);

  for (guint i = 0; i < self->matches->len; i++)
    if (g_array_index (self->matches, gboolean, i) && position-- == 0)
      return g_list_model_get_item (self->source, i);
  return NULL;
}

static void
bgrun_tag_filter_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
item_matches (BgrunTagFilter *self,
              guint           position)
{
  g_autoptr(BgrunTaskRequest) request = g_list_model_get_item (self->source, position);

  return bgrun_task_request_has_tag (request, self->tag);
}

static void
on_items_changed (GListModel     *source,
                  guint           position,
                  guint           removed,
                  guint           added,
                  BgrunTagFilter *self)
{
  guint filtered = count_matches (self, 0, position);
  guint removed_here = count_matches (self, position, position + removed);
  guint added_here = 0;

  g_array_remove_range (self->matches, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gboolean match = item_matches (self, position + i);

      g_array_insert_val (self->matches, position + i, match);
      added_here += match ? 1 : 0;
    }
  if (removed_here > 0 || added_here > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), filtered, removed_here, added_here);
}

static void
bgrun_tag_filter_dispose (GObject *object)
{
  BgrunTagFilter *self = BGRUN_TAG_FILTER (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_items_changed, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (bgrun_tag_filter_parent_class)->dispose (object);
}

static void
bgrun_tag_filter_finalize (GObject *object)
{
  BgrunTagFilter *self = BGRUN_TAG_FILTER (object);

  g_free (self->tag);
  g_array_unref (self->matches);

  G_OBJECT_CLASS (bgrun_tag_filter_parent_class)->finalize (object);
}

static void
bgrun_tag_filter_class_init (BgrunTagFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_tag_filter_dispose;
  object_class->finalize = bgrun_tag_filter_finalize;
}

static void
bgrun_tag_filter_init (BgrunTagFilter *self)
{
  self->matches = g_array_new (FALSE, FALSE, sizeof (gboolean));
}

BgrunTagFilter *
bgrun_tag_filter_new (GListModel *source,
                      const char *tag)
{
  BgrunTagFilter *self = g_object_new (BGRUN_TYPE_TAG_FILTER, NULL);

  self->source = g_object_ref (source);
  self->tag = g_strdup (tag);
  on_items_changed (source, 0, 0, g_list_model_get_n_items (source), self);
  g_signal_connect (source, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}
