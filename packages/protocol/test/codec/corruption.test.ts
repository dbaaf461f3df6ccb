// Hostile and damaged input: every byte flipped, every truncation, random
// bytes, and mutations re-signed with a valid CRC so the record parser itself
// is exercised. The contract: success or a CorruptRecordError /
// UnsupportedCompressionError — never another exception, never a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError, UnsupportedCompressionError } from '../../src/errors/index.js';
import { computeBatchCrc, iterateBatches, readBatchHeader, verifyBatchCrc } from '../../src/codec/batch-header.js';
import { CompressionCodec } from '../../src/codec/compression.js';
import { crc32c } from '../../src/codec/crc32c.js';
import { checkBatchRecords, decodeRecordBatch, encodeRecordBatch } from '../../src/codec/record-batch.js';

const CODECS = [CompressionCodec.none, CompressionCodec.gzip, CompressionCodec.lz4, CompressionCodec.zstd] as const;
// Base offset (0–7) and partition leader epoch (12–15) sit outside the CRC.
const OUTSIDE_CRC = (i: number) => (i >= 0 && i < 8) || (i >= 12 && i < 16);

function smallBatch(compression: CompressionCodec): Buffer {
  return encodeRecordBatch({
    baseOffset: 5n,
    compression,
    records: [
      { key: Buffer.from('key'), value: Buffer.from('value-1'), timestamp: 1_795_000_000_000, headers: [{ key: 'h', value: Buffer.from('x') }] },
      { key: null, value: null, timestamp: 1_795_000_000_123 },
      { key: Buffer.alloc(0), value: Buffer.from('z'.repeat(40)), timestamp: 1_794_999_999_000, headers: [{ key: 'n', value: null }] },
    ],
  });
}

/** Runs fn; returns 'ok', 'corrupt' or 'unsupported'; rethrows anything else so the test fails. */
function outcome(fn: () => unknown): 'ok' | 'corrupt' | 'unsupported' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof CorruptRecordError) return 'corrupt';
    if (err instanceof UnsupportedCompressionError) return 'unsupported';
    throw err;
  }
}

function resign(buf: Buffer): void {
  if (buf.length >= 61) buf.writeUInt32BE(crc32c(buf.subarray(21)), 17);
}

describe('corrupted batches', () => {
  for (const codec of CODECS) {
    it(`flipping any single byte is caught unless it is outside the CRC (codec ${codec})`, () => {
      const good = smallBatch(codec);
      for (let i = 0; i < good.length; i++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          const bad = Buffer.from(good);
          bad[i] = bad[i]! ^ mask;
          const result = outcome(() => decodeRecordBatch(bad));
          const header = outcome(() => readBatchHeader(bad));
          if (OUTSIDE_CRC(i)) {
            expect(result, `byte ${i}`).toBe('ok');
            expect(header, `byte ${i}`).toBe('ok');
          } else {
            expect(result, `byte ${i} ^ ${mask}`).toBe('corrupt');
            expect(header, `byte ${i} ^ ${mask}`).toBe('corrupt');
          }
        }
      }
    });

    it(`every truncation is a CorruptRecordError (codec ${codec})`, () => {
      const good = smallBatch(codec);
      for (let len = 0; len < good.length; len++) {
        const cut = good.subarray(0, len);
        expect(outcome(() => decodeRecordBatch(cut)), `length ${len}`).toBe('corrupt');
        expect(outcome(() => readBatchHeader(cut)), `length ${len}`).toBe('corrupt');
        expect(outcome(() => [...iterateBatches(cut)]), `length ${len}`).toBe(len === 0 ? 'ok' : 'corrupt');
      }
    });

    it(`mutations re-signed with a valid CRC only ever decode or fail cleanly (codec ${codec})`, () => {
      const good = smallBatch(codec);
      fc.assert(
        fc.property(
          fc.array(fc.record({ at: fc.nat({ max: good.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), {
            minLength: 1,
            maxLength: 4,
          }),
          (edits) => {
            const bad = Buffer.from(good);
            for (const { at, byte } of edits) if (at >= 21) bad[at] = byte;
            resign(bad);
            outcome(() => decodeRecordBatch(bad, { maxDecompressedBytes: 1 << 20 }));
          },
        ),
        { numRuns: 2000 },
      );
    });
  }

  it('re-signed single-byte changes inside the records section never escape as other errors', () => {
    const good = smallBatch(CompressionCodec.none);
    for (let i = 61; i < good.length; i++) {
      for (let v = 0; v < 256; v++) {
        const bad = Buffer.from(good);
        bad[i] = v;
        resign(bad);
        outcome(() => decodeRecordBatch(bad));
      }
    }
  });

  it('re-signed unknown or snappy codecs are UnsupportedCompressionError', () => {
    for (const codec of [2, 5, 6, 7]) {
      const bad = smallBatch(CompressionCodec.none);
      bad.writeInt16BE((bad.readInt16BE(21) & ~7) | codec, 21);
      resign(bad);
      expect(outcome(() => decodeRecordBatch(bad))).toBe('unsupported');
      expect(outcome(() => readBatchHeader(bad))).toBe('unsupported');
    }
  });

  it('hostile counts and lengths are refused before any allocation', () => {
    const bad = smallBatch(CompressionCodec.none);
    bad.writeInt32BE(0x7fffffff, 57); // record count
    resign(bad);
    expect(outcome(() => decodeRecordBatch(bad))).toBe('corrupt');
    const neg = smallBatch(CompressionCodec.none);
    neg.writeInt32BE(-1, 57);
    resign(neg);
    expect(outcome(() => decodeRecordBatch(neg))).toBe('corrupt');
    const compressed = smallBatch(CompressionCodec.zstd);
    compressed.writeInt32BE(0x7fffffff, 57);
    resign(compressed);
    expect(outcome(() => decodeRecordBatch(compressed))).toBe('corrupt');
  });

  it('random bytes only ever decode or fail cleanly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (data, plausible) => {
        const buf = Buffer.from(data);
        if (plausible && buf.length >= 61) {
          // Make the frame believable so the fuzzing reaches past the first checks.
          buf.writeInt32BE(buf.length - 12, 8);
          buf[16] = 2;
          resign(buf);
        }
        outcome(() => decodeRecordBatch(buf));
        outcome(() => readBatchHeader(buf));
        outcome(() => verifyBatchCrc(buf));
        outcome(() => [...iterateBatches(buf)]);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('checkBatchRecords', () => {
  /** Rewrites the header's record count and last offset delta and re-signs the CRC, as a hostile producer can. */
  function withClaimedCount(batch: Buffer, count: number): Buffer {
    const b = Buffer.from(batch);
    b.writeInt32BE(count, 57);
    b.writeInt32BE(count - 1, 23);
    b.writeUInt32BE(computeBatchCrc(b), 17);
    return b;
  }
  const records = ['a', 'b', 'c'].map((v, i) => ({ key: null, value: Buffer.from(v), timestamp: 1_800_000_000_000 + i }));

  for (const codec of [CompressionCodec.gzip, CompressionCodec.lz4, CompressionCodec.zstd]) {
    it(`accepts an honest count and refuses a claimed one the records do not match (codec ${codec})`, () => {
      const batch = encodeRecordBatch({ records, compression: codec });
      expect(() => checkBatchRecords(batch, readBatchHeader(batch))).not.toThrow();
      for (const claimed of [1, 2, 4, 2 ** 31 - 1]) {
        const forged = withClaimedCount(batch, claimed);
        // The header alone looks sound: sizes, CRC, lastOffsetDelta = count - 1.
        const header = readBatchHeader(forged);
        expect(header.recordCount).toBe(claimed);
        expect(() => checkBatchRecords(forged, header)).toThrow(CorruptRecordError);
      }
    });
  }

  it('counts an uncompressed batch in place: fewer claimed than held is refused too', () => {
    const batch = encodeRecordBatch({ records });
    expect(() => checkBatchRecords(batch, readBatchHeader(batch))).not.toThrow();
    const forged = withClaimedCount(batch, 2);
    expect(() => checkBatchRecords(forged, readBatchHeader(forged))).toThrow(/claims 2 records but holds 3/);
  });
});
