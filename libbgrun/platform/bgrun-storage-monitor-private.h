/* bgrun-storage-monitor-private.h: whether the disk of libbgrun's state is nearly full
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/* How often the free space is looked at again, in seconds. */
#define BGRUN_STORAGE_CHECK_SECONDS 60

/* Overrides the threshold (in bytes), for tests. */
#define BGRUN_STORAGE_LOW_BYTES_VARIABLE "BGRUN_STORAGE_LOW_BYTES"

#define BGRUN_TYPE_STORAGE_MONITOR (bgrun_storage_monitor_get_type ())

G_DECLARE_FINAL_TYPE (BgrunStorageMonitor, bgrun_storage_monitor, BGRUN, STORAGE_MONITOR, GObject)

BgrunStorageMonitor *bgrun_storage_monitor_new     (void);
void                 bgrun_storage_monitor_check   (BgrunStorageMonitor *self);
gboolean             bgrun_storage_monitor_get_low (BgrunStorageMonitor *self);

G_END_DECLS
