// Original file: proto/eddy/v1/group.proto

/**
 * Lifecycle of a consumer group.
 */
export const GroupState = {
  GROUP_STATE_UNSPECIFIED: 'GROUP_STATE_UNSPECIFIED',
  GROUP_STATE_EMPTY: 'GROUP_STATE_EMPTY',
  GROUP_STATE_ASSIGNING: 'GROUP_STATE_ASSIGNING',
  GROUP_STATE_RECONCILING: 'GROUP_STATE_RECONCILING',
  GROUP_STATE_STABLE: 'GROUP_STATE_STABLE',
  GROUP_STATE_DEAD: 'GROUP_STATE_DEAD',
} as const;

/**
 * Lifecycle of a consumer group.
 */
export type GroupState =
  | 'GROUP_STATE_UNSPECIFIED'
  | 0
  | 'GROUP_STATE_EMPTY'
  | 1
  | 'GROUP_STATE_ASSIGNING'
  | 2
  | 'GROUP_STATE_RECONCILING'
  | 3
  | 'GROUP_STATE_STABLE'
  | 4
  | 'GROUP_STATE_DEAD'
  | 5

/**
 * Lifecycle of a consumer group.
 */
export type GroupState__Output = typeof GroupState[keyof typeof GroupState]
