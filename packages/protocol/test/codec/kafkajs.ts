// kafkajs's own RecordBatch v2 encoder/decoder, loaded from its sources, as an
// independent implementation to check ours against. Test-only: kafkajs is a
// devDependency and these are internal modules, typed here as narrowly as the
// tests need. LZ4/zstd codecs are registered the way kafkajs users do it
// (CompressionCodecs[type] = () => codec), built on the same libraries.
import { createRequire } from 'node:module';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import zstd from '@foxglove/wasm-zstd';

const require = createRequire(import.meta.url);

interface KafkaJsEncoder {
  buffer: Buffer;
}
interface KafkaJsRecordArgs {
  offsetDelta?: number;
  timestampDelta?: number | bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[]>;
}
interface KafkaJsBatchArgs {
  compression?: number;
  firstOffset?: unknown;
  firstTimestamp?: number | string;
  maxTimestamp?: number | string;
  partitionLeaderEpoch?: number;
  lastOffsetDelta?: number;
  transactional?: boolean;
  producerId?: unknown;
  producerEpoch?: number;
  firstSequence?: number;
  records: KafkaJsEncoder[];
}
export interface KafkaJsDecodedRecord {
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
}
export interface KafkaJsDecodedBatch {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp: string;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  records: KafkaJsDecodedRecord[];
}

const kafkajsRoot = 'kafkajs/src/protocol';

const { RecordBatch } = require(`${kafkajsRoot}/recordBatch/v0/index.js`) as {
  RecordBatch: (args: KafkaJsBatchArgs) => Promise<KafkaJsEncoder>;
};
const Record = require(`${kafkajsRoot}/recordBatch/record/v0/index.js`) as (args: KafkaJsRecordArgs) => KafkaJsEncoder;
const Decoder = require(`${kafkajsRoot}/decoder.js`) as new (buf: Buffer) => unknown;
const decodeBatch = require(`${kafkajsRoot}/recordBatch/v0/decoder.js`) as (
  decoder: unknown,
) => Promise<KafkaJsDecodedBatch>;
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: unknown): unknown };
const compression = require(`${kafkajsRoot}/message/compression/index.js`) as {
  Codecs: Record<number, () => unknown>;
};
/** kafkajs's pure-JS CRC-32C (a table implementation), independent of @node-rs/crc32. */
export const kafkajsCrc32c = require(`${kafkajsRoot}/recordBatch/crc32C/index.js`) as (buf: Buffer) => number;
/** kafkajs's murmur2 (built on its Long class), for cross-checking the partitioner. */
export const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (
  key: Buffer,
) => number;

compression.Codecs[3] = () => ({
  compress: async (encoder: KafkaJsEncoder) => compressFrameSync(encoder.buffer),
  decompress: async (buf: Buffer) => decompressFrameSync(buf),
});
compression.Codecs[4] = () => ({
  compress: async (encoder: KafkaJsEncoder) => {
    await zstd.isLoaded;
    return zstd.compress(encoder.buffer, 3);
  },
  // kafkajs hands over no size; a test batch stays far below 64 MiB.
  decompress: async (buf: Buffer) => {
    await zstd.isLoaded;
    return zstd.decompress(buf, 64 << 20);
  },
});

export interface PlainRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer }[];
  timestamp: bigint;
}

export interface KafkaJsEncodeOptions {
  compression?: number;
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
}

/** Encodes with kafkajs (what its producer does): baseTimestamp = first record's, deltas from it. */
export async function kafkajsEncode(records: readonly PlainRecord[], opts: KafkaJsEncodeOptions = {}): Promise<Buffer> {
  const first = records[0]?.timestamp ?? 0n;
  let max = first;
  const encoded = records.map((r, i) => {
    if (r.timestamp > max) max = r.timestamp;
    const headers: Record<string, Buffer | Buffer[]> = {};
    for (const h of r.headers) {
      const prev = headers[h.key];
      headers[h.key] = prev === undefined ? h.value : Array.isArray(prev) ? [...prev, h.value] : [prev, h.value];
    }
    return Record({ offsetDelta: i, timestampDelta: Number(r.timestamp - first), key: r.key, value: r.value, headers });
  });
  const batch = await RecordBatch({
    compression: opts.compression ?? 0,
    firstOffset: Long.fromValue((opts.baseOffset ?? 0n).toString()),
    firstTimestamp: first.toString(),
    maxTimestamp: max.toString(),
    partitionLeaderEpoch: opts.partitionLeaderEpoch ?? 0,
    lastOffsetDelta: Math.max(0, records.length - 1),
    transactional: opts.transactional ?? false,
    producerId: Long.fromValue((opts.producerId ?? -1n).toString()),
    producerEpoch: opts.producerEpoch ?? 0,
    firstSequence: opts.baseSequence ?? 0,
    records: encoded,
  });
  return batch.buffer;
}

export async function kafkajsDecode(buf: Buffer): Promise<KafkaJsDecodedBatch> {
  return decodeBatch(new Decoder(buf));
}

/** kafkajs folds headers into an object; flatten it back into (key, value) pairs in key order. */
export function flattenKafkajsHeaders(headers: KafkaJsDecodedRecord['headers']): { key: string; value: Buffer | null }[] {
  const out: { key: string; value: Buffer | null }[] = [];
  for (const [key, v] of Object.entries(headers)) {
    if (Array.isArray(v)) for (const x of v) out.push({ key, value: x });
    else out.push({ key, value: v });
  }
  return out;
}
