// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterNodeResponse {
  'nodeEpoch'?: (number | string | Long);
  'heartbeatIntervalMs'?: (number);
  'sessionTimeoutMs'?: (number);
}

export interface RegisterNodeResponse__Output {
  'nodeEpoch': (string);
  'heartbeatIntervalMs': (number);
  'sessionTimeoutMs': (number);
}
