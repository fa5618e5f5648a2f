/* bgrun-system-service.c: following a service on the system bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-system-service-private.h"

static void
on_bus_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  BgrunSystemService *service;

  /* Cancelled: the service struct may be gone with its object. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  service = user_data;
  if (bus == NULL)
    {
      g_debug ("libbgrun: no system bus, %s: %s", service->missing, error->message);
      return;
    }

  service->bus = g_steal_pointer (&bus);
  service->watch_id = g_bus_watch_name_on_connection (service->bus, service->name,
                                                      G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                      service->appeared,
                                                      service->vanished,
                                                      service->user_data, NULL);
}

void
bgrun_system_service_start (BgrunSystemService       *service,
                            const char               *name,
                            const char               *missing,
                            GBusNameAppearedCallback  appeared,
                            GBusNameVanishedCallback  vanished,
                            gpointer                  user_data)
{
  *service = (BgrunSystemService) {
    .cancellable = g_cancellable_new (),
    .name = name,
    .missing = missing,
    .appeared = appeared,
    .vanished = vanished,
    .user_data = user_data,
  };
  g_bus_get (G_BUS_TYPE_SYSTEM, service->cancellable, on_bus_ready, service);
}

void
bgrun_system_service_stop (BgrunSystemService *service)
{
  if (service->cancellable != NULL)
    g_cancellable_cancel (service->cancellable);
  g_clear_object (&service->cancellable);
  g_clear_handle_id (&service->watch_id, g_bus_unwatch_name);
  g_clear_object (&service->bus);
}
