// One partition replica: a Raft group on the node's RaftHost whose log is the
// partition log (docs/architecture.md §6). This class is the group's state
// machine: it applies committed entries to the replicated PartitionState (on
// every replica), persists the offset index points they yield, wakes long polls
// and subscriptions, and tells the parts it composes what changed:
//   - LeaderAppends (leader-appends.ts): offset assignment, the reorder window
//     for idempotent producers, proposals and the waits `acks` asks for;
//   - ReplicaReads (replica-reads.ts): reads of committed batches;
//   - ReplicaMaintenance (replica-maintenance.ts): snapshots that bound the
//     Raft cache, deletion of entries retention removed, compaction;
//   - ReplicaBackfill (replica-backfill.ts): after a leader snapshot, the copy
//     of the log below it from a peer.
// It reads its group only through the RaftGroup API.
import { CorruptRecordError, LeaderNotAvailableError, NotLeaderError, UnavailableError, verifyBatchCrc, type ErrorDetails, type Logger, type RecordBatchHeader } from '@eddy/protocol';
import { bestTransferTarget, type BatchOp, type Entry, type LevelRaftStore, type NodeId, type RaftGroup, type RaftHost, type Snapshot, type StateMachine } from '@eddy/raft';
import type { PartitionAssignment } from '../catalog/partition-catalog.js';
import { batchOfEntry, encodeCommandEntry, type PartitionCommand } from './entry-codec.js';
import { IndexStore } from './index-store.js';
import { LeaderAppends, type AppendOptions, type AppendResult } from './leader-appends.js';
import type { IndexPoint } from './offset-index.js';
import { PartitionState, type ApplyOutcome } from './partition-state.js';
import type { ReorderLimits } from './reorder-window.js';
import { ReplicaBackfill } from './replica-backfill.js';
import { ReplicaMaintenance } from './replica-maintenance.js';
import { ReplicaMembership, type PeerLogStatus } from './replica-membership.js';
import { ReplicaReads, type ReadResult, type RemoteSegmentReads } from './replica-reads.js';

export { Acks, type AppendOptions, type AppendResult } from './leader-appends.js';
export { CACHE_TRIM_BYTES, CACHE_TRIM_ENTRIES, MAX_FOLLOWER_LAG_KEPT } from './replica-maintenance.js';
export type { ReadResult } from './replica-reads.js';

export interface ReplicaDeps {
  host: RaftHost;
  store: LevelRaftStore;
  nodeId: NodeId;
  logger: Logger;
  /** Called after entries apply (metrics, wake-ups elsewhere). */
  onApplied?: (replica: PartitionReplica) => void;
  onLeaderChange?: (replica: PartitionReplica) => void;
  /** Trim the group's in-memory Raft cache (snapshot) past this many entries; default CACHE_TRIM_ENTRIES. */
  cacheTrimEntries?: number;
  /** ... or once this many bytes of entries were applied since the last trim; default CACHE_TRIM_BYTES. */
  cacheTrimBytes?: number;
  /** A leader's snapshots stay at or below the match index of followers lagging by at most this many entries; default MAX_FOLLOWER_LAG_KEPT. */
  maxFollowerLagKept?: number;
  /** host:port of a node, for NOT_LEADER hints. */
  nodeAddress?: (nodeId: number) => string | undefined;
  /** Bounds of the idempotent-producer reorder window; default DEFAULT_REORDER_LIMITS. */
  reorderLimits?: ReorderLimits;
  /** Bytes of log entries the backfill copied from a peer and stored (metrics). */
  onBackfilled?: (bytes: number) => void;
  /** A damaged stored entry was repaired (metrics). */
  onRepaired?: (replica: PartitionReplica) => void;
  /** Asks another node what it holds of a group's log (replica moves wait for new replicas to hold all of it). */
  peerLogStatus?: (nodeId: NodeId, groupId: string) => Promise<PeerLogStatus>;
  /** This node is storage full: a leader here hands leadership to a replica on a node that is not (ReplicaMembership). */
  storageFull?: () => boolean;
  /** Reads of the remote tier (tiered topics; absent without --remote-storage). */
  remoteReads?: RemoteSegmentReads;
}

/** How long a leader may refuse reads while catching up before it logs why (noteStillCatchingUp). */
const CATCH_UP_WARN_MS = 10_000;

export function partitionGroupId(topicId: string, partition: number): string {
  return `p/${topicId}/${partition}`;
}

export class PartitionReplica implements StateMachine<ApplyOutcome> {
  readonly groupId: string;
  state = new PartitionState();
  private raftGroup: RaftGroup<ApplyOutcome> | undefined;
  private readonly indexStore: IndexStore;
  private readonly appends: LeaderAppends;
  private readonly reads: ReplicaReads;
  private readonly maintenance: ReplicaMaintenance;
  /** The copy of the log below a leader snapshot (status() says whether this replica holds its whole log). */
  readonly backfill: ReplicaBackfill;
  readonly membership: ReplicaMembership;
  /** Index of the first entry of the term this node leads (its no-op): reads wait until it is applied. */
  private leaderTerm = -1;
  private leaderTermStart = Number.MAX_SAFE_INTEGER;
  /** When ensureReadable first refused since it last passed (undefined: it passes). */
  private catchingUpSince: number | undefined;
  private lastCatchUpWarning = -Infinity;
  private readonly listeners = new Set<() => void>();
  private pendingPoints: IndexPoint[] = [];
  private closed = false;
  private opening = false;
  private restoredWhileOpening = false;

  private constructor(
    private readonly deps: ReplicaDeps,
    public assignment: PartitionAssignment,
  ) {
    this.groupId = partitionGroupId(assignment.topicId, assignment.partition);
    this.indexStore = new IndexStore(deps.store, this.groupId);
    this.appends = new LeaderAppends(this, deps.logger, deps.reorderLimits);
    this.reads = new ReplicaReads(this, deps.store, deps.remoteReads);
    this.maintenance = new ReplicaMaintenance(this, {
      host: deps.host,
      store: deps.store,
      indexStore: this.indexStore,
      reads: this.reads,
      logger: deps.logger,
      cacheTrimEntries: deps.cacheTrimEntries,
      cacheTrimBytes: deps.cacheTrimBytes,
      maxFollowerLagKept: deps.maxFollowerLagKept,
    });
    this.backfill = new ReplicaBackfill(this, {
      self: deps.nodeId,
      store: deps.store,
      indexStore: this.indexStore,
      reads: this.reads,
      logger: deps.logger,
      transport: deps.host.transport,
      onCopied: deps.onBackfilled,
      onComplete: () => this.backfillCompleted(),
    });
    this.membership = new ReplicaMembership(this, {
      self: deps.nodeId,
      logger: deps.logger,
      ...(deps.peerLogStatus ? { peerLogStatus: deps.peerLogStatus } : {}),
      ...(deps.storageFull ? { storageFull: deps.storageFull } : {}),
    });
  }

  /** Opens the replica: loads its index, then joins (or creates) its Raft group. */
  static async open(deps: ReplicaDeps, assignment: PartitionAssignment): Promise<PartitionReplica> {
    const r = new PartitionReplica(deps, assignment);
    const points = await r.indexStore.load();
    // Derived data: a point that fails its check only makes reads start at the point before it.
    if (points.damaged) deps.logger.warn({ partition: r.name, damaged: points.damaged }, 'offset index points failed their checks and are left out');
    r.opening = true;
    let group: RaftGroup<ApplyOutcome>;
    try {
      if (!assignment.replicas.includes(deps.nodeId)) {
        // A move is bringing this node in: it joins the existing group (as a
        // learner, once the leader adds it) and never bootstraps one of its own.
        group = await deps.host.addGroup({ groupId: r.groupId, voters: [], join: true, stateMachine: r, lazyCommit: true });
      } else {
        // The preferred (first) replica campaigns when the partition is created or reopened; the others wait for it.
        group = await deps.host.addGroup({ groupId: r.groupId, voters: [...assignment.replicas], leader: assignment.replicas[0], stateMachine: r, lazyCommit: true });
      }
    } finally {
      r.opening = false;
    }
    // No pass has run yet (passes start on setImmediate): nothing was applied before this.
    r.raftGroup = group;
    // Hosts that do not hand the snapshot to restore() while opening: read it here.
    if (!r.restoredWhileOpening) r.state = PartitionState.fromSnapshot(group.storage.snapshot().data);
    r.state.index.load(points.filter((p) => p.offset >= r.state.logStartOffset));
    // A snapshot from the leader installed before this start: unless the backfill filled the
    // range below it, that data is not here yet (reads of it are held) and the copy resumes.
    await r.backfill.opened(group.storage.peerSnapshotIndex);
    // The load found damaged entries below the snapshot (the start-up scan): copy them again.
    if (group.storage.damagedBelowSnapshot > 0) await r.repairDamaged(group.storage.damagedBelowSnapshot, 'found by the start-up scan');
    r.cutLogRepairing = group.node.repairing;
    if (group.storage.repairUntil > 0) {
      deps.logger.warn(
        { partition: r.name, repairUntil: group.storage.repairUntil, lastIndex: group.storage.lastIndex() },
        'replica log was cut at damage; it copies the rest from the leader and does not vote until it has committed the old end again',
      );
    }
    return r;
  }

  /** Its log was cut at damage: it takes entries from the leader again and does not vote yet (Raft.repairUntil). */
  get repairing(): boolean {
    return this.raftGroup?.node.repairing ?? false;
  }

  /** Opened repairing a cut log, and not yet repaired (counted once when it is). */
  private cutLogRepairing = false;

  /** Lowest index a repair below the snapshot is copying again from (0: none). */
  private repairingFrom = 0;

  /**
   * A stored entry at `index` failed its checks (a read, the scrubber, Raft
   * reading it to send): it is never served or sent, and is repaired
   * (docs/architecture.md, "Integrity"). After the snapshot the in-memory copy
   * is good and is written again; at or below it the range below the snapshot
   * is copied again from a peer (reads of it are held meanwhile), and a leader
   * hands its leadership to another replica first.
   */
  async repairDamaged(index: number, reason: string): Promise<void> {
    if (this.closed || !this.raftGroup) return;
    const storage = this.group.storage;
    const ops: BatchOp[] = [];
    if (storage.rewriteCached(index, ops)) {
      this.deps.logger.warn({ partition: this.name, index, reason }, 'damaged stored entry rewritten from the in-memory copy');
      await this.deps.store.write(ops);
      this.deps.onRepaired?.(this);
      return;
    }
    const snap = storage.snapshot().metadata;
    if (index > snap.index) return; // not held here any more (cut, or compacted meanwhile)
    if (this.repairingFrom > 0 && this.repairingFrom <= index) return;
    this.repairingFrom = index;
    this.deps.logger.warn({ partition: this.name, index, snapshotIndex: snap.index, reason }, 'damaged stored entry: copying the log below the snapshot again from a peer');
    if (this.isLeader) {
      const target = bestTransferTarget(this.group, this.deps.nodeId);
      if (target !== undefined) this.group.transferLeadership(target);
    }
    storage.damagedBelow(index, ops);
    await this.backfill.recopy(snap.index, snap.term, ops);
  }

  /** The backfill finished: a repair below the snapshot is done. */
  backfillCompleted(): void {
    if (this.repairingFrom === 0) return;
    this.repairingFrom = 0;
    this.deps.logger.info({ partition: this.name }, 'damaged entries copied again from a peer: the replica holds its whole log');
    this.deps.onRepaired?.(this);
  }

  get group(): RaftGroup<ApplyOutcome> {
    if (!this.raftGroup) throw new UnavailableError(`partition ${this.name} is opening`);
    return this.raftGroup;
  }

  /** The Raft group is joined (open() has finished). */
  get isOpen(): boolean {
    return this.raftGroup !== undefined;
  }

  get name(): string {
    return `${this.assignment.topic}-${this.assignment.partition}`;
  }

  /** Raft index below which this replica lacks entries, until its backfill is done (0: none). */
  get heldFromIndex(): number {
    return this.reads.heldFromIndex;
  }

  /** Hosted only until its group leaves this node out (see ReplicaManager.dropIfOutOfGroup). */
  lingering = false;

  /** This node is a voter or learner of the group's configuration as applied here. */
  get memberOfGroup(): boolean {
    const cs = this.group.confState;
    const self = this.deps.nodeId;
    return cs.voters.includes(self) || cs.learners.includes(self) || (cs.votersOutgoing ?? []).includes(self) || (cs.learnersNext ?? []).includes(self);
  }

  /** The replica set the group should have: the target while a move is in progress, else the replicas. */
  get desiredReplicas(): readonly NodeId[] {
    const target = this.assignment.targetReplicas;
    return target && target.length > 0 ? target : this.assignment.replicas;
  }

  /** The replica that should lead when healthy: the first of the desired set. */
  get preferredLeader(): NodeId | undefined {
    return this.desiredReplicas[0];
  }

  /** Bytes of the log held here and how many entries they span (for progress estimates). */
  logSpan(): { bytes: number; entries: number } {
    return { bytes: this.state.sizeBytes, entries: Math.max(0, this.state.appliedIndex - this.state.logStartIndex + 1) };
  }

  get isLeader(): boolean {
    return this.raftGroup?.isLeader ?? false;
  }

  get leaderId(): number {
    return this.raftGroup?.leaderId ?? 0;
  }

  /** Idempotent batches held by the reorder window (arrived ahead of a sequence gap). */
  get heldBatches(): number {
    return this.appends.heldCount;
  }

  /** The partition leader epoch: the Raft term. */
  get leaderEpoch(): number {
    return this.raftGroup?.term ?? 0;
  }

  // ---------------------------------------------------------------------------
  // StateMachine

  /**
   * Applies committed entries; returns each entry's outcome, which its proposal
   * (if this node proposed it) resolves with, whatever the leadership is by now.
   * Applies only: what the change means for the other parts (held batches to
   * propose, the cache to trim, waiters to wake) they act on after it returns.
   */
  apply(entries: readonly Entry[]): ApplyOutcome[] {
    const hwBefore = this.state.highWatermark;
    const outcomes: ApplyOutcome[] = [];
    for (const e of entries) {
      this.maintenance.noteApplied(e.data.byteLength);
      const out = this.state.apply(e.index, e.data);
      outcomes.push(out);
      switch (out.kind) {
        case 'appended':
          if (out.point) this.pendingPoints.push(out.point);
          break;
        case 'log-start-advanced':
          this.deps.logger.info({ partition: this.name, logStartOffset: out.offset }, 'log start advanced');
          this.maintenance.schedule();
          break;
        case 'duplicate':
        case 'rejected':
        case 'ignored':
        case 'remote-segment-added':
        case 'remote-segments-deleted':
          break;
      }
    }
    if (this.pendingPoints.length > 0) {
      const points = this.pendingPoints;
      this.pendingPoints = [];
      this.indexStore.put(points).catch((err: unknown) => this.deps.logger.warn({ err, partition: this.name }, 'could not persist offset index points'));
    }
    this.maintenance.applied();
    if (this.cutLogRepairing && !this.repairing) {
      // A log cut at damage holds again everything this replica may have acknowledged.
      this.cutLogRepairing = false;
      this.deps.onRepaired?.(this);
    }
    this.deps.onApplied?.(this);
    if (this.state.highWatermark !== hwBefore) this.notify();
    this.appends.applied();
    return outcomes;
  }

  /** A follower stores no record batch whose CRC-32C fails (it came damaged): the leader sends it again. */
  validateEntries(entries: readonly Entry[]): void {
    for (const e of entries) {
      const batch = batchOfEntry(e.data);
      if (batch !== undefined && !verifyBatchCrc(batch)) throw new CorruptRecordError(`partition ${this.name}: the record batch of Raft entry ${e.index} failed its CRC-32C`);
    }
  }

  validateSnapshot(data: Uint8Array): void {
    PartitionState.fromSnapshot(data);
  }

  restore(snapshot: Snapshot): void {
    if (this.opening) {
      // The group's own snapshot on disk, handed over while the group opens: the state to start from.
      this.state = PartitionState.fromSnapshot(snapshot.data);
      this.restoredWhileOpening = true;
      return;
    }
    // A snapshot this replica's state already includes changes nothing.
    if (snapshot.metadata.index <= this.state.appliedIndex) return;
    // A snapshot from the leader replaces this replica's log: data below it is not here any more.
    this.state = PartitionState.fromSnapshot(snapshot.data);
    this.state.index.load([]);
    this.reads.restoredFromLeader(snapshot.metadata.index, this.state.highWatermark);
    this.deps.logger.warn({ partition: this.name, index: snapshot.metadata.index }, 'replica restored from a leader snapshot; older data is not held locally until the backfill has copied it');
    this.backfill.restored(snapshot.metadata.index, snapshot.metadata.term);
    this.notify();
  }

  onLeaderChange(leaderId: NodeId, term: number): void {
    this.catchingUpSince = undefined;
    if (leaderId === this.deps.nodeId && this.raftGroup) {
      this.leaderTerm = term;
      this.leaderTermStart = this.raftGroup.termStartIndex(term);
    }
    this.appends.dropHeld();
    this.membership.leadershipChanged();
    this.deps.onLeaderChange?.(this);
    this.notify();
  }

  // ---------------------------------------------------------------------------
  // leadership

  /** Throws NOT_LEADER (with the leader hint) unless this replica leads. */
  ensureLeader(): void {
    if (this.closed) throw new UnavailableError(`partition ${this.name} is closing on this node`);
    if (!this.isLeader) throw this.notLeader();
  }

  /** Leader, and has applied everything committed before its term: reads see the whole committed log. */
  ensureReadable(): void {
    this.ensureLeader();
    const g = this.group;
    if (this.leaderTerm !== g.term || this.state.appliedIndex < this.leaderTermStart) {
      this.noteStillCatchingUp(g);
      throw new LeaderNotAvailableError(`partition ${this.name}: the new leader is still catching up; retry shortly`);
    }
    this.catchingUpSince = undefined;
  }

  /**
   * A leader normally applies its term's first entry within a round trip; one
   * that has not for CATCH_UP_WARN_MS says why it waits (at most once per that
   * interval): the Raft state an operator, or a chaos run's saved logs, needs.
   */
  private noteStillCatchingUp(g: RaftGroup<ApplyOutcome>): void {
    const now = Date.now();
    this.catchingUpSince ??= now;
    if (now - this.catchingUpSince < CATCH_UP_WARN_MS || now - this.lastCatchUpWarning < CATCH_UP_WARN_MS) return;
    this.lastCatchUpWarning = now;
    this.deps.logger.warn(
      {
        partition: this.name,
        waitingMs: now - this.catchingUpSince,
        term: g.term,
        leaderTerm: this.leaderTerm,
        termStart: this.leaderTermStart,
        applied: this.state.appliedIndex,
        groupApplied: g.applied,
        commit: g.commitIndex,
        lastIndex: g.lastIndex,
        confState: g.confState,
        followers: g.followers(),
      },
      "partition leader has not applied its term's first entry; reads are refused until it does",
    );
  }

  notLeader(): NotLeaderError {
    const leaderId = this.raftGroup?.leaderId ?? 0;
    const details: ErrorDetails = { topic: this.assignment.topic, partition: this.assignment.partition };
    if (leaderId) {
      details.leaderId = leaderId;
      const address = this.deps.nodeAddress?.(leaderId);
      if (address !== undefined) details.leaderAddress = address;
    }
    return new NotLeaderError(`node ${this.deps.nodeId} does not lead partition ${this.name}${leaderId ? `; node ${leaderId} does` : '; no leader is known yet'}`, { details });
  }

  /** Followers whose log trails the leader's by more than `lag` entries (leader only; 0 otherwise). */
  laggingFollowers(lag = 1000): number {
    if (!this.isLeader) return 0;
    const last = this.group.lastIndex;
    return this.group.followers().filter((f) => last - f.match > lag || !f.recentActive).length;
  }

  /**
   * Hands leadership to the most caught-up live voter (graceful shutdown);
   * resolves true once another node leads, false on timeout or, at once, when no voter's node is live.
   */
  async transferLeadership(timeoutMs: number): Promise<boolean> {
    if (!this.isLeader) return true;
    const target = bestTransferTarget(this.group, this.deps.nodeId);
    if (target === undefined) return false;
    this.group.transferLeadership(target);
    const deadline = Date.now() + timeoutMs;
    while (this.isLeader && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        const off = this.onChange(() => {
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    }
    return !this.isLeader;
  }

  // ---------------------------------------------------------------------------
  // writes (leader only), reads, maintenance: see the composed parts

  /** Appends one validated batch; see LeaderAppends.append. */
  append(batch: Uint8Array, header: RecordBatchHeader, options: AppendOptions): Promise<AppendResult> {
    return this.appends.append(batch, header, options);
  }

  /** Proposes a partition command (leader only); resolves once applied, with what applying it did. */
  async propose(cmd: PartitionCommand): Promise<ApplyOutcome | undefined> {
    this.ensureLeader();
    return (await this.group.propose(encodeCommandEntry(cmd))).result;
  }

  /** Calls `fn` for each visible committed batch with Raft index in [from, to], until it returns false (ReplicaReads.scanBatches). */
  scanBatches(from: number, to: number, fn: (e: Entry, batch: Buffer) => void | boolean): Promise<void> {
    return this.reads.scanBatches(from, to, fn);
  }

  /** Committed batches from `offset`; see ReplicaReads.read. */
  read(offset: number, maxBytes: number, strict = false): Promise<ReadResult> {
    return this.reads.read(offset, maxBytes, strict);
  }

  /** First offset whose record timestamp is >= ts, with that timestamp and its batch's leader epoch; undefined when none. */
  offsetForTimestamp(ts: number): Promise<{ offset: number; timestamp: number; leaderEpoch: number } | undefined> {
    return this.reads.offsetForTimestamp(ts);
  }

  /** Compacts this replica's log (cleanup.policy=compact); see ReplicaMaintenance.compact. */
  compact(now: number): Promise<{ rewritten: number; removed: number } | undefined> {
    return this.maintenance.compact(now);
  }

  /** Calls `listener` on the next change (new committed data, leadership, close); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    if (this.listeners.size === 0) return;
    const ls = [...this.listeners];
    this.listeners.clear();
    for (const l of ls) l();
  }

  /** Stops serving (the Raft group is removed by the manager); wakes waiters so they answer. */
  async close(options: { destroy?: boolean } = {}): Promise<void> {
    this.closed = true;
    this.appends.dropHeld();
    this.notify();
    await this.backfill.stop();
    await this.maintenance.idle();
    await this.deps.host.removeGroup(this.groupId, options.destroy ? { destroy: true } : {});
    if (options.destroy) await this.indexStore.destroy();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
