// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeFencedRecord {
  'nodeId'?: (number);
  'nodeEpoch'?: (number | string | Long);
}

export interface NodeFencedRecord__Output {
  'nodeId': (number);
  'nodeEpoch': (string);
}
