import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../src/errors/index.js';
import {
  computeBatchCrc,
  iterateBatches,
  readBatchHeader,
  rewriteBatchHeader,
  verifyBatchCrc,
} from '../../src/codec/batch-header.js';
import { TimestampType } from '../../src/codec/batch-layout.js';
import { CompressionCodec } from '../../src/codec/compression.js';
import {
  decodeRecordBatch,
  decodeRecordBatches,
  encodeRecordBatch,
  type RecordInput,
} from '../../src/codec/record-batch.js';

const CODECS = [CompressionCodec.none, CompressionCodec.gzip, CompressionCodec.lz4, CompressionCodec.zstd] as const;

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.uint8Array({ minLength: 100, maxLength: 400 }),
);
const header = fc.record({
  key: fc.string({ unit: 'binary', maxLength: 20 }),
  value: fc.option(fc.uint8Array({ maxLength: 30 }), { nil: null }),
});
// Timestamps anywhere in int64 would overflow the int64 delta; Kafka's producer
// wraps them like Java longs, and so do we, so any int64 round-trips.
const timestamp = fc.oneof(
  fc.integer({ min: 0, max: 4_000_000_000_000 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(-1, 0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
);
const record: fc.Arbitrary<RecordInput> = fc.record({
  key: fc.option(bytes, { nil: null }),
  value: fc.option(bytes, { nil: null }),
  headers: fc.array(header, { maxLength: 5 }),
  timestamp,
});

const hex = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'));

function expectSameRecords(input: readonly RecordInput[], baseOffset: bigint, codec: number): void {
  const buf = encodeRecordBatch({ baseOffset, compression: codec as CompressionCodec, records: input });
  const batch = decodeRecordBatch(buf);
  expect(batch.recordCount).toBe(input.length);
  // One comparison of compact views: per-field expect() calls make big batches slow.
  const actual = batch.records.map((r) => ({
    offset: r.offset,
    offsetDelta: r.offsetDelta,
    timestamp: r.timestamp,
    key: hex(r.key),
    value: hex(r.value),
    headers: r.headers.map((h) => [h.key, hex(h.value)]),
  }));
  const wanted = input.map((w, i) => ({
    offset: baseOffset + BigInt(i),
    offsetDelta: i,
    timestamp: BigInt(w.timestamp),
    key: hex(w.key),
    value: hex(w.value),
    // Lone surrogates do not survive UTF-8, in Kafka either; compare what UTF-8 keeps.
    headers: (w.headers ?? []).map((h) => [Buffer.from(h.key, 'utf8').toString('utf8'), hex(h.value)]),
  }));
  expect(actual).toEqual(wanted);
}

describe('encodeRecordBatch → decodeRecordBatch', () => {
  for (const codec of CODECS) {
    it(`round-trips arbitrary records (codec ${codec})`, () => {
      fc.assert(
        fc.property(
          fc.array(record, { maxLength: 25 }),
          fc.bigInt({ min: 0n, max: 2n ** 63n - 2n ** 32n }),
          (records, baseOffset) => expectSameRecords(records, baseOffset, codec),
        ),
        { numRuns: codec === CompressionCodec.none ? 300 : 80 },
      );
    });
  }

  it('round-trips many records', () => {
    const records: RecordInput[] = Array.from({ length: 5000 }, (_, i) => ({
      key: i % 7 === 0 ? null : Buffer.from(`key-${i}`),
      value: Buffer.alloc(i % 300, i & 0xff),
      headers: i % 3 === 0 ? [{ key: 'trace-ü-𝄞', value: Buffer.from([i & 0xff]) }] : [],
      timestamp: 1_795_000_000_000 + (i % 97) - 40,
    }));
    for (const codec of CODECS) expectSameRecords(records, 123_456_789n, codec);
  });

  it('fills the header fields', () => {
    const buf = encodeRecordBatch({
      baseOffset: 1000n,
      partitionLeaderEpoch: 9,
      compression: CompressionCodec.lz4,
      producerId: 77n,
      producerEpoch: 3,
      baseSequence: 500,
      isTransactional: true,
      records: [
        { key: null, value: Buffer.from('a'), timestamp: 2000 },
        { key: null, value: Buffer.from('b'), timestamp: 1500 },
        { key: null, value: Buffer.from('c'), timestamp: 2500n, offsetDelta: 4 },
      ],
    });
    const h = readBatchHeader(buf);
    expect(h).toMatchObject({
      baseOffset: 1000n,
      sizeInBytes: buf.length,
      batchLength: buf.length - 12,
      partitionLeaderEpoch: 9,
      magic: 2,
      compression: CompressionCodec.lz4,
      timestampType: TimestampType.createTime,
      isTransactional: true,
      isControl: false,
      lastOffsetDelta: 4,
      lastOffset: 1004n,
      baseTimestamp: 2000n,
      maxTimestamp: 2500n,
      producerId: 77n,
      producerEpoch: 3,
      baseSequence: 500,
      recordCount: 3,
    });
    expect(decodeRecordBatch(buf).records.map((r) => r.offset)).toEqual([1000n, 1001n, 1004n]);
  });

  it('defaults to no producer, no sequence, and timestamps -1 for an empty batch', () => {
    const h = readBatchHeader(encodeRecordBatch({ records: [] }));
    expect(h).toMatchObject({
      baseOffset: 0n,
      producerId: -1n,
      producerEpoch: -1,
      baseSequence: -1,
      baseTimestamp: -1n,
      maxTimestamp: -1n,
      recordCount: 0,
    });
  });
});

describe('encode input checks', () => {
  it('refuses values the format cannot carry, with RangeError (a caller bug, not corruption)', () => {
    const rec = { key: null, value: null, timestamp: 1 };
    expect(() => encodeRecordBatch({ records: [{ ...rec, offsetDelta: 2 ** 31 }] })).toThrow(RangeError);
    expect(() => encodeRecordBatch({ records: [{ ...rec, offsetDelta: 1.5 }] })).toThrow(RangeError);
    expect(() => encodeRecordBatch({ records: [{ ...rec, timestamp: 1.5 }] })).toThrow(RangeError);
    expect(() => encodeRecordBatch({ records: [{ ...rec, timestamp: 2 ** 60 }] })).toThrow(RangeError);
  });
});

describe('batch header operations', () => {
  const batch = () =>
    encodeRecordBatch({
      records: [
        { key: Buffer.from('k'), value: Buffer.from('v1'), timestamp: 1_000 },
        { key: null, value: Buffer.from('v2'), timestamp: 1_010 },
      ],
    });

  it('rewrites base offset and leader epoch without invalidating the CRC', () => {
    const buf = batch();
    const crc = buf.readUInt32BE(17);
    rewriteBatchHeader(buf, { baseOffset: 9_000_000_000n, partitionLeaderEpoch: 12 });
    expect(buf.readUInt32BE(17)).toBe(crc);
    expect(verifyBatchCrc(buf)).toBe(true);
    const decoded = decodeRecordBatch(buf);
    expect(decoded.baseOffset).toBe(9_000_000_000n);
    expect(decoded.partitionLeaderEpoch).toBe(12);
    expect(decoded.records.map((r) => r.offset)).toEqual([9_000_000_000n, 9_000_000_001n]);
  });

  it('sets LogAppendTime: attribute + maxTimestamp inside the CRC, so the CRC is recomputed', () => {
    const buf = batch();
    rewriteBatchHeader(buf, { logAppendTime: 1_795_000_000_000n });
    expect(verifyBatchCrc(buf)).toBe(true);
    expect(computeBatchCrc(buf)).toBe(buf.readUInt32BE(17));
    const decoded = decodeRecordBatch(buf);
    expect(decoded.timestampType).toBe(TimestampType.logAppendTime);
    expect(decoded.maxTimestamp).toBe(1_795_000_000_000n);
    // Kafka's rule: under LogAppendTime every record reads the batch's maxTimestamp.
    expect(decoded.records.map((r) => r.timestamp)).toEqual([1_795_000_000_000n, 1_795_000_000_000n]);
  });

  it('refuses to re-sign a corrupt batch', () => {
    const buf = batch();
    buf[buf.length - 1] = buf[buf.length - 1]! ^ 0xff;
    expect(() => rewriteBatchHeader(buf, { logAppendTime: 5 })).toThrow(CorruptRecordError);
  });

  it('reads the header of the first of several batches and ignores what follows', () => {
    const both = Buffer.concat([batch(), batch()]);
    expect(readBatchHeader(both).sizeInBytes).toBe(both.length / 2);
    expect(() => decodeRecordBatch(both)).toThrow(CorruptRecordError);
  });

  it('iterates concatenated batches as zero-copy slices', () => {
    const parts = [0n, 2n, 10n].map((baseOffset, i) =>
      encodeRecordBatch({
        baseOffset,
        compression: i === 1 ? CompressionCodec.zstd : CompressionCodec.none,
        records: [{ key: null, value: Buffer.from(`b${i}`), timestamp: i }],
      }),
    );
    const all = Buffer.concat(parts);
    const slices = [...iterateBatches(all)];
    expect(slices.map((s) => s.toString('hex'))).toEqual(parts.map((p) => p.toString('hex')));
    expect(slices[1]!.buffer).toBe(all.buffer);
    expect(slices.map((s) => decodeRecordBatch(s).records[0]!.offset)).toEqual([0n, 2n, 10n]);
    expect([...decodeRecordBatches(all)].map((b) => b.records[0]!.value!.toString())).toEqual(['b0', 'b1', 'b2']);
    expect([...iterateBatches(Buffer.alloc(0))]).toEqual([]);
  });

  it('reports a truncated or absurd trailing batch while iterating', () => {
    const one = batch();
    const two = Buffer.concat([one, one]);
    for (const cut of [1, 12, 30, one.length - 1]) {
      expect(() => [...iterateBatches(two.subarray(0, two.length - cut))]).toThrow(CorruptRecordError);
    }
    const bad = Buffer.from(one);
    bad.writeInt32BE(0x7fffffff, 8);
    expect(() => [...iterateBatches(bad)]).toThrow(CorruptRecordError);
    bad.writeInt32BE(-5, 8);
    expect(() => [...iterateBatches(bad)]).toThrow(CorruptRecordError);
  });
});
