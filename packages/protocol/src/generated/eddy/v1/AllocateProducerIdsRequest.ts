// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface AllocateProducerIdsRequest {
  'nodeId'?: (number);
  'nodeEpoch'?: (number | string | Long);
}

export interface AllocateProducerIdsRequest__Output {
  'nodeId': (number);
  'nodeEpoch': (string);
}
