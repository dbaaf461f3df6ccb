// Original file: proto/eddy/v1/fetch.proto

import type { ListOffsetsPartition as _eddy_v1_ListOffsetsPartition, ListOffsetsPartition__Output as _eddy_v1_ListOffsetsPartition__Output } from '../../eddy/v1/ListOffsetsPartition.js';

export interface ListOffsetsRequest {
  'partitions'?: (_eddy_v1_ListOffsetsPartition)[];
}

export interface ListOffsetsRequest__Output {
  'partitions': (_eddy_v1_ListOffsetsPartition__Output)[];
}
