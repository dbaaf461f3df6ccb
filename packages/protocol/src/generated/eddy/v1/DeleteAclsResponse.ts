// Original file: proto/eddy/v1/admin.proto

import type { AclBinding as _eddy_v1_AclBinding, AclBinding__Output as _eddy_v1_AclBinding__Output } from '../../eddy/v1/AclBinding.js';

export interface DeleteAclsResponse {
  'deleted'?: (_eddy_v1_AclBinding)[];
}

export interface DeleteAclsResponse__Output {
  'deleted': (_eddy_v1_AclBinding__Output)[];
}
