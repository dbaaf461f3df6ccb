// Fetch and ListOffsets (docs/architecture.md §12): committed data only, from partition
// leaders. A fetch long-polls: if fewer than min_bytes are available it
// waits, woken by commits (never by polling), until max_wait_ms. What one
// answer may carry is bounded by the node's caps (read-budget.ts), and reads
// stop at that budget (budgeted-read.ts).
import { OffsetOutOfRangeError, toEddyError, type EddyError } from '@eddy/protocol';
import type { StorageMetrics } from '../metrics/storage-metrics.js';
import type { PartitionReplica } from '../partition/partition-replica.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import { readWithin, RecordFormat, type BudgetedRead, type ConsumedRecordOutput } from './budgeted-read.js';
import { DEFAULT_FETCH_CAPS, fetchBudgets, ReadBudget, type FetchBudgets, type FetchCaps } from './read-budget.js';

export { RecordFormat, type ConsumedRecordOutput } from './budgeted-read.js';

export interface FetchPartitionInput {
  topic: string;
  partition: number;
  offset: number;
  /** Beyond the partition's first batch; 0: no bound beyond the request's. Clamped to the answer's cap. Negative: INVALID_REQUEST. */
  maxBytes: number;
}

export interface FetchInput {
  partitions: readonly FetchPartitionInput[];
  maxWaitMs: number;
  minBytes: number;
  /** 0, or more than the node's cap: the cap. Negative: INVALID_REQUEST. */
  maxBytes: number;
  format: RecordFormat;
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
  /** Caps on one answer and on one partition in it (default DEFAULT_FETCH_CAPS); requests asking more are clamped. */
  caps?: Partial<FetchCaps>;
  /** Longest long poll honoured. */
  maxWaitCapMs?: number;
}

export class FetchService {
  private readonly caps: FetchCaps;
  private readonly maxWaitCapMs: number;

  constructor(private readonly options: FetchServiceOptions) {
    this.caps = { ...DEFAULT_FETCH_CAPS, ...options.caps };
    this.maxWaitCapMs = options.maxWaitCapMs ?? 30_000;
  }

  async fetch(input: FetchInput): Promise<FetchedPartitionOutput[]> {
    const started = process.hrtime.bigint();
    // Negative sizes are refused before anything is read; sizes over the caps are clamped.
    const budgets = fetchBudgets(input, this.caps);
    const deadline = Date.now() + Math.min(Math.max(0, input.maxWaitMs), this.maxWaitCapMs);
    for (;;) {
      const { results, bytes, limited, waitOn } = await this.readOnce(input, budgets);
      const remaining = deadline - Date.now();
      // min_bytes 0 answers at once, as Kafka's fetch.min.bytes=0 does. An answer the caps
      // cut short answers at once too: waiting would not let it carry more.
      if (bytes >= budgets.minBytes || limited || remaining <= 0 || waitOn.length === 0 || results.some((r) => r.error)) {
        this.observe(results, started);
        return results;
      }
      await waitForAny(waitOn, remaining);
    }
  }

  private async readOnce(input: FetchInput, budgets: FetchBudgets): Promise<{ results: FetchedPartitionOutput[]; bytes: number; limited: boolean; waitOn: PartitionReplica[] }> {
    let bytes = 0;
    let limited = false;
    const results: FetchedPartitionOutput[] = [];
    const waitOn: PartitionReplica[] = [];
    for (const [i, p] of input.partitions.entries()) {
      try {
        const replica = this.options.replicas.replica(p.topic, p.partition);
        replica.ensureReadable();
        checkOffset(replica, p.offset);
        // The answer's first batch is taken whatever its size (Kafka's rule: a large batch never
        // blocks a consumer); after it, no partition goes past what the answer has left.
        const budget = new ReadBudget(budgets.partitionBytes[i] as number, budgets.responseBytes - bytes, bytes === 0);
        const read = await readWithin(replica, p.offset, budget, input.format);
        bytes += read.bytes;
        limited ||= read.limited;
        waitOn.push(replica);
        results.push(toOutput(p, read, input.format));
      } catch (err) {
        results.push({ topic: p.topic, partition: p.partition, error: toEddyError(err) });
      }
    }
    return { results, bytes, limited, waitOn };
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
        if (p.spec === 'earliest') out.push({ ...base, offset: st.earliestOffset, timestampMs: -1 });
        else if (p.spec === 'latest') out.push({ ...base, offset: st.highWatermark, timestampMs: -1 });
        else {
          const found = await replica.offsetForTimestamp(p.timestampMs);
          out.push({ ...base, offset: found?.offset ?? -1, timestampMs: found?.timestamp ?? -1, leaderEpoch: found?.leaderEpoch ?? -1 });
        }
      } catch (err) {
        out.push({ topic: p.topic, partition: p.partition, error: toEddyError(err) });
      }
    }
    return out;
  }
}

/** OFFSET_OUT_OF_RANGE unless logStart <= offset <= highWatermark. */
export function checkOffset(replica: PartitionReplica, offset: number): void {
  const st = replica.state;
  if (!Number.isSafeInteger(offset) || offset < st.earliestOffset || offset > st.highWatermark) {
    throw new OffsetOutOfRangeError(
      `offset ${offset} is outside ${replica.name}'s log [${st.earliestOffset}, ${st.highWatermark}]; read from an offset in that range`,
      { details: { logStartOffset: BigInt(st.earliestOffset), logEndOffset: BigInt(st.highWatermark), topic: replica.assignment.topic, partition: replica.assignment.partition } },
    );
  }
}

function toOutput(p: FetchPartitionInput, read: BudgetedRead, format: RecordFormat): FetchedPartitionOutput {
  const base = { topic: p.topic, partition: p.partition, highWatermark: read.highWatermark, logStartOffset: read.logStartOffset, nextOffset: read.nextOffset };
  if (format === RecordFormat.records) return { ...base, recordBatches: Buffer.alloc(0), records: read.records };
  return { ...base, recordBatches: concatBatches(read.batches), records: [] };
}

/** The stored batches back to back (a single batch is not copied). */
export function concatBatches(batches: readonly Buffer[]): Buffer {
  if (batches.length === 1) return batches[0] as Buffer;
  return Buffer.concat(batches);
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
