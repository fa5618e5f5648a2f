/* bgrun.h: the one header apps include for libbgrun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define BGRUN_INSIDE

#include "bgrun-version.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-clock.h"
#include "bgrun-system-clock.h"
#include "bgrun-test-clock.h"
#include "bgrun-conditions.h"

#undef BGRUN_INSIDE
