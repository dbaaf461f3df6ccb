// Original file: proto/eddy/v1/admin.proto

import type { ScramMechanism as _eddy_v1_ScramMechanism, ScramMechanism__Output as _eddy_v1_ScramMechanism__Output } from '../../eddy/v1/ScramMechanism.js';

export interface CreateUserRequest {
  /**
   * 1-255 characters of [A-Za-z0-9._@-]; the user's principal is "User:<name>".
   */
  'name'?: (string);
  /**
   * 1-1024 characters.
   */
  'password'?: (string);
  /**
   * Unspecified: SCRAM-SHA-256.
   */
  'mechanism'?: (_eddy_v1_ScramMechanism);
  /**
   * PBKDF2 iterations, 4096-65536; 0: 4096.
   */
  'iterations'?: (number);
}

export interface CreateUserRequest__Output {
  /**
   * 1-255 characters of [A-Za-z0-9._@-]; the user's principal is "User:<name>".
   */
  'name': (string);
  /**
   * 1-1024 characters.
   */
  'password': (string);
  /**
   * Unspecified: SCRAM-SHA-256.
   */
  'mechanism': (_eddy_v1_ScramMechanism__Output);
  /**
   * PBKDF2 iterations, 4096-65536; 0: 4096.
   */
  'iterations': (number);
}
