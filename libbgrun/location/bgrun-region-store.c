/* bgrun-region-store.c: the file that keeps an app's monitored regions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-session.h"
#include "bgrun-region-monitor-private.h"

/* The file is small (a hundred regions are a few kilobytes), written
 * whole and atomically by g_file_set_contents(), and read back as
 * untrusted data: it lives in the user's home where anything may have
 * touched it. */

#define FORMAT_VERSION 1
#define FORMAT "(ua(sdddu))"

GVariant *
bgrun_region_store_load (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) regions = NULL;
  GBytes *bytes;
  gsize length = 0;
  guint32 version;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("(sdddu)"), NULL, 0));
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE,
                   _("The monitored regions in %s cannot be read: %s"), path, local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  value = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (FORMAT), bytes, FALSE));
  g_bytes_unref (bytes);
  if (!g_variant_is_normal_form (value))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE,
                   _("The monitored regions in %s are damaged: the file is not what libbgrun writes."), path);
      return NULL;
    }
  g_variant_get (value, "(u@a(sdddu))", &version, &regions);
  if (version != FORMAT_VERSION)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE,
                   _("The monitored regions in %s are in format version %u; this libbgrun reads version %d."),
                   path, version, FORMAT_VERSION);
      return NULL;
    }
  if (g_variant_n_children (regions) > BGRUN_LOCATION_MAX_REGIONS)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE,
                   _("The monitored regions in %s are damaged: %zu regions, more than the %d an app may monitor."),
                   path, g_variant_n_children (regions), BGRUN_LOCATION_MAX_REGIONS);
      return NULL;
    }
  return g_steal_pointer (&regions);
}

gboolean
bgrun_region_store_save (const char  *path,
                         GVariant    *regions,
                         GError     **error)
{
  g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new ("(u@a(sdddu))", FORMAT_VERSION, regions));
  g_autofree char *directory = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE,
                   _("The monitored regions cannot be stored: the folder %s cannot be made: %s"),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, g_variant_get_data (value), g_variant_get_size (value),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE,
                   _("The monitored regions cannot be stored in %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
