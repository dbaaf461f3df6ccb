// Original file: proto/eddy/v1/admin.proto

import type { ConfigResourceType as _eddy_v1_ConfigResourceType, ConfigResourceType__Output as _eddy_v1_ConfigResourceType__Output } from '../../eddy/v1/ConfigResourceType.js';

export interface AlterConfigsRequest {
  'resourceType'?: (_eddy_v1_ConfigResourceType);
  'resourceName'?: (string);
  /**
   * Keys to set.
   */
  'set'?: ({[key: string]: string});
  /**
   * Keys to remove (back to their defaults).
   */
  'delete'?: (string)[];
  'validateOnly'?: (boolean);
}

export interface AlterConfigsRequest__Output {
  'resourceType': (_eddy_v1_ConfigResourceType__Output);
  'resourceName': (string);
  /**
   * Keys to set.
   */
  'set': ({[key: string]: string});
  /**
   * Keys to remove (back to their defaults).
   */
  'delete': (string)[];
  'validateOnly': (boolean);
}
