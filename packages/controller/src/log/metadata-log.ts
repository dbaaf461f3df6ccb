// What the controller needs from its replicated log (docs/architecture.md §7: the metadata
// quorum is one Raft group whose log is the cluster metadata). The controller
// is the log's state machine: it is handed every committed batch in order, on
// every controller, and it produces and restores snapshots. A Raft-backed
// implementation (@eddy/raft) and the in-memory one (memory-metadata-log.ts)
// both satisfy this.
//
// Versions: every record has a version, its position in the metadata history
// counted in records from 1. A batch appended as one Raft entry occupies
// consecutive versions, so an entry holding k records advances the version by
// k, and entries carrying no records (Raft no-ops, configuration changes)
// advance it by 0. Every controller computes the same versions from the same
// log. "The image at version v" is the result of applying records 1..v.
import type { MetadataRecord } from '../metadata/image.js';
import type { MetadataSnapshot } from '../metadata/snapshot.js';

export type { MetadataSnapshot } from '../metadata/snapshot.js';

/** A controller of the quorum, as DescribeCluster and NOT_CONTROLLER name it. */
export interface ControllerRef {
  id: number;
  /** host:port of its gRPC endpoint. */
  address: string;
}

/** Records committed together (one append), in log order. */
export interface CommittedBatch {
  /** Version of the first record; record i has version firstVersion + i. */
  firstVersion: number;
  records: readonly MetadataRecord[];
}

/** The controller side of the log: called by the log, never concurrently, in commit order. */
export interface MetadataStateMachine {
  /** A committed batch. Called exactly once per batch after the last restore, with no gaps in versions. */
  apply(batch: CommittedBatch): void;
  /** Replace all state with a snapshot: at start-up, or when this controller fell behind the leader's log start. */
  restore(snapshot: MetadataSnapshot): void;
  /** The state at the last applied version, for the log to persist before compacting entries up to it. */
  snapshot(): MetadataSnapshot;
  /** isActive() or activeController() changed. */
  leadershipChanged(): void;
}

export interface MetadataLog {
  /**
   * Registers the state machine and brings it up to date: restore() from the
   * latest snapshot (if any), then apply() for every committed entry after it.
   * Resolves once the local log has been replayed; the log keeps delivering
   * commits afterwards.
   */
  start(stateMachine: MetadataStateMachine): Promise<void>;
  stop(): Promise<void>;

  /**
   * True when this controller may append: it is the Raft leader AND an entry
   * of its own term has committed and been applied, so its image already holds
   * everything any earlier leader committed (commands read that image).
   */
  isActive(): boolean;
  /** The active controller as far as this one knows, or undefined during an election. */
  activeController(): ControllerRef | undefined;
  /** The quorum's voters. */
  voters(): readonly ControllerRef[];
  /**
   * Quorum membership changes (active controller only): add a controller as
   * a learner, then as a voter once caught up; remove a voter. Logs that
   * cannot change their membership (the in-memory one) leave them out.
   */
  addVoter?(id: number): Promise<void>;
  removeVoter?(id: number): Promise<void>;

  /**
   * Proposes `records` as one atomic entry. Resolves with the version of the
   * last record once the entry is committed AND applied to this controller's
   * state machine (so the caller's next read sees it). Rejects with
   * NotControllerError when not active, or when leadership is lost before the
   * entry is known to be committed (the outcome is then unknown to the caller).
   * Entries commit in the order append() was called.
   */
  append(records: readonly MetadataRecord[]): Promise<number>;

  /**
   * Linearizable read barrier (Raft ReadIndex): resolves once this controller
   * has confirmed it is still the leader and applied everything committed
   * before the call. Rejects with NotControllerError otherwise.
   */
  readBarrier(): Promise<void>;

  /**
   * Graceful shutdown: when this controller leads, hands leadership to the
   * most caught-up other voter and waits (up to timeoutMs) until another leads.
   * Resolves true when this controller no longer leads.
   */
  handOver(timeoutMs: number): Promise<boolean>;
}
