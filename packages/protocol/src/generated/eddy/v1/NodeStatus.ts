// Original file: proto/eddy/v1/admin.proto

import type { NodeRole as _eddy_v1_NodeRole, NodeRole__Output as _eddy_v1_NodeRole__Output } from '../../eddy/v1/NodeRole.js';
import type { NodeState as _eddy_v1_NodeState, NodeState__Output as _eddy_v1_NodeState__Output } from '../../eddy/v1/NodeState.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'nodeId'?: (number);
  'address'?: (string);
  'rack'?: (string);
  'online'?: (boolean);
  'roles'?: (_eddy_v1_NodeRole)[];
  'state'?: (_eddy_v1_NodeState);
  /**
   * Replicas assigned to the node (including moves towards it).
   */
  'replicaCount'?: (number);
  'leaderCount'?: (number);
  /**
   * Sum of the sizes its partitions' leaders last reported.
   */
  'diskUsedBytes'?: (number | string | Long);
  /**
   * From the node's heartbeat; 0 when unknown.
   */
  'diskFreeBytes'?: (number | string | Long);
  'diskTotalBytes'?: (number | string | Long);
  /**
   * Milliseconds since the node went offline, as the active controller saw it; 0 while online.
   */
  'offlineMs'?: (number | string | Long);
}

export interface NodeStatus__Output {
  'nodeId': (number);
  'address': (string);
  'rack': (string);
  'online': (boolean);
  'roles': (_eddy_v1_NodeRole__Output)[];
  'state': (_eddy_v1_NodeState__Output);
  /**
   * Replicas assigned to the node (including moves towards it).
   */
  'replicaCount': (number);
  'leaderCount': (number);
  /**
   * Sum of the sizes its partitions' leaders last reported.
   */
  'diskUsedBytes': (string);
  /**
   * From the node's heartbeat; 0 when unknown.
   */
  'diskFreeBytes': (string);
  'diskTotalBytes': (string);
  /**
   * Milliseconds since the node went offline, as the active controller saw it; 0 while online.
   */
  'offlineMs': (string);
}
