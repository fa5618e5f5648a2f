/* test-tag-filter.c: the live list of the pending requests with one tag
 * follows its source with exact items-changed, and reads items by index
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-tag-filter-private.h"

typedef struct {
  GListModel *filter;
  GPtrArray  *mirror;   /* the items as the emissions say they are */
  guint       emissions;
  guint       last_position, last_removed, last_added;
} Watch;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  g_assert_cmpuint (position + removed, <=, watch->mirror->len);
  g_ptr_array_remove_range (watch->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (watch->mirror, position + i, g_list_model_get_item (model, position + i));
  watch->emissions++;
  watch->last_position = position;
  watch->last_removed = removed;
  watch->last_added = added;
}

static BgrunTaskRequest *
request_new (guint    serial,
             gboolean tagged)
{
  g_autofree char *identifier = g_strdup_printf ("org.example.Tags.r%u", serial);
  BgrunTaskRequest *request = BGRUN_TASK_REQUEST (bgrun_processing_request_new (identifier));
  const char *tags[] = { tagged ? "photos" : "music", NULL };

  bgrun_task_request_set_tags (request, tags);
  return request;
}

static guint
matches_in (GListStore *store,
            guint       from,
            guint       to)
{
  guint n = 0;

  for (guint i = from; i < to; i++)
    {
      g_autoptr(BgrunTaskRequest) request = g_list_model_get_item (G_LIST_MODEL (store), i);

      n += bgrun_task_request_has_tag (request, "photos");
    }
  return n;
}

/* The filter's items, read by index, are the source's tagged items in
 * order, and the mirror built from the emissions alone is the same. */
static void
assert_filter_is_exact (GListStore *store,
                        Watch      *watch)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint at = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunTaskRequest) request = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(BgrunTaskRequest) shown = NULL;

      if (!bgrun_task_request_has_tag (request, "photos"))
        continue;
      shown = g_list_model_get_item (watch->filter, at);
      g_assert_true (shown == request);
      g_assert_true (g_ptr_array_index (watch->mirror, at) == request);
      at++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (watch->filter), ==, at);
  g_assert_cmpuint (watch->mirror->len, ==, at);
  g_assert_null (g_list_model_get_item (watch->filter, at));
}

/* Random splices of a source of a few hundred requests: each one that
 * touches tagged items gives exactly one items-changed, at the number of
 * tagged items before the splice, removing the tagged items it removed
 * and adding the tagged items it added; one that touches none gives
 * none. */
static void
test_emissions_are_exact (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BGRUN_TYPE_TASK_REQUEST);
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  g_autoptr(BgrunTagFilter) filter = NULL;
  Watch watch = { 0 };
  guint serial = 0;

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(BgrunTaskRequest) request = request_new (serial++, g_rand_boolean (rand));

      g_list_store_append (store, request);
    }
  filter = bgrun_tag_filter_new (G_LIST_MODEL (store), "photos");
  watch.filter = G_LIST_MODEL (filter);
  watch.mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (watch.filter); i++)
    g_ptr_array_add (watch.mirror, g_list_model_get_item (watch.filter, i));
  g_signal_connect (filter, "items-changed", G_CALLBACK (on_items_changed), &watch);
  assert_filter_is_exact (store, &watch);

  for (guint round = 0; round < 400; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      guint position = g_rand_int_range (rand, 0, n + 1);
      guint removed = g_rand_int_range (rand, 0, MIN (n - position, 4) + 1);
      guint added = g_rand_int_range (rand, 0, 4);
      g_autoptr(GPtrArray) additions = g_ptr_array_new_with_free_func (g_object_unref);
      guint before = matches_in (store, 0, position);
      guint gone = matches_in (store, position, position + removed);
      guint emissions = watch.emissions;
      guint come = 0;

      for (guint i = 0; i < added; i++)
        {
          gboolean tagged = g_rand_boolean (rand);

          g_ptr_array_add (additions, request_new (serial++, tagged));
          come += tagged;
        }
      g_list_store_splice (store, position, removed, additions->pdata, additions->len);

      if (gone == 0 && come == 0)
        g_assert_cmpuint (watch.emissions, ==, emissions);
      else
        {
          g_assert_cmpuint (watch.emissions, ==, emissions + 1);
          g_assert_cmpuint (watch.last_position, ==, before);
          g_assert_cmpuint (watch.last_removed, ==, gone);
          g_assert_cmpuint (watch.last_added, ==, come);
        }
      assert_filter_is_exact (store, &watch);
    }
  g_ptr_array_unref (watch.mirror);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tag-filter/emissions-are-exact", test_emissions_are_exact);
  return g_test_run ();
}
