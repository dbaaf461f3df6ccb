// Original file: proto/eddy/v1/admin.proto

import type { NodeStatus as _eddy_v1_NodeStatus, NodeStatus__Output as _eddy_v1_NodeStatus__Output } from '../../eddy/v1/NodeStatus.js';

export interface DecommissionNodeResponse {
  'node'?: (_eddy_v1_NodeStatus | null);
}

export interface DecommissionNodeResponse__Output {
  'node': (_eddy_v1_NodeStatus__Output | null);
}
