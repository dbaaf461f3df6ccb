// Translation between the generated wire shapes (int64 as strings, enums as
// names) and the services' plain inputs and outputs. Every field a client
// controls is checked here or by the service; nothing is trusted.
import { CompressionCodec, InvalidRequestError, toErrorInfo, type wire } from '@eddy/protocol';
import type { RecordFormat, ConsumedRecordOutput, FetchedPartitionOutput, ListedOffsetOutput, OffsetSpec } from '../fetch/fetch-service.js';
import type { Acks } from '../partition/partition-replica.js';
import type { PlainRecordsInput } from '../produce/plain-records.js';

export function toInt(value: string | number | undefined, field: string): number {
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new InvalidRequestError(`${field} must be an integer, got ${String(value)}`);
  return n;
}

export function toAcks(acks: wire.Acks__Output): Acks {
  switch (acks) {
    case 'ACKS_NONE':
      return 'none';
    case 'ACKS_LEADER':
      return 'leader';
    default:
      return 'all';
  }
}

export function toCompression(c: wire.Compression__Output): CompressionCodec {
  switch (c) {
    case 'COMPRESSION_GZIP':
      return CompressionCodec.gzip;
    case 'COMPRESSION_LZ4':
      return CompressionCodec.lz4;
    case 'COMPRESSION_ZSTD':
      return CompressionCodec.zstd;
    default:
      return CompressionCodec.none;
  }
}

export function toFormat(f: wire.RecordFormat__Output): RecordFormat {
  return f === 'RECORD_FORMAT_RECORDS' ? 'records' : 'batches';
}

export function toSpec(s: wire.OffsetSpec__Output): OffsetSpec {
  switch (s) {
    case 'OFFSET_SPEC_EARLIEST':
      return 'earliest';
    case 'OFFSET_SPEC_TIMESTAMP':
      return 'timestamp';
    default:
      return 'latest';
  }
}

export function toPlainRecords(r: wire.PlainRecords__Output): PlainRecordsInput {
  let producerId: bigint;
  try {
    producerId = BigInt(r.producerId || '-1');
  } catch {
    throw new InvalidRequestError(`producer_id must be an integer, got ${r.producerId}`);
  }
  // proto3 zero default: producer id 0 with no epoch or sequence set means "not idempotent" for plain records.
  if (producerId === 0n && r.producerEpoch === 0 && r.baseSequence === 0) producerId = -1n;
  return {
    producerId,
    producerEpoch: r.producerEpoch,
    baseSequence: r.baseSequence,
    compression: toCompression(r.compression),
    records: r.records.map((rec, i) => ({
      key: rec.key ?? null,
      value: rec.value ?? null,
      headers: rec.headers.map((h) => ({ key: h.key, value: h.value ?? null })),
      timestampMs: toInt(rec.timestampMs, `records[${i}].timestamp_ms`),
    })),
  };
}

function toConsumedRecord(r: ConsumedRecordOutput): wire.ConsumedRecord {
  const out: wire.ConsumedRecord = {
    offset: r.offset,
    timestampMs: r.timestampMs,
    headers: r.headers.map((h) => (h.value === null ? { key: h.key } : { key: h.key, value: h.value })),
    leaderEpoch: r.leaderEpoch,
  };
  if (r.key !== null) out.key = r.key;
  if (r.value !== null) out.value = r.value;
  return out;
}

export function toConsumedRecords(records: readonly ConsumedRecordOutput[]): wire.ConsumedRecord[] {
  return records.map(toConsumedRecord);
}

export function toFetchedPartition(p: FetchedPartitionOutput): wire.FetchedPartition {
  if (p.error) return { topic: p.topic, partition: p.partition, error: toErrorInfo(p.error) };
  return {
    topic: p.topic,
    partition: p.partition,
    highWatermark: p.highWatermark,
    logStartOffset: p.logStartOffset,
    recordBatches: p.recordBatches,
    records: toConsumedRecords(p.records),
    nextOffset: p.nextOffset,
  };
}

export function toListedOffset(p: ListedOffsetOutput): wire.ListedOffset {
  if (p.error) return { topic: p.topic, partition: p.partition, error: toErrorInfo(p.error), offset: '-1', timestampMs: '-1' };
  return { topic: p.topic, partition: p.partition, offset: String(p.offset), timestampMs: String(p.timestampMs), leaderEpoch: p.leaderEpoch };
}
