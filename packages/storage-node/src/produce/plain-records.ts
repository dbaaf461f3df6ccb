// Plain-record produce (docs/architecture.md §9): a client without a RecordBatch encoder
// sends records as messages and the node encodes them into one batch here.
import { CompressionCodec, InvalidRequestError, encodeRecordBatch, type RecordInput } from '@eddy/protocol';

export interface PlainRecordInput {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: readonly { key: string; value: Uint8Array | null }[];
  /** Milliseconds since the epoch; 0 means "the server's time". */
  timestampMs: number;
}

export interface PlainRecordsInput {
  records: readonly PlainRecordInput[];
  /** -1: not idempotent. */
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  compression: CompressionCodec;
}

export function encodePlainRecords(input: PlainRecordsInput, now: number): Buffer {
  if (input.records.length === 0) throw new InvalidRequestError('a produce request needs at least one record');
  const records: RecordInput[] = input.records.map((r) => ({
    key: r.key,
    value: r.value,
    headers: r.headers,
    timestamp: r.timestampMs > 0 ? r.timestampMs : now,
  }));
  const idempotent = input.producerId >= 0n;
  return encodeRecordBatch({
    compression: input.compression,
    producerId: idempotent ? input.producerId : -1n,
    producerEpoch: idempotent ? input.producerEpoch : -1,
    baseSequence: idempotent ? input.baseSequence : -1,
    records,
  });
}

export { CompressionCodec };
