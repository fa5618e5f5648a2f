/* bgrun-resume-data.c: where a download stands, and its opaque form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Resume data is the serialized GVariant "(sqa{sv})": a magic string, a
 * format version and the dictionary the store also keeps. Apps treat it
 * as opaque bytes, may keep it anywhere and hand back anything, so
 * reading it trusts nothing: the bytes must be the normal form of that
 * type, and every field is checked before a task uses it.
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-resume-data-private.h"
#include "bgrun-url-session-error.h"

#define RESUME_DATA_MAGIC "org.freedesktop.Bgrun.ResumeData"
#define RESUME_DATA_VERSION 1
#define RESUME_DATA_TYPE "(sqa{sv})"
#define SHA256_PREFIX "sha256:"

BgrunResumeData *
bgrun_resume_data_new (const char *uri,
                       const char *partial_path)
{
  BgrunResumeData *self = g_new0 (BgrunResumeData, 1);

  self->uri = g_strdup (uri);
  self->partial_path = g_strdup (partial_path);
  self->expected = -1;
  return self;
}

void
bgrun_resume_data_free (BgrunResumeData *self)
{
  if (self == NULL)
    return;
  g_free (self->uri);
  g_free (self->partial_path);
  g_free (self->etag);
  g_free (self->last_modified);
  g_free (self->checksum);
  g_free (self);
}

void
bgrun_resume_data_forget_validators (BgrunResumeData *self)
{
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->last_modified, g_free);
}

/* The If-Range value: the ETag when there is one (a strong validator is
 * what RFC 9110 asks for), else the Last-Modified date. */
const char *
bgrun_resume_data_get_validator (const BgrunResumeData *self)
{
  return self->etag != NULL ? self->etag : self->last_modified;
}

gboolean
bgrun_resume_data_checksum_is_valid (const char *checksum)
{
  const char *hex;

  if (checksum == NULL || !g_str_has_prefix (checksum, SHA256_PREFIX))
    return FALSE;
  hex = checksum + strlen (SHA256_PREFIX);
  if (strlen (hex) != 64)
    return FALSE;
  for (; *hex != '\0'; hex++)
    if (!g_ascii_isxdigit (*hex))
      return FALSE;
  return TRUE;
}

gboolean
bgrun_resume_data_uri_is_valid (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;

  if (uri == NULL)
    return FALSE;
  /* GUri lets spaces and control characters through; no request can
   * carry them (RFC 3986, 2). */
  for (const char *c = uri; *c != '\0'; c++)
    if (g_ascii_isspace (*c) || g_ascii_iscntrl (*c))
      return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (parsed);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0';
}

static void
add_string (GVariantBuilder *builder,
            const char      *key,
            const char      *value)
{
  if (value != NULL)
    g_variant_builder_add (builder, "{sv}", key, g_variant_new_string (value));
}

GVariant *
bgrun_resume_data_to_variant (const BgrunResumeData *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  add_string (&builder, "uri", self->uri);
  add_string (&builder, "partial", self->partial_path);
  g_variant_builder_add (&builder, "{sv}", "offset", g_variant_new_uint64 (self->offset));
  g_variant_builder_add (&builder, "{sv}", "expected", g_variant_new_int64 (self->expected));
  add_string (&builder, "etag", self->etag);
  add_string (&builder, "last-modified", self->last_modified);
  add_string (&builder, "checksum", self->checksum);
  return g_variant_builder_end (&builder);
}

/* Whether @value (nullable) can go into a request header as it is: no
 * control character, so no line break that would start another header. */
static gboolean
is_header_value (const char *value)
{
  if (value == NULL)
    return TRUE;
  for (const char *c = value; *c != '\0'; c++)
    if (g_ascii_iscntrl (*c) && *c != '\t')
      return FALSE;
  return TRUE;
}

/* Every field checked: the variant may come from anywhere. */
BgrunResumeData *
bgrun_resume_data_from_variant (GVariant *dict)
{
  g_autoptr(BgrunResumeData) self = NULL;
  const char *uri = NULL;
  const char *partial = NULL;

  if (!g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT) ||
      !g_variant_lookup (dict, "uri", "&s", &uri) ||
      !g_variant_lookup (dict, "partial", "&s", &partial) ||
      !bgrun_resume_data_uri_is_valid (uri) ||
      !g_path_is_absolute (partial))
    return NULL;

  self = bgrun_resume_data_new (uri, partial);
  if (!g_variant_lookup (dict, "offset", "t", &self->offset) ||
      !g_variant_lookup (dict, "expected", "x", &self->expected) ||
      self->expected < -1 ||
      (self->expected >= 0 && self->offset > (guint64) self->expected))
    return NULL;
  g_variant_lookup (dict, "etag", "s", &self->etag);
  g_variant_lookup (dict, "last-modified", "s", &self->last_modified);
  g_variant_lookup (dict, "checksum", "s", &self->checksum);
  if ((self->checksum != NULL && !bgrun_resume_data_checksum_is_valid (self->checksum)) ||
      !is_header_value (self->etag) || !is_header_value (self->last_modified))
    return NULL;
  return g_steal_pointer (&self);
}

GBytes *
bgrun_resume_data_to_bytes (const BgrunResumeData *self)
{
  g_autoptr(GVariant) value = NULL;

  value = g_variant_ref_sink (g_variant_new ("(sq@a{sv})", RESUME_DATA_MAGIC, RESUME_DATA_VERSION,
                                             bgrun_resume_data_to_variant (self)));
  return g_variant_get_data_as_bytes (value);
}

static void
set_resume_failed (GError     **error,
                   const char  *message)
{
  g_set_error_literal (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_RESUME_FAILED, message);
}

BgrunResumeData *
bgrun_resume_data_from_bytes (GBytes  *bytes,
                              GError **error)
{
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) dict = NULL;
  BgrunResumeData *self;
  const char *magic = NULL;
  guint16 version = 0;

  value = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (RESUME_DATA_TYPE), bytes, FALSE));
  if (g_variant_is_normal_form (value))
    g_variant_get (value, "(&sq@a{sv})", &magic, &version, &dict);
  if (g_strcmp0 (magic, RESUME_DATA_MAGIC) != 0)
    {
      set_resume_failed (error, _("Cannot resume the download: the resume data does not come from libbgrun. Start the download again."));
      return NULL;
    }
  if (version != RESUME_DATA_VERSION)
    {
      set_resume_failed (error, _("Cannot resume the download: the resume data comes from another version of libbgrun. Start the download again."));
      return NULL;
    }
  self = bgrun_resume_data_from_variant (dict);
  if (self == NULL)
    set_resume_failed (error, _("Cannot resume the download: the resume data is damaged. Start the download again."));
  return self;
}
