// Original file: proto/eddy/v1/cluster.proto

import type { AclBinding as _eddy_v1_AclBinding, AclBinding__Output as _eddy_v1_AclBinding__Output } from '../../eddy/v1/AclBinding.js';

export interface AclAddedRecord {
  'acl'?: (_eddy_v1_AclBinding | null);
}

export interface AclAddedRecord__Output {
  'acl': (_eddy_v1_AclBinding__Output | null);
}
