// The server's hot path over RecordBatch v2 bytes: validate and read the
// fixed header without decoding records, rewrite the fields a leader assigns,
// and split a buffer of back-to-back batches (what fetch returns).
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
  MIN_BATCH_LENGTH,
  MIN_RECORD_SIZE,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORD_COUNT_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  type TimestampType,
} from './batch-layout.js';
import { assertSupportedCodec, type CompressionCodec } from './compression.js';
import { crc32c } from './crc32c.js';

export interface RecordBatchHeader {
  baseOffset: bigint;
  /** The int32 length field: bytes after it (the batch is `batchLength + 12` bytes). */
  batchLength: number;
  /** Total bytes of this batch, header included. */
  sizeInBytes: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  compression: CompressionCodec;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  lastOffsetDelta: number;
  /** baseOffset + lastOffsetDelta: the offset the next batch starts after. */
  lastOffset: bigint;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface ReadBatchHeaderOptions {
  /** Skip the CRC check (only for bytes this process wrote or already checked). Default true. */
  verifyCrc?: boolean;
}

function asBuffer(buf: Uint8Array): Buffer {
  return Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Checks that `buf` starts with one complete batch and returns its size.
 * Only length fields are trusted after they are bound-checked here.
 */
function checkedBatchSize(buf: Buffer): number {
  if (buf.length < BATCH_HEADER_SIZE) {
    throw new CorruptRecordError(
      `Record batch is truncated: ${buf.length} bytes, shorter than the ${BATCH_HEADER_SIZE}-byte batch header`,
    );
  }
  const batchLength = buf.readInt32BE(BATCH_LENGTH_OFFSET);
  if (batchLength < MIN_BATCH_LENGTH) {
    throw new CorruptRecordError(`Record batch length ${batchLength} is below the minimum ${MIN_BATCH_LENGTH}`);
  }
  const size = batchLength + LOG_OVERHEAD;
  if (size > buf.length) {
    throw new CorruptRecordError(
      `Record batch is truncated: its length field says ${size} bytes but only ${buf.length} are present`,
    );
  }
  const magic = buf.readInt8(MAGIC_OFFSET);
  if (magic !== MAGIC_V2) {
    throw new CorruptRecordError(`Record batch magic is ${magic}; only magic 2 (RecordBatch v2) is supported`);
  }
  return size;
}

/** CRC-32C of a batch's checksummed range, attributes → end. */
export function computeBatchCrc(batch: Uint8Array): number {
  const buf = asBuffer(batch);
  const size = checkedBatchSize(buf);
  return crc32c(buf.subarray(CRC_START, size));
}

/** Whether the stored CRC matches the bytes. Throws CorruptRecordError only if the sizes are unreadable. */
export function verifyBatchCrc(batch: Uint8Array): boolean {
  const buf = asBuffer(batch);
  const size = checkedBatchSize(buf);
  return buf.readUInt32BE(CRC_OFFSET) === crc32c(buf.subarray(CRC_START, size));
}

/**
 * Validates sizes, magic and (by default) the CRC of the batch at the start of
 * `batch`, and reads its header without touching the records. Trailing bytes
 * after the batch are ignored: `sizeInBytes` says where it ends.
 */
export function readBatchHeader(batch: Uint8Array, options: ReadBatchHeaderOptions = {}): RecordBatchHeader {
  const buf = asBuffer(batch);
  const size = checkedBatchSize(buf);
  const crc = buf.readUInt32BE(CRC_OFFSET);
  if (options.verifyCrc !== false) {
    const actual = crc32c(buf.subarray(CRC_START, size));
    if (actual !== crc) {
      throw new CorruptRecordError(
        `Record batch CRC mismatch: stored 0x${crc.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}`,
      );
    }
  }
  const attributes = buf.readInt16BE(ATTRIBUTES_OFFSET);
  const compression = attributes & COMPRESSION_MASK;
  assertSupportedCodec(compression);
  const recordCount = buf.readInt32BE(RECORD_COUNT_OFFSET);
  if (recordCount < 0) throw new CorruptRecordError(`Record batch has a negative record count (${recordCount})`);
  if (compression === 0 && recordCount * MIN_RECORD_SIZE > size - BATCH_HEADER_SIZE) {
    throw new CorruptRecordError(
      `Record batch claims ${recordCount} records but has only ${size - BATCH_HEADER_SIZE} bytes of records`,
    );
  }
  const baseOffset = buf.readBigInt64BE(BASE_OFFSET_OFFSET);
  const lastOffsetDelta = buf.readInt32BE(LAST_OFFSET_DELTA_OFFSET);
  return {
    baseOffset,
    batchLength: size - LOG_OVERHEAD,
    sizeInBytes: size,
    partitionLeaderEpoch: buf.readInt32BE(PARTITION_LEADER_EPOCH_OFFSET),
    magic: MAGIC_V2,
    crc,
    attributes,
    compression,
    timestampType: (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? 1 : 0,
    isTransactional: (attributes & TRANSACTIONAL_MASK) !== 0,
    isControl: (attributes & CONTROL_MASK) !== 0,
    lastOffsetDelta,
    lastOffset: baseOffset + BigInt(lastOffsetDelta),
    baseTimestamp: buf.readBigInt64BE(BASE_TIMESTAMP_OFFSET),
    maxTimestamp: buf.readBigInt64BE(MAX_TIMESTAMP_OFFSET),
    producerId: buf.readBigInt64BE(PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(BASE_SEQUENCE_OFFSET),
    recordCount,
  };
}

export interface BatchHeaderRewrite {
  /** Outside the CRC: rewritten in place, the stored CRC stays valid. */
  baseOffset?: bigint;
  /** Outside the CRC: rewritten in place, the stored CRC stays valid. */
  partitionLeaderEpoch?: number;
  /**
   * Sets the LogAppendTime timestamp type with this time as maxTimestamp
   * (then every record's timestamp reads as this time, as in Kafka). Both live
   * INSIDE the CRC, so the old CRC is verified first and a new one is written:
   * a topic with `message.timestamp.type=LogAppendTime` pays one CRC pass per batch.
   */
  logAppendTime?: bigint | number;
}

/**
 * Rewrites, in place, the header fields a partition leader assigns when it
 * appends a batch. The batch must be complete (sizes are checked).
 */
export function rewriteBatchHeader(batch: Uint8Array, rewrite: BatchHeaderRewrite): void {
  const buf = asBuffer(batch);
  const size = checkedBatchSize(buf);
  if (rewrite.baseOffset !== undefined) buf.writeBigInt64BE(rewrite.baseOffset, BASE_OFFSET_OFFSET);
  if (rewrite.partitionLeaderEpoch !== undefined) {
    buf.writeInt32BE(rewrite.partitionLeaderEpoch, PARTITION_LEADER_EPOCH_OFFSET);
  }
  if (rewrite.logAppendTime !== undefined) {
    const body = buf.subarray(CRC_START, size);
    const stored = buf.readUInt32BE(CRC_OFFSET);
    const actual = crc32c(body);
    if (stored !== actual) {
      // Re-signing corrupt bytes would launder them; refuse instead.
      throw new CorruptRecordError(
        `Record batch CRC mismatch before setting LogAppendTime: stored 0x${stored.toString(16)}, computed 0x${actual.toString(16)}`,
      );
    }
    buf.writeInt16BE(buf.readInt16BE(ATTRIBUTES_OFFSET) | TIMESTAMP_TYPE_MASK, ATTRIBUTES_OFFSET);
    buf.writeBigInt64BE(BigInt(rewrite.logAppendTime), MAX_TIMESTAMP_OFFSET);
    buf.writeUInt32BE(crc32c(body), CRC_OFFSET);
  }
}

/**
 * Splits back-to-back batches (a fetch response, a stored range) into
 * zero-copy slices. Checks only that each batch's length is sane and
 * complete; call `readBatchHeader` / `decodeRecordBatch` on each slice to
 * validate it. A partial trailing batch is an error: Eddy stores and returns
 * whole batches.
 */
export function* iterateBatches(batches: Uint8Array): Generator<Buffer, void, undefined> {
  const buf = asBuffer(batches);
  let pos = 0;
  while (pos < buf.length) {
    const remaining = buf.length - pos;
    if (remaining < LOG_OVERHEAD) {
      throw new CorruptRecordError(`${remaining} trailing bytes after the last record batch are too few for a batch`);
    }
    const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    if (batchLength < MIN_BATCH_LENGTH) {
      throw new CorruptRecordError(
        `Record batch at byte ${pos} has length ${batchLength}, below the minimum ${MIN_BATCH_LENGTH}`,
      );
    }
    const size = batchLength + LOG_OVERHEAD;
    if (size > remaining) {
      throw new CorruptRecordError(
        `Record batch at byte ${pos} is truncated: ${size} bytes declared, ${remaining} present`,
      );
    }
    yield buf.subarray(pos, pos + size);
    pos += size;
  }
}
