// Original file: proto/eddy/v1/metadata.proto

/**
 * A storage node's place in the cluster's shape.
 */
export const NodeState = {
  NODE_STATE_UNSPECIFIED: 'NODE_STATE_UNSPECIFIED',
  /**
   * Holds and receives replicas.
   */
  NODE_STATE_ACTIVE: 'NODE_STATE_ACTIVE',
  /**
   * Being emptied: receives no new replicas; its replicas are moving away.
   */
  NODE_STATE_DECOMMISSIONING: 'NODE_STATE_DECOMMISSIONING',
  /**
   * Emptied: holds no replica and may be removed.
   */
  NODE_STATE_DECOMMISSIONED: 'NODE_STATE_DECOMMISSIONED',
} as const;

/**
 * A storage node's place in the cluster's shape.
 */
export type NodeState =
  | 'NODE_STATE_UNSPECIFIED'
  | 0
  /**
   * Holds and receives replicas.
   */
  | 'NODE_STATE_ACTIVE'
  | 1
  /**
   * Being emptied: receives no new replicas; its replicas are moving away.
   */
  | 'NODE_STATE_DECOMMISSIONING'
  | 2
  /**
   * Emptied: holds no replica and may be removed.
   */
  | 'NODE_STATE_DECOMMISSIONED'
  | 3

/**
 * A storage node's place in the cluster's shape.
 */
export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
