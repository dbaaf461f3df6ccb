// Original file: proto/eddy/v1/cluster.proto

import type { NodeRole as _eddy_v1_NodeRole, NodeRole__Output as _eddy_v1_NodeRole__Output } from '../../eddy/v1/NodeRole.js';

export interface RegisterNodeRequest {
  'nodeId'?: (number);
  /**
   * Random per process start; tells incarnations apart.
   */
  'incarnationId'?: (string);
  'address'?: (string);
  'rack'?: (string);
  'roles'?: (_eddy_v1_NodeRole)[];
  /**
   * host:port of the node's internal listener (RaftService, ControllerService);
   * empty for a node that serves everything on address (before two listeners).
   */
  'internalAddress'?: (string);
}

export interface RegisterNodeRequest__Output {
  'nodeId': (number);
  /**
   * Random per process start; tells incarnations apart.
   */
  'incarnationId': (string);
  'address': (string);
  'rack': (string);
  'roles': (_eddy_v1_NodeRole__Output)[];
  /**
   * host:port of the node's internal listener (RaftService, ControllerService);
   * empty for a node that serves everything on address (before two listeners).
   */
  'internalAddress': (string);
}
