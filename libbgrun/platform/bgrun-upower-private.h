/* bgrun-upower-private.h: battery state from UPower on the system bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_UPOWER (bgrun_upower_get_type ())

G_DECLARE_FINAL_TYPE (BgrunUpower, bgrun_upower, BGRUN, UPOWER, GObject)

BgrunUpower *bgrun_upower_new               (void);
gboolean     bgrun_upower_get_on_battery    (BgrunUpower *self);
int          bgrun_upower_get_battery_level (BgrunUpower *self);

G_END_DECLS
