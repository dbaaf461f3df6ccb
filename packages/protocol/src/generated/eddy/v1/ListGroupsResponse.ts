// Original file: proto/eddy/v1/group.proto

import type { GroupSummary as _eddy_v1_GroupSummary, GroupSummary__Output as _eddy_v1_GroupSummary__Output } from '../../eddy/v1/GroupSummary.js';

export interface ListGroupsResponse {
  'groups'?: (_eddy_v1_GroupSummary)[];
}

export interface ListGroupsResponse__Output {
  'groups': (_eddy_v1_GroupSummary__Output)[];
}
