// Original file: proto/eddy/v1/admin.proto

import type { PartitionReassignment as _eddy_v1_PartitionReassignment, PartitionReassignment__Output as _eddy_v1_PartitionReassignment__Output } from '../../eddy/v1/PartitionReassignment.js';

export interface AlterPartitionReassignmentsRequest {
  'reassignments'?: (_eddy_v1_PartitionReassignment)[];
  /**
   * Checks the request and answers what would happen; changes nothing.
   */
  'validateOnly'?: (boolean);
}

export interface AlterPartitionReassignmentsRequest__Output {
  'reassignments': (_eddy_v1_PartitionReassignment__Output)[];
  /**
   * Checks the request and answers what would happen; changes nothing.
   */
  'validateOnly': (boolean);
}
