// The replicated state of one partition, pure: what applying the partition's
// Raft log in order yields on every replica. Log start, high watermark,
// idempotent-producer table, the entries that are invisible to consumers
// (deduplicated or rejected batches), the sparse offset index, and the
// manifest of the remote tier (docs/architecture.md §14.1). No I/O: the
// replica persists what this returns.
import { readBatchHeader } from '@eddy/protocol';
import { z } from 'zod';
import { batchOfEntry, commandOfEntry, type PartitionCommand } from './entry-codec.js';
import { remoteSegmentSchema, type RemoteSegment } from '../remote/remote-segment.js';
import { OffsetIndex, type IndexPoint } from './offset-index.js';
import { ProducerStateTable, nextSequence, type ProducerEntry } from './producer-state.js';

export type ApplyOutcome =
  | { kind: 'appended'; baseOffset: number; lastOffset: number; point: IndexPoint | undefined }
  | { kind: 'duplicate'; baseOffset: number; lastOffset: number }
  | { kind: 'rejected'; code: 'OUT_OF_ORDER_SEQUENCE' | 'INVALID_PRODUCER_EPOCH' | 'DUPLICATE_SEQUENCE' | 'UNAVAILABLE' | 'CORRUPT_RECORD'; message: string }
  | { kind: 'log-start-advanced'; offset: number; index: number; removedPoints: IndexPoint[] }
  | { kind: 'remote-segment-added'; segment: RemoteSegment }
  | { kind: 'remote-segments-deleted'; segments: RemoteSegment[] }
  | { kind: 'ignored'; reason?: string };

/** Where the remote tier ends: what the next segment must start with. */
interface RemoteEnd {
  /** Raft index the next segment starts at (0: nothing uploaded yet; it starts at the log start). */
  nextIndex: number;
  /** Offset after the last uploaded batch. */
  endOffset: number;
  /** bytesAppended after the last uploaded batch. */
  endBytes: number;
  /** Largest batch timestamp uploaded so far (-1: none). */
  maxTimestamp: number;
}

interface SnapshotShape {
  v: 1;
  appliedIndex: number;
  logStartOffset: number;
  logStartIndex: number;
  logStartBytesBefore: number;
  highWatermark: number;
  endOffset: number;
  lastBatchIndex: number;
  bytesAppended: number;
  maxTimestamp: number;
  producers: [string, ProducerEntry][];
  skipped: number[];
  remote?: { segments: RemoteSegment[]; end: RemoteEnd };
}

const int = z.number().int();
/** What toSnapshot writes; snapshot data from a peer is hostile until it parses as this. */
const snapshotSchema = z.object({
  v: z.literal(1),
  appliedIndex: int,
  logStartOffset: int,
  logStartIndex: int,
  logStartBytesBefore: int,
  highWatermark: int,
  endOffset: int,
  lastBatchIndex: int,
  bytesAppended: int,
  maxTimestamp: int,
  producers: z.array(z.tuple([z.string(), z.object({ epoch: int, batches: z.array(z.object({ firstSeq: int, lastSeq: int, baseOffset: int, lastOffset: int })) })])),
  skipped: z.array(int),
  remote: z.object({
    segments: z.array(remoteSegmentSchema),
    end: z.object({ nextIndex: int, endOffset: int, endBytes: int, maxTimestamp: int }),
  }).optional(),
});

export class PartitionState {
  /** Last Raft index applied (entries at or below it are skipped when delivered again). */
  appliedIndex = 0;
  logStartOffset = 0;
  /** Raft index of the first entry that may hold data of the log (1 for a new partition). */
  logStartIndex = 1;
  /** bytesAppended at the log start: the log's size is bytesAppended - logStartBytesBefore. */
  logStartBytesBefore = 0;
  /** Offset after the last visible applied batch: consumers read below it. */
  highWatermark = 0;
  /** Offset after the last batch entry applied, visible or not: offsets never go below it. */
  endOffset = 0;
  /** Raft index of the last visible batch. */
  lastBatchIndex = 0;
  /** Bytes of visible batches appended since the partition was created. */
  bytesAppended = 0;
  /** Largest batch max-timestamp applied (-1: none). */
  maxTimestamp = -1;
  producers = new ProducerStateTable();
  /** Raft indexes of batch entries consumers must not see (deduplicated or rejected at apply). */
  readonly skipped = new Set<number>();
  readonly index = new OffsetIndex();
  /** The remote tier's segments, in offset order, contiguous in Raft indexes (docs/architecture.md §14.1). */
  remoteSegments: RemoteSegment[] = [];
  remoteEnd: RemoteEnd = { nextIndex: 0, endOffset: 0, endBytes: 0, maxTimestamp: -1 };

  /** Bytes of the log held locally (from the local log start to the end). */
  get sizeBytes(): number {
    return this.bytesAppended - this.logStartBytesBefore;
  }

  /** The first offset readers can read: the remote tier's start when it reaches below the local log start. */
  get earliestOffset(): number {
    const first = this.remoteSegments[0];
    return first !== undefined && first.baseOffset < this.logStartOffset ? first.baseOffset : this.logStartOffset;
  }

  /** Bytes of the whole log, both tiers (what retention.bytes bounds). */
  get totalSizeBytes(): number {
    const first = this.remoteSegments[0];
    return this.bytesAppended - (first !== undefined ? Math.min(first.bytesBefore, this.logStartBytesBefore) : this.logStartBytesBefore);
  }

  /** Bytes in the remote tier. */
  get remoteSizeBytes(): number {
    return this.remoteBytes;
  }

  /** The sum of the segments' dataBytes, kept as they come and go (leaders report it every few hundred ms). */
  private remoteBytes = 0;

  /** Where the next segment starts: the Raft index, and the bytes before it. */
  get remoteNext(): { index: number; offset: number; bytesBefore: number } {
    const end = this.remoteEnd;
    if (end.nextIndex === 0 || end.nextIndex < this.logStartIndex) return { index: this.logStartIndex, offset: this.logStartOffset, bytesBefore: this.logStartBytesBefore };
    return { index: end.nextIndex, offset: end.endOffset, bytesBefore: end.endBytes };
  }

  /** The remote segment holding `offset`, or the first one after it; undefined when none. */
  remoteSegmentFor(offset: number): RemoteSegment | undefined {
    const segs = this.remoteSegments;
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (segs[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return segs[lo];
  }

  /** Applies one committed entry. Deterministic: every replica gets the same outcome. */
  apply(index: number, data: Uint8Array): ApplyOutcome {
    if (index <= this.appliedIndex) return { kind: 'ignored' };
    this.appliedIndex = index;
    const batch = batchOfEntry(data);
    if (batch) return this.applyBatch(index, batch);
    const cmd = commandOfEntry(data);
    if (cmd) return this.applyCommand(index, cmd);
    return { kind: 'ignored' };
  }

  private applyBatch(index: number, batch: Buffer): ApplyOutcome {
    let h;
    try {
      h = readBatchHeader(batch, { verifyCrc: false });
    } catch (err) {
      this.skipped.add(index);
      return { kind: 'rejected', code: 'CORRUPT_RECORD', message: (err as Error).message };
    }
    const base = Number(h.baseOffset);
    const last = Number(h.lastOffset);
    if (base < this.endOffset) {
      // Offsets assigned by a leader that lost its term: never let offsets go back.
      this.skipped.add(index);
      return { kind: 'rejected', code: 'UNAVAILABLE', message: `batch at offset ${base} arrived after offset ${this.endOffset - 1} (leadership changed); retry` };
    }
    this.endOffset = last + 1;
    if (h.producerId >= 0n) {
      const check = this.producers.check(h.producerId, h.producerEpoch, h.baseSequence, h.recordCount);
      if (check.kind === 'duplicate') {
        this.skipped.add(index);
        return check;
      }
      if (check.kind === 'error') {
        this.skipped.add(index);
        return { kind: 'rejected', code: check.code, message: check.message };
      }
      this.producers.record(h.producerId, h.producerEpoch, {
        firstSeq: h.baseSequence,
        lastSeq: nextSequence(h.baseSequence, Math.max(0, h.recordCount - 1)),
        baseOffset: base,
        lastOffset: last,
      });
    }
    const point = this.index.onBatch({ offset: base, index, bytesBefore: this.bytesAppended, maxTimestampBefore: this.maxTimestamp }, h.sizeInBytes);
    this.bytesAppended += h.sizeInBytes;
    const ts = Number(h.maxTimestamp);
    if (ts > this.maxTimestamp) this.maxTimestamp = ts;
    this.highWatermark = last + 1;
    this.lastBatchIndex = index;
    return { kind: 'appended', baseOffset: base, lastOffset: last, point };
  }

  private applyCommand(index: number, cmd: PartitionCommand): ApplyOutcome {
    if (cmd.type === 'add-remote-segment') return this.addRemoteSegment(index, cmd.segment);
    if (cmd.type === 'delete-remote-segments') return this.deleteRemoteSegments(cmd.beforeOffset);
    if (cmd.offset <= this.logStartOffset || cmd.offset > this.highWatermark || cmd.index <= this.logStartIndex) return { kind: 'ignored' };
    this.logStartOffset = cmd.offset;
    this.logStartIndex = cmd.index;
    this.logStartBytesBefore = Math.max(this.logStartBytesBefore, Math.min(cmd.bytesBefore, this.bytesAppended));
    for (const i of this.skipped) if (i < cmd.index) this.skipped.delete(i);
    const removedPoints = this.index.truncateBefore(cmd.offset);
    return { kind: 'log-start-advanced', offset: cmd.offset, index: cmd.index, removedPoints };
  }

  /**
   * A segment joins the manifest only where the remote tier ends (the next
   * Raft index, or anywhere from the log start for the first), over applied
   * batches: an upload of a range already remote (by a deposed leader) is
   * refused, and its object becomes an orphan for clean-up.
   */
  private addRemoteSegment(index: number, seg: RemoteSegment): ApplyOutcome {
    const next = this.remoteNext;
    const fresh = this.remoteEnd.nextIndex === 0 || this.remoteEnd.nextIndex < this.logStartIndex;
    if (fresh ? seg.baseIndex < next.index : seg.baseIndex !== next.index) return { kind: 'ignored', reason: `the remote tier continues at Raft index ${next.index}, not ${seg.baseIndex}` };
    if (seg.lastIndex >= index || seg.lastOffset >= this.highWatermark || seg.baseOffset < next.offset) return { kind: 'ignored', reason: 'the segment is not within the committed log' };
    this.remoteSegments.push(seg);
    this.remoteBytes += seg.dataBytes;
    this.remoteEnd = {
      nextIndex: seg.lastIndex + 1,
      endOffset: seg.lastOffset + 1,
      endBytes: seg.bytesBefore + seg.dataBytes,
      maxTimestamp: Math.max(this.remoteEnd.maxTimestamp, seg.maxTimestamp),
    };
    return { kind: 'remote-segment-added', segment: seg };
  }

  private deleteRemoteSegments(beforeOffset: number): ApplyOutcome {
    let n = 0;
    while (n < this.remoteSegments.length && this.remoteSegments[n]!.lastOffset < beforeOffset) n++;
    if (n === 0) return { kind: 'ignored' };
    const segments = this.remoteSegments.splice(0, n);
    for (const seg of segments) this.remoteBytes -= seg.dataBytes;
    return { kind: 'remote-segments-deleted', segments };
  }

  /** The state as snapshot data (the index is persisted separately). */
  toSnapshot(): Buffer {
    const s: SnapshotShape = {
      v: 1,
      appliedIndex: this.appliedIndex,
      logStartOffset: this.logStartOffset,
      logStartIndex: this.logStartIndex,
      logStartBytesBefore: this.logStartBytesBefore,
      highWatermark: this.highWatermark,
      endOffset: this.endOffset,
      lastBatchIndex: this.lastBatchIndex,
      bytesAppended: this.bytesAppended,
      maxTimestamp: this.maxTimestamp,
      producers: this.producers.toJSON(),
      skipped: [...this.skipped],
      ...(this.remoteEnd.nextIndex > 0 ? { remote: { segments: this.remoteSegments, end: this.remoteEnd } } : {}),
    };
    return Buffer.from(JSON.stringify(s), 'utf8');
  }

  /** Restores from snapshot data; empty data (a group that never snapshotted) leaves the initial state. */
  static fromSnapshot(data: Uint8Array): PartitionState {
    const st = new PartitionState();
    if (data.byteLength === 0) return st;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
    } catch (err) {
      throw new Error(`partition snapshot is not JSON: ${(err as Error).message}`, { cause: err });
    }
    const checked = snapshotSchema.safeParse(parsed);
    if (!checked.success) throw new Error(`partition snapshot does not hold a partition's state: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    const s: SnapshotShape = checked.data;
    st.appliedIndex = s.appliedIndex;
    st.logStartOffset = s.logStartOffset;
    st.logStartIndex = s.logStartIndex;
    st.logStartBytesBefore = s.logStartBytesBefore;
    st.highWatermark = s.highWatermark;
    st.endOffset = s.endOffset;
    st.lastBatchIndex = s.lastBatchIndex;
    st.bytesAppended = s.bytesAppended;
    st.maxTimestamp = s.maxTimestamp;
    st.producers = ProducerStateTable.fromJSON(s.producers);
    for (const i of s.skipped) st.skipped.add(i);
    if (s.remote) {
      st.remoteSegments = s.remote.segments;
      st.remoteEnd = s.remote.end;
      st.remoteBytes = s.remote.segments.reduce((sum, seg) => sum + seg.dataBytes, 0);
    }
    return st;
  }
}
