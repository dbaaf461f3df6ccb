// The knobs of a simulation run: what the caller asks for (SimOptions), what
// the seed chooses (SimParams), what the run reports (SimResult).
import type { BugKnob } from '../core/config.js';
import type { Violation } from './checkers.js';

export interface SimOptions {
  readonly seed: number;
  readonly bug?: BugKnob | undefined;
  /** Ticks with faults injected. */
  readonly faultTicks?: number;
  /** Ticks allowed, after healing, to elect a leader and commit a proposal. */
  readonly livenessTicks?: number;
  /** Fault profile; by default chosen by the seed (30% churn). */
  readonly profile?: SimProfile | undefined;
  /** Overrides of the seed-chosen parameters (for experiments). */
  readonly params?: Partial<SimParams>;
}

export const SimProfile = {
  /** Every fault kind at seed-chosen rates, membership changes, 300 fault ticks. */
  Mixed: 'mixed',
  /**
   * Figure 8 style: 3 voters, one entry per append, the leader isolated or
   * crashed about every other tick, lossy slow network, quick reboots, no PreVote or
   * CheckQuorum, 1000 fault ticks. Many short terms with divergent tails.
   */
  Churn: 'churn',
} as const;
export type SimProfile = (typeof SimProfile)[keyof typeof SimProfile];

export const CHURN_PARAMS: Partial<SimParams> = {
  voters: 3,
  maxSizePerMsg: 1,
  leaderChurn: 0.5,
  dropRate: 0.25,
  maxDelay: 3,
  membership: false,
  preVote: false,
  checkQuorum: false,
  crashRate: 0.02,
};

export interface SimResult {
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly ticks: number;
  readonly operations: number;
  readonly completedOperations: number;
  readonly maxCommitted: number;
  readonly leaderTerms: number;
  readonly messages: number;
  /** The linearizability search hit its budget (neither proven nor refuted). */
  readonly linearizabilityInconclusive: boolean;
  /** Node-ticks spent quiesced, and leaders forgotten on the failure detector's word. */
  readonly quiescedTicks: number;
  readonly leadersForgotten: number;
  /** Crashes after which the node's disk had lost a suffix of its log (SimParams.suffixLoss). */
  readonly suffixLosses: number;
  /**
   * No leader after healing, excused: a repairing voter while the live nodes
   * disagree on the configuration (Simulation.repairBlocksElections).
   */
  readonly repairBlocked: boolean;
  readonly params: SimParams;
  readonly profile: SimProfile;
}

export interface SimParams {
  readonly voters: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly maxSizePerMsg: number;
  readonly maxInflight: number;
  /** Byte bound of the inflight window (0 = count only). */
  readonly maxInflightBytes: number;
  readonly dropRate: number;
  readonly dupRate: number;
  readonly maxDelay: number;
  readonly crashRate: number;
  readonly partitionRate: number;
  readonly membership: boolean;
  readonly transferRate: number;
  readonly snapshotEvery: number;
  readonly readyProb: number;
  /** Per-tick chance of isolating or crashing the current leader (Figure 8 style churn). */
  readonly leaderChurn: number;
  /** Per-node chance of missing a tick: slow or paused clocks (e.g. GC pauses). */
  readonly tickSkip: number;
  /**
   * Quiescence (Config.quiesce), with a node-level failure detector as a host
   * has: a quiesced follower whose leader's node has not been heard from for
   * an election timeout forgets it. The detector also errs now and then.
   */
  readonly quiesce: boolean;
  /**
   * After a delivery, apply commits at once outside the Ready cycle
   * (RawNode.takeDurableCommitted), also while a write is in progress, as the
   * host does while its pass waits on the disk.
   */
  readonly earlyApply: boolean;
  /** Followers learn the commit index with the next append or heartbeat (Config.lazyCommit). */
  readonly lazyCommit: boolean;
  /**
   * A crash now and then loses a suffix of the node's durable log, as a
   * damaged disk does: it restarts with its log cut, its commit clamped and
   * repairUntil at the last index it held (MemoryStorage.loseEntriesAfter),
   * so it must neither vote nor campaign until it holds them again. One node
   * at a time: two repairing voters of three can elect no leader (rightly:
   * an entry only they acknowledged may be committed), which is not a fault
   * the liveness check should fail on.
   */
  readonly suffixLoss: boolean;
}

export const ELECTION_TICK = 10;
export const HEARTBEAT_TICK = 2;
/** Node ids ever used in one run (initial voters and joiners). */
export const MAX_NODES = 9;
export const KEYS = ['a', 'b', 'c'];
export const OP_TIMEOUT = 60;
export const READ_TIMEOUT = 20;

