/* bgrun-statistics-private.h: making statistics
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-statistics.h"

G_BEGIN_DECLS

/* Figures that do not apply are NAN; @most_recent_date is NULL when there
 * was no sample (then every figure is NAN and @count 0). */
BgrunStatistics *bgrun_statistics_new (BgrunQuantityType  quantity_type,
                                       guint              count,
                                       double             minimum,
                                       double             maximum,
                                       double             average,
                                       double             sum,
                                       double             most_recent,
                                       GDateTime         *most_recent_date);

G_END_DECLS
