/* bgrun-upload-point.c: where an upload stands, and its recorded form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-i18n-private.h"
#include "bgrun-resume-data-private.h"
#include "bgrun-upload-private.h"
#include "bgrun-url-session-error.h"

static gboolean
stat_file (const char  *path,
           GStatBuf    *st,
           GError     **error)
{
  int saved_errno;

  if (g_stat (path, st) == 0)
    {
      if (S_ISREG (st->st_mode))
        return TRUE;
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                   _("Cannot upload “%s”: it is not a regular file. Give the file to send."),
                   path);
      return FALSE;
    }
  saved_errno = errno;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
               _("Cannot upload “%s”: %s. Check that the file exists and can be read."),
               path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
check_readable (const char  *path,
                GError     **error)
{
  int saved_errno;

  if (g_access (path, R_OK) == 0)
    return TRUE;
  saved_errno = errno;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
               _("Cannot upload “%s”: %s. Check the file’s permissions."),
               path, g_strerror (saved_errno));
  return FALSE;
}

static gint64
mtime_usec_of (const GStatBuf *st)
{
  return (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000;
}

BgrunUploadPoint *
bgrun_upload_point_new (const char  *uri,
                        GFile       *file,
                        const char  *method,
                        gboolean     resumable,
                        GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  BgrunUploadPoint *self;
  GStatBuf st;

  if (g_strcmp0 (method, "PUT") != 0 && g_strcmp0 (method, "POST") != 0)
    {
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                   _("Cannot upload to “%s” with the method “%s”: use PUT or POST."),
                   uri, method);
      return NULL;
    }
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_uri (file);

      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                   _("Cannot upload “%s”: only local files can be uploaded. Copy it to a local file first."),
                   name);
      return NULL;
    }
  if (!stat_file (path, &st, error) || !check_readable (path, error))
    return NULL;

  self = g_new0 (BgrunUploadPoint, 1);
  self->uri = g_strdup (uri);
  self->path = g_steal_pointer (&path);
  self->method = g_strdup (method);
  self->resumable = resumable;
  self->protocol = BGRUN_UPLOAD_PROTOCOL_AUTO;
  self->size = (guint64) st.st_size;
  self->mtime_usec = mtime_usec_of (&st);
  self->inode = (guint64) st.st_ino;
  self->device = (guint64) st.st_dev;
  bgrun_upload_limit_init (&self->limit);
  return self;
}

void
bgrun_upload_point_free (BgrunUploadPoint *self)
{
  if (self == NULL)
    return;
  g_free (self->uri);
  g_free (self->path);
  g_free (self->method);
  g_free (self->upload_url);
  g_free (self);
}

gboolean
bgrun_upload_point_check_file (const BgrunUploadPoint  *self,
                               GError                 **error)
{
  GStatBuf st;

  if (!stat_file (self->path, &st, error))
    return FALSE;
  if ((guint64) st.st_size == self->size && mtime_usec_of (&st) == self->mtime_usec &&
      (guint64) st.st_ino == self->inode && (guint64) st.st_dev == self->device)
    return TRUE;
  g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
               _("The file “%s” changed while it was uploaded to “%s” (its size, modification time or inode differ). Upload it again."),
               self->path, self->uri);
  return FALSE;
}

GVariant *
bgrun_upload_point_to_variant (const BgrunUploadPoint *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "uri", g_variant_new_string (self->uri));
  g_variant_builder_add (&builder, "{sv}", "path", g_variant_new_bytestring (self->path));
  g_variant_builder_add (&builder, "{sv}", "method", g_variant_new_string (self->method));
  g_variant_builder_add (&builder, "{sv}", "resumable", g_variant_new_boolean (self->resumable));
  g_variant_builder_add (&builder, "{sv}", "protocol", g_variant_new_uint32 (self->protocol));
  if (self->upload_url != NULL)
    g_variant_builder_add (&builder, "{sv}", "upload-url", g_variant_new_string (self->upload_url));
  g_variant_builder_add (&builder, "{sv}", "offset", g_variant_new_uint64 (self->offset));
  g_variant_builder_add (&builder, "{sv}", "size", g_variant_new_uint64 (self->size));
  g_variant_builder_add (&builder, "{sv}", "mtime", g_variant_new_int64 (self->mtime_usec));
  g_variant_builder_add (&builder, "{sv}", "inode", g_variant_new_uint64 (self->inode));
  g_variant_builder_add (&builder, "{sv}", "device", g_variant_new_uint64 (self->device));
  return g_variant_builder_end (&builder);
}

BgrunUploadPoint *
bgrun_upload_point_from_variant (GVariant *dict)
{
  g_autoptr(BgrunUploadPoint) self = g_new0 (BgrunUploadPoint, 1);
  guint32 protocol;

  if (!g_variant_lookup (dict, "uri", "s", &self->uri) ||
      !g_variant_lookup (dict, "path", "^ay", &self->path) ||
      !g_variant_lookup (dict, "method", "s", &self->method) ||
      !g_variant_lookup (dict, "resumable", "b", &self->resumable) ||
      !g_variant_lookup (dict, "protocol", "u", &protocol) ||
      !g_variant_lookup (dict, "offset", "t", &self->offset) ||
      !g_variant_lookup (dict, "size", "t", &self->size) ||
      !g_variant_lookup (dict, "mtime", "x", &self->mtime_usec) ||
      !g_variant_lookup (dict, "inode", "t", &self->inode) ||
      !g_variant_lookup (dict, "device", "t", &self->device))
    return NULL;
  g_variant_lookup (dict, "upload-url", "s", &self->upload_url);
  if (protocol > BGRUN_UPLOAD_PROTOCOL_TUS || self->offset > self->size ||
      !g_path_is_absolute (self->path) || !bgrun_resume_data_uri_is_valid (self->uri) ||
      (g_strcmp0 (self->method, "PUT") != 0 && g_strcmp0 (self->method, "POST") != 0) ||
      (self->upload_url != NULL && !bgrun_resume_data_uri_is_valid (self->upload_url)))
    return NULL;
  self->protocol = protocol;
  self->sent = self->offset;
  bgrun_upload_limit_init (&self->limit);
  return g_steal_pointer (&self);
}
