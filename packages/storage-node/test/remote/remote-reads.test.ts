// Reads from the remote tier (docs/architecture.md §14.1, §12): a remote
// segment answers fetches exactly as the local log would for the same batches
// (whole batches, the first may start before the offset, strict never over
// maxBytes, else at least one batch), finds offsets by timestamp with
// non-monotonic timestamps, refuses damaged bytes loudly, turns a segment
// deleted meanwhile into a retriable error, keeps its cache within bounds, and
// reads ahead so a sequential scan finds its chunks already loaded. The main
// read tests run against an in-memory store and the real file store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CorruptRecordError, UnavailableError } from '@eddy/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { storedBaseOffset, storedLastOffset, storedMaxTimestamp } from '../../src/partition/batch-fields.js';
import { RemoteReads } from '../../src/remote/remote-reads.js';
import { segmentKey, type RemoteSegment } from '../../src/remote/remote-segment.js';
import { FileRemoteStore } from '../../src/remote/store/fs-store.js';
import type { RemoteStore } from '../../src/remote/store/remote-store.js';
import {
  CountingStore,
  MemoryStore,
  expectedOffsetForTimestamp,
  expectedRead,
  makeBatches,
  recordOffsets,
  storeSegment,
  variedSpecs,
} from './segment-fixtures.js';

const CHUNK = 16 * 1024;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const stores: [string, () => RemoteStore][] = [
  ['memory store', () => new MemoryStore()],
  [
    'file store',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'eddy-remote-reads-'));
      dirs.push(dir);
      return new FileRemoteStore({ directory: dir });
    },
  ],
];

const FIRST = 1000;
const key = (random: string, batches: readonly Buffer[]) =>
  segmentKey('7f3c2a', 4, storedBaseOffset(batches[0]!), storedLastOffset(batches[batches.length - 1]!), 2, random);

async function setup(store: RemoteStore, options: ConstructorParameters<typeof RemoteReads>[1] = {}, batches = makeBatches(variedSpecs(), FIRST)) {
  const counting = new CountingStore(store);
  const seg = await storeSegment(store, key('a1b2c3', batches), batches);
  const reads = new RemoteReads(counting, { chunkBytes: CHUNK, ...options });
  return { batches, seg, counting, reads };
}

function same(actual: { batches: Buffer[]; bytes: number; nextOffset: number }, expected: { batches: Buffer[]; bytes: number; nextOffset: number }): void {
  expect(actual.nextOffset).toBe(expected.nextOffset);
  expect(actual.bytes).toBe(expected.bytes);
  expect(actual.batches.map(storedBaseOffset)).toEqual(expected.batches.map(storedBaseOffset));
  actual.batches.forEach((b, i) => expect(b.equals(expected.batches[i]!)).toBe(true));
}

describe.each(stores)('RemoteReads over a %s', (_name, makeStore) => {
  it('answers every offset, in a batch or at its boundaries, as a local read of the same batches would', async () => {
    const { batches, seg, reads } = await setup(makeStore());
    expect(batches.some((b) => b.length > CHUNK)).toBe(true);
    const offsets = new Set<number>([FIRST - 1, ...recordOffsets(batches)]);
    for (const b of batches) {
      offsets.add(storedBaseOffset(b));
      offsets.add(storedLastOffset(b));
      offsets.add(storedBaseOffset(b) - 1); // in a gap, or the previous batch's last
    }
    for (const offset of offsets) {
      for (const [maxBytes, strict] of [[1, false], [1, true], [5_000, false], [5_000, true], [60_000, true], [1 << 30, false]] as const) {
        same(await reads.read(seg, offset, maxBytes, strict), expectedRead(batches, offset, maxBytes, strict));
      }
    }
  });

  it('returns the first batch alone when it exceeds a small maxBytes, and nothing under strict', async () => {
    const { batches, seg, reads } = await setup(makeStore());
    const big = batches.find((b) => b.length > CHUNK)!;
    const mid = storedBaseOffset(big) + 3;
    const loose = await reads.read(seg, mid, 100, false);
    expect(loose.batches).toHaveLength(1);
    expect(loose.batches[0]!.equals(big)).toBe(true);
    expect(loose.nextOffset).toBe(storedLastOffset(big) + 1);
    const strict = await reads.read(seg, mid, big.length - 1, true);
    expect(strict).toEqual({ batches: [], bytes: 0, nextOffset: mid });
    const exact = await reads.read(seg, mid, big.length, true);
    expect(exact.bytes).toBe(big.length);
  });

  it('returns nothing past the segment end, and never more than the segment', async () => {
    const { batches, seg, reads } = await setup(makeStore());
    expect(await reads.read(seg, seg.lastOffset + 1, 1 << 20, false)).toEqual({ batches: [], bytes: 0, nextOffset: seg.lastOffset + 1 });
    const all = await reads.read(seg, 0, 1 << 30, false);
    expect(all.batches).toHaveLength(batches.length);
    expect(all.bytes).toBe(seg.dataBytes);
    expect(all.nextOffset).toBe(seg.lastOffset + 1);
  });

  it('finds the first record at or after a timestamp and an offset, with non-monotonic timestamps', async () => {
    const { batches, seg, reads } = await setup(makeStore());
    const maxTs = Math.max(...batches.map(storedMaxTimestamp));
    expect(seg.maxTimestamp).toBe(maxTs);
    const offsets = recordOffsets(batches);
    for (const ts of [-1, 0, 500, 999, 1000, 1001, 1100, 1150, 2000, 3000, 4000, maxTs, maxTs + 1]) {
      for (const minOffset of [0, FIRST, offsets[7]!, offsets[60]!, offsets[150]!, seg.lastOffset, seg.lastOffset + 1]) {
        expect(await reads.offsetForTimestamp(seg, ts, minOffset)).toEqual(expectedOffsetForTimestamp(batches, ts, minOffset));
      }
    }
    const late = await reads.offsetForTimestamp(seg, maxTs, 0);
    expect(late?.timestamp).toBe(maxTs);
    expect(late?.leaderEpoch).toBe(3);
  });

  it('refuses a damaged byte in the data part, naming the object and offset, and still serves the intact batches', async () => {
    const store = makeStore();
    const { batches, seg } = await setup(store);
    const victim = batches[20]!;
    const position = batches.slice(0, 20).reduce((n, b) => n + b.length, 0);
    const body = Buffer.from(await store.get(seg.key, 0, seg.dataBytes + seg.indexBytes));
    body[position + victim.length - 5]! ^= 0x10;
    await store.put(seg.key, body);
    const reads = new RemoteReads(store, { chunkBytes: CHUNK });
    const offset = storedBaseOffset(victim) + 1;
    const err = await reads.read(seg, offset, 1, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptRecordError);
    expect((err as Error).message).toContain(seg.key);
    expect((err as Error).message).toContain(`offset ${storedBaseOffset(victim)}`);
    expect((err as Error).message).toMatch(/damaged.*CRC-32C/);
    await expect(reads.offsetForTimestamp(seg, storedMaxTimestamp(victim), storedBaseOffset(victim))).rejects.toThrow(CorruptRecordError);
    same(await reads.read(seg, storedBaseOffset(batches[19]!), 1, false), expectedRead(batches, storedBaseOffset(batches[19]!), 1, false));
    same(await reads.read(seg, storedBaseOffset(batches[21]!), 1 << 20, false), expectedRead(batches, storedBaseOffset(batches[21]!), 1 << 20, false));
  });

  it('refuses a damaged index part, or an index CRC the manifest does not agree with', async () => {
    const store = makeStore();
    const { seg } = await setup(store);
    const reads = new RemoteReads(store, { chunkBytes: CHUNK });
    await expect(reads.read({ ...seg, indexCrc: (seg.indexCrc ^ 1) >>> 0 }, FIRST, 1, false)).rejects.toThrow(/index part failed its checks.*CRC mismatch/);
    const body = Buffer.from(await store.get(seg.key, 0, seg.dataBytes + seg.indexBytes));
    body[seg.dataBytes + 30]! ^= 0x01;
    await store.put(seg.key, body);
    const err = await reads.read(seg, FIRST, 1, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptRecordError);
    expect((err as Error).message).toContain(seg.key);
    expect((err as Error).message).toContain('index part');
    await expect(reads.offsetForTimestamp(seg, 0, 0)).rejects.toThrow(CorruptRecordError);
  });

  it('says a segment deleted meanwhile is gone and to fetch again', async () => {
    const store = makeStore();
    const { seg, reads } = await setup(store);
    await store.delete(seg.key);
    const err = await reads.read(seg, FIRST, 1, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(new RegExp(`${seg.key}.*no longer.*retention deleted it.*fetch again`));
  });

  it('refuses an object shorter than its manifest entry says', async () => {
    const store = makeStore();
    const { seg } = await setup(store);
    const reads = new RemoteReads(store, { chunkBytes: CHUNK });
    await expect(reads.read({ ...seg, indexBytes: 0, dataBytes: seg.dataBytes + seg.indexBytes + 100 }, seg.lastOffset, 1, false)).rejects.toThrow(/holds \d+ bytes where its manifest entry needs/);
  });

  it('keeps the cache within its capacity through random reads, and still answers right', async () => {
    const capacity = 3 * CHUNK + 100;
    const { batches, seg, reads, counting } = await setup(makeStore(), { cacheBytes: capacity });
    const offsets = recordOffsets(batches);
    let seed = 7;
    for (let i = 0; i < 150; i++) {
      seed = (seed * 48271) % 2147483647;
      const offset = offsets[seed % offsets.length]!;
      same(await reads.read(seg, offset, 20_000, false), expectedRead(batches, offset, 20_000, false));
      await counting.idle();
      expect(reads.cachedBytes).toBeLessThanOrEqual(capacity);
    }
    expect(reads.cachedBytes).toBeGreaterThan(0);
  });
});

describe('RemoteReads cache and read-ahead', () => {
  /** Chunk numbers of the data part a store GET covered (the index GET starts at dataBytes and is left out). */
  const chunksOf = (g: { start: number; end: number }, seg: RemoteSegment) => (g.start >= seg.dataBytes ? [] : [Math.floor(g.start / CHUNK)]);

  for (const [name, makeStore] of stores) {
    it(`a sequential scan finds each batch's chunks already loaded, each fetched once (${name})`, async () => {
      // Batches no larger than a chunk, so read-ahead of 2 chunks always covers the next one.
      const batches = makeBatches(variedSpecs().map((s) => ({ ...s, valueBytes: Math.min(s.valueBytes, 1500) })), FIRST);
      const { seg, reads, counting } = await setup(makeStore(), {}, batches);
      let offset = FIRST;
      let misses = 0;
      let first = true;
      while (offset <= seg.lastOffset) {
        await counting.idle();
        const before = counting.gets.length;
        const r = await reads.read(seg, offset, 1, false);
        const start = seg.dataBytes - batches.filter((b) => storedBaseOffset(b) >= storedBaseOffset(r.batches[0]!)).reduce((n, b) => n + b.length, 0);
        const needed = new Set([Math.floor(start / CHUNK), Math.floor((start + r.batches[0]!.length - 1) / CHUNK)]);
        const fetchedDuring = counting.gets.slice(before).flatMap((g) => chunksOf(g, seg));
        if (!first && fetchedDuring.some((n) => needed.has(n))) misses++;
        first = false;
        offset = r.nextOffset;
      }
      expect(misses).toBe(0);
      await counting.idle();
      const dataGets = counting.gets.flatMap((g) => chunksOf(g, seg));
      expect(dataGets.sort((a, b) => a - b)).toEqual(Array.from({ length: Math.ceil(seg.dataBytes / CHUNK) }, (_, i) => i));
      expect(counting.gets.filter((g) => g.start >= seg.dataBytes)).toHaveLength(1); // the index, once
      expect(counting.gets.every((g) => g.end <= seg.dataBytes || g.start === seg.dataBytes)).toBe(true);
    });
  }

  it('without read-ahead the same scan waits on the store at chunk boundaries', async () => {
    const batches = makeBatches(variedSpecs().map((s) => ({ ...s, valueBytes: Math.min(s.valueBytes, 1500) })), FIRST);
    const { seg, reads, counting } = await setup(new MemoryStore(), { readAheadChunks: 0 }, batches);
    let offset = FIRST;
    let foregroundGets = 0;
    while (offset <= seg.lastOffset) {
      const before = counting.gets.length;
      const r = await reads.read(seg, offset, 1, false);
      foregroundGets += counting.gets.slice(before).filter((g) => g.start < seg.dataBytes).length;
      offset = r.nextOffset;
    }
    expect(foregroundGets).toBe(Math.ceil(seg.dataBytes / CHUNK));
  });

  it('shares one GET among concurrent reads of a chunk and reports each GET', async () => {
    const fetched: number[] = [];
    const { seg, reads, counting } = await setup(new MemoryStore(), { readAheadChunks: 0, onFetch: (bytes, seconds) => { expect(seconds).toBeGreaterThanOrEqual(0); fetched.push(bytes); } });
    const results = await Promise.all(Array.from({ length: 6 }, () => reads.read(seg, FIRST, 1, false)));
    for (const r of results) expect(r.batches[0]!.equals(results[0]!.batches[0]!)).toBe(true);
    expect(counting.gets).toEqual([
      { key: seg.key, start: seg.dataBytes, end: seg.dataBytes + seg.indexBytes },
      { key: seg.key, start: 0, end: CHUNK },
    ]);
    expect(fetched).toEqual([seg.indexBytes, CHUNK]);
  });

  it('drops a failed read-ahead silently; the reader retries and reports its own failure', async () => {
    const errors: string[] = [];
    const { batches, seg, reads, counting } = await setup(new MemoryStore(), { onError: (op) => errors.push(op) });
    let failChunk1 = 1;
    counting.failGet = (_k, start) => (start === CHUNK && failChunk1-- > 0 ? new Error('connection reset') : undefined);
    await reads.read(seg, FIRST, 1, false); // reads chunk 0; read-ahead of chunk 1 fails
    await counting.idle();
    expect(counting.gets.filter((g) => g.start === CHUNK)).toHaveLength(1);
    const positionOf = (i: number) => batches.slice(0, i).reduce((n, x) => n + x.length, 0);
    const inChunk1 = batches.find((_b, i) => positionOf(i) >= CHUNK && positionOf(i) < 2 * CHUNK)!;
    expect(inChunk1).toBeDefined();
    same(await reads.read(seg, storedBaseOffset(inChunk1), 1, false), expectedRead(batches, storedBaseOffset(inChunk1), 1, false));
    expect(counting.gets.filter((g) => g.start === CHUNK)).toHaveLength(2);

    // A foreground failure is reported, retriable and says what failed.
    const far = batches[batches.length - 1]!;
    counting.failGet = (_k, start) => (start < seg.dataBytes ? new Error('connection reset') : undefined);
    const fresh = new RemoteReads(counting, { chunkBytes: CHUNK, readAheadChunks: 0, onError: (op) => errors.push(op) });
    const err = await fresh.read(seg, storedBaseOffset(far), 1, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(new RegExp(`reading remote segment ${seg.key} from .* failed \\(connection reset\\); retry shortly`));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(errors)).toEqual(new Set(['get']));
  });

  it('serves a batch larger than the cache itself', async () => {
    const { batches, seg, reads } = await setup(new MemoryStore(), { cacheBytes: CHUNK });
    const big = batches.find((b) => b.length > 2 * CHUNK)!;
    same(await reads.read(seg, storedBaseOffset(big), 1, false), expectedRead(batches, storedBaseOffset(big), 1, false));
    expect(reads.cachedBytes).toBeLessThanOrEqual(CHUNK);
  });

  it('uses 1 MiB chunks by default and assembles a batch spanning two of them', async () => {
    const batches = makeBatches([{ records: 2, valueBytes: 300_000 }, { records: 4, valueBytes: 300_000 }, { records: 2, valueBytes: 100 }], FIRST);
    const store = new CountingStore(new MemoryStore());
    const seg = await storeSegment(store, key('d4e5f6', batches), batches);
    const reads = new RemoteReads(store, { readAheadChunks: 0 });
    same(await reads.read(seg, FIRST + 3, 1, false), expectedRead(batches, FIRST + 3, 1, false));
    expect(store.gets.filter((g) => g.start < seg.dataBytes).map((g) => [g.start, g.end])).toEqual([
      [0, 1024 * 1024],
      [1024 * 1024, seg.dataBytes],
    ]);
    expect(() => new RemoteReads(store, { chunkBytes: 10 })).toThrow(/chunkBytes must be a whole number of at least 1024; got 10/);
  });
});
