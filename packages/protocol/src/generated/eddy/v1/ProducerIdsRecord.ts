// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface ProducerIdsRecord {
  'nodeId'?: (number);
  'nextProducerId'?: (number | string | Long);
}

export interface ProducerIdsRecord__Output {
  'nodeId': (number);
  'nextProducerId': (string);
}
