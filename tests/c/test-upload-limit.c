/* test-upload-limit.c: reading the IETF draft's Upload-Limit header
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-upload-limit-private.h"

#define NONE BGRUN_UPLOAD_LIMIT_NONE

static void
test_all_keys (void)
{
  BgrunUploadLimit limit;

  g_assert_true (bgrun_upload_limit_parse ("max-size=1000, min-size=10, max-append-size=100, "
                                           "min-append-size=5, expires=3600", &limit));
  g_assert_cmpuint (limit.max_size, ==, 1000);
  g_assert_cmpuint (limit.min_size, ==, 10);
  g_assert_cmpuint (limit.max_append_size, ==, 100);
  g_assert_cmpuint (limit.min_append_size, ==, 5);
  g_assert_cmpuint (limit.expires, ==, 3600);
}

/* Keys not given stay unlimited; the largest integer RFC 8941 allows. */
static void
test_missing_keys (void)
{
  BgrunUploadLimit limit;

  g_assert_true (bgrun_upload_limit_parse ("max-append-size=999999999999999", &limit));
  g_assert_cmpuint (limit.max_append_size, ==, 999999999999999);
  g_assert_cmpuint (limit.max_size, ==, NONE);
  g_assert_cmpuint (limit.expires, ==, NONE);

  g_assert_true (bgrun_upload_limit_parse ("", &limit));
  g_assert_cmpuint (limit.max_append_size, ==, NONE);
}

/* Unknown keys of every kind and parameters are skipped; the last of a
 * repeated key counts. */
static void
test_skipped (void)
{
  BgrunUploadLimit limit;

  g_assert_true (bgrun_upload_limit_parse ("a=1.5, b=\"x, \\\"y\\\"\", c=:aGk=:, d=?1, e=tok/en:1, "
                                           "f=(1 \"two\" three);p, g, h;q=2, "
                                           "max-size=7;unit=bytes;x, max-size=8,\tmin-size=-0",
                                           &limit));
  g_assert_cmpuint (limit.max_size, ==, 8);
  g_assert_cmpuint (limit.min_size, ==, 0);
  g_assert_cmpuint (limit.max_append_size, ==, NONE);
}

static void
test_malformed (void)
{
  const char *malformed[] = {
    "max-size=-1",                 /* negative */
    "max-size=1.0",                /* a decimal */
    "max-size=\"10\"",             /* a string */
    "max-size",                    /* a boolean */
    "max-size=(1 2)",              /* an inner list */
    "max-size=1000000000000000",   /* 16 digits */
    "max-append-size=0",           /* no byte could go out */
    "max-size=10,",                /* a trailing comma */
    "max-size=10;",                /* a parameter without a key */
    "max-size=10 min-size=1",      /* no comma */
    "Max-Size=10",                 /* keys are lowercase */
    "a=\"unterminated",
    "a=(1 2",
    "a=:not base64!:",
    "a=1.2345",
  };
  BgrunUploadLimit limit;

  bgrun_upload_limit_init (&limit);
  limit.max_size = 42;
  g_assert_false (bgrun_upload_limit_parse (NULL, &limit));
  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("%s", malformed[i]);
      g_assert_false (bgrun_upload_limit_parse (malformed[i], &limit));
    }
  /* Untouched, so what the server said before still holds. */
  g_assert_cmpuint (limit.max_size, ==, 42);
}

static void
test_append_end (void)
{
  BgrunUploadLimit limit;

  bgrun_upload_limit_init (&limit);
  g_assert_cmpuint (bgrun_upload_limit_append_end (&limit, 0, 1000), ==, 1000);
  limit.max_append_size = 300;
  g_assert_cmpuint (bgrun_upload_limit_append_end (&limit, 0, 1000), ==, 300);
  g_assert_cmpuint (bgrun_upload_limit_append_end (&limit, 600, 1000), ==, 900);
  g_assert_cmpuint (bgrun_upload_limit_append_end (&limit, 700, 1000), ==, 1000);
  g_assert_cmpuint (bgrun_upload_limit_append_end (&limit, 1000, 1000), ==, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upload-limit/all-keys", test_all_keys);
  g_test_add_func ("/upload-limit/missing-keys", test_missing_keys);
  g_test_add_func ("/upload-limit/skipped", test_skipped);
  g_test_add_func ("/upload-limit/malformed", test_malformed);
  g_test_add_func ("/upload-limit/append-end", test_append_end);
  return g_test_run ();
}
