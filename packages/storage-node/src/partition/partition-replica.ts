// One partition replica: a Raft group on the node's RaftHost whose log is the
// partition log (docs/architecture.md §6). Owns offset assignment on the leader, the
// replicated PartitionState (applied on every replica), reads of committed
// batches (from the Raft cache, else LevelDB), wake-ups for long polls and
// subscriptions, the reorder window that puts an idempotent producer's
// pipelined batches back in sequence order before they are proposed, and the
// local maintenance that keeps the in-memory Raft cache bounded, deletes
// entries retention removed and compacts the log.
import {
  InvalidProducerEpochError,
  LeaderNotAvailableError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  decodeRecordBatch,
  errorFromCode,
  rewriteBatchHeader,
  type EddyError,
  type ErrorDetails,
  type Logger,
  type RecordBatchHeader,
} from '@eddy/protocol';
import { bestTransferTarget, type BatchOp, type Entry, type LevelRaftStore, type NodeId, type ProposeResult, type RaftGroup, type RaftHost, type Snapshot, type StateMachine } from '@eddy/raft';
import type { PartitionAssignment } from '../catalog/partition-catalog.js';
import { storedLastOffset, storedMaxTimestamp } from './batch-fields.js';
import { batchOfEntry, encodeBatchEntry, encodeCommandEntry, type PartitionCommand } from './entry-codec.js';
import { entryKey, entryValue } from './group-keyspace.js';
import { IndexStore } from './index-store.js';
import { compactBatch, noteLatest } from './log-compactor.js';
import type { IndexPoint } from './offset-index.js';
import { PartitionState, type ApplyOutcome } from './partition-state.js';
import { ReorderWindow, type ReorderLimits, type Released } from './reorder-window.js';

export const Acks = { all: 'all', leader: 'leader', none: 'none' } as const;
export type Acks = (typeof Acks)[keyof typeof Acks];

export interface AppendOptions {
  acks: Acks;
  /** Set the batch's LogAppendTime to this (topic config message.timestamp.type=LogAppendTime). */
  logAppendTime?: number | undefined;
  timeoutMs: number;
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
  duplicate: boolean;
  logStartOffset: number;
}

export interface ReadResult {
  /** Stored batches, whole, in log order; the first may start before the requested offset. */
  batches: Buffer[];
  bytes: number;
  /** Offset after the last batch returned, or the requested offset when none. */
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
}

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
  /** host:port of a node, for NOT_LEADER hints. */
  nodeAddress?: (nodeId: number) => string | undefined;
  /** Bounds of the idempotent-producer reorder window; default DEFAULT_REORDER_LIMITS. */
  reorderLimits?: ReorderLimits;
}

/** An idempotent append the reorder window holds: `run` proposes it (synchronously) when released. */
interface HeldAppend {
  run(ticket: number | undefined): Promise<AppendResult>;
  resolve(result: Promise<AppendResult>): void;
  reject(err: Error): void;
}

/** The Raft cache of a group is trimmed (snapshot) when it holds more entries than this. */
export const CACHE_TRIM_ENTRIES = 4096;
/**
 * ... or when this many bytes of entries were applied since the last trim: with
 * 1 MiB batches, 4,096 entries would keep 4 GiB of one partition in memory.
 */
export const CACHE_TRIM_BYTES = 64 * 1024 * 1024;
/** A follower further behind than this is not waited for when trimming (it will need a snapshot). */
export const MAX_FOLLOWER_LAG_KEPT = 50_000;
/** Delay before retrying a deletion held back by a follower. */
const MAINTENANCE_RETRY_MS = 200;

export function partitionGroupId(topicId: string, partition: number): string {
  return `p/${topicId}/${partition}`;
}

export class PartitionReplica implements StateMachine<ApplyOutcome> {
  readonly groupId: string;
  state = new PartitionState();
  private raftGroup: RaftGroup<ApplyOutcome> | undefined;
  private readonly indexStore: IndexStore;
  private leoTerm = -1;
  private nextOffset = 0;
  /** Index of the first entry of the term this node leads (its no-op): reads wait until it is applied. */
  private leaderTerm = -1;
  private leaderTermStart = Number.MAX_SAFE_INTEGER;
  private readonly listeners = new Set<() => void>();
  private pendingPoints: IndexPoint[] = [];
  private maintenance: Promise<void> = Promise.resolve();
  private maintenanceQueued = false;
  private deletedBefore = 0;
  private compactedAtHw = -1;
  /** Raft index below which this replica holds no data (after a snapshot from the leader). */
  private localDataStart = 0;
  /** Offsets below this are not held here (after a leader snapshot); reads of them fail loudly rather than skip. */
  private localDataStartOffset = 0;
  private closed = false;
  private opening = false;
  private restoredWhileOpening = false;
  /** Entry bytes applied since the Raft cache was last trimmed (an estimate of what it holds). */
  private appliedBytesSinceTrim = 0;
  /** Leader only: idempotent batches that arrived ahead of a sequence gap, and those proposed in order. */
  private readonly reorder: ReorderWindow<HeldAppend>;
  /** The term the reorder window's contents belong to. */
  private reorderTerm = -1;
  private reorderTimer: NodeJS.Timeout | undefined;
  private reorderTimerAt = Number.POSITIVE_INFINITY;
  private reorderReleaseQueued = false;

  private constructor(
    private readonly deps: ReplicaDeps,
    public assignment: PartitionAssignment,
  ) {
    this.groupId = partitionGroupId(assignment.topicId, assignment.partition);
    this.indexStore = new IndexStore(deps.store, this.groupId);
    this.reorder = new ReorderWindow(deps.reorderLimits);
  }

  /** Opens the replica: loads its index, then joins (or creates) its Raft group. */
  static async open(deps: ReplicaDeps, assignment: PartitionAssignment): Promise<PartitionReplica> {
    const r = new PartitionReplica(deps, assignment);
    const points = await r.indexStore.load();
    r.opening = true;
    let group: RaftGroup<ApplyOutcome>;
    try {
      // The preferred (first) replica campaigns when the partition is created or reopened; the others wait for it.
      group = await deps.host.addGroup({ groupId: r.groupId, voters: [...assignment.replicas], leader: assignment.replicas[0], stateMachine: r });
    } finally {
      r.opening = false;
    }
    // No pass has run yet (passes start on setImmediate): nothing was applied before this.
    r.raftGroup = group;
    // Hosts that do not hand the snapshot to restore() while opening: read it here.
    if (!r.restoredWhileOpening) r.state = PartitionState.fromSnapshot(group.storage.snapshot().data);
    r.state.index.load(points.filter((p) => p.offset >= r.state.logStartOffset));
    r.deletedBefore = 0;
    return r;
  }

  private get cacheTrimEntries(): number {
    return this.deps.cacheTrimEntries ?? CACHE_TRIM_ENTRIES;
  }

  /** The group's in-memory Raft cache should be trimmed (by entries, or by bytes applied since the last trim). */
  private cacheFull(g: RaftGroup<ApplyOutcome>): boolean {
    return g.storage.cachedEntries > this.cacheTrimEntries || this.appliedBytesSinceTrim > (this.deps.cacheTrimBytes ?? CACHE_TRIM_BYTES);
  }

  get group(): RaftGroup<ApplyOutcome> {
    if (!this.raftGroup) throw new UnavailableError(`partition ${this.name} is opening`);
    return this.raftGroup;
  }

  get name(): string {
    return `${this.assignment.topic}-${this.assignment.partition}`;
  }

  get isLeader(): boolean {
    return this.raftGroup?.isLeader ?? false;
  }

  get leaderId(): number {
    return this.raftGroup?.leaderId ?? 0;
  }

  /** Idempotent batches held by the reorder window (arrived ahead of a sequence gap). */
  get heldBatches(): number {
    return this.reorder.heldCount;
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
   */
  apply(entries: readonly Entry[]): ApplyOutcome[] {
    const hwBefore = this.state.highWatermark;
    const g = this.raftGroup;
    const outcomes: ApplyOutcome[] = [];
    for (const e of entries) {
      this.appliedBytesSinceTrim += e.data.byteLength;
      const out = this.state.apply(e.index, e.data);
      outcomes.push(out);
      switch (out.kind) {
        case 'appended':
          if (out.point) this.pendingPoints.push(out.point);
          break;
        case 'log-start-advanced':
          this.deps.logger.info({ partition: this.name, logStartOffset: out.offset }, 'log start advanced');
          this.scheduleMaintenance();
          break;
        case 'duplicate':
        case 'rejected':
        case 'ignored':
          break;
      }
    }
    if (this.pendingPoints.length > 0) {
      const points = this.pendingPoints;
      this.pendingPoints = [];
      this.indexStore.put(points).catch((err: unknown) => this.deps.logger.warn({ err, partition: this.name }, 'could not persist offset index points'));
    }
    if (g && this.cacheFull(g)) this.scheduleMaintenance();
    this.deps.onApplied?.(this);
    if (this.state.highWatermark !== hwBefore) this.notify();
    if (this.reorder.heldCount > 0 && !this.reorderReleaseQueued) {
      // Entries of an earlier term applied here may close a held batch's gap. Proposed
      // from a microtask: never from inside a Raft pass's apply.
      this.reorderReleaseQueued = true;
      queueMicrotask(() => {
        this.reorderReleaseQueued = false;
        this.releaseHeld();
      });
    }
    return outcomes;
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
    this.localDataStart = snapshot.metadata.index + 1;
    this.localDataStartOffset = this.state.highWatermark;
    this.deps.logger.warn({ partition: this.name, index: snapshot.metadata.index }, 'replica restored from a leader snapshot; older data is not held locally');
    this.notify();
  }

  onLeaderChange(leaderId: NodeId, term: number): void {
    if (leaderId === this.deps.nodeId && this.raftGroup) {
      this.leaderTerm = term;
      this.leaderTermStart = this.raftGroup.termStartIndex(term);
    }
    this.dropHeld();
    this.deps.onLeaderChange?.(this);
    this.notify();
  }

  // ---------------------------------------------------------------------------
  // leader: appends

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
      throw new LeaderNotAvailableError(`partition ${this.name}: the new leader is still catching up; retry shortly`);
    }
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

  /**
   * Appends one validated batch (its CRC was checked by the caller). The
   * leader assigns its base offset from its log end (uncommitted tail
   * included) and its leader epoch; the bytes are then stored verbatim.
   */
  async append(batch: Uint8Array, header: RecordBatchHeader, options: AppendOptions): Promise<AppendResult> {
    this.ensureLeader();
    if (header.producerId < 0n) return this.submit(batch, header, options, undefined);
    // Fast path for a retry of a batch already applied; anything in flight is settled at apply.
    const check = this.state.producers.check(header.producerId, header.producerEpoch, header.baseSequence, header.recordCount);
    if (check.kind === 'duplicate') return { baseOffset: check.baseOffset, lastOffset: check.lastOffset, duplicate: true, logStartOffset: this.state.logStartOffset };
    if (check.kind === 'error' && check.code === 'INVALID_PRODUCER_EPOCH') throw new InvalidProducerEpochError(check.message);
    // Pipelined calls of one producer can arrive out of order: a batch ahead of a
    // sequence gap waits (briefly) for the missing ones, so that it is proposed after them.
    if (this.reorderTerm !== this.group.term) {
      this.dropHeld();
      this.reorderTerm = this.group.term;
    }
    const producerId = header.producerId;
    let held: HeldAppend | undefined;
    const waiting = new Promise<AppendResult>((resolve, reject) => {
      held = { run: (ticket) => this.submit(batch, header, options, ticket === undefined ? undefined : { producerId, ticket }), resolve, reject };
    });
    const arrival = { producerId, epoch: header.producerEpoch, baseSeq: header.baseSequence, recordCount: header.recordCount, bytes: batch.byteLength };
    const admission = this.reorder.admit(arrival, held as HeldAppend, Date.now(), this.state.producers);
    if (admission.kind === 'hold') {
      this.armReorderTimer();
      return waiting;
    }
    const result = this.submit(batch, header, options, admission.ticket === undefined ? undefined : { producerId, ticket: admission.ticket });
    this.releaseHeld();
    return result;
  }

  /**
   * Assigns offsets and proposes the batch before its first await (so batches are
   * proposed, hence logged, in the order submit is called), then waits as `acks` asks.
   * `tracked`: the reorder window counted it as next in sequence; told when it settles.
   */
  private async submit(batch: Uint8Array, header: RecordBatchHeader, options: AppendOptions, tracked: { producerId: bigint; ticket: number } | undefined): Promise<AppendResult> {
    // acks=leader: the host says when the entry is fsynced in this node's log.
    let durable: (() => void) | undefined;
    const isDurable = options.acks === Acks.leader ? new Promise<void>((resolve) => (durable = resolve)) : undefined;
    let proposed: { proposal: Promise<ProposeResult<ApplyOutcome>>; baseOffset: number };
    try {
      proposed = this.proposeBatch(batch, header, options, durable);
    } catch (err) {
      // Nothing was proposed (no longer leader); no release from here, which may run inside a release.
      if (tracked) this.reorder.settled(tracked.producerId, tracked.ticket);
      throw err;
    }
    const { proposal, baseOffset } = proposed;
    if (tracked) {
      const settled = (): void => {
        this.reorder.settled(tracked.producerId, tracked.ticket);
        this.releaseHeld();
      };
      proposal.then(settled, settled);
    }
    const lastOffset = baseOffset + header.lastOffsetDelta;
    if (options.acks === Acks.none) {
      proposal.catch(() => undefined);
      return { baseOffset, lastOffset, duplicate: false, logStartOffset: this.state.logStartOffset };
    }
    const timeout = (): Error => new TimeoutError(`partition ${this.name}: batch not written within ${options.timeoutMs} ms; its fate is unknown (idempotent producers may retry safely)`);
    if (isDurable) {
      // Appended and fsynced here (or committed, whichever is first); a later loss of leadership may lose it.
      proposal.catch(() => undefined);
      await withTimeout(Promise.race([isDurable, proposal.then(() => undefined)]), options.timeoutMs, timeout);
      return { baseOffset, lastOffset, duplicate: false, logStartOffset: this.state.logStartOffset };
    }
    const { result: out } = await withTimeout(proposal, options.timeoutMs, timeout);
    if (out?.kind === 'duplicate') return { baseOffset: out.baseOffset, lastOffset: out.lastOffset, duplicate: true, logStartOffset: this.state.logStartOffset };
    if (out?.kind === 'rejected') throw rejectionError(out.code, out.message);
    return { baseOffset, lastOffset, duplicate: false, logStartOffset: this.state.logStartOffset };
  }

  /** Assigns the batch its offsets and leader epoch and proposes it, synchronously; `onDurable` as ProposeOptions. */
  private proposeBatch(
    batch: Uint8Array,
    header: RecordBatchHeader,
    options: AppendOptions,
    onDurable: (() => void) | undefined,
  ): { proposal: Promise<ProposeResult<ApplyOutcome>>; baseOffset: number } {
    this.ensureLeader();
    const g = this.group;
    const entry = encodeBatchEntry(batch);
    const baseOffset = this.assignOffsets(header.lastOffsetDelta + 1);
    rewriteBatchHeader(entry.subarray(1), {
      baseOffset: BigInt(baseOffset),
      partitionLeaderEpoch: g.term,
      ...(options.logAppendTime !== undefined ? { logAppendTime: options.logAppendTime } : {}),
    });
    return { proposal: g.propose(entry, onDurable ? { onDurable } : undefined), baseOffset };
  }

  /** Proposes the held batches the reorder window now lets go, in its order. */
  private releaseHeld(): void {
    if (this.reorder.heldCount === 0) return;
    this.proposeReleased(this.reorder.release(this.state.producers));
    this.armReorderTimer();
  }

  private proposeReleased(released: readonly Released<HeldAppend>[]): void {
    for (const r of released) {
      if (r.expired) this.deps.logger.debug({ partition: this.name }, 'held batch still ahead of a sequence gap at its deadline; proposed for apply to refuse');
      r.payload.resolve(r.payload.run(r.ticket));
    }
  }

  /** One timer for the earliest held deadline; expired batches are proposed (apply answers OUT_OF_ORDER_SEQUENCE). */
  private armReorderTimer(): void {
    const next = this.reorder.nextDeadline();
    if (next === undefined) {
      this.disarmReorderTimer();
      return;
    }
    if (this.reorderTimer && this.reorderTimerAt <= next) return;
    clearTimeout(this.reorderTimer);
    this.reorderTimerAt = next;
    this.reorderTimer = setTimeout(
      () => {
        this.disarmReorderTimer();
        this.proposeReleased(this.reorder.expire(Date.now(), this.state.producers));
        this.armReorderTimer();
      },
      Math.max(0, next - Date.now()),
    );
    this.reorderTimer.unref();
  }

  private disarmReorderTimer(): void {
    clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.reorderTimerAt = Number.POSITIVE_INFINITY;
  }

  /** Leadership changed or the replica closes: held batches are answered with the retriable error a lost proposal gets. */
  private dropHeld(): void {
    const held = this.reorder.clear();
    this.disarmReorderTimer();
    for (const h of held) h.reject(this.closed ? new UnavailableError(`partition ${this.name} is closing on this node`) : this.notLeader());
  }

  /** Offsets for a new batch; on a new term, recomputed from the log tail (committed or not). */
  private assignOffsets(count: number): number {
    const g = this.group;
    if (this.leoTerm !== g.term) {
      this.leoTerm = g.term;
      this.nextOffset = this.tailEndOffset();
    }
    const base = this.nextOffset;
    this.nextOffset += count;
    return base;
  }

  private tailEndOffset(): number {
    let end = Math.max(this.state.endOffset, this.state.logStartOffset);
    for (const e of this.group.tailEntries(this.state.appliedIndex + 1)) {
      const b = batchOfEntry(e.data);
      if (b) end = Math.max(end, storedLastOffset(b) + 1);
    }
    return end;
  }

  /** Proposes a partition command (leader only); resolves once applied. */
  async propose(cmd: PartitionCommand): Promise<void> {
    this.ensureLeader();
    await this.group.propose(encodeCommandEntry(cmd));
  }

  // ---------------------------------------------------------------------------
  // reads (committed data only)

  /**
   * Committed batches holding offsets >= `offset`, up to `maxBytes` (at least
   * one batch unless `strict`, which never exceeds `maxBytes`: subscriptions).
   */
  async read(offset: number, maxBytes: number, strict = false): Promise<ReadResult> {
    const st = this.state;
    const hw = st.highWatermark;
    const end = st.appliedIndex;
    const out: Buffer[] = [];
    let bytes = 0;
    let nextOffset = offset;
    this.checkHeldLocally(offset);
    if (offset < hw) {
      let from = Math.max(st.index.floor(offset)?.index ?? st.logStartIndex, st.logStartIndex, this.localDataStart);
      let done = false;
      while (!done && from <= end) {
        const ents = await this.entries(from, end + 1, Math.max(maxBytes - bytes, 64 * 1024));
        if (ents.length === 0) break;
        for (const e of ents) {
          from = e.index + 1;
          if (st.skipped.has(e.index)) continue;
          const b = batchOfEntry(e.data);
          if (!b) continue;
          const last = storedLastOffset(b);
          if (last < offset) continue;
          if ((strict || out.length > 0) && bytes + b.length > maxBytes) {
            done = true;
            break;
          }
          out.push(b);
          bytes += b.length;
          nextOffset = last + 1;
          if (bytes >= maxBytes) {
            done = true;
            break;
          }
        }
      }
    }
    return { batches: out, bytes, nextOffset, highWatermark: hw, logStartOffset: st.logStartOffset };
  }

  /** First offset whose record timestamp is >= ts, with that timestamp and its batch's leader epoch; undefined when none. */
  async offsetForTimestamp(ts: number): Promise<{ offset: number; timestamp: number; leaderEpoch: number } | undefined> {
    const st = this.state;
    if (ts > st.maxTimestamp) return undefined;
    this.checkHeldLocally(st.logStartOffset);
    const end = st.appliedIndex;
    let from = Math.max(st.index.floorByTimestamp(ts)?.index ?? st.logStartIndex, st.logStartIndex, this.localDataStart);
    while (from <= end) {
      const ents = await this.entries(from, end + 1, 1024 * 1024);
      if (ents.length === 0) return undefined;
      for (const e of ents) {
        from = e.index + 1;
        if (st.skipped.has(e.index)) continue;
        const b = batchOfEntry(e.data);
        if (!b || storedMaxTimestamp(b) < ts || storedLastOffset(b) < st.logStartOffset) continue;
        const decoded = decodeRecordBatch(b);
        for (const r of decoded.records) {
          if (Number(r.offset) < st.logStartOffset) continue;
          if (Number(r.timestamp) >= ts) return { offset: Number(r.offset), timestamp: Number(r.timestamp), leaderEpoch: decoded.partitionLeaderEpoch };
        }
      }
    }
    return undefined;
  }

  private checkHeldLocally(offset: number): void {
    if (offset < this.localDataStartOffset && offset >= this.state.logStartOffset) {
      throw new UnavailableError(
        `partition ${this.name}: this replica was rebuilt from a leader snapshot and holds no data below offset ${this.localDataStartOffset}; read from another replica`,
      );
    }
  }

  /** Entries [lo, hi) from the Raft cache when it has them, else from LevelDB. */
  private async entries(lo: number, hi: number, maxBytes: number): Promise<Entry[]> {
    const s = this.group.storage;
    if (lo >= s.cacheFirstIndex && lo <= s.lastIndex()) {
      const cached = s.entries(lo, Math.min(hi, s.lastIndex() + 1), maxBytes);
      if (cached) return cached;
    }
    return this.deps.store.readEntries(this.groupId, lo, hi, maxBytes);
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
  // local maintenance: bounded Raft cache, deletion of removed entries

  private scheduleMaintenance(): void {
    if (this.maintenanceQueued || this.closed) return;
    this.maintenanceQueued = true;
    void this.exclusive(() => {
      this.maintenanceQueued = false;
      return this.maintain();
    }).catch((err: unknown) => this.deps.logger.warn({ err, partition: this.name }, 'partition maintenance failed'));
  }

  /** Runs local disk work one job at a time (snapshots, deletions, compaction). */
  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.maintenance.then(job);
    this.maintenance = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Snapshots the group as far as allowed, so older entries leave the Raft cache; returns the snapshot index. */
  private async snapshot(force: boolean): Promise<number> {
    const g = this.group;
    // At the applied index, but never past what a live follower still needs from the leader's log.
    let target = this.state.appliedIndex;
    const last = g.lastIndex;
    for (const f of g.followers()) if (last - f.match <= MAX_FOLLOWER_LAG_KEPT) target = Math.min(target, f.match);
    const snapIndex = g.storage.snapshotIndex;
    const needDelete = this.state.logStartIndex > Math.max(this.deletedBefore, snapIndex + 1);
    if ((force || needDelete || this.cacheFull(g)) && target > snapIndex) {
      this.appliedBytesSinceTrim = 0;
      await this.deps.host.compact(this.groupId, target, this.state.toSnapshot());
    }
    return g.storage.snapshotIndex;
  }

  private async maintain(): Promise<void> {
    if (this.closed || !this.raftGroup) return;
    const snapIndex = await this.snapshot(false);
    const deleteBefore = Math.min(this.state.logStartIndex, snapIndex + 1);
    if (deleteBefore > this.deletedBefore) {
      await this.deps.store.deleteEntriesBefore(this.groupId, deleteBefore);
      await this.indexStore.deleteBefore(this.state.logStartOffset);
      this.deletedBefore = deleteBefore;
    }
    if (this.deletedBefore < this.state.logStartIndex && !this.closed) {
      // A follower still needs entries the log start has passed (leader side): try again shortly.
      setTimeout(() => this.scheduleMaintenance(), MAINTENANCE_RETRY_MS).unref?.();
    }
  }

  /**
   * Compacts this replica's log (cleanup.policy=compact): keeps the latest
   * record per key, drops tombstones older than delete.retention.ms. Local to
   * each replica, as Kafka's log cleaner: only entries below the group's
   * snapshot are rewritten, which Raft never reads or sends again.
   */
  async compact(now: number): Promise<{ rewritten: number; removed: number } | undefined> {
    const config = this.assignment.config;
    if (this.closed || !config['cleanup.policy'].includes('compact')) return undefined;
    const hw = this.state.highWatermark;
    if (hw === this.compactedAtHw) return undefined;
    return this.exclusive(async () => {
      const snapIndex = await this.snapshot(true);
      const st = this.state;
      const end = st.appliedIndex;
      const latest = new Map<string, number>();
      await this.scanBatches(st.logStartIndex, end, (_e, b) => noteLatest(b, latest));
      const rules = { latest, tombstonesBefore: now - config['delete.retention.ms'], notBefore: now - config['min.compaction.lag.ms'] };
      const ops: BatchOp[] = [];
      let rewritten = 0;
      let touchedUpTo = 0;
      let removed = 0;
      await this.scanBatches(st.logStartIndex, Math.min(snapIndex, end), (e, b) => {
        const out = compactBatch(b, rules);
        if (out === undefined) return;
        touchedUpTo = e.index;
        if (out === null) {
          removed++;
          ops.push({ type: 'del', key: entryKey(this.groupId, e.index) });
        } else {
          rewritten++;
          ops.push({ type: 'put', key: entryKey(this.groupId, e.index), value: entryValue(e.term, encodeBatchEntry(out)) });
        }
      });
      // Raft must no longer send what this pass rewrites or removes to a follower as appends.
      if (touchedUpTo > 0) this.group.storage.retireEntriesBefore(touchedUpTo + 1, ops);
      await this.deps.store.write(ops);
      this.compactedAtHw = hw;
      if (ops.length > 0) this.deps.logger.info({ partition: this.name, rewritten, removed }, 'log compacted');
      return { rewritten, removed };
    });
  }

  /** Calls `fn` for each visible committed batch with Raft index in [from, to]. */
  private async scanBatches(from: number, to: number, fn: (e: Entry, batch: Buffer) => void): Promise<void> {
    let next = from;
    while (next <= to) {
      const ents = await this.entries(next, to + 1, 1024 * 1024);
      if (ents.length === 0) return;
      for (const e of ents) {
        next = e.index + 1;
        if (this.state.skipped.has(e.index)) continue;
        const b = batchOfEntry(e.data);
        if (b) fn(e, b);
      }
    }
  }

  /** Stops serving (the Raft group is removed by the manager); wakes waiters so they answer. */
  async close(options: { destroy?: boolean } = {}): Promise<void> {
    this.closed = true;
    this.dropHeld();
    this.notify();
    await this.maintenance;
    await this.deps.host.removeGroup(this.groupId, options.destroy ? { destroy: true } : {});
    if (options.destroy) await this.indexStore.destroy();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** The typed error (from the error table) for a batch the state machine refused at apply. */
function rejectionError(code: Extract<ApplyOutcome, { kind: 'rejected' }>['code'], message: string): EddyError {
  return errorFromCode(code, message);
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  if (!(ms > 0)) return p;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e as Error);
      },
    );
  });
}
