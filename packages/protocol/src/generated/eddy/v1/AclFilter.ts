// Original file: proto/eddy/v1/admin.proto

import type { AclResourceType as _eddy_v1_AclResourceType, AclResourceType__Output as _eddy_v1_AclResourceType__Output } from '../../eddy/v1/AclResourceType.js';
import type { AclPatternType as _eddy_v1_AclPatternType, AclPatternType__Output as _eddy_v1_AclPatternType__Output } from '../../eddy/v1/AclPatternType.js';
import type { AclOperation as _eddy_v1_AclOperation, AclOperation__Output as _eddy_v1_AclOperation__Output } from '../../eddy/v1/AclOperation.js';
import type { AclPermission as _eddy_v1_AclPermission, AclPermission__Output as _eddy_v1_AclPermission__Output } from '../../eddy/v1/AclPermission.js';

/**
 * Selects bindings by their fields; empty or unspecified fields match anything.
 */
export interface AclFilter {
  'principal'?: (string);
  'resourceType'?: (_eddy_v1_AclResourceType);
  'resourceName'?: (string);
  'patternType'?: (_eddy_v1_AclPatternType);
  'operation'?: (_eddy_v1_AclOperation);
  'permission'?: (_eddy_v1_AclPermission);
}

/**
 * Selects bindings by their fields; empty or unspecified fields match anything.
 */
export interface AclFilter__Output {
  'principal': (string);
  'resourceType': (_eddy_v1_AclResourceType__Output);
  'resourceName': (string);
  'patternType': (_eddy_v1_AclPatternType__Output);
  'operation': (_eddy_v1_AclOperation__Output);
  'permission': (_eddy_v1_AclPermission__Output);
}
