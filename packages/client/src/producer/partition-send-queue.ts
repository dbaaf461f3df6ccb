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

/** What the queue needs to know about a batch. */
export interface SequencedBatch {
  /** Close order within the partition (strictly increasing). */
  readonly id: number;
  /** First record's sequence, or -1 without idempotence. */
  baseSequence: number;
  readonly recordCount: number;
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
  /** Sequence the leader expects next, as far as acknowledgements tell. */
  private expected = 0;
  private nextId = 0;

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
    this.inFlight.push(head);
    if (this.serial && this.idempotent && head.baseSequence !== this.expected) {
      return { batch: head, resequenceTo: this.expected };
    }
    return { batch: head };
  }

  /** The leader acknowledged `batch`. */
  onSuccess(batch: B): void {
    this.removeInFlight(batch);
    if (this.idempotent) {
      const after = addSequence(batch.baseSequence, batch.recordCount);
      // With pipelining, acknowledgements of later batches can arrive first; keep the furthest.
      if (this.isLaterOrEqual(after, this.expected)) this.expected = after;
    }
    if (this.serial && this.inFlight.length === 0 && this.pendingConsistent()) this.serial = false;
  }

  /** A send of `batch` failed; says whether to send it again or fail it. */
  onFailure(batch: B, kind: FailureKind): FailureDecision {
    this.removeInFlight(batch);
    let decision: FailureDecision;
    if (kind === FailureKind.retriable) decision = 'retry';
    else if (kind === FailureKind.outOfOrder) decision = this.serial || this.hasEarlier(batch) ? 'retry' : 'fail';
    else decision = 'fail';
    this.serial = true;
    if (decision === 'retry') {
      this.insertPending(batch);
    } else if (this.idempotent) {
      // Never written: later batches take its sequences.
      this.nextSeq = (this.nextSeq - batch.recordCount + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
    }
    return decision;
  }

  /** Re-encoded with a new base sequence (after a batch before it failed for good). */
  resequenced(batch: B, baseSequence: number): void {
    batch.baseSequence = baseSequence;
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

  private pendingConsistent(): boolean {
    if (!this.idempotent) return true;
    let seq = this.expected;
    for (const b of this.pending) {
      if (b.baseSequence !== seq) return false;
      seq = addSequence(seq, b.recordCount);
    }
    return true;
  }

  /** a >= b in wrapped sequence space (within half the range). */
  private isLaterOrEqual(a: number, b: number): boolean {
    const d = (a - b + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
    return d < SEQUENCE_MODULUS / 2;
  }
}
