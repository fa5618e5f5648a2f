/* test-requests.c: task requests, their properties and stored form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <bgrun.h>

#include "bgrun-task-request-private.h"
#include "bgrun-time-private.h"

/* ---- helpers ----------------------------------------------------------- */

typedef struct {
  const char *name;
  guint       count;
} NotifyCount;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  NotifyCount *counter = user_data;

  if (g_str_equal (pspec->name, counter->name))
    counter->count++;
}

/* Sets @name to @value twice and checks the second set changes nothing:
 * one notify, and the value reads back. */
static void
check_set_notifies_once (gpointer      object,
                         const char   *name,
                         const GValue *value)
{
  NotifyCount counter = { name, 0 };
  g_auto(GValue) read = G_VALUE_INIT;
  gulong handler = g_signal_connect (object, "notify", G_CALLBACK (on_notify), &counter);

  g_object_set_property (object, name, value);
  g_assert_cmpuint (counter.count, ==, 1);
  g_object_set_property (object, name, value);
  g_assert_cmpuint (counter.count, ==, 1);

  g_value_init (&read, G_VALUE_TYPE (value));
  g_object_get_property (object, name, &read);
  g_assert_cmpint (g_param_values_cmp (g_object_class_find_property (G_OBJECT_GET_CLASS (object), name),
                                       &read, value), ==, 0);
  g_signal_handler_disconnect (object, handler);
}

static void
check_boolean_property (gpointer    object,
                        const char *name)
{
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean current = TRUE;

  g_object_get (object, name, &current, NULL);
  g_assert_false (current);
  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, TRUE);
  check_set_notifies_once (object, name, &value);
}

static GVariant *
sample_user_info (void)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "account", "s", "alice@example.org");
  g_variant_dict_insert (&dict, "attempt", "u", 3);
  g_variant_dict_insert_value (&dict, "nested", g_variant_new_parsed ("{'a': <[1, 2, 3]>}"));
  return g_variant_dict_end (&dict);
}

/* A date with microseconds, not in UTC. */
static GDateTime *
sample_date (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (2 * 3600);

  return g_date_time_new (zone, 2031, 5, 17, 14, 3, 21.123456);
}

static GVariant *
dict_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  GVariant *dict = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return dict;  /* not floating */
}

/* ---- base properties --------------------------------------------------- */

static void
test_identifier (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");
  g_autofree char *identifier = NULL;

  g_assert_cmpstr (bgrun_task_request_get_identifier (BGRUN_TASK_REQUEST (request)),
                   ==, "org.example.App.refresh");
  g_object_get (request, "identifier", &identifier, NULL);
  g_assert_cmpstr (identifier, ==, "org.example.App.refresh");
  g_assert_true (G_TYPE_IS_ABSTRACT (BGRUN_TYPE_TASK_REQUEST));
}

static void
test_earliest_begin_date (void)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new ("org.example.App.sync");
  BgrunTaskRequest *base = BGRUN_TASK_REQUEST (request);
  g_autoptr(GDateTime) date = sample_date ();
  g_autoptr(GDateTime) same_instant = g_date_time_to_utc (date);
  g_auto(GValue) value = G_VALUE_INIT;
  NotifyCount counter = { "earliest-begin-date", 0 };

  g_assert_null (bgrun_task_request_get_earliest_begin_date (base));

  g_value_init (&value, G_TYPE_DATE_TIME);
  g_value_set_boxed (&value, date);
  check_set_notifies_once (request, "earliest-begin-date", &value);
  g_assert_true (bgrun_task_request_get_earliest_begin_date (base) == date);

  g_signal_connect (request, "notify", G_CALLBACK (on_notify), &counter);
  /* The same instant in another time zone is no change. */
  bgrun_task_request_set_earliest_begin_date (base, same_instant);
  g_assert_cmpuint (counter.count, ==, 0);
  bgrun_task_request_set_earliest_begin_date (base, NULL);
  g_assert_cmpuint (counter.count, ==, 1);
  g_assert_null (bgrun_task_request_get_earliest_begin_date (base));
  bgrun_task_request_set_earliest_begin_date (base, NULL);
  g_assert_cmpuint (counter.count, ==, 1);
}

static void
test_user_info (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");
  BgrunTaskRequest *base = BGRUN_TASK_REQUEST (request);
  g_autoptr(GVariant) info = g_variant_ref_sink (sample_user_info ());
  g_auto(GValue) value = G_VALUE_INIT;
  NotifyCount counter = { "user-info", 0 };

  g_assert_null (bgrun_task_request_get_user_info (base));

  g_value_init (&value, G_TYPE_VARIANT);
  g_value_set_variant (&value, info);
  check_set_notifies_once (request, "user-info", &value);
  g_assert_true (g_variant_equal (bgrun_task_request_get_user_info (base), info));

  g_signal_connect (request, "notify", G_CALLBACK (on_notify), &counter);
  /* An equal value (a floating one, consumed) is no change. */
  bgrun_task_request_set_user_info (base, sample_user_info ());
  g_assert_cmpuint (counter.count, ==, 0);
  bgrun_task_request_set_user_info (base, NULL);
  g_assert_cmpuint (counter.count, ==, 1);
  g_assert_null (bgrun_task_request_get_user_info (base));
}

static void
test_user_info_wrong_type (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");
  BgrunTaskRequest *base = BGRUN_TASK_REQUEST (request);
  g_autoptr(GVariant) not_a_dict = g_variant_ref_sink (g_variant_new_string ("hello"));
  g_autoptr(GError) error = NULL;

  /* Kept, not dropped with a CRITICAL as before: the request that uses it
   * is refused, naming the type. */
  bgrun_task_request_set_user_info (base, not_a_dict);
  g_assert_true (bgrun_task_request_get_user_info (base) == not_a_dict);
  g_assert_false (bgrun_task_request_validate (base, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "“s”"));
  g_assert_nonnull (strstr (error->message, "a{sv}"));
}

/* ---- subclass properties ----------------------------------------------- */

static void
test_app_refresh_properties (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");
  g_auto(GValue) value = G_VALUE_INIT;
  NotifyCount counter = { "repeat-interval", 0 };

  g_assert_cmpfloat (bgrun_app_refresh_request_get_repeat_interval (request), ==, 0);
  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, 3600);
  check_set_notifies_once (request, "repeat-interval", &value);
  g_assert_cmpfloat (bgrun_app_refresh_request_get_repeat_interval (request), ==, 3600);

  /* NaN is not a change from NaN. */
  g_signal_connect (request, "notify", G_CALLBACK (on_notify), &counter);
  bgrun_app_refresh_request_set_repeat_interval (request, NAN);
  bgrun_app_refresh_request_set_repeat_interval (request, NAN);
  g_assert_cmpuint (counter.count, ==, 1);
  g_assert_cmpint (BGRUN_MINIMUM_REPEAT_INTERVAL, ==, 900);
}

static void
test_processing_properties (void)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new ("org.example.App.sync");

  check_boolean_property (request, "requires-external-power");
  check_boolean_property (request, "requires-network-connectivity");
  check_boolean_property (request, "requires-unmetered-network");
  check_boolean_property (request, "requires-battery-not-low");
  g_assert_true (bgrun_processing_request_get_requires_external_power (request));
  g_assert_true (bgrun_processing_request_get_requires_network_connectivity (request));
  g_assert_true (bgrun_processing_request_get_requires_unmetered_network (request));
  g_assert_true (bgrun_processing_request_get_requires_battery_not_low (request));

  bgrun_processing_request_set_requires_external_power (request, FALSE);
  bgrun_processing_request_set_requires_network_connectivity (request, FALSE);
  bgrun_processing_request_set_requires_unmetered_network (request, FALSE);
  bgrun_processing_request_set_requires_battery_not_low (request, FALSE);
  g_assert_false (bgrun_processing_request_get_requires_external_power (request));
  g_assert_false (bgrun_processing_request_get_requires_network_connectivity (request));
  g_assert_false (bgrun_processing_request_get_requires_unmetered_network (request));
  g_assert_false (bgrun_processing_request_get_requires_battery_not_low (request));
}

static void
test_continued_properties (void)
{
  g_autoptr(BgrunContinuedProcessingRequest) request =
    bgrun_continued_processing_request_new ("org.example.App.export.1", "Exporting", NULL);
  g_auto(GValue) title = G_VALUE_INIT;
  g_auto(GValue) subtitle = G_VALUE_INIT;
  g_auto(GValue) strategy = G_VALUE_INIT;

  g_assert_cmpstr (bgrun_continued_processing_request_get_title (request), ==, "Exporting");
  g_assert_null (bgrun_continued_processing_request_get_subtitle (request));
  g_assert_cmpint (bgrun_continued_processing_request_get_strategy (request),
                   ==, BGRUN_SUBMISSION_STRATEGY_QUEUE);

  g_value_init (&title, G_TYPE_STRING);
  g_value_set_string (&title, "Exporting 3 photos");
  check_set_notifies_once (request, "title", &title);
  g_value_init (&subtitle, G_TYPE_STRING);
  g_value_set_string (&subtitle, "IMG_0001.jpg");
  check_set_notifies_once (request, "subtitle", &subtitle);
  g_value_init (&strategy, BGRUN_TYPE_SUBMISSION_STRATEGY);
  g_value_set_enum (&strategy, BGRUN_SUBMISSION_STRATEGY_FAIL);
  check_set_notifies_once (request, "strategy", &strategy);

  g_assert_cmpstr (bgrun_continued_processing_request_get_title (request), ==, "Exporting 3 photos");
  g_assert_cmpstr (bgrun_continued_processing_request_get_subtitle (request), ==, "IMG_0001.jpg");
  g_assert_cmpint (bgrun_continued_processing_request_get_strategy (request),
                   ==, BGRUN_SUBMISSION_STRATEGY_FAIL);
}

static void
test_kinds (void)
{
  g_autoptr(BgrunTaskRequest) refresh = BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new ("a.b"));
  g_autoptr(BgrunTaskRequest) processing = BGRUN_TASK_REQUEST (bgrun_processing_request_new ("a.b"));
  g_autoptr(BgrunTaskRequest) continued =
    BGRUN_TASK_REQUEST (bgrun_continued_processing_request_new ("a.b", "t", "s"));

  g_assert_cmpstr (bgrun_task_request_get_kind (refresh), ==, "app-refresh");
  g_assert_cmpstr (bgrun_task_request_get_kind (processing), ==, "processing");
  g_assert_cmpstr (bgrun_task_request_get_kind (continued), ==, "continued-processing");
  g_assert_true (bgrun_task_request_get_task_type (refresh) == BGRUN_TYPE_APP_REFRESH_TASK);
  g_assert_true (bgrun_task_request_get_task_type (processing) == BGRUN_TYPE_PROCESSING_TASK);
  g_assert_true (bgrun_task_request_get_task_type (continued) == BGRUN_TYPE_CONTINUED_PROCESSING_TASK);
}

/* ---- stored form ------------------------------------------------------- */

static BgrunTaskRequest *
round_trip (BgrunTaskRequest *request,
            GVariant        **dict_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) dict = bgrun_task_request_to_variant (request);
  g_autoptr(GVariant) serialized = NULL;
  g_autoptr(GBytes) bytes = NULL;
  BgrunTaskRequest *copy;

  g_assert_false (g_variant_is_floating (dict));
  g_assert_true (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT));

  /* Read back the form the store keeps: serialized bytes. */
  bytes = g_variant_get_data_as_bytes (dict);
  serialized = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));
  copy = bgrun_task_request_new_from_variant (serialized, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_true (G_OBJECT_TYPE (copy) == G_OBJECT_TYPE (request));
  g_assert_cmpstr (bgrun_task_request_get_identifier (copy), ==,
                   bgrun_task_request_get_identifier (request));
  if (dict_out != NULL)
    *dict_out = g_steal_pointer (&dict);
  return copy;
}

static void
test_round_trip_app_refresh (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");
  g_autoptr(GDateTime) date = sample_date ();
  g_autoptr(BgrunTaskRequest) copy = NULL;
  g_autoptr(GVariant) dict = NULL;
  GDateTime *read;
  gint64 usec = 0;
  double interval = 0;
  const char *kind = NULL;

  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), date);
  bgrun_task_request_set_user_info (BGRUN_TASK_REQUEST (request), sample_user_info ());
  bgrun_app_refresh_request_set_repeat_interval (request, 1800.5);

  copy = round_trip (BGRUN_TASK_REQUEST (request), &dict);

  g_assert_true (g_variant_lookup (dict, "kind", "&s", &kind));
  g_assert_cmpstr (kind, ==, "app-refresh");
  g_assert_true (g_variant_lookup (dict, "earliest-begin-date", "x", &usec));
  g_assert_cmpint (usec, ==, bgrun_time_to_usec (date));
  g_assert_cmpint (usec % G_USEC_PER_SEC, ==, 123456);
  g_assert_true (g_variant_lookup (dict, "repeat-interval", "d", &interval));
  g_assert_cmpfloat (interval, ==, 1800.5);

  read = bgrun_task_request_get_earliest_begin_date (copy);
  g_assert_nonnull (read);
  g_assert_true (g_date_time_equal (read, date));
  g_assert_cmpint (g_date_time_get_microsecond (read), ==, 123456);
  g_assert_true (g_variant_equal (bgrun_task_request_get_user_info (copy),
                                  bgrun_task_request_get_user_info (BGRUN_TASK_REQUEST (request))));
  g_assert_cmpfloat (bgrun_app_refresh_request_get_repeat_interval (BGRUN_APP_REFRESH_REQUEST (copy)),
                     ==, 1800.5);
}

static void
test_round_trip_unset (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");
  g_autoptr(BgrunTaskRequest) copy = NULL;
  g_autoptr(GVariant) dict = NULL;

  copy = round_trip (BGRUN_TASK_REQUEST (request), &dict);
  g_assert_null (g_variant_lookup_value (dict, "earliest-begin-date", NULL));
  g_assert_null (g_variant_lookup_value (dict, "user-info", NULL));
  g_assert_null (bgrun_task_request_get_earliest_begin_date (copy));
  g_assert_null (bgrun_task_request_get_user_info (copy));
  g_assert_cmpfloat (bgrun_app_refresh_request_get_repeat_interval (BGRUN_APP_REFRESH_REQUEST (copy)), ==, 0);
}

static void
test_round_trip_processing (void)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new ("org.example.App.sync");
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (-86400);  /* before 1970 */
  g_autoptr(BgrunTaskRequest) copy = NULL;
  g_autoptr(GVariant) dict = NULL;
  BgrunProcessingRequest *read;
  gboolean flag = FALSE;

  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), date);
  bgrun_processing_request_set_requires_external_power (request, TRUE);
  bgrun_processing_request_set_requires_unmetered_network (request, TRUE);

  copy = round_trip (BGRUN_TASK_REQUEST (request), &dict);
  read = BGRUN_PROCESSING_REQUEST (copy);

  g_assert_true (g_variant_lookup (dict, "requires-external-power", "b", &flag));
  g_assert_true (flag);
  g_assert_true (g_variant_lookup (dict, "requires-network-connectivity", "b", &flag));
  g_assert_false (flag);
  g_assert_true (g_date_time_equal (bgrun_task_request_get_earliest_begin_date (copy), date));
  g_assert_true (bgrun_processing_request_get_requires_external_power (read));
  g_assert_false (bgrun_processing_request_get_requires_network_connectivity (read));
  g_assert_true (bgrun_processing_request_get_requires_unmetered_network (read));
  g_assert_false (bgrun_processing_request_get_requires_battery_not_low (read));
}

static void
test_round_trip_continued (void)
{
  g_autoptr(BgrunContinuedProcessingRequest) request =
    bgrun_continued_processing_request_new ("org.example.App.export.7", "Exporting “Trip”", "12 photos");
  g_autoptr(BgrunTaskRequest) copy = NULL;
  g_autoptr(GVariant) dict = NULL;
  BgrunContinuedProcessingRequest *read;
  const char *text = NULL;

  bgrun_continued_processing_request_set_strategy (request, BGRUN_SUBMISSION_STRATEGY_FAIL);
  bgrun_task_request_set_user_info (BGRUN_TASK_REQUEST (request), sample_user_info ());

  copy = round_trip (BGRUN_TASK_REQUEST (request), &dict);
  read = BGRUN_CONTINUED_PROCESSING_REQUEST (copy);

  g_assert_true (g_variant_lookup (dict, "strategy", "&s", &text));
  g_assert_cmpstr (text, ==, "fail");
  g_assert_true (g_variant_lookup (dict, "title", "&s", &text));
  g_assert_cmpstr (text, ==, "Exporting “Trip”");
  g_assert_cmpstr (bgrun_continued_processing_request_get_title (read), ==, "Exporting “Trip”");
  g_assert_cmpstr (bgrun_continued_processing_request_get_subtitle (read), ==, "12 photos");
  g_assert_cmpint (bgrun_continued_processing_request_get_strategy (read), ==, BGRUN_SUBMISSION_STRATEGY_FAIL);
  g_assert_true (g_variant_equal (bgrun_task_request_get_user_info (copy),
                                  bgrun_task_request_get_user_info (BGRUN_TASK_REQUEST (request))));

  /* The default strategy is stored too. */
  bgrun_continued_processing_request_set_strategy (request, BGRUN_SUBMISSION_STRATEGY_QUEUE);
  g_clear_pointer (&dict, g_variant_unref);
  dict = bgrun_task_request_to_variant (BGRUN_TASK_REQUEST (request));
  g_assert_true (g_variant_lookup (dict, "strategy", "&s", &text));
  g_assert_cmpstr (text, ==, "queue");
}

static void
test_unknown_keys_ignored (void)
{
  g_autoptr(GVariant) dict = dict_from_text ("{'kind': <'processing'>, "
                                             "'identifier': <'org.example.App.sync'>, "
                                             "'task-id': <uint64 7>, "
                                             "'submitted': <int64 1000>, "
                                             "'requires-battery-not-low': <true>, "
                                             "'future-option': <[1, 2]>}");
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunTaskRequest) request = bgrun_task_request_new_from_variant (dict, &error);

  g_assert_no_error (error);
  g_assert_true (BGRUN_IS_PROCESSING_REQUEST (request));
  g_assert_cmpstr (bgrun_task_request_get_identifier (request), ==, "org.example.App.sync");
  g_assert_true (bgrun_processing_request_get_requires_battery_not_low (BGRUN_PROCESSING_REQUEST (request)));
  g_assert_false (bgrun_processing_request_get_requires_external_power (BGRUN_PROCESSING_REQUEST (request)));
}

typedef struct {
  const char *text;     /* a GVariant in text form */
  const char *says[3];  /* what the message must contain */
} BadDict;

static void
test_bad_dicts (void)
{
  const BadDict bad[] = {
    { "{'kind': <'app-refresh'>}", { "“identifier”" } },
    { "{'kind': <'app-refresh'>, 'identifier': <42>}", { "“identifier”", "“i”", "“s”" } },
    { "{'identifier': <'org.example.x'>}", { "org.example.x", "“kind”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <true>}", { "org.example.x", "“kind”", "“b”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'snapshot'>}", { "org.example.x", "“snapshot”", "app-refresh" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'app-refresh'>, 'earliest-begin-date': <'tomorrow'>}",
      { "org.example.x", "“earliest-begin-date”", "“x”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'app-refresh'>, 'user-info': <[1, 2]>}",
      { "org.example.x", "“user-info”", "“a{sv}”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'app-refresh'>, 'repeat-interval': <900>}",
      { "org.example.x", "“repeat-interval”", "“d”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'processing'>, 'requires-external-power': <1>}",
      { "org.example.x", "“requires-external-power”", "“b”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'continued-processing'>, 'title': <1>}",
      { "org.example.x", "“title”", "“s”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'continued-processing'>, 'subtitle': <1>}",
      { "org.example.x", "“subtitle”" } },
    { "{'identifier': <'org.example.x'>, 'kind': <'continued-processing'>, 'strategy': <'later'>}",
      { "org.example.x", "“later”", "queue" } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GVariant) dict = dict_from_text (bad[i].text);
      g_autoptr(GError) error = NULL;
      g_autoptr(BgrunTaskRequest) request = NULL;

      g_test_message ("%s", bad[i].text);
      request = bgrun_task_request_new_from_variant (dict, &error);
      g_assert_null (request);
      g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
      for (gsize j = 0; j < G_N_ELEMENTS (bad[i].says) && bad[i].says[j] != NULL; j++)
        g_assert_nonnull (strstr (error->message, bad[i].says[j]));
    }
}

static void
test_not_a_dict (void)
{
  g_autoptr(GVariant) list = g_variant_ref_sink (g_variant_new_parsed ("[1, 2]"));
  g_autoptr(GError) error = NULL;

  g_assert_null (bgrun_task_request_new_from_variant (list, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "a{sv}"));
}

/* A begin date past the year 9999 (or before year 1) is refused with a
 * precise error, not a critical: found by tests/fuzz/fuzz-request-dict,
 * whose corpus keeps the input. */
static void
test_begin_date_out_of_range (void)
{
  const gint64 dates[] = { G_MAXINT64, 253402300800000000, G_MININT64, -62135596800000001 };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GVariant) dict = NULL;
      g_autoptr(GError) error = NULL;

      dict = g_variant_ref_sink (g_variant_new_parsed ("{'kind': <'processing'>, 'identifier': <'org.example.App.late'>, 'earliest-begin-date': <%x>}",
                                                       dates[i]));
      g_assert_null (bgrun_task_request_new_from_variant (dict, &error));
      g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
      g_assert_nonnull (strstr (error->message, "earliest-begin-date"));
    }
}

/* ---- validation -------------------------------------------------------- */

static void
assert_valid (gpointer request)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_task_request_validate (request, &error));
  g_assert_no_error (error);
}

static void
assert_invalid (gpointer    request,
                const char *says)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bgrun_task_request_validate (request, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, bgrun_task_request_get_identifier (request)));
  if (says != NULL)
    g_assert_nonnull (strstr (error->message, says));
}

static void
test_validate_identifier (void)
{
  g_autoptr(BgrunAppRefreshRequest) family = bgrun_app_refresh_request_new ("org.example.App.*");
  g_autoptr(BgrunAppRefreshRequest) one = bgrun_app_refresh_request_new ("refresh");
  g_autoptr(BgrunAppRefreshRequest) good = bgrun_app_refresh_request_new ("org.example.App.refresh");

  assert_invalid (family, ".*");
  assert_invalid (one, NULL);
  assert_valid (good);
}

static GVariant *
user_info_with_string (gsize length)
{
  g_autofree char *blob = g_strnfill (length, 'x');
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "data", "s", blob);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static void
test_validate_user_info_size (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");
  g_autoptr(GVariant) largest = NULL;
  g_autoptr(GVariant) over = NULL;
  g_autofree char *over_size = NULL;

  g_assert_cmpint (BGRUN_MAX_USER_INFO_SIZE, ==, 64 * 1024);

  /* Serialized sizes jump across 64 KiB (the framing offsets of each
   * container grow from 2 to 4 bytes there), so no a{sv} is exactly 64 KiB
   * or 64 KiB + 1: take the largest below and the smallest above. */
  for (gsize length = BGRUN_MAX_USER_INFO_SIZE - 64; ; length++)
    {
      g_autoptr(GVariant) info = user_info_with_string (length);

      if (g_variant_get_size (info) > BGRUN_MAX_USER_INFO_SIZE)
        {
          over = g_steal_pointer (&info);
          break;
        }
      g_clear_pointer (&largest, g_variant_unref);
      largest = g_steal_pointer (&info);
    }
  g_assert_cmpuint (g_variant_get_size (largest), >=, BGRUN_MAX_USER_INFO_SIZE - 1);
  g_assert_cmpuint (g_variant_get_size (over), <=, BGRUN_MAX_USER_INFO_SIZE + 4);

  bgrun_task_request_set_user_info (BGRUN_TASK_REQUEST (request), largest);
  assert_valid (request);

  bgrun_task_request_set_user_info (BGRUN_TASK_REQUEST (request), over);
  over_size = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", g_variant_get_size (over));
  assert_invalid (request, over_size);
  assert_invalid (request, "65536 bytes");
}

static void
test_validate_repeat_interval (void)
{
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.App.refresh");

  assert_valid (request);  /* 0: once */
  bgrun_app_refresh_request_set_repeat_interval (request, 899);
  assert_invalid (request, "899");
  bgrun_app_refresh_request_set_repeat_interval (request, 900);
  assert_valid (request);
  bgrun_app_refresh_request_set_repeat_interval (request, 86400);
  assert_valid (request);
  bgrun_app_refresh_request_set_repeat_interval (request, NAN);
  assert_invalid (request, "900");
  bgrun_app_refresh_request_set_repeat_interval (request, INFINITY);
  assert_invalid (request, "900");
  bgrun_app_refresh_request_set_repeat_interval (request, -900);
  assert_invalid (request, "900");
  bgrun_app_refresh_request_set_repeat_interval (request, 0);
  assert_valid (request);
}

static void
test_validate_title (void)
{
  g_autoptr(BgrunContinuedProcessingRequest) request =
    bgrun_continued_processing_request_new ("org.example.App.export.1", "", NULL);

  assert_invalid (request, "title");
  bgrun_continued_processing_request_set_title (request, NULL);
  assert_invalid (request, "title");
  bgrun_continued_processing_request_set_title (request, "Exporting");
  assert_valid (request);
}

static void
test_validate_processing (void)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new ("org.example.App.sync");

  bgrun_processing_request_set_requires_external_power (request, TRUE);
  assert_valid (request);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/requests/identifier", test_identifier);
  g_test_add_func ("/requests/earliest-begin-date", test_earliest_begin_date);
  g_test_add_func ("/requests/user-info", test_user_info);
  g_test_add_func ("/requests/user-info-wrong-type", test_user_info_wrong_type);
  g_test_add_func ("/requests/app-refresh/properties", test_app_refresh_properties);
  g_test_add_func ("/requests/processing/properties", test_processing_properties);
  g_test_add_func ("/requests/continued/properties", test_continued_properties);
  g_test_add_func ("/requests/kinds", test_kinds);
  g_test_add_func ("/requests/variant/app-refresh", test_round_trip_app_refresh);
  g_test_add_func ("/requests/variant/unset", test_round_trip_unset);
  g_test_add_func ("/requests/variant/processing", test_round_trip_processing);
  g_test_add_func ("/requests/variant/continued", test_round_trip_continued);
  g_test_add_func ("/requests/variant/unknown-keys-ignored", test_unknown_keys_ignored);
  g_test_add_func ("/requests/variant/bad", test_bad_dicts);
  g_test_add_func ("/requests/variant/not-a-dict", test_not_a_dict);
  g_test_add_func ("/requests/variant/begin-date-out-of-range", test_begin_date_out_of_range);
  g_test_add_func ("/requests/validate/identifier", test_validate_identifier);
  g_test_add_func ("/requests/validate/user-info-size", test_validate_user_info_size);
  g_test_add_func ("/requests/validate/repeat-interval", test_validate_repeat_interval);
  g_test_add_func ("/requests/validate/title", test_validate_title);
  g_test_add_func ("/requests/validate/processing", test_validate_processing);

  return g_test_run ();
}
