// Original file: proto/eddy/v1/fetch.proto

import type { FetchedPartition as _eddy_v1_FetchedPartition, FetchedPartition__Output as _eddy_v1_FetchedPartition__Output } from '../../eddy/v1/FetchedPartition.js';

export interface FetchResponse {
  'partitions'?: (_eddy_v1_FetchedPartition)[];
}

export interface FetchResponse__Output {
  'partitions': (_eddy_v1_FetchedPartition__Output)[];
}
