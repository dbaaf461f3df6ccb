// Byte layout of Kafka's RecordBatch v2 header (DefaultRecordBatch.java).
// Everything before CRC_START (base offset, length, leader epoch, magic, the
// CRC itself) sits outside the checksum, which is why a leader may rewrite the
// base offset and leader epoch of stored bytes without recomputing it.

export const BASE_OFFSET_OFFSET = 0; // int64
export const BATCH_LENGTH_OFFSET = 8; // int32: bytes after this field
export const PARTITION_LEADER_EPOCH_OFFSET = 12; // int32
export const MAGIC_OFFSET = 16; // int8
export const CRC_OFFSET = 17; // uint32, CRC-32C over [ATTRIBUTES_OFFSET, end)
export const ATTRIBUTES_OFFSET = 21; // int16
export const LAST_OFFSET_DELTA_OFFSET = 23; // int32
export const BASE_TIMESTAMP_OFFSET = 27; // int64
export const MAX_TIMESTAMP_OFFSET = 35; // int64
export const PRODUCER_ID_OFFSET = 43; // int64
export const PRODUCER_EPOCH_OFFSET = 51; // int16
export const BASE_SEQUENCE_OFFSET = 53; // int32
export const RECORD_COUNT_OFFSET = 57; // int32
export const RECORDS_OFFSET = 61;

/** Size of the fixed header, i.e. of a batch with no records. */
export const BATCH_HEADER_SIZE = RECORDS_OFFSET;
/** The part of the header that batchLength does not count (base offset + length). */
export const LOG_OVERHEAD = BATCH_LENGTH_OFFSET + 4;
export const MIN_BATCH_LENGTH = BATCH_HEADER_SIZE - LOG_OVERHEAD;
export const CRC_START = ATTRIBUTES_OFFSET;

export const MAGIC_V2 = 2;

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_MASK = 0x10;
export const CONTROL_MASK = 0x20;

/**
 * Smallest possible record: length(1) attributes(1) timestampDelta(1)
 * offsetDelta(1) key(1) value(1) headerCount(1). Bounds a hostile record
 * count against the bytes that are really there before anything is allocated.
 */
export const MIN_RECORD_SIZE = 7;
/** Smallest record body (what the record's length varint counts). */
export const MIN_RECORD_BODY_SIZE = MIN_RECORD_SIZE - 1;
/** Smallest header: key length(1) + value length(1). */
export const MIN_HEADER_SIZE = 2;

export const TimestampType = {
  createTime: 0,
  logAppendTime: 1,
} as const;

export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

/** Kafka's "no timestamp" (RecordBatch.NO_TIMESTAMP). */
export const NO_TIMESTAMP = -1n;
export const NO_PRODUCER_ID = -1n;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;
