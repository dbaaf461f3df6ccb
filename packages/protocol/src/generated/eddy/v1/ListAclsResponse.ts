// Original file: proto/eddy/v1/admin.proto

import type { AclBinding as _eddy_v1_AclBinding, AclBinding__Output as _eddy_v1_AclBinding__Output } from '../../eddy/v1/AclBinding.js';

export interface ListAclsResponse {
  'acls'?: (_eddy_v1_AclBinding)[];
}

export interface ListAclsResponse__Output {
  'acls': (_eddy_v1_AclBinding__Output)[];
}
