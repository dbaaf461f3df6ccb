// Original file: proto/eddy/v1/cluster.proto


/**
 * An operator asked for a node to be emptied (decommissioning true), or took
 * that back (false). A decommissioning node gets no new replicas; the balancer
 * moves its replicas away, after which it may be removed.
 */
export interface NodeDecommissionRecord {
  'nodeId'?: (number);
  'decommissioning'?: (boolean);
}

/**
 * An operator asked for a node to be emptied (decommissioning true), or took
 * that back (false). A decommissioning node gets no new replicas; the balancer
 * moves its replicas away, after which it may be removed.
 */
export interface NodeDecommissionRecord__Output {
  'nodeId': (number);
  'decommissioning': (boolean);
}
