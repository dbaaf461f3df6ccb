// Idempotent-producer state of one partition (docs/architecture.md §11), pure: per producer
// id, the epoch and the last few batches' sequence ranges with their offsets.
// Every replica applies the same entries in the same order, so every replica
// holds the same table and a new leader deduplicates as the old one did.

/** Batches remembered per producer, as Kafka does (max.in.flight.requests.per.connection). */
export const PRODUCER_BATCHES_KEPT = 5;

export interface SequencedBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
  lastOffset: number;
}

export interface ProducerEntry {
  epoch: number;
  batches: SequencedBatch[];
}

export type SequenceCheck =
  | { kind: 'ok' }
  | { kind: 'duplicate'; baseOffset: number; lastOffset: number }
  | { kind: 'error'; code: 'OUT_OF_ORDER_SEQUENCE' | 'INVALID_PRODUCER_EPOCH' | 'DUPLICATE_SEQUENCE'; message: string };

const INT32_MAX = 0x7fffffff;

/** Sequence numbers wrap from INT32_MAX to 0 (Kafka). */
export function nextSequence(seq: number, delta = 1): number {
  const n = seq + delta;
  return n > INT32_MAX ? n - INT32_MAX - 1 : n;
}

export class ProducerStateTable {
  private readonly producers = new Map<string, ProducerEntry>();

  get size(): number {
    return this.producers.size;
  }

  /** Decides what to do with a batch of `recordCount` records starting at `baseSeq`. */
  check(producerId: bigint, epoch: number, baseSeq: number, recordCount: number): SequenceCheck {
    const p = this.producers.get(producerId.toString());
    if (!p) {
      // A producer this partition has never seen starts at sequence 0. Its state is
      // never dropped here (it lives in the snapshot), so a later sequence means an
      // earlier batch has not arrived yet: concurrent calls of a fresh producer can
      // reach the leader out of order. Accepting it would leave the earlier batch
      // answered DUPLICATE_SEQUENCE though it was never written.
      if (baseSeq === 0) return { kind: 'ok' };
      return {
        kind: 'error',
        code: 'OUT_OF_ORDER_SEQUENCE',
        message: `producer ${producerId} has written nothing to this partition yet; its first batch must start at sequence 0, got ${baseSeq}`,
      };
    }
    if (epoch < p.epoch) {
      return { kind: 'error', code: 'INVALID_PRODUCER_EPOCH', message: `producer ${producerId} epoch ${epoch} is older than the current epoch ${p.epoch}` };
    }
    if (epoch > p.epoch) {
      if (baseSeq === 0) return { kind: 'ok' };
      return { kind: 'error', code: 'OUT_OF_ORDER_SEQUENCE', message: `producer ${producerId} started epoch ${epoch} at sequence ${baseSeq}; a new epoch starts at 0` };
    }
    const lastSeq = nextSequence(baseSeq, Math.max(0, recordCount - 1));
    for (const b of p.batches) {
      if (b.firstSeq === baseSeq && b.lastSeq === lastSeq) return { kind: 'duplicate', baseOffset: b.baseOffset, lastOffset: b.lastOffset };
    }
    const last = p.batches[p.batches.length - 1];
    if (!last || baseSeq === nextSequence(last.lastSeq)) return { kind: 'ok' };
    const first = p.batches[0] as SequencedBatch;
    if (seqBefore(baseSeq, first.firstSeq) || seqBefore(baseSeq, last.lastSeq) || baseSeq === last.lastSeq) {
      return {
        kind: 'error',
        code: 'DUPLICATE_SEQUENCE',
        message: `producer ${producerId} sequence ${baseSeq} overlaps sequences already written (or older than the ${PRODUCER_BATCHES_KEPT} batches remembered); it was not written again`,
      };
    }
    return {
      kind: 'error',
      code: 'OUT_OF_ORDER_SEQUENCE',
      message: `producer ${producerId} epoch ${epoch}: expected sequence ${nextSequence(last.lastSeq)}, got ${baseSeq}`,
    };
  }

  /**
   * The sequence the next batch of this producer and epoch must start at to be
   * accepted, or 'fenced' when the epoch is older than the producer's.
   */
  expectedSequence(producerId: bigint, epoch: number): number | 'fenced' {
    const p = this.producers.get(producerId.toString());
    if (!p || epoch > p.epoch) return 0;
    if (epoch < p.epoch) return 'fenced';
    const last = p.batches[p.batches.length - 1];
    return last ? nextSequence(last.lastSeq) : 0;
  }

  /** Records an accepted batch. */
  record(producerId: bigint, epoch: number, batch: SequencedBatch): void {
    const key = producerId.toString();
    let p = this.producers.get(key);
    if (!p || epoch !== p.epoch) {
      p = { epoch, batches: [] };
      this.producers.set(key, p);
    }
    p.batches.push(batch);
    if (p.batches.length > PRODUCER_BATCHES_KEPT) p.batches.shift();
  }

  toJSON(): [string, ProducerEntry][] {
    return [...this.producers];
  }

  static fromJSON(rows: readonly [string, ProducerEntry][]): ProducerStateTable {
    const t = new ProducerStateTable();
    for (const [k, v] of rows) t.producers.set(k, { epoch: v.epoch, batches: v.batches.map((b) => ({ ...b })) });
    return t;
  }
}

/** a is before b in sequence space, allowing for wrap-around within half the range. */
export function seqBefore(a: number, b: number): boolean {
  const d = b - a;
  return (d > 0 && d < 0x40000000) || d < -0x40000000;
}
