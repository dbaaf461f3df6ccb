// Encoding and decoding of Kafka RecordBatch v2 (magic 2) with its records
// (docs/architecture.md §9). Producers encode once; servers mostly use batch-header.ts and
// never decode records; consumers and the plain-Record gRPC paths decode.
//
// Hot-path choices: the encoder measures every record first and writes into
// one allocation (plus one scratch buffer when compressing); the decoder
// walks the bytes with one cursor, returns keys/values as zero-copy views of
// the batch (or of the decompressed buffer), and keeps per-record
// arithmetic in numbers, converting to bigint once per offset/timestamp.
import { CorruptRecordError } from '../errors/index.js';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  COMPRESSION_MASK,
  CONTROL_MASK,
  CRC_OFFSET,
  CRC_START,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAGIC_V2,
  MAX_TIMESTAMP_OFFSET,
  MIN_HEADER_SIZE,
  MIN_RECORD_BODY_SIZE,
  MIN_RECORD_SIZE,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORD_COUNT_OFFSET,
  RECORDS_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TimestampType,
  TRANSACTIONAL_MASK,
} from './batch-layout.js';
import { iterateBatches, readBatchHeader, type RecordBatchHeader } from './batch-header.js';
import { compress, CompressionCodec, decompress, DEFAULT_MAX_DECOMPRESSED_BYTES } from './compression.js';
import { crc32c } from './crc32c.js';
import {
  type Cursor,
  readVarInt,
  readVarLongFast,
  sizeOfVarInt,
  sizeOfVarLong,
  writeVarInt,
  writeVarLong,
} from './varint.js';

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface RecordInput {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch (int64). */
  timestamp: bigint | number;
  /** Defaults to the record's index in the batch. */
  offsetDelta?: number;
}

export interface EncodeRecordBatchInput {
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  compression?: CompressionCodec;
  timestampType?: TimestampType;
  /** Overrides the computed max timestamp (e.g. LogAppendTime set by a broker). */
  maxTimestamp?: bigint | number;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  records: readonly RecordInput[];
}

export interface DecodedHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  /** Record-level attributes (unused by Kafka so far; kept for fidelity). */
  attributes: number;
  offsetDelta: number;
  /** baseOffset + offsetDelta. */
  offset: bigint;
  /** baseTimestamp + timestampDelta, or the batch's maxTimestamp under LogAppendTime (Kafka's rule). */
  timestamp: bigint;
  /** Zero-copy view into the batch (or its decompressed records); copy it to keep it past the batch. */
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly DecodedHeader[];
}

export interface DecodedRecordBatch extends RecordBatchHeader {
  records: DecodedRecord[];
}

export interface DecodeRecordBatchOptions {
  /** Cap on the decompressed size of one batch (hostile-input guard). */
  maxDecompressedBytes?: number;
}

const EMPTY_HEADERS: readonly DecodedHeader[] = Object.freeze([]);
const INT32_MAX = 0x7fffffff;
const TWO_32 = 2 ** 32;

// ---------------------------------------------------------------------------
// encode

/** A timestamp as a safe-integer number where possible (the hot path), else a bigint. */
function normalizeTimestamp(ts: bigint | number): number | bigint {
  if (typeof ts === 'number') {
    if (!Number.isSafeInteger(ts)) throw new RangeError(`Record timestamp ${ts} is not a safe integer; pass a bigint`);
    return ts;
  }
  if (ts >= -9007199254740991n && ts <= 9007199254740991n) return Number(ts);
  return ts;
}

/** ts - base with Java long semantics (wraps in int64, as Kafka's producer does). */
function timestampDelta(ts: number | bigint, base: number | bigint): number | bigint {
  if (typeof ts === 'number' && typeof base === 'number') {
    const d = ts - base;
    if (Number.isSafeInteger(d)) return d;
  }
  return BigInt.asIntN(64, BigInt(ts) - BigInt(base));
}

function writeInt64(buf: Buffer, offset: number, value: number | bigint): void {
  if (typeof value === 'number') {
    // Safe integers only: split without bigint.
    const hi = Math.floor(value / TWO_32);
    buf.writeInt32BE(hi, offset);
    buf.writeUInt32BE(value - hi * TWO_32, offset + 4);
  } else {
    buf.writeBigInt64BE(BigInt.asIntN(64, value), offset);
  }
}

function headersSize(headers: readonly RecordHeader[]): number {
  let size = sizeOfVarInt(headers.length);
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const keyLen = Buffer.byteLength(h.key, 'utf8');
    size += sizeOfVarInt(keyLen) + keyLen;
    size += h.value === null ? 1 : sizeOfVarInt(h.value.length) + h.value.length;
  }
  return size;
}

/**
 * Encodes records as one RecordBatch v2 with its CRC. baseTimestamp is the
 * first record's timestamp (as Kafka's producer does); maxTimestamp is the
 * largest unless given. An empty batch gets timestamps -1 (NO_TIMESTAMP).
 */
export function encodeRecordBatch(input: EncodeRecordBatchInput): Buffer {
  const records = input.records;
  const count = records.length;
  const compression = input.compression ?? CompressionCodec.none;

  // Pass 1: timestamps, deltas and record sizes.
  const deltas: (number | bigint)[] = new Array<number | bigint>(count);
  const bodySizes = new Int32Array(count);
  let baseTimestamp: number | bigint = -1;
  let maxTimestamp: number | bigint = -1;
  let recordsSize = 0;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    const ts = normalizeTimestamp(r.timestamp);
    if (i === 0) {
      baseTimestamp = ts;
      maxTimestamp = ts;
    } else if (ts > maxTimestamp) {
      maxTimestamp = ts;
    }
    const delta = timestampDelta(ts, baseTimestamp);
    deltas[i] = delta;
    const offsetDelta = r.offsetDelta ?? i;
    if ((offsetDelta | 0) !== offsetDelta) throw new RangeError(`Record ${i} offsetDelta ${offsetDelta} is not an int32`);
    const key = r.key;
    const value = r.value;
    let body =
      1 + // attributes
      sizeOfVarLong(delta) +
      sizeOfVarInt(offsetDelta) +
      (key === null ? 1 : sizeOfVarInt(key.length) + key.length) +
      (value === null ? 1 : sizeOfVarInt(value.length) + value.length);
    body += r.headers === undefined || r.headers.length === 0 ? 1 : headersSize(r.headers);
    bodySizes[i] = body;
    recordsSize += sizeOfVarInt(body) + body;
  }
  if (input.maxTimestamp !== undefined) maxTimestamp = normalizeTimestamp(input.maxTimestamp);
  const lastOffsetDelta = count === 0 ? 0 : (records[count - 1]!.offsetDelta ?? count - 1);

  // Pass 2: records, straight into the batch when uncompressed.
  let out: Buffer;
  if (compression === CompressionCodec.none) {
    checkBatchSize(BATCH_HEADER_SIZE + recordsSize);
    out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + recordsSize);
    writeRecords(out, RECORDS_OFFSET, records, deltas, bodySizes);
  } else {
    const raw = Buffer.allocUnsafe(recordsSize);
    writeRecords(raw, 0, records, deltas, bodySizes);
    const packed = compress(compression, raw);
    checkBatchSize(BATCH_HEADER_SIZE + packed.length);
    out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + packed.length);
    packed.copy(out, RECORDS_OFFSET);
  }

  // Header, then the CRC over attributes → end.
  let attributes: number = compression & COMPRESSION_MASK;
  if (input.timestampType === TimestampType.logAppendTime) attributes |= TIMESTAMP_TYPE_MASK;
  if (input.isTransactional === true) attributes |= TRANSACTIONAL_MASK;
  if (input.isControl === true) attributes |= CONTROL_MASK;
  out.writeBigInt64BE(input.baseOffset ?? 0n, BASE_OFFSET_OFFSET);
  out.writeInt32BE(out.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  out.writeInt32BE(input.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH, PARTITION_LEADER_EPOCH_OFFSET);
  out[MAGIC_OFFSET] = MAGIC_V2;
  out.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  out.writeInt32BE(lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(out, BASE_TIMESTAMP_OFFSET, baseTimestamp);
  writeInt64(out, MAX_TIMESTAMP_OFFSET, maxTimestamp);
  out.writeBigInt64BE(input.producerId ?? NO_PRODUCER_ID, PRODUCER_ID_OFFSET);
  out.writeInt16BE(input.producerEpoch ?? NO_PRODUCER_EPOCH, PRODUCER_EPOCH_OFFSET);
  out.writeInt32BE(input.baseSequence ?? NO_SEQUENCE, BASE_SEQUENCE_OFFSET);
  out.writeInt32BE(count, RECORD_COUNT_OFFSET);
  out.writeUInt32BE(crc32c(out.subarray(CRC_START)), CRC_OFFSET);
  return out;
}

function checkBatchSize(size: number): void {
  if (size - LOG_OVERHEAD > INT32_MAX) {
    throw new RangeError(`Record batch of ${size} bytes does not fit Kafka's int32 batch length`);
  }
}

function writeRecords(
  out: Buffer,
  start: number,
  records: readonly RecordInput[],
  deltas: readonly (number | bigint)[],
  bodySizes: Int32Array,
): void {
  let pos = start;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    pos = writeVarInt(out, pos, bodySizes[i]!);
    out[pos++] = 0; // record attributes: unused
    pos = writeVarLong(out, pos, deltas[i]!);
    pos = writeVarInt(out, pos, r.offsetDelta ?? i);
    const key = r.key;
    if (key === null) {
      out[pos++] = 1; // zigzag(-1)
    } else {
      pos = writeVarInt(out, pos, key.length);
      out.set(key, pos);
      pos += key.length;
    }
    const value = r.value;
    if (value === null) {
      out[pos++] = 1;
    } else {
      pos = writeVarInt(out, pos, value.length);
      out.set(value, pos);
      pos += value.length;
    }
    const headers = r.headers;
    if (headers === undefined || headers.length === 0) {
      out[pos++] = 0;
    } else {
      pos = writeVarInt(out, pos, headers.length);
      for (let j = 0; j < headers.length; j++) {
        const h = headers[j]!;
        const keyLen = Buffer.byteLength(h.key, 'utf8');
        pos = writeVarInt(out, pos, keyLen);
        pos += out.write(h.key, pos, keyLen, 'utf8');
        if (h.value === null) {
          out[pos++] = 1;
        } else {
          pos = writeVarInt(out, pos, h.value.length);
          out.set(h.value, pos);
          pos += h.value.length;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// decode

/**
 * Decodes one complete batch: checks sizes, magic and CRC, decompresses, and
 * parses every record. `batch` must hold exactly one batch (split concatenated
 * batches with `iterateBatches`). Every inconsistency is a CorruptRecordError;
 * an unknown or unsupported codec is an UnsupportedCompressionError.
 */
export function decodeRecordBatch(batch: Uint8Array, options: DecodeRecordBatchOptions = {}): DecodedRecordBatch {
  const header = readBatchHeader(batch);
  const buf = Buffer.isBuffer(batch) ? batch : Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  if (header.sizeInBytes !== buf.length) {
    throw new CorruptRecordError(
      `Record batch is ${header.sizeInBytes} bytes but ${buf.length} were given; split concatenated batches with iterateBatches`,
    );
  }
  let data: Buffer;
  let start: number;
  let end: number;
  if (header.compression === CompressionCodec.none) {
    data = buf;
    start = RECORDS_OFFSET;
    end = header.sizeInBytes;
  } else {
    data = decompress(
      header.compression,
      buf.subarray(RECORDS_OFFSET, header.sizeInBytes),
      options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    );
    start = 0;
    end = data.length;
  }
  const records = decodeRecords(data, start, end, header);
  return { ...header, records };
}

/** Decodes every batch of a buffer holding back-to-back batches (a fetch response). */
export function* decodeRecordBatches(
  batches: Uint8Array,
  options: DecodeRecordBatchOptions = {},
): Generator<DecodedRecordBatch, void, undefined> {
  for (const batch of iterateBatches(batches)) yield decodeRecordBatch(batch, options);
}

/**
 * Checks, without decoding keys, values or headers, that a batch holds exactly
 * `recordCount` records with offset deltas 0, 1, 2, …, and nothing after them
 * — what a leader must know before it assigns the batch that many offsets: a
 * count the records do not match would make a partition's offsets jump (by up
 * to 2^31 per batch), or poison it for every consumer that decodes it. Walks
 * record lengths only; a compressed batch is decompressed under the limit.
 * Throws CorruptRecordError.
 */
export function checkBatchRecords(batch: Uint8Array, header: RecordBatchHeader, options: DecodeRecordBatchOptions = {}): void {
  const buf = Buffer.isBuffer(batch) ? batch : Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  const compressed = header.compression !== CompressionCodec.none;
  const data = compressed
    ? decompress(header.compression, buf.subarray(RECORDS_OFFSET, header.sizeInBytes), options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES)
    : buf;
  const end = compressed ? data.length : header.sizeInBytes;
  const cur: Cursor = { pos: compressed ? 0 : RECORDS_OFFSET };
  let count = 0;
  while (cur.pos < end) {
    const length = readVarInt(data, cur, end);
    const bodyStart = cur.pos;
    if (length < MIN_RECORD_BODY_SIZE || length > end - bodyStart) corrupt(count, `length ${length} is impossible with ${end - bodyStart} bytes left`);
    const recEnd = bodyStart + length;
    cur.pos++; // attributes
    readVarLongFast(data, cur, recEnd); // timestamp delta
    const offsetDelta = readVarInt(data, cur, recEnd);
    if (offsetDelta !== count) corrupt(count, `offset delta ${offsetDelta}, expected ${count}`);
    cur.pos = recEnd;
    count++;
  }
  if (count !== header.recordCount) {
    throw new CorruptRecordError(`Record batch claims ${header.recordCount} records but holds ${count}`);
  }
}

function corrupt(index: number, what: string): never {
  throw new CorruptRecordError(`Record ${index} in the batch is corrupt: ${what}`);
}

function decodeRecords(data: Buffer, start: number, end: number, header: RecordBatchHeader): DecodedRecord[] {
  const count = header.recordCount;
  if (count * MIN_RECORD_SIZE > end - start) {
    throw new CorruptRecordError(`Record batch claims ${count} records but has only ${end - start} bytes of records`);
  }
  const records = new Array<DecodedRecord>(count);
  const cur: Cursor = { pos: start };

  const baseOffsetBig = header.baseOffset;
  const baseOffsetNum = Number(baseOffsetBig);
  const offsetFast = Number.isSafeInteger(baseOffsetNum) && Math.abs(baseOffsetNum) < 2 ** 52;
  const logAppendTime = header.timestampType === TimestampType.logAppendTime;
  const maxTimestamp = header.maxTimestamp;
  const baseTsBig = header.baseTimestamp;
  const baseTsNum = Number(baseTsBig);
  const tsFast = Number.isSafeInteger(baseTsNum) && Math.abs(baseTsNum) < 2 ** 52;

  for (let i = 0; i < count; i++) {
    const length = readVarInt(data, cur, end);
    const bodyStart = cur.pos;
    if (length < MIN_RECORD_BODY_SIZE || length > end - bodyStart) {
      corrupt(i, `length ${length} is impossible with ${end - bodyStart} bytes left`);
    }
    const recEnd = bodyStart + length;
    const attributes = data[cur.pos++]!;
    const tsDelta = readVarLongFast(data, cur, recEnd);
    const offsetDelta = readVarInt(data, cur, recEnd);

    let key: Buffer | null = null;
    const keyLen = readVarInt(data, cur, recEnd);
    if (keyLen !== -1) {
      if (keyLen < 0 || keyLen > recEnd - cur.pos) corrupt(i, `key length ${keyLen} runs past the record`);
      key = data.subarray(cur.pos, cur.pos + keyLen);
      cur.pos += keyLen;
    }
    let value: Buffer | null = null;
    const valueLen = readVarInt(data, cur, recEnd);
    if (valueLen !== -1) {
      if (valueLen < 0 || valueLen > recEnd - cur.pos) corrupt(i, `value length ${valueLen} runs past the record`);
      value = data.subarray(cur.pos, cur.pos + valueLen);
      cur.pos += valueLen;
    }

    let headers: readonly DecodedHeader[] = EMPTY_HEADERS;
    const headerCount = readVarInt(data, cur, recEnd);
    if (headerCount !== 0) {
      if (headerCount < 0 || headerCount * MIN_HEADER_SIZE > recEnd - cur.pos) {
        corrupt(i, `header count ${headerCount} is impossible with ${recEnd - cur.pos} bytes left`);
      }
      headers = decodeHeaders(data, cur, recEnd, headerCount, i);
    }
    if (cur.pos !== recEnd) corrupt(i, `${recEnd - cur.pos} unread bytes at its end (length ${length})`);

    let timestamp: bigint;
    if (logAppendTime) {
      timestamp = maxTimestamp;
    } else if (tsFast && typeof tsDelta === 'number') {
      timestamp = BigInt(baseTsNum + tsDelta);
    } else {
      timestamp = BigInt.asIntN(64, baseTsBig + BigInt(tsDelta));
    }
    const offset = offsetFast ? BigInt(baseOffsetNum + offsetDelta) : baseOffsetBig + BigInt(offsetDelta);

    records[i] = { attributes, offsetDelta, offset, timestamp, key, value, headers };
  }
  if (cur.pos !== end) {
    throw new CorruptRecordError(`Record batch has ${end - cur.pos} bytes after its ${count} records`);
  }
  return records;
}

function decodeHeaders(data: Buffer, cur: Cursor, recEnd: number, count: number, index: number): DecodedHeader[] {
  const headers = new Array<DecodedHeader>(count);
  for (let j = 0; j < count; j++) {
    const keyLen = readVarInt(data, cur, recEnd);
    if (keyLen < 0 || keyLen > recEnd - cur.pos) corrupt(index, `header ${j} key length ${keyLen} is invalid`);
    const key = data.toString('utf8', cur.pos, cur.pos + keyLen);
    cur.pos += keyLen;
    let value: Buffer | null = null;
    const valueLen = readVarInt(data, cur, recEnd);
    if (valueLen !== -1) {
      if (valueLen < 0 || valueLen > recEnd - cur.pos) corrupt(index, `header ${j} value length ${valueLen} is invalid`);
      value = data.subarray(cur.pos, cur.pos + valueLen);
      cur.pos += valueLen;
    }
    headers[j] = { key, value };
  }
  return headers;
}
