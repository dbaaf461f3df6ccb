// Reads from the remote tier (docs/architecture.md §14.1, §12): fetches and
// offsets by timestamp for offsets whose batches live in remote segments
// (segment-format.ts) rather than in the local log. Answers follow the local
// reads' rules (partition/replica-reads.ts): whole batches, the first may start
// before the requested offset, `strict` never exceeds maxBytes, otherwise at
// least one batch. Object bytes come through the chunk cache (read-cache.ts);
// every batch served is checked against its own CRC-32C, since the store is
// outside the node's integrity checks (§8.1).
import { BATCH_HEADER_SIZE, CorruptRecordError, EddyError, UnavailableError, decodeRecordBatch, verifyBatchCrc } from '@eddy/protocol';
import { ReadCache } from './read-cache.js';
import type { RemoteSegment } from './remote-segment.js';
import { decodeSegmentIndex, pointForOffset, pointForTimestamp, type SegmentIndexPoint } from './segment-format.js';
import { RemoteObjectNotFoundError, type RemoteStore } from './store/remote-store.js';

export interface RemoteReadsOptions {
  /** Bytes of segment data the cache holds, at most (default 64 MiB). */
  cacheBytes?: number;
  /** Bytes per cached chunk, and per store GET of data (default 1 MiB). */
  chunkBytes?: number;
  /** Chunks loaded ahead of a read (default 2). */
  readAheadChunks?: number;
  /** Each successful store GET: bytes received and seconds taken (metrics). */
  onFetch?: (bytes: number, seconds: number) => void;
  /** A store GET failed ('get'); a missing object (deleted by retention meanwhile) is not counted. */
  onError?: (op: string) => void;
}

/** Batches of one remote segment, as local reads answer. */
export interface RemoteReadResult {
  /** Stored batches, whole, in log order; the first may start before the requested offset. Do not modify: they may be views of cached bytes. */
  batches: Buffer[];
  bytes: number;
  /** Offset after the last batch returned, or the requested offset when none. */
  nextOffset: number;
}

/** The first record at or after a timestamp: its offset, timestamp and its batch's leader epoch. */
export interface RemoteTimestampResult {
  offset: number;
  timestamp: number;
  leaderEpoch: number;
}

/** A batch's framing, read from its header before its body is fetched. */
interface BatchFrame {
  position: number;
  size: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

// Header fields (Kafka RecordBatch v2) read to frame a batch before fetching it whole.
const BATCH_LENGTH_AT = 8;
const LAST_OFFSET_DELTA_AT = 23;
const MAX_TIMESTAMP_AT = 35;
const LENGTH_FIELD_END = 12;

export class RemoteReads {
  private readonly cache: ReadCache;

  constructor(
    private readonly store: RemoteStore,
    private readonly options: RemoteReadsOptions = {},
  ) {
    this.cache = new ReadCache((key, start, end) => this.get(key, start, end), {
      ...(options.cacheBytes !== undefined ? { capacityBytes: options.cacheBytes } : {}),
      ...(options.chunkBytes !== undefined ? { chunkBytes: options.chunkBytes } : {}),
      ...(options.readAheadChunks !== undefined ? { readAheadChunks: options.readAheadChunks } : {}),
    });
  }

  /** Bytes of segment data cached now (never above cacheBytes). */
  get cachedBytes(): number {
    return this.cache.cachedBytes;
  }

  /** Drops what is cached of a segment object (deleted from the store). */
  forget(key: string): void {
    this.cache.forget(key);
  }

  /**
   * Batches of `seg` holding offsets >= `offset`, starting with the batch that
   * holds it (or the first after it), up to `maxBytes` (at least one batch
   * unless `strict`, which never exceeds `maxBytes`). Only this segment's
   * batches: the caller moves on to the next segment or the local log.
   */
  async read(seg: RemoteSegment, offset: number, maxBytes: number, strict: boolean): Promise<RemoteReadResult> {
    const batches: Buffer[] = [];
    let bytes = 0;
    let nextOffset = offset;
    if (offset > seg.lastOffset) return { batches, bytes, nextOffset };
    const start = pointForOffset(await this.index(seg), Math.max(offset, seg.baseOffset));
    await this.scan(seg, start, async (frame) => {
      if (frame.lastOffset < offset) return true;
      if ((strict || batches.length > 0) && bytes + frame.size > maxBytes) return false;
      batches.push(await this.batch(seg, frame));
      bytes += frame.size;
      nextOffset = frame.lastOffset + 1;
      return bytes < maxBytes;
    });
    return { batches, bytes, nextOffset };
  }

  /** The first record of `seg` with timestamp >= ts and offset >= minOffset; undefined when none. */
  async offsetForTimestamp(seg: RemoteSegment, ts: number, minOffset: number): Promise<RemoteTimestampResult | undefined> {
    if (ts > seg.maxTimestamp || minOffset > seg.lastOffset) return undefined;
    const points = await this.index(seg);
    const byTime = pointForTimestamp(points, ts);
    const byOffset = pointForOffset(points, minOffset);
    let found: RemoteTimestampResult | undefined;
    await this.scan(seg, byTime.position >= byOffset.position ? byTime : byOffset, async (frame) => {
      if (frame.maxTimestamp < ts || frame.lastOffset < minOffset) return true;
      const batch = await this.batch(seg, frame);
      let decoded;
      try {
        decoded = decodeRecordBatch(batch);
      } catch (err) {
        throw this.damaged(seg, `the batch at offset ${frame.baseOffset} (byte ${frame.position}) does not decode (${messageOf(err)})`, err);
      }
      for (const r of decoded.records) {
        const o = Number(r.offset);
        const t = Number(r.timestamp);
        if (o >= minOffset && t >= ts) {
          found = { offset: o, timestamp: t, leaderEpoch: decoded.partitionLeaderEpoch };
          return false;
        }
      }
      return true;
    });
    return found;
  }

  /**
   * Frames the batches of `seg` from index point `from` on and calls `visit`
   * for each, until it returns false or the data part ends. Framing is
   * checked against the manifest entry: batches sit inside the data part,
   * their offsets increase and stay within the segment's.
   */
  private async scan(seg: RemoteSegment, from: SegmentIndexPoint, visit: (frame: BatchFrame) => Promise<boolean>): Promise<void> {
    let position = from.position;
    let prevLast = -1;
    while (position < seg.dataBytes) {
      const frame = await this.frame(seg, position);
      const expectedBase = position === from.position ? from.baseOffset : undefined;
      if (
        frame.baseOffset < seg.baseOffset ||
        frame.lastOffset > seg.lastOffset ||
        frame.lastOffset < frame.baseOffset ||
        frame.baseOffset <= prevLast ||
        (expectedBase !== undefined && frame.baseOffset !== expectedBase)
      ) {
        throw this.damaged(seg, `the batch at byte ${position} claims offsets ${frame.baseOffset}..${frame.lastOffset}, which do not fit the segment's ${seg.baseOffset}..${seg.lastOffset} in order`);
      }
      if (!(await visit(frame))) return;
      prevLast = frame.lastOffset;
      position += frame.size;
    }
  }

  /** The header of the batch at `position`, bound-checked against the data part. */
  private async frame(seg: RemoteSegment, position: number): Promise<BatchFrame> {
    if (position + BATCH_HEADER_SIZE > seg.dataBytes) {
      throw this.damaged(seg, `${seg.dataBytes - position} bytes are left at byte ${position}, too few for a batch header`);
    }
    const head = await this.cache.read(seg.key, position, position + BATCH_HEADER_SIZE, seg.dataBytes);
    const size = head.readInt32BE(BATCH_LENGTH_AT) + LENGTH_FIELD_END;
    if (size < BATCH_HEADER_SIZE || position + size > seg.dataBytes) {
      throw this.damaged(seg, `the batch at byte ${position} declares ${size} bytes, which does not fit the ${seg.dataBytes}-byte data part`);
    }
    const baseOffset = Number(head.readBigInt64BE(0));
    return {
      position,
      size,
      baseOffset,
      lastOffset: baseOffset + head.readInt32BE(LAST_OFFSET_DELTA_AT),
      maxTimestamp: Number(head.readBigInt64BE(MAX_TIMESTAMP_AT)),
    };
  }

  /** The whole batch `frame` describes, its CRC-32C checked. */
  private async batch(seg: RemoteSegment, frame: BatchFrame): Promise<Buffer> {
    const batch = await this.cache.read(seg.key, frame.position, frame.position + frame.size, seg.dataBytes);
    let ok: boolean;
    try {
      ok = verifyBatchCrc(batch);
    } catch (err) {
      throw this.damaged(seg, `the batch at offset ${frame.baseOffset} (byte ${frame.position}) is malformed (${messageOf(err)})`, err);
    }
    if (!ok) throw this.damaged(seg, `the batch at offset ${frame.baseOffset} (byte ${frame.position}) failed its CRC-32C check`);
    return batch;
  }

  /** The segment's decoded index, from the cache or the object's index part. */
  private index(seg: RemoteSegment): Promise<readonly SegmentIndexPoint[]> {
    return this.cache.index(seg.key, async () => {
      // An entry without an index part is read from its first batch.
      if (seg.indexBytes === 0) return [{ baseOffset: seg.baseOffset, position: 0, maxTimestampBefore: -1 }];
      const buf = await this.get(seg.key, seg.dataBytes, seg.dataBytes + seg.indexBytes);
      let points: SegmentIndexPoint[];
      try {
        points = decodeSegmentIndex(buf, seg.indexCrc);
      } catch (err) {
        throw this.damaged(seg, `its index part failed its checks (${messageOf(err)})`, err);
      }
      const last = points[points.length - 1]!;
      if (points[0]!.baseOffset !== seg.baseOffset || last.position >= seg.dataBytes || last.baseOffset > seg.lastOffset) {
        throw this.damaged(seg, `its index part does not match the manifest entry (offsets ${seg.baseOffset}..${seg.lastOffset}, ${seg.dataBytes} data bytes)`);
      }
      return points;
    });
  }

  /** One store GET of exactly [start, end): timed, failures made into errors a client can act on. */
  private async get(key: string, start: number, end: number): Promise<Buffer> {
    const began = performance.now();
    let buf: Buffer;
    try {
      buf = await this.store.get(key, start, end);
    } catch (err) {
      if (err instanceof RemoteObjectNotFoundError) {
        throw new UnavailableError(
          `remote segment ${key} is no longer in ${this.store.description}: retention deleted it while it was being read; fetch again (from the partition's current log start if the offset is now below it)`,
          { cause: err },
        );
      }
      this.options.onError?.('get');
      if (err instanceof EddyError) throw err;
      throw new UnavailableError(`reading remote segment ${key} from ${this.store.description} failed (${messageOf(err)}); retry shortly`, { cause: err });
    }
    this.options.onFetch?.(buf.length, (performance.now() - began) / 1000);
    if (buf.length !== end - start) {
      throw new CorruptRecordError(
        `remote segment ${key} in ${this.store.description} is damaged: it holds ${start + buf.length} bytes where its manifest entry needs ${end}; the remote copy cannot be served (retrying will not help) until an operator restores it, and consumers can skip it by seeking past it`,
      );
    }
    return buf;
  }

  private damaged(seg: RemoteSegment, what: string, cause?: unknown): CorruptRecordError {
    return new CorruptRecordError(
      `remote segment ${seg.key} (offsets ${seg.baseOffset}..${seg.lastOffset}) in ${this.store.description} is damaged: ${what}; the remote copy cannot be served (retrying will not help) until an operator restores it, and consumers can skip it by seeking past offset ${seg.lastOffset}`,
      cause === undefined ? {} : { cause },
    );
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
