/* bgrun-web-push.c: Web Push message encryption, the receiving side
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sys/random.h>

#include <gmp.h>
#include <nettle/bignum.h>
#include <nettle/ecc.h>
#include <nettle/ecc-curve.h>
#include <nettle/gcm.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>

#include "bgrun-i18n-private.h"
#include "bgrun-web-push-private.h"

/* RFC 8291: the application server makes a P-256 key pair for each
 * message, agrees a secret with the app's public key (ECDH), mixes in the
 * app's authentication secret and both public keys (HKDF-SHA-256), then
 * encrypts with AES-128-GCM in records as RFC 8188's aes128gcm coding
 * lays out: salt (16) | record size (4) | key id length (1) | key id (the
 * server's public key, 65) | records of at most "record size" bytes,
 * each ending in its 16-byte tag, whose plaintext ends in a delimiter
 * (2 for the last record, 1 before) and zero padding. */

#define POINT_LENGTH  65  /* 0x04 | x | y */
#define COORD_LENGTH  32
#define AUTH_LENGTH   16
#define SALT_LENGTH   16
#define HEADER_LENGTH (SALT_LENGTH + 4 + 1)
#define KEY_GROUP     "Web Push"

struct _BgrunWebPushKeys
{
  guint8 private_key[COORD_LENGTH];
  guint8 public_key[POINT_LENGTH];
  guint8 auth[AUTH_LENGTH];
};

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
}

char *
bgrun_base64url_encode (const guint8 *data,
                        gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *padding = strchr (text, '=');

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  if (padding != NULL)
    *padding = '\0';
  return text;
}

guint8 *
bgrun_base64url_decode (const char *text,
                        gsize      *length)
{
  g_autoptr(GString) padded = g_string_new (text);

  if (strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != strlen (text) ||
      padded->len % 4 == 1)
    {
      *length = 0;
      return NULL;
    }
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  return g_base64_decode (padded->str, length);
}

/* ---- P-256 ------------------------------------------------------------ */

static void
point_to_bytes (const struct ecc_point *point,
                guint8                 *out)
{
  mpz_t x, y;

  mpz_inits (x, y, NULL);
  ecc_point_get (point, x, y);
  out[0] = 0x04;
  nettle_mpz_get_str_256 (COORD_LENGTH, out + 1, x);
  nettle_mpz_get_str_256 (COORD_LENGTH, out + 1 + COORD_LENGTH, y);
  mpz_clears (x, y, NULL);
}

/* Whether @bytes is an uncompressed point on the curve. */
static gboolean
point_from_bytes (struct ecc_point *point,
                  const guint8     *bytes)
{
  gboolean on_curve;
  mpz_t x, y;

  if (bytes[0] != 0x04)
    return FALSE;
  mpz_inits (x, y, NULL);
  nettle_mpz_set_str_256_u (x, COORD_LENGTH, bytes + 1);
  nettle_mpz_set_str_256_u (y, COORD_LENGTH, bytes + 1 + COORD_LENGTH);
  on_curve = ecc_point_set (point, x, y);
  mpz_clears (x, y, NULL);
  return on_curve;
}

static gboolean
scalar_from_bytes (struct ecc_scalar *scalar,
                   const guint8      *bytes)
{
  gboolean in_range;
  mpz_t z;

  mpz_init (z);
  nettle_mpz_set_str_256_u (z, COORD_LENGTH, bytes);
  in_range = ecc_scalar_set (scalar, z);
  mpz_clear (z);
  return in_range;
}

/* The x coordinate of @private_key times the point @peer (ECDH). */
static gboolean
agree (const guint8 *private_key,
       const guint8 *peer,
       guint8       *secret)
{
  const struct ecc_curve *curve = nettle_get_secp_256r1 ();
  struct ecc_scalar scalar;
  struct ecc_point point, shared;
  gboolean valid;

  ecc_scalar_init (&scalar, curve);
  ecc_point_init (&point, curve);
  ecc_point_init (&shared, curve);
  valid = scalar_from_bytes (&scalar, private_key) && point_from_bytes (&point, peer);
  if (valid)
    {
      guint8 bytes[POINT_LENGTH];

      ecc_point_mul (&shared, &scalar, &point);
      point_to_bytes (&shared, bytes);
      memcpy (secret, bytes + 1, COORD_LENGTH);
    }
  ecc_point_clear (&shared);
  ecc_point_clear (&point);
  ecc_scalar_clear (&scalar);
  return valid;
}

static void
fill_random (void   *ctx,
             size_t  length,
             uint8_t *dst)
{
  while (length > 0)
    {
      gssize got = getrandom (dst, length, 0);

      if (got < 0 && errno == EINTR)
        continue;
      g_assert (got > 0);
      dst += got;
      length -= got;
    }
}

/* ---- keys ------------------------------------------------------------- */

BgrunWebPushKeys *
bgrun_web_push_keys_new (const guint8  *private_key,
                         const guint8  *auth_secret,
                         GError       **error)
{
  const struct ecc_curve *curve = nettle_get_secp_256r1 ();
  g_autoptr(BgrunWebPushKeys) keys = g_new0 (BgrunWebPushKeys, 1);
  struct ecc_scalar scalar;
  struct ecc_point point;
  gboolean valid;

  ecc_scalar_init (&scalar, curve);
  ecc_point_init (&point, curve);
  valid = scalar_from_bytes (&scalar, private_key);
  if (valid)
    {
      ecc_point_mul_g (&point, &scalar);
      point_to_bytes (&point, keys->public_key);
    }
  ecc_point_clear (&point);
  ecc_scalar_clear (&scalar);
  if (!valid)
    {
      invalid (error, _("The Web Push private key is not a valid P-256 key."));
      return NULL;
    }
  memcpy (keys->private_key, private_key, COORD_LENGTH);
  memcpy (keys->auth, auth_secret, AUTH_LENGTH);
  return g_steal_pointer (&keys);
}

static BgrunWebPushKeys *
generate (void)
{
  const struct ecc_curve *curve = nettle_get_secp_256r1 ();
  guint8 private_key[COORD_LENGTH], auth[AUTH_LENGTH];
  struct ecc_scalar scalar;
  mpz_t z;

  ecc_scalar_init (&scalar, curve);
  ecc_scalar_random (&scalar, NULL, fill_random);
  mpz_init (z);
  ecc_scalar_get (&scalar, z);
  nettle_mpz_get_str_256 (COORD_LENGTH, private_key, z);
  mpz_clear (z);
  ecc_scalar_clear (&scalar);
  fill_random (NULL, AUTH_LENGTH, auth);
  return bgrun_web_push_keys_new (private_key, auth, NULL);
}

static gboolean
save (BgrunWebPushKeys  *keys,
      const char        *path,
      GError           **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *private_key = bgrun_base64url_encode (keys->private_key, COORD_LENGTH);
  g_autofree char *auth = bgrun_base64url_encode (keys->auth, AUTH_LENGTH);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;
  gsize length;

  g_key_file_set_string (file, KEY_GROUP, "private-key", private_key);
  g_key_file_set_string (file, KEY_GROUP, "auth-secret", auth);
  text = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s for the Web Push keys: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static BgrunWebPushKeys *
read_keys (GKeyFile    *file,
           const char  *path,
           GError     **error)
{
  g_autofree char *private_text = g_key_file_get_string (file, KEY_GROUP, "private-key", NULL);
  g_autofree char *auth_text = g_key_file_get_string (file, KEY_GROUP, "auth-secret", NULL);
  g_autofree guint8 *private_key = NULL, *auth = NULL;
  gsize private_length = 0, auth_length = 0;

  if (private_text != NULL)
    private_key = bgrun_base64url_decode (private_text, &private_length);
  if (auth_text != NULL)
    auth = bgrun_base64url_decode (auth_text, &auth_length);
  if (private_length != COORD_LENGTH || auth_length != AUTH_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s does not hold Web Push keys (a 32-byte “private-key” and a 16-byte “auth-secret”, base64url, in [%s])."),
                   path, KEY_GROUP);
      return NULL;
    }
  return bgrun_web_push_keys_new (private_key, auth, error);
}

BgrunWebPushKeys *
bgrun_web_push_keys_load (const char  *path,
                          GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BgrunWebPushKeys) keys = NULL;

  if (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    return read_keys (file, path, error);
  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot read the Web Push keys in %s: %s"), path, local_error->message);
      return NULL;
    }
  keys = generate ();
  if (!save (keys, path, error))
    return NULL;
  return g_steal_pointer (&keys);
}

void
bgrun_web_push_keys_free (BgrunWebPushKeys *keys)
{
  if (keys == NULL)
    return;
  memset (keys, 0, sizeof *keys);
  g_free (keys);
}

char *
bgrun_web_push_keys_get_public (BgrunWebPushKeys *keys)
{
  return bgrun_base64url_encode (keys->public_key, POINT_LENGTH);
}

char *
bgrun_web_push_keys_get_auth (BgrunWebPushKeys *keys)
{
  return bgrun_base64url_encode (keys->auth, AUTH_LENGTH);
}

/* ---- VAPID public keys ------------------------------------------------ */

gboolean
bgrun_web_push_check_vapid_key (const char  *text,
                                GError     **error)
{
  const struct ecc_curve *curve = nettle_get_secp_256r1 ();
  g_autofree guint8 *bytes = NULL;
  g_autofree char *again = NULL;
  struct ecc_point point;
  gboolean on_curve;
  gsize length = 0;

  if (strlen (text) != VAPID_KEY_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A VAPID public key is %d characters long (an uncompressed P-256 point, base64url without padding), not %zu."),
                   VAPID_KEY_LENGTH, strlen (text));
      return FALSE;
    }
  bytes = bgrun_base64url_decode (text, &length);
  if (bytes != NULL)
    again = bgrun_base64url_encode (bytes, length);
  if (again == NULL || !g_str_equal (again, text))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A VAPID public key is base64url without padding (letters, digits, “-” and “_”, its last character a multiple of 4 in the alphabet): this one is not."));
      return FALSE;
    }
  if (bytes[0] != 0x04)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A VAPID public key is an uncompressed point, whose first byte is 4 (“B” then one of “A” to “P” in base64url), not %u."),
                   bytes[0]);
      return FALSE;
    }
  ecc_point_init (&point, curve);
  on_curve = point_from_bytes (&point, bytes);
  ecc_point_clear (&point);
  if (!on_curve)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("The VAPID public key is not a point on the P-256 curve."));
  return on_curve;
}

/* ---- decryption ------------------------------------------------------- */

/* HMAC-SHA-256 of the concatenation of @n_parts pieces (data, length). */
static void
hmac (const guint8 *key,
      gsize         key_length,
      guint8       *digest,
      guint         n_parts,
      ...)
{
  struct hmac_sha256_ctx ctx;
  va_list args;

  hmac_sha256_set_key (&ctx, key_length, key);
  va_start (args, n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      const guint8 *data = va_arg (args, const guint8 *);
      gsize length = va_arg (args, gsize);

      hmac_sha256_update (&ctx, length, data);
    }
  va_end (args);
  hmac_sha256_digest (&ctx, SHA256_DIGEST_SIZE, digest);
}

/* The content encryption key and nonce of RFC 8291 section 3.4 and
 * RFC 8188 section 2.2. */
static void
derive (BgrunWebPushKeys *keys,
        const guint8     *secret,
        const guint8     *server_key,
        const guint8     *salt,
        guint8           *cek,
        guint8           *nonce)
{
  static const guint8 key_info[] = "WebPush: info";     /* with its NUL */
  static const guint8 cek_info[] = "Content-Encoding: aes128gcm";
  static const guint8 nonce_info[] = "Content-Encoding: nonce";
  static const guint8 one = 1;
  guint8 prk_key[SHA256_DIGEST_SIZE], ikm[SHA256_DIGEST_SIZE];
  guint8 prk[SHA256_DIGEST_SIZE], out[SHA256_DIGEST_SIZE];

  hmac (keys->auth, AUTH_LENGTH, prk_key, 1, secret, (gsize) COORD_LENGTH);
  hmac (prk_key, sizeof prk_key, ikm, 4, key_info, sizeof key_info,
        keys->public_key, (gsize) POINT_LENGTH, server_key, (gsize) POINT_LENGTH, &one, (gsize) 1);
  hmac (salt, SALT_LENGTH, prk, 1, ikm, sizeof ikm);
  hmac (prk, sizeof prk, out, 2, cek_info, sizeof cek_info, &one, (gsize) 1);
  memcpy (cek, out, 16);
  hmac (prk, sizeof prk, out, 2, nonce_info, sizeof nonce_info, &one, (gsize) 1);
  memcpy (nonce, out, GCM_IV_SIZE);
  memset (prk_key, 0, sizeof prk_key);
  memset (prk, 0, sizeof prk);
}

/* Decrypts record @seq into @plain, then drops its padding and delimiter,
 * which must be 2 for the last record and 1 before. */
static gboolean
open_record (const guint8  *cek,
             const guint8  *nonce,
             guint64        seq,
             const guint8  *record,
             gsize          length,
             gboolean       last,
             GByteArray    *plain,
             GError       **error)
{
  struct gcm_aes128_ctx ctx;
  guint8 iv[GCM_IV_SIZE], tag[GCM_DIGEST_SIZE];
  gsize start = plain->len, end;

  if (length <= GCM_DIGEST_SIZE)
    return invalid (error, _("The push message is truncated: a record is shorter than its authentication tag."));
  memcpy (iv, nonce, GCM_IV_SIZE);
  for (guint i = 0; i < 8; i++)
    iv[GCM_IV_SIZE - 1 - i] ^= (seq >> (8 * i)) & 0xff;
  g_byte_array_set_size (plain, start + length - GCM_DIGEST_SIZE);
  gcm_aes128_set_key (&ctx, cek);
  gcm_aes128_set_iv (&ctx, GCM_IV_SIZE, iv);
  gcm_aes128_decrypt (&ctx, length - GCM_DIGEST_SIZE, plain->data + start, record);
  gcm_aes128_digest (&ctx, GCM_DIGEST_SIZE, tag);
  if (!memeql_sec (tag, record + length - GCM_DIGEST_SIZE, GCM_DIGEST_SIZE))
    return invalid (error, _("The push message does not decrypt with this app’s keys (its authentication tag does not match): it was encrypted for another subscription, or altered."));
  for (end = plain->len; end > start && plain->data[end - 1] == 0; end--)
    ;
  if (end == start || plain->data[end - 1] != (last ? 2 : 1))
    return invalid (error, _("The push message decrypts, but a record lacks its padding delimiter."));
  g_byte_array_set_size (plain, end - 1);
  return TRUE;
}

GBytes *
bgrun_web_push_decrypt (BgrunWebPushKeys  *keys,
                        GBytes            *message,
                        GError           **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (message, &size);
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  guint8 secret[COORD_LENGTH], cek[16], nonce[GCM_IV_SIZE];
  const guint8 *body;
  guint32 record_size;
  gsize body_length;
  gboolean opened = TRUE;

  g_return_val_if_fail (keys != NULL && message != NULL, NULL);

  if (size < HEADER_LENGTH || data[SALT_LENGTH + 4] != POINT_LENGTH ||
      size < HEADER_LENGTH + POINT_LENGTH)
    {
      invalid (error, _("The push message is not encrypted for Web Push: it lacks the aes128gcm header with the server’s 65-byte public key (RFC 8291)."));
      return NULL;
    }
  record_size = GUINT32_FROM_BE (*(const guint32 *) (data + SALT_LENGTH));
  if (record_size <= GCM_DIGEST_SIZE + 1)
    {
      invalid (error, _("The push message’s record size is too small for aes128gcm (at least 18 bytes)."));
      return NULL;
    }
  if (!agree (keys->private_key, data + HEADER_LENGTH, secret))
    {
      invalid (error, _("The push message’s server key is not a point on the P-256 curve."));
      return NULL;
    }
  derive (keys, secret, data + HEADER_LENGTH, data, cek, nonce);
  body = data + HEADER_LENGTH + POINT_LENGTH;
  body_length = size - HEADER_LENGTH - POINT_LENGTH;
  if (body_length == 0)
    opened = invalid (error, _("The push message has no content after its header."));
  for (guint64 seq = 0; opened && body_length > 0; seq++)
    {
      gsize length = MIN (body_length, record_size);

      opened = open_record (cek, nonce, seq, body, length, length == body_length, plain, error);
      body += length;
      body_length -= length;
    }
  memset (cek, 0, sizeof cek);
  memset (secret, 0, sizeof secret);
  if (!opened)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&plain));
}
