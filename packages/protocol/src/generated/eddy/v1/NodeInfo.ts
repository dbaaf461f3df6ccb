// Original file: proto/eddy/v1/metadata.proto

import type { NodeRole as _eddy_v1_NodeRole, NodeRole__Output as _eddy_v1_NodeRole__Output } from '../../eddy/v1/NodeRole.js';
import type { NodeState as _eddy_v1_NodeState, NodeState__Output as _eddy_v1_NodeState__Output } from '../../eddy/v1/NodeState.js';

/**
 * A node of the cluster as clients see it.
 */
export interface NodeInfo {
  'nodeId'?: (number);
  /**
   * host:port of the node's public gRPC endpoint.
   */
  'address'?: (string);
  'rack'?: (string);
  /**
   * False when the node's session expired (fenced) or it shut down.
   */
  'online'?: (boolean);
  'roles'?: (_eddy_v1_NodeRole)[];
  /**
   * What the node is doing in the cluster's shape.
   */
  'state'?: (_eddy_v1_NodeState);
}

/**
 * A node of the cluster as clients see it.
 */
export interface NodeInfo__Output {
  'nodeId': (number);
  /**
   * host:port of the node's public gRPC endpoint.
   */
  'address': (string);
  'rack': (string);
  /**
   * False when the node's session expired (fenced) or it shut down.
   */
  'online': (boolean);
  'roles': (_eddy_v1_NodeRole__Output)[];
  /**
   * What the node is doing in the cluster's shape.
   */
  'state': (_eddy_v1_NodeState__Output);
}
