// Original file: proto/eddy/v1/produce.proto

/**
 * How durable a write must be before it is acknowledged.
 */
export const Acks = {
  /**
   * Same as ACKS_ALL.
   */
  ACKS_UNSPECIFIED: 'ACKS_UNSPECIFIED',
  /**
   * Committed by a majority of replicas and fsynced there. The default: nothing acknowledged is lost.
   */
  ACKS_ALL: 'ACKS_ALL',
  /**
   * Appended and fsynced on the leader only: can be lost if the leader fails before replicating.
   */
  ACKS_LEADER: 'ACKS_LEADER',
  /**
   * Answered once the leader has checked the batch and assigned its offsets, before
   * any write: can be lost, even though the answer names offsets.
   */
  ACKS_NONE: 'ACKS_NONE',
} as const;

/**
 * How durable a write must be before it is acknowledged.
 */
export type Acks =
  /**
   * Same as ACKS_ALL.
   */
  | 'ACKS_UNSPECIFIED'
  | 0
  /**
   * Committed by a majority of replicas and fsynced there. The default: nothing acknowledged is lost.
   */
  | 'ACKS_ALL'
  | 1
  /**
   * Appended and fsynced on the leader only: can be lost if the leader fails before replicating.
   */
  | 'ACKS_LEADER'
  | 2
  /**
   * Answered once the leader has checked the batch and assigned its offsets, before
   * any write: can be lost, even though the answer names offsets.
   */
  | 'ACKS_NONE'
  | 3

/**
 * How durable a write must be before it is acknowledged.
 */
export type Acks__Output = typeof Acks[keyof typeof Acks]
