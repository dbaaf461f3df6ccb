// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeUnfencedRecord {
  'nodeId'?: (number);
  'nodeEpoch'?: (number | string | Long);
}

export interface NodeUnfencedRecord__Output {
  'nodeId': (number);
  'nodeEpoch': (string);
}
