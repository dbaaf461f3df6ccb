// The remote tier's read cache (docs/architecture.md §14.1): fixed-size chunks
// of segment objects' data parts in a bounded LRU, so a consumer reading a
// segment batch by batch costs one object-store GET per chunk, not per batch.
// Concurrent reads of one chunk share one load; after a chunk is read, the
// next few are loaded in the background (read-ahead) so a sequential scan
// finds them cached. Decoded segment indexes are cached too, by count.
import type { SegmentIndexPoint } from './segment-format.js';

/** Loads bytes [start, end) of object `key` (the cache asks only for whole chunks, clipped to the data end). */
export type ChunkLoader = (key: string, start: number, end: number) => Promise<Buffer>;

export interface ReadCacheOptions {
  /** Total bytes of cached chunks, at most (default 64 MiB; 0 caches nothing). */
  capacityBytes?: number;
  /** Bytes per chunk (default 1 MiB). */
  chunkBytes?: number;
  /** Chunks loaded ahead of the last one read (default 2; 0 turns read-ahead off). */
  readAheadChunks?: number;
  /** Decoded segment indexes kept, at most (default 256). */
  indexEntries?: number;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
export const DEFAULT_READ_AHEAD_CHUNKS = 2;
export const DEFAULT_INDEX_ENTRIES = 256;
/** Smallest chunk size accepted: below it GET overheads dominate. */
export const MIN_CHUNK_BYTES = 1024;

interface Loading {
  promise: Promise<Buffer>;
  /** Started by read-ahead: a foreground reader joining it retries on failure. */
  background: boolean;
}

export class ReadCache {
  readonly chunkBytes: number;
  private readonly capacityBytes: number;
  private readonly readAheadChunks: number;
  private readonly indexEntries: number;
  /** Cached chunks, least recently used first (a Map keeps insertion order). */
  private readonly chunks = new Map<string, Buffer>();
  private readonly loading = new Map<string, Loading>();
  private bytes = 0;
  private readonly indexes = new Map<string, readonly SegmentIndexPoint[]>();
  private readonly indexLoads = new Map<string, Promise<readonly SegmentIndexPoint[]>>();

  constructor(
    private readonly load: ChunkLoader,
    options: ReadCacheOptions = {},
  ) {
    this.capacityBytes = checkedOption('cacheBytes', options.capacityBytes, DEFAULT_CACHE_BYTES, 0);
    this.chunkBytes = checkedOption('chunkBytes', options.chunkBytes, DEFAULT_CHUNK_BYTES, MIN_CHUNK_BYTES);
    this.readAheadChunks = checkedOption('readAheadChunks', options.readAheadChunks, DEFAULT_READ_AHEAD_CHUNKS, 0);
    this.indexEntries = checkedOption('indexEntries', options.indexEntries, DEFAULT_INDEX_ENTRIES, 0);
  }

  /** Bytes of chunks held now (never above the capacity). */
  get cachedBytes(): number {
    return this.bytes;
  }

  /**
   * Bytes [start, end) of object `key`, whose data part ends at `dataEnd`
   * (chunks never reach past it). A range inside one chunk is a zero-copy
   * view of the cached chunk: callers must not modify it. Then reads ahead.
   */
  async read(key: string, start: number, end: number, dataEnd: number): Promise<Buffer> {
    if (!(start >= 0 && start <= end && end <= dataEnd)) {
      throw new RangeError(`read of bytes [${start}, ${end}) of ${key} is outside its data part [0, ${dataEnd})`);
    }
    if (start === end) return Buffer.alloc(0);
    const first = Math.floor(start / this.chunkBytes);
    const last = Math.floor((end - 1) / this.chunkBytes);
    const parts: Promise<Buffer>[] = [];
    for (let n = first; n <= last; n++) parts.push(this.chunk(key, n, dataEnd));
    const loaded = await Promise.all(parts);
    this.readAhead(key, last, dataEnd);
    const from = start - first * this.chunkBytes;
    const joined = loaded.length === 1 ? loaded[0]! : Buffer.concat(loaded);
    return joined.subarray(from, from + (end - start));
  }

  /** The decoded index of object `key`, loading it with `loadIndex` once when not cached. */
  async index(key: string, loadIndex: () => Promise<readonly SegmentIndexPoint[]>): Promise<readonly SegmentIndexPoint[]> {
    const hit = this.indexes.get(key);
    if (hit) {
      this.indexes.delete(key);
      this.indexes.set(key, hit);
      return hit;
    }
    const pending = this.indexLoads.get(key);
    if (pending) return pending;
    const promise = loadIndex()
      .then((points) => {
        if (this.indexEntries > 0) {
          this.indexes.set(key, points);
          while (this.indexes.size > this.indexEntries) this.indexes.delete(this.indexes.keys().next().value!);
        }
        return points;
      })
      .finally(() => this.indexLoads.delete(key));
    this.indexLoads.set(key, promise);
    return promise;
  }

  /** Drops everything cached of object `key` (it was deleted from the store). */
  forget(key: string): void {
    this.indexes.delete(key);
    const suffix = `:${key}`;
    for (const [id, buf] of this.chunks) {
      if (id.endsWith(suffix) && /^\d+$/.test(id.slice(0, id.length - suffix.length))) {
        this.chunks.delete(id);
        this.bytes -= buf.length;
      }
    }
  }

  /** Chunk `n` of object `key`: cached, being loaded, or loaded now. */
  private async chunk(key: string, n: number, dataEnd: number): Promise<Buffer> {
    const id = chunkId(key, n);
    const hit = this.chunks.get(id);
    if (hit) {
      this.chunks.delete(id);
      this.chunks.set(id, hit);
      return hit;
    }
    const pending = this.loading.get(id);
    if (pending && !pending.background) return pending.promise;
    if (pending) {
      // A read-ahead's failure is not this reader's: it loads the chunk itself and reports its own failure.
      try {
        return await pending.promise;
      } catch {
        return this.chunk(key, n, dataEnd);
      }
    }
    return this.startLoad(key, n, dataEnd, false);
  }

  private startLoad(key: string, n: number, dataEnd: number, background: boolean): Promise<Buffer> {
    const id = chunkId(key, n);
    const start = n * this.chunkBytes;
    const promise = this.load(key, start, Math.min(start + this.chunkBytes, dataEnd))
      .then((buf) => {
        const own = ownBytes(buf);
        this.insert(id, own);
        return own;
      })
      .finally(() => {
        if (this.loading.get(id)?.promise === promise) this.loading.delete(id);
      });
    this.loading.set(id, { promise, background });
    return promise;
  }

  /** Loads chunks after `last` in the background, up to the data end; failures are dropped. */
  private readAhead(key: string, last: number, dataEnd: number): void {
    for (let n = last + 1; n <= last + this.readAheadChunks && n * this.chunkBytes < dataEnd; n++) {
      const id = chunkId(key, n);
      if (this.chunks.has(id) || this.loading.has(id)) continue;
      this.startLoad(key, n, dataEnd, true).catch(() => undefined);
    }
  }

  private insert(id: string, buf: Buffer): void {
    const old = this.chunks.get(id);
    if (old) {
      this.chunks.delete(id);
      this.bytes -= old.length;
    }
    if (buf.length > this.capacityBytes) return;
    while (this.bytes + buf.length > this.capacityBytes) {
      const [oldestId, oldest] = this.chunks.entries().next().value!;
      this.chunks.delete(oldestId);
      this.bytes -= oldest.length;
    }
    this.chunks.set(id, buf);
    this.bytes += buf.length;
  }
}

function chunkId(key: string, n: number): string {
  return `${n}:${key}`;
}

/** `buf`, or a copy when it is a small view of a much larger allocation (which caching it would pin). */
function ownBytes(buf: Buffer): Buffer {
  if (buf.buffer.byteLength <= buf.length + 8192) return buf;
  const copy = Buffer.allocUnsafeSlow(buf.length);
  buf.copy(copy);
  return copy;
}

function checkedOption(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`remote read cache option ${name} must be a whole number of at least ${min}; got ${value}`);
  }
  return value;
}
