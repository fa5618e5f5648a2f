/* bgrun-web-push-private.h: Web Push message encryption, the receiving
 * side (RFC 8291 over the aes128gcm coding of RFC 8188)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's P-256 key pair and authentication secret: what an application
 * server encrypts its messages to. */
typedef struct _BgrunWebPushKeys BgrunWebPushKeys;

/* Reads the keys kept at @path, or makes new ones and keeps them there
 * (mode 0600) when there is no such file. Fails with G_IO_ERROR_INVALID_DATA
 * on a file that does not hold valid keys (it is left as it is). */
BgrunWebPushKeys *bgrun_web_push_keys_load        (const char        *path,
                                                   GError           **error);
/* Keys from a private key (32 bytes, big-endian) and an authentication
 * secret (16 bytes), as published test vectors give them. */
BgrunWebPushKeys *bgrun_web_push_keys_new         (const guint8      *private_key,
                                                   const guint8      *auth_secret,
                                                   GError           **error);
void              bgrun_web_push_keys_free        (BgrunWebPushKeys  *keys);

/* The public key (uncompressed point) and the authentication secret, each
 * base64url without padding, as a subscription's "p256dh" and "auth". */
char             *bgrun_web_push_keys_get_public  (BgrunWebPushKeys  *keys);
char             *bgrun_web_push_keys_get_auth    (BgrunWebPushKeys  *keys);

/* Decrypts @message (the body an application server posted, aes128gcm).
 * Fails with G_IO_ERROR_INVALID_DATA, saying what is wrong. */
GBytes           *bgrun_web_push_decrypt          (BgrunWebPushKeys  *keys,
                                                   GBytes            *message,
                                                   GError           **error);

/* The length of a VAPID public key as UnifiedPush passes it: 65 bytes of
 * an uncompressed P-256 point, base64url without padding. */
#define VAPID_KEY_LENGTH 87

/* Whether @text is a VAPID public key (RFC 8292): exactly the base64url
 * (no padding, canonical) of an uncompressed point on P-256. Fails with
 * G_IO_ERROR_INVALID_ARGUMENT, saying which part is wrong. */
gboolean          bgrun_web_push_check_vapid_key  (const char        *text,
                                                   GError           **error);

/* base64url (RFC 4648 section 5) without padding, both ways. */
char             *bgrun_base64url_encode          (const guint8      *data,
                                                   gsize              length);
guint8           *bgrun_base64url_decode          (const char        *text,
                                                   gsize             *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunWebPushKeys, bgrun_web_push_keys_free)

G_END_DECLS
