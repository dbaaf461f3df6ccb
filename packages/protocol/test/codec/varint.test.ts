import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../src/errors/index.js';
import {
  readUnsignedVarInt,
  readVarInt,
  readVarLong,
  readVarLongFast,
  sizeOfUnsignedVarInt,
  sizeOfVarInt,
  sizeOfVarLong,
  writeUnsignedVarInt,
  writeVarInt,
  writeVarLong,
} from '../../src/codec/varint.js';

const INT64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

function encVarInt(v: number): Buffer {
  const buf = Buffer.alloc(5);
  return buf.subarray(0, writeVarInt(buf, 0, v));
}
function encVarLong(v: number | bigint): Buffer {
  const buf = Buffer.alloc(10);
  return buf.subarray(0, writeVarLong(buf, 0, v));
}

describe('varint (zigzag int32)', () => {
  it('matches Kafka ByteUtils encodings for known values', () => {
    // zigzag: 0→0, -1→1, 1→2, -2→3, 63→126, -64→127, 64→128 (two bytes)
    expect(encVarInt(0).toString('hex')).toBe('00');
    expect(encVarInt(-1).toString('hex')).toBe('01');
    expect(encVarInt(1).toString('hex')).toBe('02');
    expect(encVarInt(-64).toString('hex')).toBe('7f');
    expect(encVarInt(64).toString('hex')).toBe('8001');
    expect(encVarInt(2147483647).toString('hex')).toBe('feffffff0f');
    expect(encVarInt(-2147483648).toString('hex')).toBe('ffffffff0f');
  });

  it('round-trips every int32, and size agrees with the encoding', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => {
        const enc = encVarInt(v);
        expect(sizeOfVarInt(v)).toBe(enc.length);
        const cur = { pos: 0 };
        expect(readVarInt(enc, cur)).toBe(v);
        expect(cur.pos).toBe(enc.length);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips unsigned varints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (v) => {
        const buf = Buffer.alloc(5);
        const end = writeUnsignedVarInt(buf, 0, v);
        expect(sizeOfUnsignedVarInt(v)).toBe(end);
        const cur = { pos: 0 };
        expect(readUnsignedVarInt(buf, cur)).toBe(v);
        expect(cur.pos).toBe(end);
      }),
    );
  });

  it('throws CorruptRecordError on every truncation', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => {
        const enc = encVarInt(v);
        for (let len = 0; len < enc.length; len++) {
          expect(() => readVarInt(enc, { pos: 0 }, len)).toThrow(CorruptRecordError);
          expect(() => readVarInt(enc.subarray(0, len), { pos: 0 })).toThrow(CorruptRecordError);
        }
      }),
    );
  });

  it('rejects encodings wider than 32 bits', () => {
    expect(() => readVarInt(Buffer.from('ffffffff1f', 'hex'), { pos: 0 })).toThrow(CorruptRecordError);
    expect(() => readVarInt(Buffer.from('ffffffffff01', 'hex'), { pos: 0 })).toThrow(CorruptRecordError);
  });
});

describe('varlong (zigzag int64)', () => {
  it('round-trips every int64 as bigint, and size agrees with the encoding', () => {
    fc.assert(
      fc.property(INT64, (v) => {
        const enc = encVarLong(v);
        expect(sizeOfVarLong(v)).toBe(enc.length);
        const cur = { pos: 0 };
        expect(readVarLong(enc, cur)).toBe(v);
        expect(cur.pos).toBe(enc.length);
        const fast = readVarLongFast(enc, { pos: 0 });
        expect(BigInt(fast)).toBe(v);
        if (v > -(2n ** 52n) && v < 2n ** 52n) expect(typeof fast).toBe('number');
      }),
      { numRuns: 5000 },
    );
  });

  it('encodes numbers and bigints identically', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (v) => {
        const n = encVarLong(v);
        expect(n.toString('hex')).toBe(encVarLong(BigInt(v)).toString('hex'));
        expect(sizeOfVarLong(v)).toBe(n.length);
        expect(BigInt(readVarLongFast(n, { pos: 0 }))).toBe(BigInt(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('handles the extremes', () => {
    for (const v of [0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 52n, -(2n ** 52n), 2n ** 53n]) {
      expect(readVarLong(encVarLong(v), { pos: 0 })).toBe(v);
    }
    expect(encVarLong(-(2n ** 63n)).toString('hex')).toBe('ffffffffffffffffff01');
  });

  it('throws CorruptRecordError on every truncation and on over-long encodings', () => {
    fc.assert(
      fc.property(INT64, (v) => {
        const enc = encVarLong(v);
        for (let len = 0; len < enc.length; len++) {
          expect(() => readVarLong(enc, { pos: 0 }, len)).toThrow(CorruptRecordError);
          expect(() => readVarLongFast(enc, { pos: 0 }, len)).toThrow(CorruptRecordError);
        }
      }),
    );
    expect(() => readVarLong(Buffer.from('ffffffffffffffffff03', 'hex'), { pos: 0 })).toThrow(CorruptRecordError);
    expect(() => readVarLong(Buffer.from('ffffffffffffffffff8101', 'hex'), { pos: 0 })).toThrow(CorruptRecordError);
  });

  it('reads at an offset and leaves the cursor after the value', () => {
    const buf = Buffer.alloc(32);
    let pos = writeVarInt(buf, 3, -300);
    pos = writeVarLong(buf, pos, 1_700_000_000_000);
    pos = writeVarLong(buf, pos, -(2n ** 60n));
    const cur = { pos: 3 };
    expect(readVarInt(buf, cur)).toBe(-300);
    expect(readVarLongFast(buf, cur)).toBe(1_700_000_000_000);
    expect(readVarLongFast(buf, cur)).toBe(-(2n ** 60n));
    expect(cur.pos).toBe(pos);
  });
});
