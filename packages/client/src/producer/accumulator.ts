// The record accumulator: per-partition open batches that close when they are
// `lingerMs` old or would grow past `batchBytes` (docs/architecture.md §18: carry many records
// per call). Pure: time comes in as arguments, closed batches go out as values.
// One timer in the producer wakes it at `nextDeadline()`; no timer per message.
import type { RecordInput } from '@eddy/protocol';

/** Fixed per-record overhead in a v2 batch, roughly (length, attributes, deltas, lengths). */
export const RECORD_OVERHEAD_BYTES = 21;
/** The v2 batch header. */
export const BATCH_OVERHEAD_BYTES = 61;

/** Estimated encoded size of one record before compression. */
export function estimateRecordBytes(record: RecordInput): number {
  let n = RECORD_OVERHEAD_BYTES + (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
  if (record.headers) for (const h of record.headers) n += h.key.length * 3 + (h.value?.byteLength ?? 0) + 4;
  return n;
}

/** A batch being filled (or just closed) for one partition. `R` is what the producer tracks per record. */
export interface AccumulatedBatch<R> {
  topic: string;
  partition: number;
  /** Requests with different acks never share a batch. */
  acks: string;
  records: RecordInput[];
  /** Per-record bookkeeping of the caller, parallel to `records`. */
  refs: R[];
  /** Estimated bytes (batch header included). */
  bytes: number;
  createdAt: number;
}

export interface AccumulatorOptions {
  lingerMs: number;
  batchBytes: number;
}

export class RecordAccumulator<R> {
  private readonly open = new Map<string, AccumulatedBatch<R>>();

  constructor(private readonly options: AccumulatorOptions) {}

  /**
   * Adds a record to its partition's open batch. Returns the batch that closed
   * because this record would not fit (the record then starts a new batch), if any.
   * A record larger than batchBytes gets a batch of its own.
   */
  append(topic: string, partition: number, acks: string, record: RecordInput, ref: R, bytes: number, now: number): AccumulatedBatch<R> | undefined {
    const key = `${topic}\u0000${partition}\u0000${acks}`;
    let batch = this.open.get(key);
    let closed: AccumulatedBatch<R> | undefined;
    if (batch && batch.records.length > 0 && batch.bytes + bytes > this.options.batchBytes) {
      closed = batch;
      this.open.delete(key);
      batch = undefined;
    }
    if (!batch) {
      batch = { topic, partition, acks, records: [], refs: [], bytes: BATCH_OVERHEAD_BYTES, createdAt: now };
      this.open.set(key, batch);
    }
    batch.records.push(record);
    batch.refs.push(ref);
    batch.bytes += bytes;
    return closed;
  }

  /**
   * Closes and returns batches that are full or at least lingerMs old. A batch
   * whose partition `canSend` refuses (its in-flight window is full) stays open
   * and keeps filling: under load batches grow instead of queueing one by one.
   */
  drainReady(now: number, canSend: (topic: string, partition: number) => boolean = always): AccumulatedBatch<R>[] {
    const ready: AccumulatedBatch<R>[] = [];
    for (const [key, batch] of this.open) {
      if (now - batch.createdAt >= this.options.lingerMs || batch.bytes >= this.options.batchBytes) {
        if (!canSend(batch.topic, batch.partition)) continue;
        ready.push(batch);
        this.open.delete(key);
      }
    }
    return ready;
  }

  /** Closes and returns every open batch (flush). */
  drainAll(): AccumulatedBatch<R>[] {
    const all = [...this.open.values()];
    this.open.clear();
    return all;
  }

  /**
   * When the oldest open batch's linger expires, or undefined when nothing is
   * open. Batches `canSend` holds back are left out: they are drained when
   * their partition can send again, not by a timer.
   */
  nextDeadline(canSend: (topic: string, partition: number) => boolean = always): number | undefined {
    let min: number | undefined;
    for (const b of this.open.values()) {
      if (!canSend(b.topic, b.partition)) continue;
      const d = b.createdAt + this.options.lingerMs;
      if (min === undefined || d < min) min = d;
    }
    return min;
  }

  get openBatchCount(): number {
    return this.open.size;
  }
}

function always(): boolean {
  return true;
}
