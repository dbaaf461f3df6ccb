// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeHeartbeatResponse {
  /**
   * False when this incarnation was fenced: the node must register again.
   */
  'registered'?: (boolean);
  'metadataVersion'?: (number | string | Long);
}

export interface NodeHeartbeatResponse__Output {
  /**
   * False when this incarnation was fenced: the node must register again.
   */
  'registered': (boolean);
  'metadataVersion': (string);
}
