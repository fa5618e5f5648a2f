/* bgrun-statistics.h: figures of one quantity over a workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-quantity-type.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_STATISTICS (bgrun_statistics_get_type ())

typedef struct _BgrunStatistics BgrunStatistics;

BGRUN_AVAILABLE_IN_ALL
GType              bgrun_statistics_get_type             (void) G_GNUC_CONST;
BGRUN_AVAILABLE_IN_ALL
BgrunStatistics   *bgrun_statistics_ref                  (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
void               bgrun_statistics_unref                (BgrunStatistics *self);

BGRUN_AVAILABLE_IN_ALL
BgrunQuantityType  bgrun_statistics_get_quantity_type    (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
guint              bgrun_statistics_get_count            (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
double             bgrun_statistics_get_minimum          (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
double             bgrun_statistics_get_maximum          (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
double             bgrun_statistics_get_average          (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
double             bgrun_statistics_get_sum              (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
double             bgrun_statistics_get_most_recent      (BgrunStatistics *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime         *bgrun_statistics_get_most_recent_date (BgrunStatistics *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunStatistics, bgrun_statistics_unref)

G_END_DECLS
