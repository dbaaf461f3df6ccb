// Per-partition ordering and idempotence rules, pure (no I/O, no timers):
// - sequences are assigned when a batch closes, so close order = sequence order;
// - at most `maxInFlight` batches of a partition are on the wire at once;
// - after a failure the partition goes serial: nothing new is sent until every
//   in-flight batch has come back, then batches go one at a time from the
//   earliest unacknowledged one, with their ORIGINAL bytes and sequence, so the
//   leader deduplicates a batch it already wrote and nothing is reordered;
// - a batch that failed for good (never written) is dropped and the sequences
//   of later batches shift down; such batches must be re-encoded (`resequenceTo`).
// Pipelining resumes once the queue is consistent again.

/** Sequence numbers are int32 and wrap to 0 past 2^31 - 1 (Kafka's rule). */
export const SEQUENCE_MODULUS = 2 ** 31;

export function addSequence(seq: number, n: number): number {
  return (seq + n) % SEQUENCE_MODULUS;
}

export function subSequence(seq: number, n: number): number {
  return (((seq - n) % SEQUENCE_MODULUS) + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
}

/** What the queue needs to know about a batch. */
export interface SequencedBatch {
  /** Close order within the partition (strictly increasing). */
  readonly id: number;
  /** First record's sequence, or -1 without idempotence. */
  baseSequence: number;
  readonly recordCount: number;
  /**
   * Set by the queue: an earlier batch was on the wire when this one was sent.
   * Concurrent gRPC calls may reach the leader in any order, so such a batch can
   * be answered OUT_OF_ORDER_SEQUENCE even after the earlier one succeeded.
   */
  sentBehind?: boolean;
}

/** How a send failed, from the queue's point of view. */
export const FailureKind = {
  /** May succeed if sent again (the leader may or may not have written it). */
  retriable: 'retriable',
  /** OUT_OF_ORDER_SEQUENCE: an earlier batch is missing at the leader. */
  outOfOrder: 'out-of-order',
  /** Will never succeed; the leader did not write it. */
  fatal: 'fatal',
} as const;
export type FailureKind = (typeof FailureKind)[keyof typeof FailureKind];

/** What to do with a failed batch. */
export type FailureDecision = 'retry' | 'fail';

/** A batch to put on the wire now; re-encode it with `resequenceTo` first when set. */
export interface SendTicket<B> {
  batch: B;
  resequenceTo?: number;
}

export class PartitionSendQueue<B extends SequencedBatch> {
  private readonly pending: B[] = [];
  private readonly inFlight: B[] = [];
  private serial = false;
  private nextSeq = 0;
  private nextId = 0;
  /**
   * Sequences batches must be re-encoded with because an earlier batch failed for
   * good. Only fatal failures shift sequences: an acknowledgement says nothing about
   * batches whose outcome is unknown (a lost response), which keep their bytes.
   */
  private readonly shifted = new Map<B, number>();

  constructor(
    private readonly maxInFlight: number,
    private readonly idempotent: boolean,
  ) {}

  /** Allocates the id and base sequence for a batch of `count` records being closed. */
  allocate(count: number): { id: number; baseSequence: number } {
    const id = this.nextId++;
    if (!this.idempotent) return { id, baseSequence: -1 };
    const baseSequence = this.nextSeq;
    this.nextSeq = addSequence(this.nextSeq, count);
    return { id, baseSequence };
  }

  enqueue(batch: B): void {
    this.insertPending(batch);
  }

  /** The next batch to send now, if the rules allow one; it counts as in flight. */
  next(): SendTicket<B> | undefined {
    const head = this.pending[0];
    if (!head) return undefined;
    if (this.serial ? this.inFlight.length > 0 : this.inFlight.length >= this.maxInFlight) return undefined;
    this.pending.shift();
    head.sentBehind = this.inFlight.some((b) => b.id < head.id);
    this.inFlight.push(head);
    const target = this.shifted.get(head);
    if (target !== undefined && target !== head.baseSequence) return { batch: head, resequenceTo: target };
    return { batch: head };
  }

  /** The leader acknowledged `batch`. */
  onSuccess(batch: B): void {
    this.removeInFlight(batch);
    this.shifted.delete(batch);
    if (this.serial && this.inFlight.length === 0 && this.pendingConsistent()) this.serial = false;
  }

  /** A send of `batch` failed; says whether to send it again or fail it. */
  onFailure(batch: B, kind: FailureKind): FailureDecision {
    this.removeInFlight(batch);
    let decision: FailureDecision;
    if (kind === FailureKind.retriable) decision = 'retry';
    else if (kind === FailureKind.outOfOrder) decision = this.serial || batch.sentBehind === true || this.hasEarlier(batch) ? 'retry' : 'fail';
    else decision = 'fail';
    this.serial = true;
    if (decision === 'retry') {
      this.insertPending(batch);
    } else {
      this.shifted.delete(batch);
      if (this.idempotent) {
        // Never written: every later batch (queued, or in flight and bound to come
        // back out of order) takes sequences `recordCount` lower.
        const n = batch.recordCount;
        for (const b of [...this.pending, ...this.inFlight]) {
          if (b.id > batch.id) this.shifted.set(b, subSequence(this.shifted.get(b) ?? b.baseSequence, n));
        }
        this.nextSeq = subSequence(this.nextSeq, n);
      }
    }
    return decision;
  }

  /** Re-encoded with a new base sequence (after a batch before it failed for good). */
  resequenced(batch: B, baseSequence: number): void {
    batch.baseSequence = baseSequence;
    this.shifted.delete(batch);
  }

  get inFlightCount(): number {
    return this.inFlight.length;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get isSerial(): boolean {
    return this.serial;
  }

  get idle(): boolean {
    return this.pending.length === 0 && this.inFlight.length === 0;
  }

  /** Removes every queued batch (close): the caller fails them. */
  drain(): B[] {
    const all = [...this.inFlight, ...this.pending];
    this.pending.length = 0;
    this.inFlight.length = 0;
    this.shifted.clear();
    return all;
  }

  private insertPending(batch: B): void {
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.id > batch.id) i--;
    this.pending.splice(i, 0, batch);
  }

  private removeInFlight(batch: B): void {
    const i = this.inFlight.indexOf(batch);
    if (i >= 0) this.inFlight.splice(i, 1);
  }

  private hasEarlier(batch: B): boolean {
    return this.pending.some((b) => b.id < batch.id) || this.inFlight.some((b) => b.id < batch.id);
  }

  /** True when no queued batch still needs re-sequencing. */
  private pendingConsistent(): boolean {
    for (const b of this.pending) {
      const t = this.shifted.get(b);
      if (t !== undefined && t !== b.baseSequence) return false;
    }
    return true;
  }
}
