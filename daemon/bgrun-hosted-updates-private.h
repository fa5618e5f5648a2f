/* bgrun-hosted-updates-private.h: the location updates bgrund journals
 * for apps that cannot take them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bgrun-location.h"

G_BEGIN_DECLS

/* The apps whose location session allows background updates, as their
 * processes last reported (Broker1 SetLocationUpdates), each with its
 * distance filter and the last fix journaled for it. The region host
 * decides when an app cannot take its updates (no process of it runs a
 * session) and journals what bgrun_hosted_updates_accept() lets
 * through. */
typedef struct _BgrunHostedUpdates BgrunHostedUpdates;

BgrunHostedUpdates *bgrun_hosted_updates_new    (void);
void                bgrun_hosted_updates_free   (BgrunHostedUpdates *self);

/* Records @app_id's report: @background whether a session that allows
 * background updates runs, with @distance_filter (metres, 0 for none).
 * A report replaces the last fix journaled: the app has had every fix
 * until now. */
void                bgrun_hosted_updates_set    (BgrunHostedUpdates *self,
                                                 const char         *app_id,
                                                 gboolean            background,
                                                 double              distance_filter);
gboolean            bgrun_hosted_updates_hosts  (BgrunHostedUpdates *self,
                                                 const char         *app_id);
gboolean            bgrun_hosted_updates_any    (BgrunHostedUpdates *self);
/* The hosted app ids (borrowed, NULL-terminated; free the array). */
const char        **bgrun_hosted_updates_list   (BgrunHostedUpdates *self);

/* Whether @fix is one @app_id (hosted) gets: the first since its report,
 * or at least its distance filter away from the last one it got, which
 * @fix then becomes. */
gboolean            bgrun_hosted_updates_accept (BgrunHostedUpdates *self,
                                                 const char         *app_id,
                                                 BgrunLocation      *fix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunHostedUpdates, bgrun_hosted_updates_free)

G_END_DECLS
