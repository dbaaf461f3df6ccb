// Original file: proto/eddy/v1/admin.proto

import type { AclFilter as _eddy_v1_AclFilter, AclFilter__Output as _eddy_v1_AclFilter__Output } from '../../eddy/v1/AclFilter.js';

export interface DeleteAclsRequest {
  'filters'?: (_eddy_v1_AclFilter)[];
}

export interface DeleteAclsRequest__Output {
  'filters': (_eddy_v1_AclFilter__Output)[];
}
