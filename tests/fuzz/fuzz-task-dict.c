/* fuzz-task-dict.c: the dictionaries of background transfers that
 * bgrund reads from any app, and from its records (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is an (a{sv}a{sv}a{sv}): the configuration an app's
 * OpenSession carries (org.bgrun.Transfers1, an untrusted peer), then a
 * recorded upload and a recorded download as a task's record holds them
 * (a record read back from a store another process may have damaged).
 *
 * The configuration either applies whole or fails with
 * G_DBUS_ERROR_INVALID_ARGS and changes nothing; once applied, it reads
 * back the same. A recorded upload or download is either refused or
 * valid, and reads back the same from what it records.
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-resume-data-private.h"
#include "bgrun-upload-private.h"
#include "bgrun-url-session-private.h"
#include "fuzz-variant.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_configuration (GVariant *dict)
{
  g_autoptr(BgrunUrlSessionConfiguration) config = bgrun_url_session_configuration_new_background ("org.example.Fuzz.transfers");
  g_autoptr(GVariant) before = g_variant_ref_sink (bgrun_url_session_configuration_to_variant (config));
  g_autoptr(GVariant) after = NULL;
  g_autoptr(GError) error = NULL;

  if (!bgrun_url_session_configuration_apply_variant (config, dict, &error))
    {
      g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
      after = g_variant_ref_sink (bgrun_url_session_configuration_to_variant (config));
      g_assert_true (g_variant_equal (before, after));
      return;
    }
  after = g_variant_ref_sink (bgrun_url_session_configuration_to_variant (config));
  {
    g_autoptr(BgrunUrlSessionConfiguration) again = bgrun_url_session_configuration_new_background ("org.example.Fuzz.transfers");
    g_autoptr(GVariant) reread = NULL;

    g_assert_true (bgrun_url_session_configuration_apply_variant (again, after, &error));
    g_assert_no_error (error);
    reread = g_variant_ref_sink (bgrun_url_session_configuration_to_variant (again));
    g_assert_true (g_variant_equal (after, reread));
  }
}

static void
check_upload (GVariant *dict)
{
  g_autoptr(BgrunUploadPoint) point = bgrun_upload_point_from_variant (dict);
  g_autoptr(BgrunUploadPoint) again = NULL;
  g_autoptr(GVariant) recorded = NULL;
  g_autoptr(GVariant) rerecorded = NULL;

  if (point == NULL)
    return;
  g_assert_true (point->offset <= point->size);
  g_assert_true (g_path_is_absolute (point->path));
  recorded = g_variant_ref_sink (bgrun_upload_point_to_variant (point));
  again = bgrun_upload_point_from_variant (recorded);
  g_assert_nonnull (again);
  rerecorded = g_variant_ref_sink (bgrun_upload_point_to_variant (again));
  g_assert_true (g_variant_equal (recorded, rerecorded));
}

static void
check_download (GVariant *dict)
{
  g_autoptr(BgrunResumeData) point = bgrun_resume_data_from_variant (dict);
  g_autoptr(BgrunResumeData) again = NULL;
  g_autoptr(GVariant) recorded = NULL;
  g_autoptr(GVariant) rerecorded = NULL;

  if (point == NULL)
    return;
  recorded = g_variant_ref_sink (bgrun_resume_data_to_variant (point));
  again = bgrun_resume_data_from_variant (recorded);
  g_assert_nonnull (again);
  rerecorded = g_variant_ref_sink (bgrun_resume_data_to_variant (again));
  g_assert_true (g_variant_equal (recorded, rerecorded));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GVariant) body = fuzz_variant_from_data ("(a{sv}a{sv}a{sv})", data, size);
  g_autoptr(GVariant) configuration = g_variant_get_child_value (body, 0);
  g_autoptr(GVariant) upload = g_variant_get_child_value (body, 1);
  g_autoptr(GVariant) download = g_variant_get_child_value (body, 2);

  check_configuration (configuration);
  check_upload (upload);
  check_download (download);
  return 0;
}
