// Original file: proto/eddy/v1/group.proto

import type { OffsetCommitResult as _eddy_v1_OffsetCommitResult, OffsetCommitResult__Output as _eddy_v1_OffsetCommitResult__Output } from '../../eddy/v1/OffsetCommitResult.js';

export interface CommitOffsetsResponse {
  'results'?: (_eddy_v1_OffsetCommitResult)[];
}

export interface CommitOffsetsResponse__Output {
  'results': (_eddy_v1_OffsetCommitResult__Output)[];
}
