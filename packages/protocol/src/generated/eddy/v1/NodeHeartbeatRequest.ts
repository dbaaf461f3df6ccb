// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeHeartbeatRequest {
  'nodeId'?: (number);
  'nodeEpoch'?: (number | string | Long);
  /**
   * True when the node is shutting down and wants no more leaderships.
   */
  'shuttingDown'?: (boolean);
}

export interface NodeHeartbeatRequest__Output {
  'nodeId': (number);
  'nodeEpoch': (string);
  /**
   * True when the node is shutting down and wants no more leaderships.
   */
  'shuttingDown': (boolean);
}
