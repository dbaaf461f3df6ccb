// Original file: proto/eddy/v1/cluster.proto

import type { NodeRole as _eddy_v1_NodeRole, NodeRole__Output as _eddy_v1_NodeRole__Output } from '../../eddy/v1/NodeRole.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeRegisteredRecord {
  'nodeId'?: (number);
  'nodeEpoch'?: (number | string | Long);
  'incarnationId'?: (string);
  'address'?: (string);
  'rack'?: (string);
  'roles'?: (_eddy_v1_NodeRole)[];
  /**
   * The internal listener's host:port; empty in records written before two listeners.
   */
  'internalAddress'?: (string);
}

export interface NodeRegisteredRecord__Output {
  'nodeId': (number);
  'nodeEpoch': (string);
  'incarnationId': (string);
  'address': (string);
  'rack': (string);
  'roles': (_eddy_v1_NodeRole__Output)[];
  /**
   * The internal listener's host:port; empty in records written before two listeners.
   */
  'internalAddress': (string);
}
