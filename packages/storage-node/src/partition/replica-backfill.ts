// The backfill of a partition replica rebuilt from a leader snapshot
// (docs/architecture.md §6). The Raft log is the partition log, so a replica
// that installed a leader snapshot holds no data between the partition's log
// start and that snapshot. This part copies that range from a peer, through
// the transport's log reads (RaftService.ReadLog), and stores it as Raft
// would have: the entries under their own keys, plus the offset-index points
// applying them would have made. Until the whole range is here, reads below
// the snapshot stay UNAVAILABLE (ReplicaReads).
//
// Both sides live here:
//   - ReplicaBackfill, in each replica: starts when the replica opens with a
//     peer snapshot not yet filled below, and when it installs one while
//     running; copies from the leader (or, failing that, the other voters in
//     turn), in order, verifying every span before writing it: contiguous
//     indexes, terms that never fall and never pass the snapshot's (the entry
//     at the snapshot index has its term), and the CRC-32C of every visible
//     record batch.
//   - PartitionLogSource, on the serving node: the committed entries of a
//     replica hosted here, from LevelDB, never past what it applied, refused
//     below its log start or where it lacks entries itself.
//
// Progress is durable and resumable: each span is written in one batch with
// the backfill's record (app key 'b': the snapshot index being filled below,
// its term, the next index to copy, and the running sums the offset index
// needs), so a restart continues from the record instead of the log start.
// The record saying the range is filled is what lets a reopened replica
// serve below its peer snapshot. The group's own marker (`'p'`,
// GroupStorage.peerSnapshotIndex) is left to the Raft storage: it writes a
// newer one in the batch of a newer snapshot, and a delete of ours could land
// after that write (concurrent LevelDB batches are not ordered), which would
// forget the newer gap. A replica lacks data iff its marker is above the
// index its record says is filled.
import { crc32c, RateLimitedWarning, readBatchHeader, type Logger } from '@eddy/protocol';
import { EntryType, LogReadError, LogReadRefusal, type BatchOp, type LevelRaftStore, type LogChunk, type LogReadRequest, type LogSource, type NodeId, type RaftGroup, type Transport } from '@eddy/raft';
import { batchOfEntry } from './entry-codec.js';
import { appPrefix, entryKey, entryValue } from './group-keyspace.js';
import type { IndexStore } from './index-store.js';
import { OffsetIndex, type IndexPoint } from './offset-index.js';
import type { ApplyOutcome, PartitionState } from './partition-state.js';
import type { ReplicaReads } from './replica-reads.js';

/** App key kind of the backfill record ('b'). */
const BACKFILL_KIND = 0x62;
/** Entry bytes asked per span. */
export const BACKFILL_CHUNK_BYTES = 1024 * 1024;
/** Waits between failed attempts: doubling from the first to the last. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/** The durable record of a replica's backfill (JSON under app key 'b'). */
interface BackfillRecord {
  v: 1;
  /** Index of the peer snapshot whose gap below is being filled. */
  target: number;
  /** Term of the entry at `target`, when known. */
  term: number | null;
  /** Entries from the log start up to `next` - 1 are stored. */
  next: number;
  /** The partition's bytesAppended before entry `next` (the offset index's running sums)... */
  bytesBefore: number;
  /** ... and the largest batch timestamp seen from where the copy started. */
  maxTimestampBefore: number;
  /** Everything below `target` is stored. */
  filled: boolean;
}

/** What other parts (metrics, replica moves) learn of a replica's copy of its log. */
export interface BackfillStatus {
  /** The replica holds every entry from the partition's log start (no backfill pending). */
  complete: boolean;
  /** Estimated bytes of record batches still to copy (0 when complete). */
  bytesMissing: number;
}

/** What the backfill sees of its replica (PartitionReplica). */
export interface BackfillReplica {
  readonly name: string;
  readonly groupId: string;
  readonly group: RaftGroup<ApplyOutcome>;
  /** The applied state; replaced when a snapshot is restored, so read it each time. */
  readonly state: PartitionState;
  readonly isClosed: boolean;
}

export interface BackfillDeps {
  self: NodeId;
  store: LevelRaftStore;
  indexStore: IndexStore;
  reads: ReplicaReads;
  logger: Logger;
  /** The node's transport: its log reads reach the peers. */
  transport: Pick<Transport, 'readLog'>;
  /** Bytes of entries copied and stored (metrics). */
  onCopied?: ((bytes: number) => void) | undefined;
  /** Entry bytes asked per span; default BACKFILL_CHUNK_BYTES. */
  chunkBytes?: number | undefined;
  /** The range below the target is complete here. */
  onComplete?: (() => void) | undefined;
}

interface Target {
  index: number;
  term: number | undefined;
}

/** A peer answered with something no correct replica holds: ask another one. */
class BadSpanError extends Error {
  override readonly name = 'BadSpanError';
}

export class ReplicaBackfill {
  private target: Target | undefined;
  private looping = false;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Ends a pause between attempts early (a new target, or stop). */
  private wake: (() => void) | undefined;
  /** Which of the candidate peers to ask next (moves on after a failure). */
  private cursor = 0;
  /** Running sum of the copy and the sum it ends at (estimates for bytesMissing). */
  private bytesCopiedTo: number | undefined;
  private bytesTarget: number | undefined;
  private readonly warn: RateLimitedWarning;
  private readonly recordKey: Buffer;

  constructor(
    private readonly replica: BackfillReplica,
    private readonly deps: BackfillDeps,
  ) {
    this.warn = new RateLimitedWarning(deps.logger, 10_000);
    this.recordKey = appPrefix(replica.groupId, BACKFILL_KIND);
  }

  /**
   * At open: the group's storage says a snapshot from a peer was installed at
   * `peerSnapshot` (0: never). Unless the record says the range below it is
   * filled, reads below it are held and the copy starts.
   */
  async opened(peerSnapshot: number): Promise<void> {
    if (peerSnapshot === 0) return;
    const record = await this.load();
    if (record?.filled && record.target >= peerSnapshot) return;
    // Retention passed the snapshot: nothing below it is part of the log any more.
    if (peerSnapshot < this.replica.state.logStartIndex) return;
    await this.deps.reads.heldAfterPeerSnapshot(peerSnapshot);
    const storage = this.replica.group.storage;
    const snap = storage.snapshot().metadata;
    const term = snap.index === peerSnapshot ? snap.term : record?.target === peerSnapshot && record.term !== null ? record.term : undefined;
    this.start({ index: peerSnapshot, term });
  }

  /** A leader snapshot at `index` of `term` was installed while running (reads below it are held already). */
  restored(index: number, term: number): void {
    this.start({ index, term });
  }

  /**
   * Entries at or below the snapshot at `index` (of `term`) were found
   * damaged: the range below it is copied again from a peer, as after a leader
   * snapshot. `ops` (the storage's floor and gap marker) are written with the
   * record that restarts the copy, so a restart resumes it.
   */
  async recopy(index: number, term: number, ops: BatchOp[]): Promise<void> {
    const st = this.replica.state;
    ops.push(this.recordOp({ v: 1, target: index, term, next: st.logStartIndex, bytesBefore: st.logStartBytesBefore, maxTimestampBefore: -1, filled: false }));
    await this.deps.store.write(ops);
    await this.deps.reads.heldAfterPeerSnapshot(index);
    this.start({ index, term });
  }

  /** Whether this replica holds its whole log, and how much it still copies. */
  status(): BackfillStatus {
    if (this.deps.reads.heldFromIndex === 0) return { complete: true, bytesMissing: 0 };
    const st = this.replica.state;
    const target = this.bytesTarget ?? this.estimateTargetBytes(st);
    return { complete: false, bytesMissing: Math.max(0, target - (this.bytesCopiedTo ?? st.logStartBytesBefore)) };
  }

  /** Stops copying (the replica closes); progress so far stays on disk. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private start(target: Target): void {
    if (this.stopped) return;
    this.target = target;
    this.bytesCopiedTo = undefined;
    this.bytesTarget = undefined;
    this.wake?.();
    if (this.looping) return;
    this.looping = true;
    this.running = this.run();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped && this.target !== undefined) {
      const t: Target = this.target;
      try {
        const done = await this.copy(t);
        failures = 0;
        if (done && this.target === t) this.target = undefined;
      } catch (err) {
        if (this.stopped) break;
        failures++;
        // A peer below our log start answers truly: wait for our own log start to move up, same peer.
        if (!(err instanceof LogReadError && err.reason === LogReadRefusal.BelowLogStart)) this.cursor++;
        this.warn.warn({ err, partition: this.replica.name, target: t.index, failures }, 'backfill: copying the log below the leader snapshot failed; retrying');
        await this.pause(Math.min(RETRY_FIRST_MS * 2 ** (failures - 1), RETRY_MAX_MS));
      }
    }
    // In the same synchronous step as the loop's last check: a start() after this begins a new loop.
    this.looping = false;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wake = done;
    });
  }

  /** One attempt at filling below `t`; true once filled, false when superseded. Throws on failure. */
  private async copy(t: Target): Promise<boolean> {
    const replica = this.replica;
    const record = await this.load();
    if (this.superseded(t)) return false;
    let st = replica.state;
    const term = t.term ?? (record?.target === t.index && record.term !== null ? record.term : undefined);
    const logStart = st.logStartIndex;
    let next: number;
    let bytesBefore: number;
    let maxTimestampBefore: number;
    if (record && !record.filled && record.next >= logStart && record.next <= t.index + 1) {
      ({ next, bytesBefore, maxTimestampBefore } = record);
    } else {
      next = logStart;
      bytesBefore = st.logStartBytesBefore;
      maxTimestampBefore = -1;
    }
    this.bytesCopiedTo = bytesBefore;
    this.bytesTarget = this.estimateTargetBytes(st);
    if (next > t.index) {
      // Nothing left below the snapshot (retention passed it, or a crash came after the last span).
      await this.deps.store.write([this.recordOp({ v: 1, target: t.index, term: term ?? null, next, bytesBefore, maxTimestampBefore, filled: true })]);
      return this.filled(t);
    }
    const peer = this.pickPeer();
    if (peer === undefined) throw new Error('no other replica of the partition is known yet to copy from');
    const readLog = this.deps.transport.readLog?.bind(this.deps.transport);
    if (!readLog) throw new Error("this node's transport cannot read logs from peers");
    if (record?.target !== t.index || (term !== undefined && record.term !== term)) {
      // Recorded first, so the snapshot's term survives a crash even before the first span.
      await this.deps.store.write([this.recordOp({ v: 1, target: t.index, term: term ?? null, next, bytesBefore, maxTimestampBefore, filled: false })]);
    }
    const request: LogReadRequest = { group: replica.groupId, from: next, to: t.index, maxBytes: this.deps.chunkBytes ?? BACKFILL_CHUNK_BYTES };
    this.deps.logger.info({ partition: replica.name, peer, from: next, to: t.index }, 'backfill: copying the log below the leader snapshot');
    const index = new OffsetIndex();
    let lastTerm = 0;
    let lastOffset = -1;
    const heldOffset = this.deps.reads.heldFromOffset || Number.MAX_SAFE_INTEGER;
    for await (const chunk of readLog(peer, request)) {
      if (this.superseded(t)) return false;
      st = replica.state;
      const bad = (what: string): never => {
        throw new BadSpanError(`node ${peer} sent ${what}; asking another replica`);
      };
      if (chunk.first !== next) bad(`a span from ${chunk.first} where ${next} was next`);
      const ops: BatchOp[] = [];
      const points: IndexPoint[] = [];
      let bytes = 0;
      for (const e of chunk.entries) {
        if (e.term < lastTerm) bad(`entry ${e.index} of term ${e.term} after one of term ${lastTerm}`);
        if (term !== undefined && (e.term > term || (e.index === t.index && e.term !== term))) {
          bad(`entry ${e.index} of term ${e.term}, but the snapshot at ${t.index} is of term ${term}`);
        }
        lastTerm = e.term;
        bytes += e.data.byteLength;
        const batch = e.type === EntryType.Normal ? batchOfEntry(e.data) : undefined;
        // Invisible batches (refused at apply) are stored as they are: nobody reads them.
        if (batch && !st.skipped.has(e.index)) {
          let h;
          try {
            h = readBatchHeader(batch); // checks sizes, magic and the CRC-32C
          } catch (err) {
            return bad(`entry ${e.index} whose record batch is damaged (${(err as Error).message})`);
          }
          const base = Number(h.baseOffset);
          const last = Number(h.lastOffset);
          if (base <= lastOffset || last >= heldOffset) bad(`entry ${e.index} with offsets ${base} to ${last}, not between ${lastOffset} and ${heldOffset}`);
          lastOffset = last;
          const point = index.onBatch({ offset: base, index: e.index, bytesBefore, maxTimestampBefore }, h.sizeInBytes);
          if (point && point.offset >= st.logStartOffset) points.push(point);
          bytesBefore += h.sizeInBytes;
          maxTimestampBefore = Math.max(maxTimestampBefore, Number(h.maxTimestamp));
        }
        // Below a log start that moved meanwhile, entries are verified for the sums but not kept.
        if (e.index >= st.logStartIndex) ops.push({ type: 'put', key: entryKey(replica.groupId, e.index), value: entryValue(e.index, e.term, e.data, e.type === EntryType.ConfChange) });
      }
      next = chunk.last + 1;
      const filled = next > t.index;
      ops.push(...this.deps.indexStore.putOps(points));
      ops.push(this.recordOp({ v: 1, target: t.index, term: term ?? null, next, bytesBefore, maxTimestampBefore, filled }));
      await this.deps.store.write(ops);
      this.deps.onCopied?.(bytes);
      this.bytesCopiedTo = bytesBefore;
      if (filled) return this.filled(t);
    }
    throw new Error(`node ${peer} ended the copy at ${next - 1}, before ${t.index}`);
  }

  /** The range below `t` is stored: reads below the snapshot are served, from offset-index points that include the copied ones. */
  private async filled(t: Target): Promise<boolean> {
    const onDisk = await this.deps.indexStore.load();
    if (this.superseded(t)) return false;
    const st = this.replica.state;
    const byOffset = new Map<number, IndexPoint>();
    for (const p of onDisk) if (p.offset >= st.logStartOffset) byOffset.set(p.offset, p);
    // Points applied meanwhile may not be on disk yet (they are written without waiting).
    for (const p of st.index.all) byOffset.set(p.offset, p);
    st.index.load([...byOffset.values()]);
    this.deps.reads.backfilled();
    this.bytesCopiedTo = undefined;
    this.bytesTarget = undefined;
    this.deps.onComplete?.();
    this.deps.logger.info({ partition: this.replica.name, index: t.index }, 'backfill: the log below the leader snapshot is complete here');
    return true;
  }

  private superseded(t: Target): boolean {
    return this.stopped || this.target !== t || this.replica.isClosed;
  }

  /** The leader first, then the other voters in turn (the cursor moves on after a failure). */
  private pickPeer(): NodeId | undefined {
    const g = this.replica.group;
    const candidates: NodeId[] = [];
    if (g.leaderId !== 0 && g.leaderId !== this.deps.self) candidates.push(g.leaderId);
    for (const v of g.confState.voters) if (v !== this.deps.self && !candidates.includes(v)) candidates.push(v);
    return candidates.length === 0 ? undefined : candidates[this.cursor % candidates.length];
  }

  /** bytesAppended where the held range ends: the first point at or after it, else the end of the log. */
  private estimateTargetBytes(st: PartitionState): number {
    const held = this.deps.reads.heldFromOffset;
    for (const p of st.index.all) if (p.offset >= held) return p.bytesBefore;
    return st.bytesAppended;
  }

  private recordOp(r: BackfillRecord): BatchOp {
    const json = JSON.stringify(r);
    return { type: 'put', key: this.recordKey, value: Buffer.from(JSON.stringify({ ...r, crc: crc32c(Buffer.from(json)) }), 'utf8') };
  }

  /** The record on disk; one that does not parse is ignored (the copy restarts from the log start). */
  private async load(): Promise<BackfillRecord | undefined> {
    const [value] = await this.deps.store.db.getMany([this.recordKey]);
    if (value === undefined) return undefined;
    try {
      const { crc, ...r } = JSON.parse(value.toString('utf8')) as Partial<BackfillRecord> & { crc?: number };
      const int = (v: unknown): v is number => Number.isSafeInteger(v);
      // Records from before checksums have none; a record with one must match it (a flipped digit stays valid JSON).
      const checked = crc === undefined || crc32c(Buffer.from(JSON.stringify(r))) === crc;
      if (checked && r.v === 1 && int(r.target) && int(r.next) && int(r.bytesBefore) && int(r.maxTimestampBefore) && (r.term === null || int(r.term)) && typeof r.filled === 'boolean') return r as BackfillRecord;
    } catch {
      // fall through
    }
    this.deps.logger.warn({ partition: this.replica.name }, 'backfill: ignoring an unreadable backfill record; copying from the log start');
    return undefined;
  }
}

/** What the log source sees of a replica hosted here (PartitionReplica). */
export interface ServedReplica {
  readonly groupId: string;
  readonly isOpen: boolean;
  readonly isClosed: boolean;
  readonly group: RaftGroup<ApplyOutcome>;
  readonly state: PartitionState;
  /** Raft index below which the replica lacks entries itself (0: none). */
  readonly heldFromIndex: number;
}

/**
 * Serves log reads (RaftService.ReadLog) from the partition replicas hosted
 * here: committed entries from LevelDB, never past what the replica applied
 * and wrote, never below its log start, never from a range it lacks itself.
 */
export class PartitionLogSource implements LogSource {
  constructor(
    private readonly replicas: () => Iterable<ServedReplica>,
    private readonly store: LevelRaftStore,
    private readonly self: NodeId,
  ) {}

  async *read(req: LogReadRequest): AsyncGenerator<LogChunk> {
    const r = this.find(req.group);
    let next = req.from;
    // Checked again after every read: retention or a new leader snapshot may remove entries meanwhile.
    const check = (): void => {
      if (r.isClosed) throw new LogReadError(LogReadRefusal.UnknownGroup, `node ${this.self} is closing its replica of group ${req.group}`);
      const held = r.heldFromIndex;
      if (held > next) throw new LogReadError(LogReadRefusal.Unavailable, `node ${this.self} lacks entries of group ${req.group} below ${held} itself (it is copying them from a peer); ask another replica`);
      const start = r.state.logStartIndex;
      if (next < start) throw new LogReadError(LogReadRefusal.BelowLogStart, `group ${req.group} starts at index ${start} on node ${this.self} (retention removed what is below); read from ${start}`, start);
    };
    check();
    const durable = Math.min(r.state.appliedIndex, r.group.storage.lastIndex());
    if (req.to > durable) throw new LogReadError(LogReadRefusal.Unavailable, `node ${this.self} has applied group ${req.group} up to index ${durable}, below ${req.to}; retry once it caught up, or ask the leader`);
    while (next <= req.to) {
      const entries = await this.store.readEntries(req.group, next, req.to + 1, req.maxBytes);
      check();
      const last = entries.length > 0 ? (entries[entries.length - 1] as (typeof entries)[number]).index : req.to;
      // A missing entry is one compaction removed, which it does only below the group's snapshot.
      const snap = r.group.storage.snapshotIndex;
      let prev = next - 1;
      for (const e of entries) {
        if (e.index !== prev + 1 && e.index - 1 > snap) throw new LogReadError(LogReadRefusal.Unavailable, `node ${this.self} is missing entries ${prev + 1} to ${e.index - 1} of group ${req.group}; ask another replica`);
        prev = e.index;
      }
      if (entries.length === 0 && last > snap) throw new LogReadError(LogReadRefusal.Unavailable, `node ${this.self} is missing entries ${next} to ${last} of group ${req.group}; ask another replica`);
      yield { first: next, last, entries };
      next = last + 1;
    }
  }

  private find(group: string): ServedReplica {
    for (const r of this.replicas()) if (r.groupId === group && r.isOpen && !r.isClosed) return r;
    throw new LogReadError(LogReadRefusal.UnknownGroup, `node ${this.self} hosts no replica of group ${group}; ask another replica`);
  }
}
