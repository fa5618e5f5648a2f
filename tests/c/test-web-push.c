/* test-web-push.c: Web Push decryption (RFC 8291) against the RFC's own
 * example, and what bad input gives
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "bgrun-web-push-private.h"

/* RFC 8291 section 5 (base64url) */
#define UA_PRIVATE "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
#define UA_PUBLIC  "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
#define AUTH       "BTBZMqHH6r4Tts7J_aSIgg"
#define MESSAGE    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
#define PLAINTEXT  "When I grow up, I want to be a watermelon"

static BgrunWebPushKeys *
example_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *private_key = NULL, *auth = NULL;
  BgrunWebPushKeys *keys;
  gsize length;

  private_key = bgrun_base64url_decode (UA_PRIVATE, &length);
  g_assert_cmpuint (length, ==, 32);
  auth = bgrun_base64url_decode (AUTH, &length);
  g_assert_cmpuint (length, ==, 16);
  keys = bgrun_web_push_keys_new (private_key, auth, &error);
  g_assert_no_error (error);
  return keys;
}

static GBytes *
example_message (void)
{
  gsize length;
  guint8 *data = bgrun_base64url_decode (MESSAGE, &length);

  g_assert_nonnull (data);
  return g_bytes_new_take (data, length);
}

static void
test_rfc_example (void)
{
  g_autoptr(BgrunWebPushKeys) keys = example_keys ();
  g_autoptr(GBytes) message = example_message ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autofree char *public_key = bgrun_web_push_keys_get_public (keys);
  g_autofree char *auth = bgrun_web_push_keys_get_auth (keys);

  g_assert_cmpstr (public_key, ==, UA_PUBLIC);
  g_assert_cmpstr (auth, ==, AUTH);
  plain = bgrun_web_push_decrypt (keys, message, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                   PLAINTEXT, strlen (PLAINTEXT));
}

static void
test_altered (void)
{
  g_autoptr(BgrunWebPushKeys) keys = example_keys ();
  g_autoptr(GBytes) message = example_message ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) altered = NULL;
  gsize length;
  guint8 *data = g_bytes_unref_to_data (g_steal_pointer (&message), &length);

  data[length - 20] ^= 1;
  altered = g_bytes_new_take (data, length);
  plain = bgrun_web_push_decrypt (keys, altered, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "authentication tag"));
  g_assert_null (plain);
}

static void
test_not_web_push (void)
{
  g_autoptr(BgrunWebPushKeys) keys = example_keys ();
  g_autoptr(GBytes) message = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bgrun_web_push_decrypt (keys, message, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "aes128gcm header"));
  g_assert_null (plain);
}

static void
test_keys_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bgrun-web-push-XXXXXX", NULL);
  g_autofree char *subdir = g_build_filename (dir, "push", NULL);
  g_autofree char *path = g_build_filename (subdir, "web-push-keys", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunWebPushKeys) first = bgrun_web_push_keys_load (path, &error);
  g_autoptr(BgrunWebPushKeys) again = NULL;
  g_autofree char *first_public = NULL, *again_public = NULL;
  g_autofree char *auth = NULL;
  gsize auth_length;
  g_autofree guint8 *auth_bytes = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  again = bgrun_web_push_keys_load (path, &error);
  g_assert_no_error (error);
  first_public = bgrun_web_push_keys_get_public (first);
  again_public = bgrun_web_push_keys_get_public (again);
  g_assert_cmpstr (first_public, ==, again_public);
  g_assert_cmpuint (strlen (first_public), ==, 87);
  auth = bgrun_web_push_keys_get_auth (again);
  auth_bytes = bgrun_base64url_decode (auth, &auth_length);
  g_assert_cmpuint (auth_length, ==, 16);

  /* A damaged file is reported and left for someone to look at. */
  g_assert_true (g_file_set_contents (path, "[Web Push]\nprivate-key=AAAA\n", -1, NULL));
  g_clear_pointer (&again, bgrun_web_push_keys_free);
  again = bgrun_web_push_keys_load (path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (again);
  g_remove (path);
  g_rmdir (subdir);
  g_rmdir (dir);
}

static void
assert_vapid_refused (const char *key,
                      const char *says)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bgrun_web_push_check_vapid_key (key, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, says));
}

/* A VAPID key is checked as precisely as the specifications define it:
 * RFC 8291's example public key is one, and each way of not being one is
 * named. */
static void
test_vapid_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *short_key = g_strndup (UA_PUBLIC, 86);
  g_autofree char *padded = g_strconcat (short_key, "=", NULL);
  g_autofree char *not_canonical = g_strdup (UA_PUBLIC);
  g_autofree char *compressed = g_strdup (UA_PUBLIC);
  gsize length;
  g_autofree guint8 *point = bgrun_base64url_decode (UA_PUBLIC, &length);
  g_autofree char *moved = NULL;

  g_assert_true (bgrun_web_push_check_vapid_key (UA_PUBLIC, &error));
  g_assert_no_error (error);

  assert_vapid_refused (short_key, "87 characters long");
  assert_vapid_refused (padded, "base64url");
  /* The last character carries 2 bits too many, which must be zero: "4"
   * (56) decodes as "5" (57) would, but only "4" is the encoding. */
  g_assert_cmpint (not_canonical[86], ==, '4');
  not_canonical[86] = '5';
  assert_vapid_refused (not_canonical, "base64url");
  compressed[0] = 'A';
  assert_vapid_refused (compressed, "uncompressed point");
  /* The same x with another y: off the curve. */
  point[64] ^= 1;
  moved = bgrun_base64url_encode (point, length);
  assert_vapid_refused (moved, "not a point on the P-256 curve");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web-push/rfc8291-example", test_rfc_example);
  g_test_add_func ("/web-push/altered", test_altered);
  g_test_add_func ("/web-push/not-web-push", test_not_web_push);
  g_test_add_func ("/web-push/keys-kept", test_keys_kept);
  g_test_add_func ("/web-push/vapid-key", test_vapid_key);
  return g_test_run ();
}
