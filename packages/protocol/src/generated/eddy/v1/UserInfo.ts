// Original file: proto/eddy/v1/admin.proto

import type { ScramMechanism as _eddy_v1_ScramMechanism, ScramMechanism__Output as _eddy_v1_ScramMechanism__Output } from '../../eddy/v1/ScramMechanism.js';

/**
 * A user as listed: never salts, keys or passwords.
 */
export interface UserInfo {
  'name'?: (string);
  'mechanisms'?: (_eddy_v1_ScramMechanism)[];
}

/**
 * A user as listed: never salts, keys or passwords.
 */
export interface UserInfo__Output {
  'name': (string);
  'mechanisms': (_eddy_v1_ScramMechanism__Output)[];
}
