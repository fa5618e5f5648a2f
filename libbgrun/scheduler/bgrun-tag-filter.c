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
  /* The positions in source of the items that carry the tag, ascending:
   * item i of this list is source's item at positions[i], so get_item
   * and get_n_items take constant time. */
  GArray     *positions;  /* of guint */
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
get_n_items (GListModel *model)
{
  return BGRUN_TAG_FILTER (model)->positions->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  BgrunTagFilter *self = BGRUN_TAG_FILTER (model);

  if (position >= self->positions->len)
    return NULL;
  return g_list_model_get_item (self->source, g_array_index (self->positions, guint, position));
}

static void
bgrun_tag_filter_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* How many of the matching items lie before @source_position: the index
 * in this list of the first match at or after it. A binary search. */
static guint
lower_bound (BgrunTagFilter *self,
             guint           source_position)
{
  guint low = 0, high = self->positions->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->positions, guint, middle) < source_position)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

static gboolean
item_matches (BgrunTagFilter *self,
              guint           position)
{
  g_autoptr(BgrunTaskRequest) request = g_list_model_get_item (self->source, position);

  return bgrun_task_request_has_tag (request, self->tag);
}

/* Finds the filtered range by binary search, drops the matches among the
 * removed items, moves the positions of the matches after them by the
 * change in length, and reads only the added items. */
static void
on_items_changed (GListModel     *source,
                  guint           position,
                  guint           removed,
                  guint           added,
                  BgrunTagFilter *self)
{
  guint filtered = lower_bound (self, position);
  guint removed_here = lower_bound (self, position + removed) - filtered;
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < added; i++)
    if (item_matches (self, position + i))
      {
        guint at = position + i;

        g_array_append_val (matches, at);
      }
  g_array_remove_range (self->positions, filtered, removed_here);
  if (added != removed)
    for (guint i = filtered; i < self->positions->len; i++)
      g_array_index (self->positions, guint, i) += added - removed;
  g_array_insert_vals (self->positions, filtered, matches->data, matches->len);
  if (removed_here > 0 || matches->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), filtered, removed_here, matches->len);
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
  g_array_unref (self->positions);

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
  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
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
