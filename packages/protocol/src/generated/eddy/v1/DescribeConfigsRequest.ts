// Original file: proto/eddy/v1/admin.proto

import type { ConfigResourceType as _eddy_v1_ConfigResourceType, ConfigResourceType__Output as _eddy_v1_ConfigResourceType__Output } from '../../eddy/v1/ConfigResourceType.js';

export interface DescribeConfigsRequest {
  'resourceType'?: (_eddy_v1_ConfigResourceType);
  /**
   * Topic name, or node id as a decimal string.
   */
  'resourceName'?: (string);
  /**
   * Keys to describe; empty means all.
   */
  'keys'?: (string)[];
}

export interface DescribeConfigsRequest__Output {
  'resourceType': (_eddy_v1_ConfigResourceType__Output);
  /**
   * Topic name, or node id as a decimal string.
   */
  'resourceName': (string);
  /**
   * Keys to describe; empty means all.
   */
  'keys': (string)[];
}
