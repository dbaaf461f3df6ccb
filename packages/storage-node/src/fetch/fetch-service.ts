// Fetch and ListOffsets (DESIGN §3): committed data only, from partition
// leaders. A fetch long-polls: if fewer than min_bytes are available it
// waits, woken by commits (never by polling), until max_wait_ms.
import { EddyError, OffsetOutOfRangeError, decodeRecordBatch, type DecodedRecord } from '@eddy/protocol';
import type { StorageMetrics } from '../metrics/storage-metrics.js';
import type { PartitionReplica, ReadResult } from '../partition/partition-replica.js';
import type { ReplicaManager } from '../partition/replica-manager.js';

export const RecordFormat = { batches: 'batches', records: 'records' } as const;
export type RecordFormat = (typeof RecordFormat)[keyof typeof RecordFormat];

export interface FetchPartitionInput {
  topic: string;
  partition: number;
  offset: number;
  /** 0: bounded only by the request's maxBytes. */
  maxBytes: number;
}

export interface FetchInput {
  partitions: readonly FetchPartitionInput[];
  maxWaitMs: number;
  minBytes: number;
  /** 0: the server default. */
  maxBytes: number;
  format: RecordFormat;
}

export interface ConsumedRecordOutput {
  offset: number;
  timestampMs: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly { key: string; value: Buffer | null }[];
  leaderEpoch: number;
}

export type FetchedPartitionOutput =
  | { topic: string; partition: number; error: EddyError }
  | {
      topic: string;
      partition: number;
      error?: undefined;
      highWatermark: number;
      logStartOffset: number;
      /** Format batches: the stored batches back to back. */
      recordBatches: Buffer;
      /** Format records: decoded records at or after the requested offset. */
      records: ConsumedRecordOutput[];
      nextOffset: number;
    };

export type OffsetSpec = 'earliest' | 'latest' | 'timestamp';

export interface ListOffsetsInput {
  topic: string;
  partition: number;
  spec: OffsetSpec;
  timestampMs: number;
}

export type ListedOffsetOutput =
  | { topic: string; partition: number; error: EddyError }
  | { topic: string; partition: number; error?: undefined; offset: number; timestampMs: number; leaderEpoch: number };

export interface FetchServiceOptions {
  replicas: ReplicaManager;
  metrics?: StorageMetrics | undefined;
  /** Response bound when the request gives none (stays under the gRPC message limit). */
  defaultMaxBytes?: number;
  /** Longest long poll honoured. */
  maxWaitCapMs?: number;
}

export class FetchService {
  private readonly defaultMaxBytes: number;
  private readonly maxWaitCapMs: number;

  constructor(private readonly options: FetchServiceOptions) {
    this.defaultMaxBytes = options.defaultMaxBytes ?? 32 * 1024 * 1024;
    this.maxWaitCapMs = options.maxWaitCapMs ?? 30_000;
  }

  async fetch(input: FetchInput): Promise<FetchedPartitionOutput[]> {
    const started = process.hrtime.bigint();
    const deadline = Date.now() + Math.min(Math.max(0, input.maxWaitMs), this.maxWaitCapMs);
    // min_bytes 0 answers at once, as Kafka's fetch.min.bytes=0 does.
    const minBytes = Math.max(0, input.minBytes);
    for (;;) {
      const { results, bytes, waitOn } = await this.readOnce(input);
      const remaining = deadline - Date.now();
      if (bytes >= minBytes || remaining <= 0 || waitOn.length === 0 || results.some((r) => r.error)) {
        this.observe(results, started);
        return results;
      }
      await waitForAny(waitOn, remaining);
    }
  }

  private async readOnce(input: FetchInput): Promise<{ results: FetchedPartitionOutput[]; bytes: number; waitOn: PartitionReplica[] }> {
    let budget = input.maxBytes > 0 ? input.maxBytes : this.defaultMaxBytes;
    let bytes = 0;
    const results: FetchedPartitionOutput[] = [];
    const waitOn: PartitionReplica[] = [];
    for (const p of input.partitions) {
      try {
        const replica = this.options.replicas.replica(p.topic, p.partition);
        replica.ensureReadable();
        checkOffset(replica, p.offset);
        const limit = p.maxBytes > 0 ? Math.min(p.maxBytes, budget) : budget;
        // At least one batch overall, even if larger than the budget (else a large batch blocks the consumer).
        const read: ReadResult = limit > 0 || bytes === 0 ? await replica.read(p.offset, Math.max(limit, 1)) : emptyRead(replica, p.offset);
        budget -= read.bytes;
        bytes += read.bytes;
        waitOn.push(replica);
        results.push(toOutput(p, read, input.format));
      } catch (err) {
        results.push({ topic: p.topic, partition: p.partition, error: asEddyError(err) });
      }
    }
    return { results, bytes, waitOn };
  }

  private observe(results: FetchedPartitionOutput[], started: bigint): void {
    const m = this.options.metrics;
    if (!m) return;
    for (const r of results) {
      if (r.error) continue;
      if (r.recordBatches.length > 0) m.bytesOut.inc({ topic: r.topic }, r.recordBatches.length);
      if (r.records.length > 0) m.recordsOut.inc({ topic: r.topic }, r.records.length);
    }
    m.fetchDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  async listOffsets(partitions: readonly ListOffsetsInput[]): Promise<ListedOffsetOutput[]> {
    const out: ListedOffsetOutput[] = [];
    for (const p of partitions) {
      try {
        const replica = this.options.replicas.replica(p.topic, p.partition);
        replica.ensureReadable();
        const st = replica.state;
        const base = { topic: p.topic, partition: p.partition, leaderEpoch: replica.leaderEpoch };
        if (p.spec === 'earliest') out.push({ ...base, offset: st.logStartOffset, timestampMs: -1 });
        else if (p.spec === 'latest') out.push({ ...base, offset: st.highWatermark, timestampMs: -1 });
        else {
          const found = await replica.offsetForTimestamp(p.timestampMs);
          out.push({ ...base, offset: found?.offset ?? -1, timestampMs: found?.timestamp ?? -1, leaderEpoch: found?.leaderEpoch ?? -1 });
        }
      } catch (err) {
        out.push({ topic: p.topic, partition: p.partition, error: asEddyError(err) });
      }
    }
    return out;
  }
}

/** OFFSET_OUT_OF_RANGE unless logStart <= offset <= highWatermark. */
export function checkOffset(replica: PartitionReplica, offset: number): void {
  const st = replica.state;
  if (!Number.isSafeInteger(offset) || offset < st.logStartOffset || offset > st.highWatermark) {
    throw new OffsetOutOfRangeError(
      `offset ${offset} is outside ${replica.name}'s log [${st.logStartOffset}, ${st.highWatermark}]; read from an offset in that range`,
      { details: { logStartOffset: BigInt(st.logStartOffset), logEndOffset: BigInt(st.highWatermark), topic: replica.assignment.topic, partition: replica.assignment.partition } },
    );
  }
}

function emptyRead(replica: PartitionReplica, offset: number): ReadResult {
  return { batches: [], bytes: 0, nextOffset: offset, highWatermark: replica.state.highWatermark, logStartOffset: replica.state.logStartOffset };
}

function toOutput(p: FetchPartitionInput, read: ReadResult, format: RecordFormat): FetchedPartitionOutput {
  const base = { topic: p.topic, partition: p.partition, highWatermark: read.highWatermark, logStartOffset: read.logStartOffset, nextOffset: read.nextOffset };
  if (format === RecordFormat.records) {
    return { ...base, recordBatches: Buffer.alloc(0), records: decodeRecords(read.batches, p.offset) };
  }
  const recordBatches = read.batches.length === 1 ? (read.batches[0] as Buffer) : Buffer.concat(read.batches, read.bytes);
  return { ...base, recordBatches, records: [] };
}

/** Decoded records at or after `fromOffset` (the first batch may start before it). */
export function decodeRecords(batches: readonly Buffer[], fromOffset: number): ConsumedRecordOutput[] {
  const out: ConsumedRecordOutput[] = [];
  for (const b of batches) {
    const d = decodeRecordBatch(b);
    for (const r of d.records as DecodedRecord[]) {
      const offset = Number(r.offset);
      if (offset < fromOffset) continue;
      out.push({ offset, timestampMs: Number(r.timestamp), key: r.key, value: r.value, headers: r.headers, leaderEpoch: d.partitionLeaderEpoch });
    }
  }
  return out;
}

export function asEddyError(err: unknown): EddyError {
  return err instanceof EddyError ? err : new EddyError('UNKNOWN', err instanceof Error ? `internal error: ${err.message}` : 'internal error', { cause: err });
}

/** Resolves on the first change of any replica, or after `ms`. */
function waitForAny(replicas: readonly PartitionReplica[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const done = (): void => {
      clearTimeout(timer);
      for (const off of offs) off();
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const r of replicas) offs.push(r.onChange(done));
  });
}
