// Original file: proto/eddy/v1/admin.proto

import type { NodeStatus as _eddy_v1_NodeStatus, NodeStatus__Output as _eddy_v1_NodeStatus__Output } from '../../eddy/v1/NodeStatus.js';

export interface ListNodesResponse {
  'nodes'?: (_eddy_v1_NodeStatus)[];
}

export interface ListNodesResponse__Output {
  'nodes': (_eddy_v1_NodeStatus__Output)[];
}
