// Original file: proto/eddy/v1/group.proto

import type { OffsetCommit as _eddy_v1_OffsetCommit, OffsetCommit__Output as _eddy_v1_OffsetCommit__Output } from '../../eddy/v1/OffsetCommit.js';

export interface CommitOffsetsRequest {
  'groupId'?: (string);
  /**
   * Empty for a commit from outside the group (admin); otherwise the member's id and epoch.
   */
  'memberId'?: (string);
  'memberEpoch'?: (number);
  'offsets'?: (_eddy_v1_OffsetCommit)[];
}

export interface CommitOffsetsRequest__Output {
  'groupId': (string);
  /**
   * Empty for a commit from outside the group (admin); otherwise the member's id and epoch.
   */
  'memberId': (string);
  'memberEpoch': (number);
  'offsets': (_eddy_v1_OffsetCommit__Output)[];
}
