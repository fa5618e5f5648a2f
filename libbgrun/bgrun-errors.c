/* bgrun-errors.c: the error domains of libbgrun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"

G_DEFINE_QUARK (bgrun-scheduler-error-quark, bgrun_scheduler_error)
