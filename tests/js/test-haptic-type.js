// Bgrun.HapticType from JavaScript: every kind of feedback, by name.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GObject from 'gi://GObject';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from './harness.js';

export default {
    'every haptic type is visible with its value'() {
        assertEqual({
            NOTIFICATION: Bgrun.HapticType.NOTIFICATION,
            DIRECTION_UP: Bgrun.HapticType.DIRECTION_UP,
            DIRECTION_DOWN: Bgrun.HapticType.DIRECTION_DOWN,
            SUCCESS: Bgrun.HapticType.SUCCESS,
            FAILURE: Bgrun.HapticType.FAILURE,
            RETRY: Bgrun.HapticType.RETRY,
            START: Bgrun.HapticType.START,
            STOP: Bgrun.HapticType.STOP,
            CLICK: Bgrun.HapticType.CLICK,
        }, {
            NOTIFICATION: 0,
            DIRECTION_UP: 1,
            DIRECTION_DOWN: 2,
            SUCCESS: 3,
            FAILURE: 4,
            RETRY: 5,
            START: 6,
            STOP: 7,
            CLICK: 8,
        }, 'values');
    },

    'the haptic type is a registered GEnum, usable in properties'() {
        const gtype = Bgrun.HapticType.$gtype;
        assertEqual(gtype.name, 'BgrunHapticType', 'type name');
        assert(GObject.type_is_a(gtype, GObject.TYPE_ENUM), 'BgrunHapticType is a GEnum');
        const pspec = GObject.ParamSpec.enum('haptic', '', '', GObject.ParamFlags.READWRITE,
            gtype, Bgrun.HapticType.SUCCESS);
        assertEqual(pspec.get_default_value(), Bgrun.HapticType.SUCCESS, 'default value');
    },
};
