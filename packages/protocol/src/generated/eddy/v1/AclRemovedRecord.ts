// Original file: proto/eddy/v1/cluster.proto

import type { AclBinding as _eddy_v1_AclBinding, AclBinding__Output as _eddy_v1_AclBinding__Output } from '../../eddy/v1/AclBinding.js';

export interface AclRemovedRecord {
  'acl'?: (_eddy_v1_AclBinding | null);
}

export interface AclRemovedRecord__Output {
  'acl': (_eddy_v1_AclBinding__Output | null);
}
