/* fuzz-resume-data.c: resume data on arbitrary bytes (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Resume data comes back from apps (and, through bgrund's CreateTask,
 * from any peer) as opaque bytes. Whatever they hold, reading them either
 * fails with RESUME_FAILED or gives a point whose every field is valid,
 * whose validators can go into a request header, and which reads back the
 * same from its own bytes.
 */

#include "config.h"

#include <string.h>

#include <bgrun.h>

#include "bgrun-resume-data-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_header_value (const char *value)
{
  if (value != NULL)
    g_assert_null (strpbrk (value, "\r\n"));
}

static void
check_point (const BgrunResumeData *point)
{
  g_autoptr(GBytes) bytes = bgrun_resume_data_to_bytes (point);
  g_autoptr(BgrunResumeData) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_resume_data_uri_is_valid (point->uri));
  g_assert_true (g_path_is_absolute (point->partial_path));
  g_assert_true (point->expected >= -1);
  g_assert_true (point->expected < 0 || point->offset <= (guint64) point->expected);
  g_assert_true (point->checksum == NULL || bgrun_resume_data_checksum_is_valid (point->checksum));
  check_header_value (point->etag);
  check_header_value (point->last_modified);

  again = bgrun_resume_data_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->uri, ==, point->uri);
  g_assert_cmpstr (again->partial_path, ==, point->partial_path);
  g_assert_cmpuint (again->offset, ==, point->offset);
  g_assert_cmpint (again->expected, ==, point->expected);
  g_assert_cmpstr (again->etag, ==, point->etag);
  g_assert_cmpstr (again->last_modified, ==, point->last_modified);
  g_assert_cmpstr (again->checksum, ==, point->checksum);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunResumeData) point = bgrun_resume_data_from_bytes (bytes, &error);

  if (point == NULL)
    g_assert_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_RESUME_FAILED);
  else
    check_point (point);
  return 0;
}
