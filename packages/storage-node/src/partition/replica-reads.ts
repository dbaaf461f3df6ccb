// Reads of a partition replica's committed batches: fetches, subscriptions,
// offsets by timestamp and the compactor's scans. Only applied (hence
// committed) entries are read, from the group's in-memory Raft cache when it
// still holds them, else from LevelDB. Entries apply marked invisible
// (deduplicated or rejected batches) are skipped. Offsets below the local log
// start of a tiered topic are read from the remote tier (docs/architecture.md §14.1).
import { UnavailableError, decodeRecordBatch } from '@eddy/protocol';
import { StorageCorruptionError, type Entry, type LevelRaftStore, type RaftGroup } from '@eddy/raft';
import { storedBaseOffset, storedLastOffset, storedMaxTimestamp } from './batch-fields.js';
import { batchOfEntry } from './entry-codec.js';
import type { RemoteSegment } from '../remote/remote-segment.js';
import type { ApplyOutcome, PartitionState } from './partition-state.js';

/** Reads of remote segments (remote/remote-reads.ts), shared by every replica of the node. */
export interface RemoteSegmentReads {
  read(seg: RemoteSegment, offset: number, maxBytes: number, strict: boolean): Promise<{ batches: Buffer[]; bytes: number; nextOffset: number }>;
  offsetForTimestamp(seg: RemoteSegment, ts: number, minOffset: number): Promise<{ offset: number; timestamp: number; leaderEpoch: number } | undefined>;
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

/** What reads see of their replica (PartitionReplica). */
export interface ReadableReplica {
  readonly name: string;
  readonly groupId: string;
  /** The partition's Raft group (the replica is open). */
  readonly group: RaftGroup<ApplyOutcome>;
  /** The applied state; replaced when a snapshot is restored, so read it each time. */
  readonly state: PartitionState;
  /** A stored entry failed its checks: repair it from the peers (PartitionReplica.repairDamaged). */
  repairDamaged(index: number, reason: string): Promise<void>;
}

export class ReplicaReads {
  /** Raft index below which this replica holds no data (after a snapshot from the leader). */
  private localDataStart = 0;
  /** Offsets below this are not held here (after a leader snapshot); reads of them fail loudly rather than skip. */
  private localDataStartOffset = 0;

  constructor(
    private readonly replica: ReadableReplica,
    private readonly store: LevelRaftStore,
    private readonly remote?: RemoteSegmentReads,
  ) {}

  /** A snapshot from the leader replaced the log up to `index`: offsets below `offset` are not held here. */
  restoredFromLeader(index: number, offset: number): void {
    this.localDataStart = index + 1;
    this.localDataStartOffset = offset;
  }

  /** The backfill (replica-backfill.ts) copied everything below the leader snapshot: every offset is held again. */
  backfilled(): void {
    this.localDataStart = 0;
    this.localDataStartOffset = 0;
  }

  /** Raft index below which this replica lacks entries (0: it holds its whole log). */
  get heldFromIndex(): number {
    return this.localDataStart;
  }

  /** Offset below which this replica lacks data (0: it holds its whole log). */
  get heldFromOffset(): number {
    return this.localDataStartOffset;
  }

  /**
   * Committed batches holding offsets >= `offset`, up to `maxBytes` (at least
   * one batch unless `strict`, which never exceeds `maxBytes`: subscriptions).
   */
  async read(offset: number, maxBytes: number, strict = false): Promise<ReadResult> {
    for (let triedRemote = false; ; ) {
      const st = this.replica.state;
      const remote = this.remoteSegmentHolding(offset);
      if (remote && this.remote) {
        triedRemote = true;
        const r = await this.remote.read(remote, Math.max(offset, remote.baseOffset), maxBytes, strict);
        if (r.batches.length > 0 || strict) return { ...r, nextOffset: r.batches.length > 0 ? r.nextOffset : offset, highWatermark: st.highWatermark, logStartOffset: st.earliestOffset };
      }
      const local = await this.readLocal(st, offset, maxBytes, strict);
      // Local retention moved the local log start past `offset` while the entries were read, so
      // the read may have passed over deleted ones: the remote tier still holds them, read there.
      if (triedRemote || this.remoteSegmentHolding(offset) === undefined) return local;
    }
  }

  /** The remote segment to read `offset` from: it is below the local log start and the remote tier holds it. */
  private remoteSegmentHolding(offset: number): RemoteSegment | undefined {
    const st = this.replica.state;
    if (!this.remote || offset >= st.logStartOffset) return undefined;
    const seg = st.remoteSegmentFor(offset);
    return seg !== undefined && seg.baseOffset < st.logStartOffset ? seg : undefined;
  }

  private async readLocal(st: PartitionState, offset: number, maxBytes: number, strict: boolean): Promise<ReadResult> {
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
    return { batches: out, bytes, nextOffset, highWatermark: hw, logStartOffset: st.earliestOffset };
  }

  /** First offset whose record timestamp is >= ts, with that timestamp and its batch's leader epoch; undefined when none. */
  async offsetForTimestamp(ts: number): Promise<{ offset: number; timestamp: number; leaderEpoch: number } | undefined> {
    const st = this.replica.state;
    if (ts > st.maxTimestamp) return undefined;
    if (this.remote && st.remoteSegments.length > 0 && ts <= st.remoteEnd.maxTimestamp) {
      // The remote tier holds the older records: the first segment that reaches ts, then on.
      const earliest = st.earliestOffset;
      for (const seg of [...st.remoteSegments]) {
        if (seg.maxTimestamp < ts || seg.baseOffset >= st.logStartOffset) continue;
        const found = await this.remote.offsetForTimestamp(seg, ts, earliest);
        if (found) return found;
      }
    }
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

  /** Calls `fn` for each visible committed batch with Raft index in [from, to], until it returns false. */
  async scanBatches(from: number, to: number, fn: (e: Entry, batch: Buffer) => void | boolean): Promise<void> {
    let next = from;
    while (next <= to) {
      const ents = await this.entries(next, to + 1, 1024 * 1024);
      if (ents.length === 0) return;
      for (const e of ents) {
        next = e.index + 1;
        if (this.replica.state.skipped.has(e.index)) continue;
        const b = batchOfEntry(e.data);
        if (b && fn(e, b) === false) return;
      }
    }
  }

  /**
   * After a restart: the group's storage says a snapshot from the leader was
   * installed at `index`, and nothing since has filled what was below it.
   * Offsets below the first batch held after it are not here.
   */
  async heldAfterPeerSnapshot(index: number): Promise<void> {
    let offset = this.replica.state.highWatermark;
    await this.scanBatches(index + 1, this.replica.state.appliedIndex, (_e, batch) => {
      offset = storedBaseOffset(batch);
      return false;
    });
    this.restoredFromLeader(index, offset);
  }

  private checkHeldLocally(offset: number): void {
    if (offset < this.localDataStartOffset && offset >= this.replica.state.logStartOffset) {
      throw new UnavailableError(
        `partition ${this.replica.name}: this replica was rebuilt from a leader snapshot and holds no data below offset ${this.localDataStartOffset} until it has copied it from a peer; retry shortly, or read from another replica`,
      );
    }
  }

  /** Entries [lo, hi) from the Raft cache when it has them, else from LevelDB. */
  private async entries(lo: number, hi: number, maxBytes: number): Promise<Entry[]> {
    const s = this.replica.group.storage;
    if (lo >= s.cacheFirstIndex && lo <= s.lastIndex()) {
      const cached = s.entries(lo, Math.min(hi, s.lastIndex() + 1), maxBytes);
      if (cached) return cached;
    }
    try {
      return await this.store.readEntries(this.replica.groupId, lo, hi, maxBytes);
    } catch (err) {
      if (!(err instanceof StorageCorruptionError)) throw err;
      // Never served: the replica repairs it from its peers; readers go elsewhere or retry.
      const index = err.index ?? lo;
      void this.replica.repairDamaged(index, err.message);
      throw new UnavailableError(
        `partition ${this.replica.name}: the data stored on this node at Raft index ${index} failed its checksum and is being repaired from the other replicas; retry shortly`,
      );
    }
  }
}
