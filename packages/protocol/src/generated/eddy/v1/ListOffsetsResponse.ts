// Original file: proto/eddy/v1/fetch.proto

import type { ListedOffset as _eddy_v1_ListedOffset, ListedOffset__Output as _eddy_v1_ListedOffset__Output } from '../../eddy/v1/ListedOffset.js';

export interface ListOffsetsResponse {
  'partitions'?: (_eddy_v1_ListedOffset)[];
}

export interface ListOffsetsResponse__Output {
  'partitions': (_eddy_v1_ListedOffset__Output)[];
}
