// Original file: proto/eddy/v1/cluster.proto

import type { ScramMechanism as _eddy_v1_ScramMechanism, ScramMechanism__Output as _eddy_v1_ScramMechanism__Output } from '../../eddy/v1/ScramMechanism.js';

export interface ScramCredentialRemovedRecord {
  'user'?: (string);
  'mechanism'?: (_eddy_v1_ScramMechanism);
}

export interface ScramCredentialRemovedRecord__Output {
  'user': (string);
  'mechanism': (_eddy_v1_ScramMechanism__Output);
}
