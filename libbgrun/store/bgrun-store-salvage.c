/* bgrun-store-salvage.c: reading what is left of a damaged store, page by
 * page, without SQLite
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The formats are those of SQLite's file format document: b-tree pages
 * (a header at offset 0, or 100 on page 1, then an array of cell
 * offsets), cells of the four kinds, payloads that spill onto overflow
 * pages, and records (a header of serial types, then the values). Every
 * read is bounds-checked against the page or the image: a damaged page
 * is skipped, never trusted.
 */

#include "config.h"

#include <string.h>

#include "bgrun-store-image-private.h"
#include "bgrun-store-salvage-private.h"

#define PAGE_INTERIOR_INDEX 2
#define PAGE_INTERIOR_TABLE 5
#define PAGE_LEAF_INDEX 10
#define PAGE_LEAF_TABLE 13

/* The depth of a page read on its own, whose children are not walked. */
#define ORPHAN G_MAXUINT

/* A record has a few columns here; more means a damaged header. */
#define MAX_COLUMNS 16

typedef struct
{
  const guint8 *data;
  gsize         length;
  guint         page_size;
  guint         usable;       /* page_size less the reserved bytes */
  guint         n_pages;
  GHashTable   *visited;      /* page numbers already walked */
  guint         pages_lost;
} Image;

/* A table's rows, and whether its rowid is its first column (a rowid
 * table whose INTEGER PRIMARY KEY is stored as NULL in the record). */
typedef struct
{
  GPtrArray *rows;
  gboolean   rowid_first;
} Target;

static const guint8 *
page_at (Image *image,
         guint  page)
{
  if (page < 1 || page > image->n_pages)
    return NULL;
  return image->data + (gsize) (page - 1) * image->page_size;
}

/* Reads a varint at @p, not past @end; the number of bytes it took, or 0. */
static guint
read_varint (const guint8 *p,
             const guint8 *end,
             guint64      *value)
{
  guint64 v = 0;

  for (guint i = 0; i < 9; i++)
    {
      if (p + i >= end)
        return 0;
      if (i == 8)
        {
          *value = (v << 8) | p[i];
          return 9;
        }
      v = (v << 7) | (p[i] & 0x7f);
      if ((p[i] & 0x80) == 0)
        {
          *value = v;
          return i + 1;
        }
    }
  return 0;
}

static guint32
read_be (const guint8 *p,
         guint         n)
{
  guint32 v = 0;

  for (guint i = 0; i < n; i++)
    v = (v << 8) | p[i];
  return v;
}

/* How much of a payload of @size bytes is on the cell's own page. */
static gsize
local_size (Image    *image,
            guint64   size,
            gboolean  table_leaf)
{
  gsize u = image->usable;
  gsize x = table_leaf ? u - 35 : ((u - 12) * 64 / 255) - 23;
  gsize m = ((u - 12) * 32 / 255) - 23;
  gsize k;

  if (size <= x)
    return (gsize) size;
  k = m + ((size - m) % (u - 4));
  return k <= x ? k : m;
}

/* The whole payload of a cell of a table leaf (@table_leaf) or an index
 * page: its local part at @p, then the chain of overflow pages from the
 * page number after it. NULL when the cell or the chain is broken. */
static GBytes *
read_payload (Image        *image,
              const guint8 *p,
              const guint8 *end,
              guint64       size,
              gboolean      table_leaf)
{
  gsize local = local_size (image, size, table_leaf);
  g_autoptr(GByteArray) payload = NULL;
  guint32 next;
  guint hops = 0;

  if (size > 16 * 1024 * 1024)
    return NULL;
  if (local == size)
    return p + size <= end ? g_bytes_new (p, (gsize) size) : NULL;
  if (p + local + 4 > end)
    return NULL;
  payload = g_byte_array_sized_new ((guint) size);
  g_byte_array_append (payload, p, (guint) local);
  next = read_be (p + local, 4);
  while (payload->len < size)
    {
      const guint8 *page = page_at (image, next);
      gsize take = MIN (image->usable - 4, size - payload->len);

      if (page == NULL || ++hops > image->n_pages)
        return NULL;
      g_byte_array_append (payload, page + 4, (guint) take);
      next = read_be (page, 4);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&payload));
}

/* The value of serial type @type at @p (@size bytes), as a GVariant. */
static GVariant *
read_value (guint64       type,
            const guint8 *p,
            gsize         size)
{
  static const guint int_sizes[] = { 0, 1, 2, 3, 4, 6, 8 };
  gint64 v = 0;

  if (type == 0)
    return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
  if (type == 8 || type == 9)
    return g_variant_new_int64 (type == 9);
  if (type == 7)
    {
      guint64 bits = ((guint64) read_be (p, 4) << 32) | read_be (p + 4, 4);
      double d;

      memcpy (&d, &bits, sizeof d);
      return g_variant_new_double (d);
    }
  if (type <= 6)
    {
      guint n = int_sizes[type];

      for (guint i = 0; i < n; i++)
        v = (v << 8) | p[i];
      if (n < 8 && (p[0] & 0x80))
        v -= (gint64) 1 << (8 * n);
      return g_variant_new_int64 (v);
    }
  if (type % 2 == 0)
    return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, p, size, 1);
  if (!g_utf8_validate ((const char *) p, (gssize) size, NULL))
    return NULL;
  return g_variant_new_take_string (g_strndup ((const char *) p, size));
}

static gsize
value_size (guint64 type)
{
  static const gsize sizes[] = { 0, 1, 2, 3, 4, 6, 8, 8, 0, 0 };

  if (type < G_N_ELEMENTS (sizes))
    return sizes[type];
  if (type < 12)
    return G_MAXSIZE;
  return (gsize) ((type - 12) / 2);
}

/* A record as a tuple of its values, the first replaced by @rowid when
 * @target says so; NULL when it does not parse. */
static GVariant *
read_record (GBytes  *payload,
             Target  *target,
             guint64  rowid)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (payload, &length);
  const guint8 *end, *types, *values;
  guint64 header_size, type;
  GVariant *columns[MAX_COLUMNS];
  guint n = 0, used;

  /* An empty payload's data is NULL: no arithmetic on it. */
  if (length == 0)
    return NULL;
  end = data + length;
  used = read_varint (data, end, &header_size);
  if (used == 0 || header_size > length || header_size < used)
    return NULL;
  types = data + used;
  values = data + header_size;
  while (types < data + header_size)
    {
      gsize size;

      used = read_varint (types, data + header_size, &type);
      size = value_size (type);
      if (used == 0 || n == MAX_COLUMNS || size == G_MAXSIZE || size > (gsize) (end - values))
        goto fail;
      columns[n] = read_value (type, values, size);
      if (columns[n] == NULL)
        goto fail;
      n++;
      types += used;
      values += size;
    }
  if (n > 0 && target->rowid_first)
    {
      g_variant_unref (g_variant_ref_sink (columns[0]));
      columns[0] = g_variant_new_int64 ((gint64) rowid);
    }
  return g_variant_ref_sink (g_variant_new_tuple (columns, n));

fail:
  for (guint i = 0; i < n; i++)
    g_variant_unref (g_variant_ref_sink (columns[i]));
  return NULL;
}

static void walk (Image *image, guint page, Target *target, guint depth);

/* Reads the cell at @cell of a page of @kind; walks down to its child. */
static void
read_cell (Image        *image,
           guint8        kind,
           const guint8 *cell,
           const guint8 *end,
           Target       *target,
           guint         depth)
{
  guint64 size = 0, rowid = 0;
  const guint8 *p = cell;
  g_autoptr(GBytes) payload = NULL;
  GVariant *row;
  guint used;

  if (kind == PAGE_INTERIOR_TABLE || kind == PAGE_INTERIOR_INDEX)
    {
      if (p + 4 > end)
        return;
      if (depth != ORPHAN)
        walk (image, read_be (p, 4), target, depth + 1);
      p += 4;
    }
  if (kind == PAGE_INTERIOR_TABLE)
    return;
  used = read_varint (p, end, &size);
  if (used == 0)
    return;
  p += used;
  if (kind == PAGE_LEAF_TABLE)
    {
      used = read_varint (p, end, &rowid);
      if (used == 0)
        return;
      p += used;
    }
  payload = read_payload (image, p, end, size, kind == PAGE_LEAF_TABLE);
  if (payload == NULL)
    return;
  row = read_record (payload, target, rowid);
  if (row != NULL)
    g_ptr_array_add (target->rows, row);
}

/* Reads the cells of page @page into @target; below the root of a walk
 * (@depth), and unless @depth is ORPHAN, the pages under it too. FALSE
 * when the page does not parse. */
static gboolean
read_cells (Image  *image,
            guint   page,
            Target *target,
            guint   depth)
{
  const guint8 *data = page_at (image, page);
  const guint8 *header = data + (page == 1 ? 100 : 0);
  const guint8 *end = data + image->usable;
  guint8 kind = header[0];
  guint n_cells, header_size;

  if (kind != PAGE_INTERIOR_INDEX && kind != PAGE_INTERIOR_TABLE &&
      kind != PAGE_LEAF_INDEX && kind != PAGE_LEAF_TABLE)
    return FALSE;
  header_size = (kind == PAGE_LEAF_INDEX || kind == PAGE_LEAF_TABLE) ? 8 : 12;
  n_cells = (guint) read_be (header + 3, 2);
  if (header + header_size + 2 * (gsize) n_cells > end)
    return FALSE;
  for (guint i = 0; i < n_cells; i++)
    {
      guint offset = (guint) read_be (header + header_size + 2 * i, 2);

      if (offset >= header_size && offset < image->usable)
        read_cell (image, kind, data + offset, end, target, depth);
    }
  if (header_size == 12 && depth != ORPHAN)
    walk (image, read_be (header + 8, 4), target, depth + 1);
  return TRUE;
}

/* Walks the b-tree page @page and everything under it. */
static void
walk (Image  *image,
      guint   page,
      Target *target,
      guint   depth)
{
  if (page_at (image, page) == NULL || depth > 64 ||
      g_hash_table_contains (image->visited, GUINT_TO_POINTER (page)))
    {
      image->pages_lost++;
      return;
    }
  g_hash_table_add (image->visited, GUINT_TO_POINTER (page));
  if (!read_cells (image, page, target, depth))
    image->pages_lost++;
}

/* sqlite_master: the root page of each table (and the SQL that made it,
 * to tell a rowid table whose first column is its rowid). */
static void
read_tables (Image             *image,
             BgrunStoreSalvage *salvage)
{
  g_autoptr(GPtrArray) schema = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  Target master = { schema, FALSE };

  walk (image, 1, &master, 0);
  salvage->schema_read = schema->len > 0;
  for (guint i = 0; i < schema->len; i++)
    {
      GVariant *row = g_ptr_array_index (schema, i);
      const char *type, *name, *sql;
      gint64 root;
      Target target;

      if (!g_variant_check_format_string (row, "(sssxs)", FALSE))
        continue;
      g_variant_get (row, "(&s&s&sx&s)", &type, &name, NULL, &root, &sql);
      if (!g_str_equal (type, "table") || root < 1 || root > G_MAXUINT)
        continue;
      target.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      target.rowid_first = strstr (sql, "INTEGER PRIMARY KEY") != NULL;
      walk (image, (guint) root, &target, 0);
      g_hash_table_replace (salvage->tables, g_strdup (name), target.rows);
    }
}

/* The free pages, from the freelist the header starts (offset 32, with
 * its count at 36): FALSE when the list cannot be read whole, as then a
 * free page (deleted rows) could not be told from a lost one. */
static gboolean
read_freelist (Image      *image,
               GHashTable *free_pages)
{
  guint32 trunk = read_be (image->data + 32, 4);
  guint32 expected = read_be (image->data + 36, 4);
  guint hops = 0;

  while (trunk != 0)
    {
      const guint8 *page = page_at (image, trunk);
      guint32 leaves;

      if (page == NULL || ++hops > image->n_pages || g_hash_table_contains (free_pages, GUINT_TO_POINTER (trunk)))
        return FALSE;
      g_hash_table_add (free_pages, GUINT_TO_POINTER (trunk));
      leaves = read_be (page + 4, 4);
      if (8 + 4 * (gsize) leaves > image->usable)
        return FALSE;
      for (guint32 i = 0; i < leaves; i++)
        g_hash_table_add (free_pages, GUINT_TO_POINTER (read_be (page + 8 + 4 * i, 4)));
      trunk = read_be (page, 4);
    }
  return g_hash_table_size (free_pages) == expected;
}

/* The table a row of a page no b-tree reaches belongs to, by its shape:
 * the columns of each table of a store are of distinct types. */
static const char *
table_of_shape (GVariant *row)
{
  static const struct { const char *shape; const char *table; } shapes[] = {
    { "(ssxay)", "requests" },
    { "(sxsxxs)", "history" },
    { "(sxsxxmv)", "history" },
    { "(sxsxxsay)", "history" },
    { "(sxsxxmvay)", "history" },
    { "(sxsxxsmv)", "history" },
    { "(sxsxxmvmv)", "history" },
    { "(sxay)", "events" },
    { "(sssay)", "kv" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++)
    if (g_variant_is_of_type (row, G_VARIANT_TYPE (shapes[i].shape)))
      return shapes[i].table;
  return NULL;
}

/* Pages that hold rows but that no b-tree reached any more, because a
 * page above them was lost, and that are not free: their rows are live,
 * and go to the table whose shape they have. */
static void
read_orphans (Image             *image,
              BgrunStoreSalvage *salvage)
{
  g_autoptr(GHashTable) free_pages = g_hash_table_new (NULL, NULL);

  if (!read_freelist (image, free_pages))
    return;
  for (guint page = 2; page <= image->n_pages; page++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      Target orphan = { rows, FALSE };
      guint8 kind = page_at (image, page)[0];

      if (g_hash_table_contains (image->visited, GUINT_TO_POINTER (page)) ||
          g_hash_table_contains (free_pages, GUINT_TO_POINTER (page)) ||
          (kind != PAGE_LEAF_INDEX && kind != PAGE_LEAF_TABLE && kind != PAGE_INTERIOR_INDEX))
        continue;
      /* Only this page: its children, if any, are orphans of their own. */
      g_hash_table_add (image->visited, GUINT_TO_POINTER (page));
      read_cells (image, page, &orphan, ORPHAN);
      for (guint i = 0; i < rows->len; i++)
        {
          const char *table = table_of_shape (g_ptr_array_index (rows, i));

          if (table != NULL)
            g_ptr_array_add (bgrun_store_salvage_rows (salvage, table),
                             g_variant_ref (g_ptr_array_index (rows, i)));
        }
    }
}

BgrunStoreSalvage *
bgrun_store_salvage_read (const char  *path,
                          char       **reason)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  BgrunStoreSalvage *salvage;
  guint page_size;
  Image image = { 0 };

  bytes = bgrun_store_image_read (path, &page_size, reason);
  if (bytes == NULL)
    return NULL;
  salvage = g_new0 (BgrunStoreSalvage, 1);
  salvage->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  if (page_size == 0 || bytes->len < page_size)
    return salvage;
  image.data = bytes->data;
  image.length = bytes->len;
  image.page_size = page_size;
  image.usable = page_size - MIN (bytes->data[20], page_size / 2);
  image.n_pages = (guint) (bytes->len / page_size);
  image.visited = visited;
  read_tables (&image, salvage);
  if (salvage->schema_read)
    read_orphans (&image, salvage);
  salvage->pages_lost = image.pages_lost;
  return salvage;
}

GPtrArray *
bgrun_store_salvage_rows (BgrunStoreSalvage *self,
                          const char        *table)
{
  GPtrArray *rows = g_hash_table_lookup (self->tables, table);

  if (rows == NULL)
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_hash_table_insert (self->tables, g_strdup (table), rows);
    }
  return rows;
}

void
bgrun_store_salvage_free (BgrunStoreSalvage *self)
{
  g_hash_table_unref (self->tables);
  g_free (self);
}
