/* bgrun-system-service-private.h: following a service on the system bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Connects to the system bus without blocking, then calls @appeared and
 * @vanished as the service's name gains and loses its owner (GDBus's name
 * watching; @vanished also comes first when the name has no owner). A
 * missing system bus is no error: it is logged at debug level, with
 * @missing saying what that means, and nothing is ever called. Embed it
 * in the object that follows the service, start it once, stop it in
 * dispose: after that nothing is called. */
typedef struct
{
  GCancellable             *cancellable;
  GDBusConnection          *bus;      /* once connected */
  guint                     watch_id;
  const char               *name;
  const char               *missing;
  GBusNameAppearedCallback  appeared;
  GBusNameVanishedCallback  vanished;
  gpointer                  user_data;
} BgrunSystemService;

void bgrun_system_service_start (BgrunSystemService       *service,
                                 const char               *name,
                                 const char               *missing,
                                 GBusNameAppearedCallback  appeared,
                                 GBusNameVanishedCallback  vanished,
                                 gpointer                  user_data);
void bgrun_system_service_stop  (BgrunSystemService       *service);

G_END_DECLS
