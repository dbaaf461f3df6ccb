// Kafka RecordBatch v2 codec (docs/architecture.md §9): varints, CRC-32C, compression,
// batch header fast path, full record encode/decode.
export {
  type Cursor,
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
} from './varint.js';
export { crc32c } from './crc32c.js';
export {
  assertSupportedCodec,
  compress,
  CompressionCodec,
  compressionName,
  decompress,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
} from './compression.js';
export {
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  MAGIC_V2,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  TimestampType,
} from './batch-layout.js';
export {
  type BatchHeaderRewrite,
  computeBatchCrc,
  iterateBatches,
  readBatchHeader,
  type ReadBatchHeaderOptions,
  type RecordBatchHeader,
  rewriteBatchHeader,
  verifyBatchCrc,
} from './batch-header.js';
export {
  type DecodedHeader,
  type DecodedRecord,
  type DecodedRecordBatch,
  checkBatchRecords,
  decodeRecordBatch,
  decodeRecordBatches,
  type DecodeRecordBatchOptions,
  encodeRecordBatch,
  type EncodeRecordBatchInput,
  type RecordHeader,
  type RecordInput,
} from './record-batch.js';
