// Original file: proto/eddy/v1/group.proto

import type { CommittedOffset as _eddy_v1_CommittedOffset, CommittedOffset__Output as _eddy_v1_CommittedOffset__Output } from '../../eddy/v1/CommittedOffset.js';

export interface FetchOffsetsResponse {
  'offsets'?: (_eddy_v1_CommittedOffset)[];
}

export interface FetchOffsetsResponse__Output {
  'offsets': (_eddy_v1_CommittedOffset__Output)[];
}
