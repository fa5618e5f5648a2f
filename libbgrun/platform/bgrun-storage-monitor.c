/* bgrun-storage-monitor.c: whether the disk of libbgrun's state is nearly full
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-conditions.h"
#include "bgrun-state-directory-private.h"
#include "bgrun-storage-monitor-private.h"

/* Looks at the free space of the filesystem that holds libbgrun's state
 * directory (bgrun_state_base_directory(): $BGRUN_STATE_DIR, else
 * $XDG_STATE_HOME/bgrun, or the closest existing parent while it does not
 * exist yet) once when created, then every BGRUN_STORAGE_CHECK_SECONDS
 * and when told (BgrunConditions does after a resume or a clock jump):
 * free space is not announced by the kernel, and a look costs one statfs.
 * Storage is low when the space an unprivileged process may still use is
 * below the smaller of BGRUN_STORAGE_LOW_PERCENT of the filesystem and
 * BGRUN_STORAGE_LOW_MAX_BYTES, Android's notion of low storage;
 * $BGRUN_STORAGE_LOW_BYTES replaces that threshold, for tests. Emits
 * `changed` when the answer changes. A filesystem that cannot be asked
 * counts as not low. */

#define ATTRIBUTES G_FILE_ATTRIBUTE_FILESYSTEM_SIZE "," G_FILE_ATTRIBUTE_FILESYSTEM_FREE

struct _BgrunStorageMonitor
{
  GObject parent_instance;

  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      low;
  gboolean      warned;       /* of a malformed threshold */
};

G_DEFINE_FINAL_TYPE (BgrunStorageMonitor, bgrun_storage_monitor, G_TYPE_OBJECT)

enum {
  SIG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint64
threshold_for (BgrunStorageMonitor *self,
               guint64              size)
{
  const char *text = g_getenv (BGRUN_STORAGE_LOW_BYTES_VARIABLE);
  g_autoptr(GError) error = NULL;
  guint64 bytes;

  if (text != NULL && *text != '\0')
    {
      if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &bytes, &error))
        return bytes;
      if (!self->warned)
        g_warning ("libbgrun: %s=“%s” is not a number of bytes (%s); using the default threshold",
                   BGRUN_STORAGE_LOW_BYTES_VARIABLE, text, error->message);
      self->warned = TRUE;
    }
  return MIN (size / 100 * BGRUN_STORAGE_LOW_PERCENT, (guint64) BGRUN_STORAGE_LOW_MAX_BYTES);
}

static void
apply (BgrunStorageMonitor *self,
       GFileInfo           *info)
{
  guint64 size = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
  guint64 free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  gboolean low;

  if (!g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return;
  low = free_bytes < threshold_for (self, size);
  if (low == self->low)
    return;
  self->low = low;
  g_signal_emit (self, signals[SIG_CHANGED], 0);
}

static GFile *
state_directory (void)
{
  g_autofree char *path = bgrun_state_base_directory (NULL);

  return g_file_new_for_path (path);
}

static void query (BgrunStorageMonitor *self,
                   GFile               *file);

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GFile *file = G_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info_finish (file, result, &error);
  g_autoptr(GFile) parent = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info != NULL)
    apply (BGRUN_STORAGE_MONITOR (user_data), info);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
           (parent = g_file_get_parent (file)) != NULL)
    query (BGRUN_STORAGE_MONITOR (user_data), parent);
  else
    g_debug ("libbgrun: cannot read the free space of the state directory: %s", error->message);
}

static void
query (BgrunStorageMonitor *self,
       GFile               *file)
{
  g_file_query_filesystem_info_async (file, ATTRIBUTES, G_PRIORITY_LOW,
                                      self->cancellable, on_queried, self);
}

static gboolean
on_timeout (gpointer user_data)
{
  bgrun_storage_monitor_check (BGRUN_STORAGE_MONITOR (user_data));
  return G_SOURCE_CONTINUE;
}

/* The first look is synchronous, so that a scheduler starting on a full
 * disk does not start work that needs storage before the answer. */
static void
query_now (BgrunStorageMonitor *self)
{
  g_autoptr(GFile) file = state_directory ();

  while (file != NULL)
    {
      GFile *parent;
      g_autoptr(GError) error = NULL;
      g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, ATTRIBUTES, NULL, &error);

      if (info != NULL)
        {
          apply (self, info);
          return;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_debug ("libbgrun: cannot read the free space of the state directory: %s", error->message);
          return;
        }
      parent = g_file_get_parent (file);
      g_object_unref (file);
      file = parent;
    }
}

static void
bgrun_storage_monitor_dispose (GObject *object)
{
  BgrunStorageMonitor *self = BGRUN_STORAGE_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (bgrun_storage_monitor_parent_class)->dispose (object);
}

static void
bgrun_storage_monitor_finalize (GObject *object)
{
  g_clear_object (&BGRUN_STORAGE_MONITOR (object)->cancellable);

  G_OBJECT_CLASS (bgrun_storage_monitor_parent_class)->finalize (object);
}

static void
bgrun_storage_monitor_class_init (BgrunStorageMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_storage_monitor_dispose;
  object_class->finalize = bgrun_storage_monitor_finalize;

  signals[SIG_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bgrun_storage_monitor_init (BgrunStorageMonitor *self)
{
  self->cancellable = g_cancellable_new ();
}

BgrunStorageMonitor *
bgrun_storage_monitor_new (void)
{
  BgrunStorageMonitor *self = g_object_new (BGRUN_TYPE_STORAGE_MONITOR, NULL);

  query_now (self);
  self->timeout_id = g_timeout_add_seconds (BGRUN_STORAGE_CHECK_SECONDS, on_timeout, self);
  return self;
}

/* Looks again now, without blocking: the answer comes with `changed` if
 * it differs. */
void
bgrun_storage_monitor_check (BgrunStorageMonitor *self)
{
  g_autoptr(GFile) directory = state_directory ();

  query (self, directory);
}

gboolean
bgrun_storage_monitor_get_low (BgrunStorageMonitor *self)
{
  return self->low;
}
