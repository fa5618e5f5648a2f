/* bgrun-haptic-type.h: the kinds of feedback a session can give the user
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * BgrunHapticType:
 * @BGRUN_HAPTIC_TYPE_NOTIFICATION: something needs the user's attention:
 *   two short taps of the same middle tone (880 Hz).
 * @BGRUN_HAPTIC_TYPE_DIRECTION_UP: go up, or turn one way: two tones
 *   stepping up a fifth (660 Hz, then 990 Hz).
 * @BGRUN_HAPTIC_TYPE_DIRECTION_DOWN: go down, or turn the other way: the
 *   same two tones stepping down (990 Hz, then 660 Hz).
 * @BGRUN_HAPTIC_TYPE_SUCCESS: something completed: a rising major triad
 *   (C, E, G, from 523 Hz).
 * @BGRUN_HAPTIC_TYPE_FAILURE: something failed: a low double buzz, two
 *   long tones at 196 Hz, the lowest of all the sounds.
 * @BGRUN_HAPTIC_TYPE_RETRY: something should be tried again: three quick
 *   stuttered taps (740 Hz).
 * @BGRUN_HAPTIC_TYPE_START: an activity begins: one long high tone
 *   (1047 Hz).
 * @BGRUN_HAPTIC_TYPE_STOP: an activity ends: one long low tone (392 Hz).
 * @BGRUN_HAPTIC_TYPE_CLICK: a single short tick (2000 Hz), the shortest of
 *   all the sounds, for a step such as a count or a detent.
 *
 * The kinds of feedback [method@Bgrun.ExtendedRuntimeSession.notify_user]
 * gives. Linux machines rarely have a vibration motor, so each kind is a
 * short sound of its own, told apart by pitch and rhythm: none lasts longer
 * than half a second.
 */
typedef enum {
  BGRUN_HAPTIC_TYPE_NOTIFICATION,
  BGRUN_HAPTIC_TYPE_DIRECTION_UP,
  BGRUN_HAPTIC_TYPE_DIRECTION_DOWN,
  BGRUN_HAPTIC_TYPE_SUCCESS,
  BGRUN_HAPTIC_TYPE_FAILURE,
  BGRUN_HAPTIC_TYPE_RETRY,
  BGRUN_HAPTIC_TYPE_START,
  BGRUN_HAPTIC_TYPE_STOP,
  BGRUN_HAPTIC_TYPE_CLICK,
} BgrunHapticType;

G_END_DECLS
