/* bgrun-features.c: every feature registers itself, once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-admin-service-private.h"
#include "bgrun-audio-coordinator-private.h"
#include "bgrun-connectivity-watch-private.h"
#include "bgrun-extended-runtime-registry-private.h"
#include "bgrun-intent-watch-private.h"
#include "bgrun-push-registration-private.h"
#include "bgrun-features-private.h"
#include "bgrun-location-simulation-private.h"
#include "bgrun-ongoing-registry-private.h"
#include "bgrun-region-relay-private.h"
#include "bgrun-shortcut-watch-private.h"
#include "bgrun-snapshot-watch-private.h"
#include "bgrun-task-triggers-private.h"
#include "bgrun-url-session-kind-private.h"
#include "bgrun-url-session-readiness-private.h"
#include "bgrun-workout-recovery-task-private.h"
#include "bgrun-workout-registry-private.h"

/* One line per thing a feature plugs in. The order of the hooks is the
 * order each new scheduler meets them in. */
static void
register_features (void)
{
  /* transfers/ */
  bgrun_url_session_kind_register ();
  bgrun_placement_add_hook (bgrun_url_session_readiness_attach);

  /* sessions/ */
  bgrun_placement_add_hook (bgrun_extended_runtime_registry_attach);
  bgrun_placement_add_hook (bgrun_ongoing_registry_attach);

  /* audio/ */
  bgrun_placement_add_hook (bgrun_audio_coordinator_attach);

  /* location/ */
  bgrun_region_relay_kind_register ();
  bgrun_placement_add_hook (bgrun_location_simulation_attach);
  bgrun_placement_add_hook (bgrun_region_relay_attach);

  /* workout/ */
  bgrun_workout_recovery_kind_register ();
  bgrun_placement_add_hook (bgrun_workout_registry_attach);

  /* tasks/ */
  bgrun_task_triggers_register ();
  bgrun_placement_add_hook (bgrun_connectivity_watch_attach);
  bgrun_placement_add_hook (bgrun_intent_watch_attach);
  bgrun_placement_add_hook (bgrun_snapshot_watch_attach);
  bgrun_placement_add_hook (bgrun_shortcut_watch_attach);
  bgrun_placement_add_hook (bgrun_push_registration_attach);

  /* admin/ */
  bgrun_placement_add_hook (bgrun_admin_service_attach);
}

void
bgrun_features_ensure (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      register_features ();
      g_once_init_leave (&registered, 1);
    }
}
