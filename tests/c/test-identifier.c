/* test-identifier.c: the rules for task identifiers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-identifier-private.h"

static void
test_valid (void)
{
  const char *valid[] = {
    "org.example",
    "org.example.App.refresh",
    "com.example-corp.my_app.Sync2",
    "a.b",
    "0.9",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (bgrun_identifier_validate (valid[i], FALSE, &error));
      g_assert_no_error (error);
      g_assert_true (bgrun_identifier_validate (valid[i], TRUE, &error));
      g_assert_no_error (error);
    }
}

static void
test_longest (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *longest = g_strnfill (BGRUN_IDENTIFIER_MAX_LENGTH, 'a');
  g_autofree char *family = g_strnfill (BGRUN_IDENTIFIER_MAX_LENGTH, 'a');
  g_autofree char *too_long = g_strnfill (BGRUN_IDENTIFIER_MAX_LENGTH + 1, 'a');

  longest[3] = '.';
  g_assert_true (bgrun_identifier_validate (longest, FALSE, &error));
  g_assert_no_error (error);

  /* The ".*" of a family counts. */
  family[3] = '.';
  family[BGRUN_IDENTIFIER_MAX_LENGTH - 2] = '.';
  family[BGRUN_IDENTIFIER_MAX_LENGTH - 1] = '*';
  g_assert_true (bgrun_identifier_validate (family, TRUE, &error));
  g_assert_no_error (error);

  too_long[3] = '.';
  g_assert_false (bgrun_identifier_validate (too_long, FALSE, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, too_long));
  g_assert_nonnull (strstr (error->message, "256"));
  g_assert_nonnull (strstr (error->message, "255"));
}

typedef struct {
  const char *identifier;
  gboolean    allow_family;
  const char *says;     /* what the message must also contain */
} Invalid;

static void
test_invalid (void)
{
  const Invalid invalid[] = {
    { "org", FALSE, "two" },
    { "org.", FALSE, "element 2 is empty" },
    { ".org.example", FALSE, "element 1 is empty" },
    { "org..example", FALSE, "element 2 is empty" },
    { "org.example.", TRUE, "element 3 is empty" },
    { "org.exa mple", FALSE, "element 2 contains U+0020" },
    { "org.example/App", FALSE, "“/”" },
    { "org.exämple", FALSE, "“ä”" },
    { "org.ex\tample", FALSE, "U+0009" },
    { "org.example.*", FALSE, "“.*”" },
    { "org.*.App", TRUE, "element 2 contains “*”" },
    { "org.example*", TRUE, "“*”" },
    { "a.*", TRUE, "two" },
    { ".*", TRUE, "element 1 is empty" },
    { "org.example.*.*", TRUE, "element 3 contains “*”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", invalid[i].identifier);
      g_assert_false (bgrun_identifier_validate (invalid[i].identifier,
                                                 invalid[i].allow_family, &error));
      g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
      g_assert_nonnull (strstr (error->message, invalid[i].identifier));
      g_assert_nonnull (strstr (error->message, invalid[i].says));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bgrun_identifier_validate (NULL, TRUE, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  g_assert_false (bgrun_identifier_validate ("", FALSE, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "empty"));
}

static void
test_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;

  /* The message stays UTF-8 and still shows the offending byte. */
  g_assert_false (bgrun_identifier_validate ("org.ex\xffmple", FALSE, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "\\xFF"));
}

static void
test_family (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_identifier_validate ("org.example.*", TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (bgrun_identifier_is_family ("org.example.*"));
  g_assert_false (bgrun_identifier_is_family ("org.example"));
  g_assert_false (bgrun_identifier_is_family ("org.example*"));
  g_assert_false (bgrun_identifier_is_family (NULL));
}

static void
test_matches (void)
{
  g_assert_true (bgrun_identifier_matches ("org.example.refresh", "org.example.refresh"));
  g_assert_false (bgrun_identifier_matches ("org.example.refresh", "org.example.refresh.1"));
  g_assert_false (bgrun_identifier_matches ("org.example.refresh", "org.example"));

  g_assert_true (bgrun_identifier_matches ("org.example.*", "org.example.export"));
  g_assert_true (bgrun_identifier_matches ("org.example.*", "org.example.export.42"));
  g_assert_true (bgrun_identifier_matches ("org.example.*", "org.example.*"));
  g_assert_false (bgrun_identifier_matches ("org.example.*", "org.example"));
  g_assert_false (bgrun_identifier_matches ("org.example.*", "org.example."));
  g_assert_false (bgrun_identifier_matches ("org.example.*", "org.examples.export"));
  g_assert_false (bgrun_identifier_matches ("org.example.*", "org.exampl.export"));
  g_assert_false (bgrun_identifier_matches ("org.example.*", "com.example.export"));
  g_assert_false (bgrun_identifier_matches (NULL, "org.example"));
  g_assert_false (bgrun_identifier_matches ("org.example", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/identifier/valid", test_valid);
  g_test_add_func ("/identifier/longest", test_longest);
  g_test_add_func ("/identifier/invalid", test_invalid);
  g_test_add_func ("/identifier/empty", test_empty);
  g_test_add_func ("/identifier/not-utf8", test_not_utf8);
  g_test_add_func ("/identifier/family", test_family);
  g_test_add_func ("/identifier/matches", test_matches);

  return g_test_run ();
}
