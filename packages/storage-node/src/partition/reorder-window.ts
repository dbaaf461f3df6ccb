// The partition leader's reorder window for idempotent producers (docs/architecture.md §11),
// pure: no timers, no I/O; the replica passes the time in and proposes what
// this returns. A producer pipelines several Produce calls per partition and
// they can reach the leader out of order (a large batch's frames finish after a
// smaller later batch's). Proposed as they come, the later batch would be
// refused at apply (OUT_OF_ORDER_SEQUENCE) and the producer would fall back to
// one batch at a time. Instead a batch whose sequence is AHEAD of the next one
// expected is held until the missing batches have been proposed, then proposed
// in sequence order; after a short deadline it is proposed anyway and apply
// answers as it always did. Apply stays the only judge of sequences: this
// window only delays proposals and never decides an outcome, so duplicates,
// epochs and deduplication across leader changes are untouched.
//
// "Expected" is what apply will expect once the batches this leader proposed
// in order (and that have not settled yet) are applied: the sequence after the
// last such batch, else the applied producer table's.
import { PRODUCER_BATCHES_KEPT, nextSequence, seqBefore } from './producer-state.js';

export interface ReorderLimits {
  /** How long a batch ahead of a gap is held before it is proposed anyway (and refused at apply). */
  holdMs: number;
  /** Held batches per producer; more are proposed at once (Kafka's max in flight is 5). */
  maxHeldPerProducer: number;
  /** Bytes held per partition, all producers together. */
  maxHeldBytes: number;
}

// 300 ms: `pnpm bench produce --via client` (1 MiB batches, 4 in flight per partition,
// 2 shared cores at load 6–9) still saw 2–3 held batches per 10 s run expire at 150 ms
// and none at 300 ms. A longer hold costs only when the earlier batch never comes.
export const DEFAULT_REORDER_LIMITS: Readonly<ReorderLimits> = {
  holdMs: 300,
  maxHeldPerProducer: PRODUCER_BATCHES_KEPT,
  maxHeldBytes: 32 * 1024 * 1024,
};

/** The sequence fields of an arriving batch and its size. */
export interface SequencedArrival {
  producerId: bigint;
  epoch: number;
  baseSeq: number;
  recordCount: number;
  bytes: number;
}

/** The applied producer table, as the window reads it (ProducerStateTable). */
export interface AppliedSequences {
  expectedSequence(producerId: bigint, epoch: number): number | 'fenced';
}

/**
 * propose: propose the batch now; a `ticket` means it was counted as the next in
 * sequence and the caller calls `settled` once its proposal is applied or fails.
 * hold: the window keeps the batch; it comes back from release/expire/clear.
 */
export type Admission = { kind: 'propose'; ticket: number | undefined } | { kind: 'hold'; deadline: number };

/** A held batch to propose now, in the order returned. */
export interface Released<T> {
  payload: T;
  ticket: number | undefined;
  /** The deadline passed with the gap still open: apply will refuse it. */
  expired: boolean;
}

interface InFlight {
  ticket: number;
  epoch: number;
  nextSeq: number;
}

interface Held<T> {
  arrival: SequencedArrival;
  payload: T;
  deadline: number;
}

interface ProducerWindow<T> {
  inFlight: InFlight[];
  held: Held<T>[];
}

type Place = 'next' | 'ahead' | 'other';

export class ReorderWindow<T> {
  private readonly producers = new Map<string, ProducerWindow<T>>();
  private nextTicket = 1;
  private held = 0;
  private heldBytesTotal = 0;

  constructor(private readonly limits: Readonly<ReorderLimits> = DEFAULT_REORDER_LIMITS) {}

  get heldCount(): number {
    return this.held;
  }

  get heldBytes(): number {
    return this.heldBytesTotal;
  }

  /** Decides whether an arriving batch is proposed now or held; `payload` is what the window keeps if held. */
  admit(a: SequencedArrival, payload: T, now: number, applied: AppliedSequences): Admission {
    const key = a.producerId.toString();
    const w = this.producers.get(key);
    const place = this.place(w, a, applied);
    if (place !== 'ahead') return { kind: 'propose', ticket: place === 'next' ? this.track(key, a) : undefined };
    if ((w?.held.length ?? 0) >= this.limits.maxHeldPerProducer || this.heldBytesTotal + a.bytes > this.limits.maxHeldBytes) {
      // Over the bound: proposed as it comes, and refused at apply unless the gap closes first.
      return { kind: 'propose', ticket: undefined };
    }
    const deadline = now + this.limits.holdMs;
    this.window(key).held.push({ arrival: a, payload, deadline });
    this.held++;
    this.heldBytesTotal += a.bytes;
    return { kind: 'hold', deadline };
  }

  /**
   * Held batches that may be proposed now, in the order to propose them: the
   * next in sequence (each one moving "expected" on), and any that are no longer
   * ahead of it (a duplicate, an older epoch: apply answers them as always).
   * Call after proposing a batch, after a proposal settles, and after entries apply.
   */
  release(applied: AppliedSequences): Released<T>[] {
    const out: Released<T>[] = [];
    for (const [key, w] of this.producers) {
      if (w.held.length === 0) continue;
      for (;;) {
        let found: { i: number; place: Place } | undefined;
        for (let i = 0; i < w.held.length && !found; i++) {
          const place = this.place(w, (w.held[i] as Held<T>).arrival, applied);
          if (place !== 'ahead') found = { i, place };
        }
        if (!found) break;
        const h = this.unhold(w, found.i);
        out.push({ payload: h.payload, ticket: found.place === 'next' ? this.track(key, h.arrival) : undefined, expired: false });
      }
      this.forgetIfEmpty(key, w);
    }
    return out;
  }

  /** Held batches whose deadline is at or before `now` (after any `release` would give), to propose now. */
  expire(now: number, applied: AppliedSequences): Released<T>[] {
    const out = this.release(applied);
    const due: { key: string; w: ProducerWindow<T>; h: Held<T> }[] = [];
    for (const [key, w] of this.producers) for (const h of w.held) if (h.deadline <= now) due.push({ key, w, h });
    due.sort((x, y) => x.h.deadline - y.h.deadline);
    for (const { key, w, h } of due) {
      this.unhold(w, w.held.indexOf(h));
      this.forgetIfEmpty(key, w);
      out.push({ payload: h.payload, ticket: undefined, expired: true });
    }
    return out;
  }

  /** A proposal counted by `admit`/`release` was applied or failed: "expected" comes from what remains. */
  settled(producerId: bigint, ticket: number): void {
    const key = producerId.toString();
    const w = this.producers.get(key);
    if (!w) return;
    const i = w.inFlight.findIndex((f) => f.ticket === ticket);
    if (i >= 0) w.inFlight.splice(i, 1);
    this.forgetIfEmpty(key, w);
  }

  /** The earliest deadline of a held batch, if any. */
  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const w of this.producers.values()) for (const h of w.held) if (min === undefined || h.deadline < min) min = h.deadline;
    return min;
  }

  /** Leadership changed or the replica closes: forgets everything; returns the held payloads to answer. */
  clear(): T[] {
    const out: T[] = [];
    for (const w of this.producers.values()) for (const h of w.held) out.push(h.payload);
    this.producers.clear();
    this.held = 0;
    this.heldBytesTotal = 0;
    return out;
  }

  private place(w: ProducerWindow<T> | undefined, a: SequencedArrival, applied: AppliedSequences): Place {
    const expected = this.expected(w, a, applied);
    if (expected === 'fenced') return 'other';
    if (a.baseSeq === expected) return 'next';
    return seqBefore(expected, a.baseSeq) ? 'ahead' : 'other';
  }

  private expected(w: ProducerWindow<T> | undefined, a: SequencedArrival, applied: AppliedSequences): number | 'fenced' {
    const last = w?.inFlight[w.inFlight.length - 1];
    if (!last) return applied.expectedSequence(a.producerId, a.epoch);
    if (a.epoch === last.epoch) return last.nextSeq;
    return a.epoch > last.epoch ? 0 : 'fenced';
  }

  private track(key: string, a: SequencedArrival): number {
    const ticket = this.nextTicket++;
    this.window(key).inFlight.push({ ticket, epoch: a.epoch, nextSeq: nextSequence(a.baseSeq, Math.max(1, a.recordCount)) });
    return ticket;
  }

  private window(key: string): ProducerWindow<T> {
    let w = this.producers.get(key);
    if (!w) this.producers.set(key, (w = { inFlight: [], held: [] }));
    return w;
  }

  private unhold(w: ProducerWindow<T>, i: number): Held<T> {
    const [h] = w.held.splice(i, 1) as [Held<T>];
    this.held--;
    this.heldBytesTotal -= h.arrival.bytes;
    return h;
  }

  private forgetIfEmpty(key: string, w: ProducerWindow<T>): void {
    if (w.inFlight.length === 0 && w.held.length === 0) this.producers.delete(key);
  }
}
