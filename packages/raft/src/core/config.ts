// Configuration of one Raft node, the injected random source, and the
// test-only knobs that switch on known bugs (so the simulator can prove its
// checkers catch them).

import type { Storage } from './storage.js';
import type { NodeId } from './types.js';

/** Seeded randomness, injected: the core never reads Math.random or a clock. */
export interface RandomSource {
  /** A uniformly distributed integer in [0, bound). */
  nextInt(bound: number): number;
}

/**
 * TEST-ONLY. Each flag re-introduces a known consensus bug. Never set these
 * outside tests and the simulator's `--bug` option; every flag breaks safety.
 */
export interface TestingKnobs {
  /** Commit an entry from an earlier term by counting replicas (violates §5.4.2, Figure 8). */
  commitPreviousTermByCount?: boolean;
  /** Grant a vote even when already voted for another candidate in this term. */
  doubleVote?: boolean;
  /** Leave the vote out of HardState, so a restart forgets it. */
  forgetVote?: boolean;
  /** Follower appends conflicting entries without truncating its own conflicting suffix. */
  noTruncateOnConflict?: boolean;
  /** Leader answers ReadIndex at once, without confirming leadership with a quorum. */
  staleReads?: boolean;
  /** A repairing replica (InitialState.repairUntil) votes and campaigns as if it had lost nothing. */
  voteWhileRepairing?: boolean;
}

export const BugKnob = {
  CommitPreviousTerm: 'commit-previous-term',
  DoubleVote: 'double-vote',
  ForgetVote: 'forget-vote',
  NoTruncate: 'no-truncate',
  StaleRead: 'stale-read',
  VoteWhileRepairing: 'vote-while-repairing',
} as const;
export type BugKnob = (typeof BugKnob)[keyof typeof BugKnob];

export function knobsFor(bug: BugKnob | undefined): TestingKnobs {
  switch (bug) {
    case BugKnob.CommitPreviousTerm:
      return { commitPreviousTermByCount: true };
    case BugKnob.DoubleVote:
      return { doubleVote: true };
    case BugKnob.ForgetVote:
      return { forgetVote: true };
    case BugKnob.NoTruncate:
      return { noTruncateOnConflict: true };
    case BugKnob.StaleRead:
      return { staleReads: true };
    case BugKnob.VoteWhileRepairing:
      return { voteWhileRepairing: true };
    default:
      return {};
  }
}

export interface Config {
  id: NodeId;
  /** Ticks without hearing from a leader before campaigning; randomized in [electionTick, 2*electionTick). */
  electionTick: number;
  /** Ticks between leader heartbeats. Must be < electionTick. */
  heartbeatTick: number;
  storage: Storage;
  random: RandomSource;
  /** The last index the application had applied before restart (0 for a new node). */
  applied?: number;
  /** Soft limit on the bytes of entries in one append message (one entry always fits). */
  maxSizePerMsg?: number;
  /** Max appends in flight to one follower in replicate state. */
  maxInflightMsgs?: number;
  /** Max bytes of appends in flight to one follower (0 = unlimited). */
  maxInflightBytes?: number;
  /** Max bytes of committed entries handed out in one Ready. */
  maxCommittedSizePerReady?: number;
  /** Leader steps down without a quorum's contact for an election timeout; followers with a live leader ignore votes. */
  checkQuorum?: boolean;
  /** Run a pre-vote round before bumping the term, so a partitioned node cannot disrupt the cluster on rejoin. */
  preVote?: boolean;
  /**
   * Quiescence (for hosts of many mostly idle groups): a leader whose followers
   * all hold its whole log, with everything committed and applied and nothing
   * pending, sends one quiesce heartbeat and stops ticking; a caught-up
   * follower receiving it stops its election timer. Any other message or
   * local request wakes the group. A quiesced follower relies on its host to
   * call forgetLeader() when the leader's node stops answering (node-level
   * liveness); otherwise it would never campaign.
   */
  quiesce?: boolean;
  /**
   * A leader whose commit index advances tells followers with their next
   * append or heartbeat instead of an empty append each at once: at one entry
   * per round that halves the messages (and the followers' Raft work) a round
   * costs. Commitment itself is unchanged (it is counted on the leader); only
   * followers apply later, by at most a heartbeat interval, which matters
   * where nothing reads a follower's applied state soon after a write.
   */
  lazyCommit?: boolean;
  /** Followers drop proposals instead of forwarding them to the leader. */
  disableProposalForwarding?: boolean;
  /**
   * A learner that holds nothing of the log yet (match 0) and needs entries
   * at or below the leader's snapshot is sent the snapshot rather than those
   * entries: the application then copies the older log itself (the partition
   * backfill), off the leader's Raft loop and under its throttle, instead of
   * the leader reading it from disk message by message.
   */
  snapshotNewLearners?: boolean;
  /** TEST-ONLY bug switches; see TestingKnobs. */
  testingKnobs?: TestingKnobs;
}

export function validateConfig(c: Config): void {
  if (!Number.isInteger(c.id) || c.id <= 0) throw new Error('raft config: id must be a positive integer');
  if (c.heartbeatTick <= 0) throw new Error('raft config: heartbeatTick must be > 0');
  if (c.electionTick <= c.heartbeatTick) throw new Error('raft config: electionTick must be > heartbeatTick');
  if ((c.maxInflightMsgs ?? 256) <= 0) throw new Error('raft config: maxInflightMsgs must be > 0');
}
