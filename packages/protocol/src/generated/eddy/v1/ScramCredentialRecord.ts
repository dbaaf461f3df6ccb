// Original file: proto/eddy/v1/cluster.proto

import type { ScramMechanism as _eddy_v1_ScramMechanism, ScramMechanism__Output as _eddy_v1_ScramMechanism__Output } from '../../eddy/v1/ScramMechanism.js';

/**
 * A user's SCRAM credential for one mechanism (RFC 5802): what a server needs to
 * check a client's proof and prove itself. Never the password.
 */
export interface ScramCredentialRecord {
  'user'?: (string);
  'mechanism'?: (_eddy_v1_ScramMechanism);
  'salt'?: (Buffer | Uint8Array | string);
  'iterations'?: (number);
  'storedKey'?: (Buffer | Uint8Array | string);
  'serverKey'?: (Buffer | Uint8Array | string);
}

/**
 * A user's SCRAM credential for one mechanism (RFC 5802): what a server needs to
 * check a client's proof and prove itself. Never the password.
 */
export interface ScramCredentialRecord__Output {
  'user': (string);
  'mechanism': (_eddy_v1_ScramMechanism__Output);
  'salt': (Buffer);
  'iterations': (number);
  'storedKey': (Buffer);
  'serverKey': (Buffer);
}
