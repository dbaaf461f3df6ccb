// Original file: proto/eddy/v1/admin.proto

import type { ScramMechanism as _eddy_v1_ScramMechanism, ScramMechanism__Output as _eddy_v1_ScramMechanism__Output } from '../../eddy/v1/ScramMechanism.js';

export interface DeleteUserRequest {
  'name'?: (string);
  /**
   * Unspecified: every mechanism.
   */
  'mechanism'?: (_eddy_v1_ScramMechanism);
}

export interface DeleteUserRequest__Output {
  'name': (string);
  /**
   * Unspecified: every mechanism.
   */
  'mechanism': (_eddy_v1_ScramMechanism__Output);
}
