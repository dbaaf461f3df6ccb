import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FailureKind, PartitionSendQueue, SEQUENCE_MODULUS, addSequence, type SequencedBatch } from '../../src/internal.js';

interface B extends SequencedBatch {
  id: number;
  baseSequence: number;
  recordCount: number;
}

function makeQueue(maxInFlight: number, idempotent = true) {
  const q = new PartitionSendQueue<B>(maxInFlight, idempotent);
  const add = (count: number): B => {
    const { id, baseSequence } = q.allocate(count);
    const b = { id, baseSequence, recordCount: count };
    q.enqueue(b);
    return b;
  };
  return { q, add };
}

describe('PartitionSendQueue: sequences and in-flight rules', () => {
  it('assigns consecutive sequences by record count, in close order', () => {
    const { add } = makeQueue(5);
    expect([add(3), add(1), add(10)].map((b) => b.baseSequence)).toEqual([0, 3, 4]);
  });

  it('sequences wrap at 2^31', () => {
    expect(addSequence(SEQUENCE_MODULUS - 2, 5)).toBe(3);
  });

  it('without idempotence, batches carry sequence -1', () => {
    const { add } = makeQueue(5, false);
    expect(add(3).baseSequence).toBe(-1);
  });

  it('at most maxInFlight batches go out at once', () => {
    const { q, add } = makeQueue(2);
    const [a, b] = [add(1), add(1), add(1)];
    expect(q.next()?.batch).toBe(a);
    expect(q.next()?.batch).toBe(b);
    expect(q.next()).toBeUndefined();
    q.onSuccess(a!);
    expect(q.next()?.batch.id).toBe(2);
  });

  it('after a retriable failure nothing new is sent until in-flight batches return, then the failed one goes first, alone, with its sequence', () => {
    const { q, add } = makeQueue(5);
    const [a, b, c] = [add(2), add(2), add(2)];
    q.next();
    q.next();
    expect(q.onFailure(a, FailureKind.retriable)).toBe('retry');
    expect(q.isSerial).toBe(true);
    // b is still in flight: wait for it.
    expect(q.next()).toBeUndefined();
    // b arrives at the leader after the gap: out of order, so it is retried too.
    expect(q.onFailure(b, FailureKind.outOfOrder)).toBe('retry');
    const t1 = q.next();
    expect(t1).toEqual({ batch: a });
    expect(a.baseSequence).toBe(0);
    expect(q.next()).toBeUndefined(); // serial: one at a time
    q.onSuccess(a);
    expect(q.next()).toEqual({ batch: b });
    q.onSuccess(b);
    expect(q.isSerial).toBe(false);
    expect(q.next()?.batch).toBe(c);
  });

  it('an out-of-order answer with nothing earlier outstanding is fatal', () => {
    const { q, add } = makeQueue(5);
    const a = add(1);
    q.next();
    expect(q.onFailure(a, FailureKind.outOfOrder)).toBe('fail');
  });

  it('a batch that fails for good is dropped and later batches are re-sequenced into its place', () => {
    const { q, add } = makeQueue(5);
    const [a, b, c] = [add(2), add(3), add(4)];
    q.next();
    q.onSuccess(a);
    q.next(); // b
    expect(q.onFailure(b, FailureKind.fatal)).toBe('fail');
    const t = q.next();
    expect(t).toEqual({ batch: c, resequenceTo: 2 });
    q.resequenced(c, 2);
    q.onSuccess(c);
    expect(q.isSerial).toBe(false);
    // New batches continue the chain without the failed one's records.
    expect(add(1).baseSequence).toBe(6);
  });
});

/**
 * A simulated partition leader with Kafka's idempotence rules: a batch is
 * appended only if its sequence is the next expected; a replay of a written
 * batch is acknowledged as a duplicate; anything else is OUT_OF_ORDER_SEQUENCE.
 */
class FakeLeader {
  readonly log: number[] = [];
  private expected = 0;
  private readonly written = new Map<number, number>();
  receive(b: B, fault: 'none' | 'lost-request' | 'lost-response' | 'fatal'): 'ok' | 'retriable' | 'out-of-order' | 'fatal' {
    if (fault === 'lost-request') return 'retriable';
    if (this.written.has(b.baseSequence) && this.written.get(b.baseSequence) === b.id) return 'ok';
    if (b.baseSequence !== this.expected) return 'out-of-order';
    if (fault === 'fatal') return 'fatal';
    this.log.push(b.id);
    this.written.set(b.baseSequence, b.id);
    this.expected = addSequence(this.expected, b.recordCount);
    return fault === 'lost-response' ? 'retriable' : 'ok';
  }
}

describe('PartitionSendQueue against a simulated leader (property)', () => {
  it('every batch is written at most once, in close order, and failed ones never', () => {
    const fault = fc.constantFrom<'none' | 'lost-request' | 'lost-response' | 'fatal'>('none', 'none', 'none', 'lost-request', 'lost-response', 'fatal');
    // Each step either delivers a request to the leader or an answer to the client,
    // picked from those in transit: requests may overtake each other, and so may answers.
    const step = fc.tuple(fc.boolean(), fc.nat(), fault);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 25 }),
        fc.array(step, { minLength: 300, maxLength: 300 }),
        (maxInFlight, counts, script) => {
          const { q, add } = makeQueue(maxInFlight);
          const leader = new FakeLeader();
          const batches = counts.map((c) => add(c));
          const toLeader: B[] = [];
          const toClient: { b: B; answer: ReturnType<FakeLeader['receive']> }[] = [];
          const ok = new Set<number>();
          const failed = new Set<number>();
          const refused = new Set<number>();
          let i = 0;
          while (ok.size + failed.size < batches.length) {
            for (let t = q.next(); t; t = q.next()) {
              if (t.resequenceTo !== undefined) q.resequenced(t.batch, t.resequenceTo);
              toLeader.push(t.batch);
            }
            const [answerFirst, pick, f] = script[i] ?? [true, 0, 'none' as const];
            i++;
            if (toLeader.length > 0 && (!answerFirst || toClient.length === 0)) {
              const b = toLeader.splice(pick % toLeader.length, 1)[0]!;
              toClient.push({ b, answer: leader.receive(b, f) });
              continue;
            }
            const { b, answer } = toClient.splice(pick % toClient.length, 1)[0]!;
            if (answer === 'fatal') refused.add(b.id);
            if (answer === 'ok') {
              q.onSuccess(b);
              ok.add(b.id);
            } else if (q.onFailure(b, answer === 'retriable' ? FailureKind.retriable : answer === 'out-of-order' ? FailureKind.outOfOrder : FailureKind.fatal) === 'fail') {
              failed.add(b.id);
            }
            if (i > 20_000) throw new Error('no progress');
          }
          // Written once each, in close order, exactly the acknowledged ones.
          expect(leader.log).toEqual([...leader.log].sort((a, b) => a - b));
          expect(new Set(leader.log).size).toBe(leader.log.length);
          expect(new Set(leader.log)).toEqual(ok);
          for (const id of failed) expect(leader.log).not.toContain(id);
          // Only batches the leader refused for good fail; reordering alone never fails one.
          for (const id of failed) expect(refused.has(id), `batch ${id} failed without a fatal answer`).toBe(true);
          expect(q.idle).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
