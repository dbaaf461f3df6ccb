// Original file: proto/eddy/v1/group.proto

import type { GroupState as _eddy_v1_GroupState, GroupState__Output as _eddy_v1_GroupState__Output } from '../../eddy/v1/GroupState.js';
import type { GroupMember as _eddy_v1_GroupMember, GroupMember__Output as _eddy_v1_GroupMember__Output } from '../../eddy/v1/GroupMember.js';
import type { PartitionLag as _eddy_v1_PartitionLag, PartitionLag__Output as _eddy_v1_PartitionLag__Output } from '../../eddy/v1/PartitionLag.js';

export interface DescribeGroupResponse {
  'groupId'?: (string);
  'state'?: (_eddy_v1_GroupState);
  'groupEpoch'?: (number);
  'coordinatorId'?: (number);
  'members'?: (_eddy_v1_GroupMember)[];
  'offsets'?: (_eddy_v1_PartitionLag)[];
}

export interface DescribeGroupResponse__Output {
  'groupId': (string);
  'state': (_eddy_v1_GroupState__Output);
  'groupEpoch': (number);
  'coordinatorId': (number);
  'members': (_eddy_v1_GroupMember__Output)[];
  'offsets': (_eddy_v1_PartitionLag__Output)[];
}
