// Shared fixtures of the remote segment tests: real stored batches (the
// protocol package's encoder, base offset and leader epoch filled as a
// partition leader does), the reference answers local reads would give, and
// an in-memory RemoteStore (a test double of the store only) plus a wrapper
// that counts and can fail GETs of any real store.
import { decodeRecordBatch, encodeRecordBatch, type RecordInput } from '@eddy/protocol';
import { storedLastOffset } from '../../src/partition/batch-fields.js';
import type { RemoteSegment } from '../../src/remote/remote-segment.js';
import { buildSegment } from '../../src/remote/segment-format.js';
import { RemoteObjectNotFoundError, type RemoteObjectInfo, type RemoteStore } from '../../src/remote/store/remote-store.js';

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BatchSpec {
  /** Records in the batch. */
  records: number;
  /** Bytes of each record's value. */
  valueBytes: number;
  /** Offsets skipped before the batch (as compaction leaves). */
  gap?: number;
  /** Each record's timestamp; default increasing from 1000. */
  timestamps?: number[];
}

/** Stored batches for `specs`, starting at `firstOffset`. */
export function makeBatches(specs: readonly BatchSpec[], firstOffset = 0, epoch = 3): Buffer[] {
  const rand = prng(specs.length * 7919 + firstOffset);
  let offset = firstOffset;
  let ts = 1000;
  return specs.map((s) => {
    offset += s.gap ?? 0;
    const records: RecordInput[] = [];
    for (let i = 0; i < s.records; i++) {
      const value = Buffer.alloc(s.valueBytes);
      for (let j = 0; j < value.length; j++) value[j] = Math.floor(rand() * 256);
      records.push({ key: Buffer.from(`k${offset + i}`), value, timestamp: s.timestamps?.[i] ?? ts++ });
    }
    const batch = encodeRecordBatch({ records, baseOffset: BigInt(offset), partitionLeaderEpoch: epoch });
    offset += s.records;
    return batch;
  });
}

/** A varied segment: small, medium and one large batch (over 40 KiB), gaps, non-monotonic timestamps; about 300 KiB. */
export function variedSpecs(): BatchSpec[] {
  const rand = prng(42);
  const specs: BatchSpec[] = [];
  for (let i = 0; i < 60; i++) {
    const records = 1 + Math.floor(rand() * 8);
    const valueBytes = i === 17 ? 6000 : i % 5 === 0 ? 1500 : 40 + Math.floor(rand() * 400);
    const timestamps = i % 7 === 3 ? Array.from({ length: records }, () => 500 + Math.floor(rand() * 5000)) : undefined;
    specs.push({ records: i === 17 ? 8 : records, valueBytes, gap: i % 11 === 5 ? 3 : 0, ...(timestamps ? { timestamps } : {}) });
  }
  return specs;
}

/** Stores `batches` as one segment object at `key` and returns its manifest entry. */
export async function storeSegment(store: RemoteStore, key: string, batches: readonly Buffer[]): Promise<RemoteSegment> {
  const built = buildSegment(batches);
  await store.put(key, built.body);
  return {
    key,
    baseOffset: built.baseOffset,
    lastOffset: built.lastOffset,
    baseIndex: 1,
    lastIndex: batches.length,
    bytesBefore: 0,
    dataBytes: built.dataBytes,
    indexBytes: built.indexBytes,
    indexCrc: built.indexCrc,
    maxTimestamp: built.maxTimestamp,
    term: 1,
  };
}

/** What a local read answers for the same request over `batches` (the reference). */
export function expectedRead(batches: readonly Buffer[], offset: number, maxBytes: number, strict: boolean): { batches: Buffer[]; bytes: number; nextOffset: number } {
  const out: Buffer[] = [];
  let bytes = 0;
  let nextOffset = offset;
  for (const b of batches) {
    if (storedLastOffset(b) < offset) continue;
    if ((strict || out.length > 0) && bytes + b.length > maxBytes) break;
    out.push(b);
    bytes += b.length;
    nextOffset = storedLastOffset(b) + 1;
    if (bytes >= maxBytes) break;
  }
  return { batches: out, bytes, nextOffset };
}

/** The first record with timestamp >= ts and offset >= minOffset, by decoding every batch (the reference). */
export function expectedOffsetForTimestamp(batches: readonly Buffer[], ts: number, minOffset: number): { offset: number; timestamp: number; leaderEpoch: number } | undefined {
  for (const b of batches) {
    const d = decodeRecordBatch(b);
    for (const r of d.records) {
      if (Number(r.offset) >= minOffset && Number(r.timestamp) >= ts) return { offset: Number(r.offset), timestamp: Number(r.timestamp), leaderEpoch: d.partitionLeaderEpoch };
    }
  }
  return undefined;
}

/** Every offset of every record in `batches`. */
export function recordOffsets(batches: readonly Buffer[]): number[] {
  const out: number[] = [];
  for (const b of batches) for (const r of decodeRecordBatch(b).records) out.push(Number(r.offset));
  return out;
}

/** An in-memory RemoteStore: the store's contract, nothing more (a test double of the store only). */
export class MemoryStore implements RemoteStore {
  readonly description = 'memory store (test)';
  readonly objects = new Map<string, Buffer>();

  put(key: string, body: Buffer): Promise<void> {
    this.objects.set(key, Buffer.from(body));
    return Promise.resolve();
  }

  get(key: string, start: number, end: number): Promise<Buffer> {
    const o = this.objects.get(key);
    if (!o) return Promise.reject(new RemoteObjectNotFoundError(`get ${key}: not in the memory store`, key));
    return Promise.resolve(Buffer.from(o.subarray(start, Math.min(end, o.length))));
  }

  delete(key: string): Promise<void> {
    this.objects.delete(key);
    return Promise.resolve();
  }

  async *list(prefix: string): AsyncIterable<RemoteObjectInfo> {
    for (const [key, body] of this.objects) if (key.startsWith(prefix)) yield { key, size: body.length, lastModifiedMs: 0 };
    await Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Wraps a real store: records every GET, can fail chosen ones, and waits for those in flight. */
export class CountingStore implements RemoteStore {
  readonly gets: { key: string; start: number; end: number }[] = [];
  /** Return an Error to fail this GET instead of passing it on. */
  failGet: ((key: string, start: number, end: number) => Error | undefined) | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(readonly inner: RemoteStore) {}

  get description(): string {
    return this.inner.description;
  }

  put(key: string, body: Buffer): Promise<void> {
    return this.inner.put(key, body);
  }

  get(key: string, start: number, end: number): Promise<Buffer> {
    this.gets.push({ key, start, end });
    const failure = this.failGet?.(key, start, end);
    const p = failure ? Promise.reject(failure) : this.inner.get(key, start, end);
    const tracked = p.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    tracked.catch(() => undefined);
    return tracked;
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  list(prefix: string): AsyncIterable<RemoteObjectInfo> {
    return this.inner.list(prefix);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Resolves once no GET is in flight (background read-ahead included). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    // Let the cache's handlers of the last GETs run.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
