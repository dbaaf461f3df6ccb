// Kafka's variable-length integers (ByteUtils in the Java client): zigzag
// varint (int32), zigzag varlong (int64) and unsigned varint, little-endian
// base-128 groups. Record fields in RecordBatch v2 use them.
//
// Speed matters more than elegance here: the record codec calls these once
// per field per record. Reads advance a caller-owned cursor instead of
// returning {value, offset} pairs, so nothing is allocated per call, and
// varlongs stay in plain numbers while the value fits in 2^52 (timestamp and
// offset deltas always do); only wider values go through bigint.
import { CorruptRecordError } from '../errors/index.js';

/** A read position, advanced by every read. One object per decode, reused. */
export interface Cursor {
  pos: number;
}

// |v| < 2^52 keeps the zigzag form (< 2^53) exact in a double.
const NUMBER_FAST_LIMIT = 2 ** 52;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function truncated(what: string): never {
  throw new CorruptRecordError(`Truncated ${what}: the input ends in the middle of it`);
}

// ---------------------------------------------------------------------------
// sizes

/** Encoded size of an unsigned 32-bit varint (0..2^32-1). */
export function sizeOfUnsignedVarInt(value: number): number {
  let v = value >>> 0;
  let size = 1;
  while (v >= 0x80) {
    v >>>= 7;
    size++;
  }
  return size;
}

/** Encoded size of a zigzag int32 varint. */
export function sizeOfVarInt(value: number): number {
  return sizeOfUnsignedVarInt((value << 1) ^ (value >> 31));
}

/** Encoded size of a zigzag int64 varlong. */
export function sizeOfVarLong(value: number | bigint): number {
  if (typeof value === 'number' && value > -NUMBER_FAST_LIMIT && value < NUMBER_FAST_LIMIT) {
    let zz = value >= 0 ? value * 2 : -value * 2 - 1;
    let size = 1;
    while (zz >= 0x80) {
      zz = Math.floor(zz / 128);
      size++;
    }
    return size;
  }
  let zz = zigzagBig(BigInt(value));
  let size = 1;
  while (zz >= 0x80n) {
    zz >>= 7n;
    size++;
  }
  return size;
}

function zigzagBig(v: bigint): bigint {
  if (v < INT64_MIN || v > INT64_MAX) throw new RangeError(`varlong value ${v} is outside int64`);
  return BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
}

// ---------------------------------------------------------------------------
// writes: each returns the offset after the written bytes. The caller sized the buffer.

export function writeUnsignedVarInt(buf: Uint8Array, offset: number, value: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    buf[offset++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[offset++] = v;
  return offset;
}

export function writeVarInt(buf: Uint8Array, offset: number, value: number): number {
  return writeUnsignedVarInt(buf, offset, (value << 1) ^ (value >> 31));
}

export function writeVarLong(buf: Uint8Array, offset: number, value: number | bigint): number {
  if (typeof value === 'number' && value > -NUMBER_FAST_LIMIT && value < NUMBER_FAST_LIMIT) {
    if (value >= -0x40000000 && value < 0x40000000) {
      return writeUnsignedVarInt(buf, offset, (value << 1) ^ (value >> 31));
    }
    let zz = value >= 0 ? value * 2 : -value * 2 - 1;
    while (zz >= 0x80) {
      buf[offset++] = (zz % 128) | 0x80;
      zz = Math.floor(zz / 128);
    }
    buf[offset++] = zz;
    return offset;
  }
  let zz = zigzagBig(BigInt(value));
  while (zz >= 0x80n) {
    buf[offset++] = Number(zz & 0x7fn) | 0x80;
    zz >>= 7n;
  }
  buf[offset++] = Number(zz);
  return offset;
}

// ---------------------------------------------------------------------------
// reads: advance `cur.pos`, never read at or past `end`, throw CorruptRecordError
// on truncation or on an encoding wider than the type (Kafka's "varint is too long").

/** Unsigned varint of at most 5 bytes (uint32). */
export function readUnsignedVarInt(buf: Uint8Array, cur: Cursor, end: number = buf.length): number {
  let pos = cur.pos;
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) truncated('varint');
    const b = buf[pos++]!;
    if (shift === 28) {
      // Fifth byte: only 4 payload bits remain in 32 and no continuation is allowed.
      if (b > 0x0f) throw new CorruptRecordError('Varint is too long: it does not fit in 32 bits');
      result = (result | (b << 28)) >>> 0;
      break;
    }
    result |= (b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7;
  }
  cur.pos = pos;
  return result >>> 0;
}

/** Zigzag int32 varint. */
export function readVarInt(buf: Uint8Array, cur: Cursor, end: number = buf.length): number {
  // One-byte fast path: most lengths, deltas and counts in small records.
  const pos = cur.pos;
  if (pos < end) {
    const b = buf[pos]!;
    if (b < 0x80) {
      cur.pos = pos + 1;
      return (b >>> 1) ^ -(b & 1);
    }
  }
  const zz = readUnsignedVarInt(buf, cur, end);
  return (zz >>> 1) ^ -(zz & 1);
}

/**
 * Zigzag int64 varlong as a number when |value| < 2^52, else as a bigint.
 * The hot-path form: callers that need one type use `readVarLong`.
 */
export function readVarLongFast(buf: Uint8Array, cur: Cursor, end: number = buf.length): number | bigint {
  const start = cur.pos;
  let pos = start;
  // Up to 7 bytes (49 bits) accumulate exactly in a double.
  let zz = 0;
  let mul = 1;
  for (let i = 0; i < 7; i++) {
    if (pos >= end) truncated('varlong');
    const b = buf[pos++]!;
    zz += (b & 0x7f) * mul;
    if (b < 0x80) {
      cur.pos = pos;
      // zz < 2^49: zigzag decode in doubles is exact.
      return zz % 2 === 0 ? zz / 2 : -(zz + 1) / 2;
    }
    mul *= 128;
  }
  const big = readVarLong(buf, cur, end);
  if (big > -BigInt(NUMBER_FAST_LIMIT) && big < BigInt(NUMBER_FAST_LIMIT)) return Number(big);
  return big;
}

/** Zigzag int64 varlong as a bigint (at most 10 bytes). */
export function readVarLong(buf: Uint8Array, cur: Cursor, end: number = buf.length): bigint {
  let pos = cur.pos;
  let zz = 0n;
  let shift = 0n;
  for (let i = 0; ; i++) {
    if (pos >= end) truncated('varlong');
    const b = buf[pos++]!;
    if (i === 9) {
      // Tenth byte: one payload bit left in 64 and no continuation.
      if (b > 0x01) throw new CorruptRecordError('Varlong is too long: it does not fit in 64 bits');
      zz |= BigInt(b) << shift;
      break;
    }
    zz |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7n;
  }
  cur.pos = pos;
  return (zz >> 1n) ^ -(zz & 1n);
}
