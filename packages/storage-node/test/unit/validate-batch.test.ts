// What a leader accepts from a producer before it assigns offsets.
import { CompressionCodec, computeBatchCrc, CorruptRecordError, encodeRecordBatch } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { validateBatch } from '../../src/produce/produce-service.js';

const records = ['a', 'b', 'c'].map((v, i) => ({ key: null, value: Buffer.from(v), timestamp: 1_800_000_000_000 + i }));

/** Claims `count` records in the header (and a matching last offset delta), re-signed: sound on its face. */
function claiming(batch: Buffer, count: number): Buffer {
  const b = Buffer.from(batch);
  b.writeInt32BE(count, 57);
  b.writeInt32BE(count - 1, 23);
  b.writeUInt32BE(computeBatchCrc(b), 17);
  return b;
}

describe('validateBatch', () => {
  for (const codec of [CompressionCodec.lz4, CompressionCodec.zstd, CompressionCodec.gzip]) {
    it(`refuses a compressed batch whose header claims more records than it holds (codec ${codec})`, () => {
      const batch = encodeRecordBatch({ records, compression: codec });
      expect(validateBatch(batch, 1 << 20).recordCount).toBe(3);
      expect(() => validateBatch(claiming(batch, 2 ** 31 - 1), 1 << 20)).toThrow(CorruptRecordError);
      expect(() => validateBatch(claiming(batch, 2), 1 << 20)).toThrow(/claims 2 records but holds 3/);
    });
  }

  it('refuses an uncompressed batch whose header claims a count its records do not match', () => {
    const batch = encodeRecordBatch({ records });
    expect(() => validateBatch(claiming(batch, 1000), 1 << 20)).toThrow(CorruptRecordError);
    expect(() => validateBatch(claiming(batch, 2), 1 << 20)).toThrow(/claims 2 records but holds 3/);
  });
});
