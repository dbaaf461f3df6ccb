// Original file: proto/eddy/v1/cluster.proto


/**
 * Where a controller added at run time listens (its internal listener), so
 * every node can reach it; the quorum's membership itself lives in the
 * controller Raft group's configuration (conf-change entries of the same log).
 */
export interface ControllerRegistrationRecord {
  'nodeId'?: (number);
  'internalAddress'?: (string);
}

/**
 * Where a controller added at run time listens (its internal listener), so
 * every node can reach it; the quorum's membership itself lives in the
 * controller Raft group's configuration (conf-change entries of the same log).
 */
export interface ControllerRegistrationRecord__Output {
  'nodeId': (number);
  'internalAddress': (string);
}
