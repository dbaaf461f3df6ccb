// Original file: proto/eddy/v1/admin.proto

import type { AclFilter as _eddy_v1_AclFilter, AclFilter__Output as _eddy_v1_AclFilter__Output } from '../../eddy/v1/AclFilter.js';

export interface ListAclsRequest {
  'filter'?: (_eddy_v1_AclFilter | null);
}

export interface ListAclsRequest__Output {
  'filter': (_eddy_v1_AclFilter__Output | null);
}
