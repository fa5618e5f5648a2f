/* bgrun-transfer-engine-private.h: the HTTP side of URL sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "bgrun-transfer-watchdog-private.h"

#include "bgrun-resume-data-private.h"
#include "bgrun-url-session-configuration.h"

G_BEGIN_DECLS

/* Why a BgrunTransferProgressFunc is called: the response headers arrived
 * (the validators, the expected length and the offset may all have
 * changed: a 200 answer to a resumed request starts again from zero), or
 * more of the body reached the partial file. */
typedef enum {
  BGRUN_TRANSFER_PROGRESS_RESPONSE,
  BGRUN_TRANSFER_PROGRESS_BODY,
} BgrunTransferProgress;

typedef void (*BgrunTransferProgressFunc) (BgrunTransferProgress what,
                                           gpointer              user_data);

#define BGRUN_TYPE_TRANSFER_ENGINE (bgrun_transfer_engine_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTransferEngine, bgrun_transfer_engine, BGRUN, TRANSFER_ENGINE, GObject)

/* One libsoup session with the configuration's limits, shared by all the
 * transfers of a URL session. */
BgrunTransferEngine *bgrun_transfer_engine_new (BgrunUrlSessionConfiguration *config);

/* Downloads point->uri into point->partial_path, continuing from
 * point->offset with Range and If-Range when the point has a validator.
 * @point is updated as the transfer goes (offset, expected length,
 * validators) and must stay alive, untouched by the caller, until
 * @callback runs; @progress is called on the way, at most once per
 * chunk. Errors are BGRUN_URL_SESSION_ERROR codes; @status_code is the
 * last HTTP status (0 when no response came). On success the partial
 * file holds the whole body, verified against point->checksum. */
void     bgrun_transfer_engine_download_async  (BgrunTransferEngine       *self,
                                                BgrunResumeData           *point,
                                                BgrunTransferProgressFunc  progress,
                                                gpointer                   progress_data,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
gboolean bgrun_transfer_engine_download_finish (BgrunTransferEngine       *self,
                                                GAsyncResult              *result,
                                                guint                     *status_code,
                                                GError                   **error);

/* Fetches @uri into memory (data tasks). @body is set whenever a response
 * came, even with an error status. */
void     bgrun_transfer_engine_fetch_async     (BgrunTransferEngine       *self,
                                                const char                *uri,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
gboolean bgrun_transfer_engine_fetch_finish    (BgrunTransferEngine       *self,
                                                GAsyncResult              *result,
                                                guint                     *status_code,
                                                GBytes                   **body,
                                                GError                   **error);

/* For uploads (bgrun-upload.c): the libsoup session, a watchdog with the
 * session's timeout-for-request, and a failed exchange about @uri (lost,
 * timed out or cancelled) as a URL session error. */
SoupSession           *bgrun_transfer_engine_get_soup      (BgrunTransferEngine *self);
BgrunTransferWatchdog *bgrun_transfer_engine_new_watchdog  (BgrunTransferEngine *self,
                                                            GCancellable        *parent);
GError                *bgrun_transfer_engine_network_error (const char          *uri,
                                                            const GError        *cause);

G_END_DECLS
