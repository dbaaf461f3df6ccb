// Original file: proto/eddy/v1/admin.proto

import type { NodeInfo as _eddy_v1_NodeInfo, NodeInfo__Output as _eddy_v1_NodeInfo__Output } from '../../eddy/v1/NodeInfo.js';
import type { ControllerInfo as _eddy_v1_ControllerInfo, ControllerInfo__Output as _eddy_v1_ControllerInfo__Output } from '../../eddy/v1/ControllerInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface DescribeClusterResponse {
  'clusterId'?: (string);
  'nodes'?: (_eddy_v1_NodeInfo)[];
  /**
   * Controller quorum voters.
   */
  'controllers'?: (_eddy_v1_ControllerInfo)[];
  /**
   * -1 when no controller is active.
   */
  'activeControllerId'?: (number);
  'metadataVersion'?: (number | string | Long);
  'topicCount'?: (number);
  'partitionCount'?: (number);
  'offlinePartitionCount'?: (number);
  'underReplicatedPartitionCount'?: (number);
  /**
   * Partitions a reassignment is moving.
   */
  'reassigningPartitionCount'?: (number);
}

export interface DescribeClusterResponse__Output {
  'clusterId': (string);
  'nodes': (_eddy_v1_NodeInfo__Output)[];
  /**
   * Controller quorum voters.
   */
  'controllers': (_eddy_v1_ControllerInfo__Output)[];
  /**
   * -1 when no controller is active.
   */
  'activeControllerId': (number);
  'metadataVersion': (string);
  'topicCount': (number);
  'partitionCount': (number);
  'offlinePartitionCount': (number);
  'underReplicatedPartitionCount': (number);
  /**
   * Partitions a reassignment is moving.
   */
  'reassigningPartitionCount': (number);
}
