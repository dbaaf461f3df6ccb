// Whether a node's replica of a group holds the group's whole log
// (RaftService.ReplicaStatus), the part both transports share. A replica
// rebuilt from a leader snapshot copies the log below that snapshot afterwards
// (backfill, over log reads); a partition leader moving a replica set asks
// each new replica whether it is complete before it counts it.
//
// The serving side is the application's: a function from a group id to the
// replica's status, or undefined when the node hosts no such group. The
// request is checked (a group id as log reads check it) before the function
// sees it, and the answer is checked on both sides.
import { groupIdProblem } from './log-read.js';
import { MAX_RAFT_NUMBER } from './wire-codec.js';

export interface ReplicaStatus {
  /** The replica holds every entry of the group's log it should: no backfill running or pending. */
  complete: boolean;
  /** Bytes the replica still has to copy before it is complete (an estimate; 0 when complete). */
  bytesMissing: number;
  /**
   * The answering node is storage full (below its free-space minimum, or a
   * write failed for lack of space): leadership should not go to it. Absent
   * (older nodes, applications that do not say): not full.
   */
  storageFull?: boolean;
}

/** What a node answers ReplicaStatus with: undefined when it hosts no such group. */
export type ReplicaStatusSource = (group: string) => ReplicaStatus | undefined;

/** Default time a ReplicaStatus call may take before it is given up (ms). */
export const REPLICA_STATUS_TIMEOUT_MS = 2000;

/** Why a ReplicaStatus call failed; the caller acts on the reason, never on the message. */
export const ReplicaStatusRefusal = {
  /** The request is malformed (a bad group id) or speaks for another node: fix the caller. */
  InvalidRequest: 'invalid-request',
  /** The node does not host the group (NOT_FOUND), or serves no replica status at all. */
  UnknownGroup: 'unknown-group',
  /** The node predates ReplicaStatus (UNIMPLEMENTED): it cannot say. */
  Unsupported: 'unsupported',
  /** Not now: the node is unreachable, did not answer in time, or answered nonsense. Retry. */
  Unavailable: 'unavailable',
} as const;
export type ReplicaStatusRefusal = (typeof ReplicaStatusRefusal)[keyof typeof ReplicaStatusRefusal];

export class ReplicaStatusError extends Error {
  override readonly name = 'ReplicaStatusError';

  constructor(
    readonly reason: ReplicaStatusRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a requested group id; throws ReplicaStatusError(InvalidRequest) saying what is wrong. */
export function checkReplicaStatusGroup(group: unknown): string {
  const problem = groupIdProblem(group);
  if (problem !== undefined) throw new ReplicaStatusError(ReplicaStatusRefusal.InvalidRequest, `replica status refused: ${problem}`);
  return group as string;
}

/**
 * Checks a status (the application's before it is sent, a peer's once
 * received): `complete` a boolean, `bytesMissing` an integer from 0 to 2^52,
 * `storageFull` a boolean or absent (read as false).
 * Throws ReplicaStatusError(Unavailable).
 */
export function checkReplicaStatus(s: { complete: unknown; bytesMissing: unknown; storageFull?: unknown }, who: string): ReplicaStatus {
  const bytes = typeof s.bytesMissing === 'string' ? Number(s.bytesMissing) : s.bytesMissing;
  const full = s.storageFull ?? false;
  if (typeof s.complete !== 'boolean' || typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_RAFT_NUMBER || typeof full !== 'boolean') {
    throw new ReplicaStatusError(
      ReplicaStatusRefusal.Unavailable,
      `${who} gave a replica status that is not one (complete ${String(s.complete)}, bytes missing ${String(s.bytesMissing)}, storage full ${String(s.storageFull)})`,
    );
  }
  return { complete: s.complete, bytesMissing: bytes, storageFull: full };
}
