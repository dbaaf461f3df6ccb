// Our RecordBatch v2 codec against kafkajs's, an independent implementation:
// batches either side writes must read back identically on the other, with
// the CRC checked by both CRC implementations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompressionCodec } from '../../src/codec/compression.js';
import { readBatchHeader, verifyBatchCrc } from '../../src/codec/batch-header.js';
import { decodeRecordBatch, encodeRecordBatch, type DecodedRecord } from '../../src/codec/record-batch.js';
import {
  flattenKafkajsHeaders,
  kafkajsCrc32c,
  kafkajsDecode,
  kafkajsEncode,
  type KafkaJsDecodedRecord,
  type PlainRecord,
} from './kafkajs.js';

const CODECS = [CompressionCodec.none, CompressionCodec.gzip, CompressionCodec.lz4, CompressionCodec.zstd] as const;

function groupHeaders(headers: readonly { key: string; value: Uint8Array | null }[]): [string, string[]][] {
  const map = new Map<string, string[]>();
  for (const h of headers) {
    const list = map.get(h.key) ?? [];
    list.push(h.value === null ? '<null>' : Buffer.from(h.value).toString('hex'));
    map.set(h.key, list);
  }
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function hex(b: Uint8Array | null): string | null {
  return b === null ? null : Buffer.from(b).toString('hex');
}

function fromOurs(r: DecodedRecord) {
  return {
    offset: r.offset.toString(),
    timestamp: r.timestamp.toString(),
    key: hex(r.key),
    value: hex(r.value),
    headers: groupHeaders(r.headers),
  };
}

function fromKafkajs(r: KafkaJsDecodedRecord) {
  return {
    offset: r.offset,
    timestamp: r.timestamp,
    key: hex(r.key),
    value: hex(r.value),
    headers: groupHeaders(flattenKafkajsHeaders(r.headers)),
  };
}

function expected(records: readonly PlainRecord[], baseOffset: bigint) {
  return records.map((r, i) => ({
    offset: (baseOffset + BigInt(i)).toString(),
    timestamp: r.timestamp.toString(),
    key: hex(r.key),
    value: hex(r.value),
    headers: groupHeaders(r.headers),
  }));
}

// kafkajs cannot encode null header values (its size function calls Buffer.byteLength(null)),
// its Record takes a number timestamp delta, and it folds headers into a plain object
// (so a key like "valueOf" or "__proto__" collides with Object.prototype): keep inputs
// inside what it supports.
const bytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
const plainRecord = (base: bigint): fc.Arbitrary<PlainRecord> =>
  fc.record({
    key: fc.option(bytes, { nil: null }),
    value: fc.option(bytes, { nil: null }),
    headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 12 }).map((k) => `h-${k}`), value: bytes }), {
      maxLength: 4,
    }),
    timestamp: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((d) => base + BigInt(d)),
  });
const batchInput = fc.record({
  baseOffset: fc.bigInt({ min: 0n, max: 2n ** 62n }),
  records: fc.array(plainRecord(1_795_000_000_000n), { minLength: 1, maxLength: 30 }),
});

describe('kafkajs interop', () => {
  for (const codec of CODECS) {
    it(`decodes batches kafkajs encodes (codec ${codec})`, async () => {
      await fc.assert(
        fc.asyncProperty(batchInput, async ({ baseOffset, records }) => {
          const buf = await kafkajsEncode(records, { compression: codec, baseOffset, partitionLeaderEpoch: 7 });
          expect(verifyBatchCrc(buf)).toBe(true);
          const batch = decodeRecordBatch(buf);
          expect(batch.compression).toBe(codec);
          expect(batch.baseOffset).toBe(baseOffset);
          expect(batch.partitionLeaderEpoch).toBe(7);
          expect(batch.recordCount).toBe(records.length);
          expect(batch.records.map(fromOurs)).toEqual(expected(records, baseOffset));
        }),
        { numRuns: codec === CompressionCodec.none ? 200 : 60 },
      );
    });

    it(`encodes batches kafkajs decodes (codec ${codec})`, async () => {
      await fc.assert(
        fc.asyncProperty(batchInput, async ({ baseOffset, records }) => {
          const buf = encodeRecordBatch({
            baseOffset,
            compression: codec,
            partitionLeaderEpoch: 3,
            producerId: 42n,
            producerEpoch: 2,
            baseSequence: 100,
            records,
          });
          // kafkajs's decoder does not check CRCs: check ours with its independent CRC-32C.
          expect(kafkajsCrc32c(buf.subarray(21))).toBe(buf.readUInt32BE(17));
          const decoded = await kafkajsDecode(buf);
          expect(decoded.firstOffset).toBe(baseOffset.toString());
          expect(decoded.partitionLeaderEpoch).toBe(3);
          expect(decoded.producerId).toBe('42');
          expect(decoded.producerEpoch).toBe(2);
          expect(decoded.firstSequence).toBe(100);
          expect(decoded.lastOffsetDelta).toBe(records.length - 1);
          expect(decoded.records.map(fromKafkajs)).toEqual(expected(records, baseOffset));
        }),
        { numRuns: codec === CompressionCodec.none ? 200 : 60 },
      );
    });
  }

  it('agrees with kafkajs on header fields and byte-for-byte on uncompressed batches', async () => {
    const records: PlainRecord[] = [
      { key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [{ key: 'h', value: Buffer.from('x') }], timestamp: 1_700_000_000_000n },
      { key: null, value: Buffer.from('v2'), headers: [], timestamp: 1_700_000_000_050n },
      { key: Buffer.from('k3'), value: null, headers: [], timestamp: 1_699_999_999_990n },
    ];
    const theirs = await kafkajsEncode(records, {
      baseOffset: 10n,
      partitionLeaderEpoch: 5,
      producerId: 9n,
      producerEpoch: 1,
      baseSequence: 4,
    });
    const ours = encodeRecordBatch({
      baseOffset: 10n,
      partitionLeaderEpoch: 5,
      producerId: 9n,
      producerEpoch: 1,
      baseSequence: 4,
      records,
    });
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
    const header = readBatchHeader(theirs);
    expect(header).toMatchObject({
      baseOffset: 10n,
      lastOffsetDelta: 2,
      lastOffset: 12n,
      baseTimestamp: 1_700_000_000_000n,
      maxTimestamp: 1_700_000_000_050n,
      producerId: 9n,
      producerEpoch: 1,
      baseSequence: 4,
      recordCount: 3,
      isTransactional: false,
    });
  });

  it('reads the transactional flag kafkajs sets', async () => {
    const buf = await kafkajsEncode(
      [{ key: null, value: Buffer.from('x'), headers: [], timestamp: 1n }],
      { transactional: true, producerId: 5n },
    );
    expect(readBatchHeader(buf).isTransactional).toBe(true);
    const decoded = await kafkajsDecode(encodeRecordBatch({ isTransactional: true, records: [{ key: null, value: null, timestamp: 1 }] }));
    expect(decoded.inTransaction).toBe(true);
  });
});
