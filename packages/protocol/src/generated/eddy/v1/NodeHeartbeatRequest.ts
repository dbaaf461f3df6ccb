// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeHeartbeatRequest {
  'nodeId'?: (number);
  'nodeEpoch'?: (number | string | Long);
  /**
   * True when the node is shutting down and wants no more leaderships.
   */
  'shuttingDown'?: (boolean);
  /**
   * Bytes free and total on the node's data volume (0 when unknown).
   */
  'diskFreeBytes'?: (number | string | Long);
  'diskTotalBytes'?: (number | string | Long);
}

export interface NodeHeartbeatRequest__Output {
  'nodeId': (number);
  'nodeEpoch': (string);
  /**
   * True when the node is shutting down and wants no more leaderships.
   */
  'shuttingDown': (boolean);
  /**
   * Bytes free and total on the node's data volume (0 when unknown).
   */
  'diskFreeBytes': (string);
  'diskTotalBytes': (string);
}
