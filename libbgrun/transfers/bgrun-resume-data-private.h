/* bgrun-resume-data-private.h: where a download stands, and its opaque form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where a download stands: what it fetches, where the bytes received so
 * far are, and what the server said about them. The transfer engine
 * updates it as the body arrives; a task records it in the store; resume
 * data is its serialized form.
 *
 * @offset is how many bytes of the body the partial file holds, @expected
 * the whole body's length or -1 while unknown. @etag and @last_modified
 * are the validators of the response the bytes came from (NULL when the
 * server gave none), @checksum the expected "sha256:<hex>" or NULL. */
typedef struct
{
  char   *uri;
  char   *partial_path;
  guint64 offset;
  gint64  expected;
  char   *etag;
  char   *last_modified;
  char   *checksum;
} BgrunResumeData;

BgrunResumeData *bgrun_resume_data_new        (const char            *uri,
                                               const char            *partial_path);
void             bgrun_resume_data_free       (BgrunResumeData       *self);
void             bgrun_resume_data_forget_validators (BgrunResumeData *self);
const char      *bgrun_resume_data_get_validator (const BgrunResumeData *self);

/* The opaque, versioned form handed to apps, and back. from_bytes()
 * checks the form, the version and every field (an http(s) URI, an
 * absolute partial path, a well-formed checksum), failing with
 * BGRUN_URL_SESSION_ERROR_RESUME_FAILED; it does not look at the file. */
GBytes          *bgrun_resume_data_to_bytes   (const BgrunResumeData *self);
BgrunResumeData *bgrun_resume_data_from_bytes (GBytes                *bytes,
                                               GError               **error);

/* The a{sv} the store keeps, and back (NULL when malformed). */
GVariant        *bgrun_resume_data_to_variant   (const BgrunResumeData *self);
BgrunResumeData *bgrun_resume_data_from_variant (GVariant              *dict);

/* Whether @checksum is "sha256:" and 64 hex digits. */
gboolean         bgrun_resume_data_checksum_is_valid (const char *checksum);

/* Whether @uri is an absolute http or https URI with a host. */
gboolean         bgrun_resume_data_uri_is_valid (const char *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunResumeData, bgrun_resume_data_free)

G_END_DECLS
