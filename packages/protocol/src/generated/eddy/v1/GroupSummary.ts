// Original file: proto/eddy/v1/group.proto

import type { GroupState as _eddy_v1_GroupState, GroupState__Output as _eddy_v1_GroupState__Output } from '../../eddy/v1/GroupState.js';

export interface GroupSummary {
  'groupId'?: (string);
  'state'?: (_eddy_v1_GroupState);
  'memberCount'?: (number);
  'coordinatorId'?: (number);
}

export interface GroupSummary__Output {
  'groupId': (string);
  'state': (_eddy_v1_GroupState__Output);
  'memberCount': (number);
  'coordinatorId': (number);
}
