// Original file: proto/eddy/v1/admin.proto

import type { ReassignmentStatus as _eddy_v1_ReassignmentStatus, ReassignmentStatus__Output as _eddy_v1_ReassignmentStatus__Output } from '../../eddy/v1/ReassignmentStatus.js';

export interface AlterPartitionReassignmentsResponse {
  'reassignments'?: (_eddy_v1_ReassignmentStatus)[];
}

export interface AlterPartitionReassignmentsResponse__Output {
  'reassignments': (_eddy_v1_ReassignmentStatus__Output)[];
}
