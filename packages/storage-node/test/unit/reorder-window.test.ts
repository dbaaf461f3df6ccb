import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProducerStateTable, nextSequence } from '../../src/partition/producer-state.js';
import { ReorderWindow, type Admission, type SequencedArrival } from '../../src/partition/reorder-window.js';

const limits = { holdMs: 100, maxHeldPerProducer: 5, maxHeldBytes: 10_000 };

function arrival(baseSeq: number, recordCount = 5, opts: Partial<SequencedArrival> = {}): SequencedArrival {
  return { producerId: 7n, epoch: 0, baseSeq, recordCount, bytes: 100, ...opts };
}

/**
 * A leader in miniature: what the window says to propose goes into a log, and
 * the log is applied as the partition state does (check, then record). Apply
 * decides every outcome, exactly as on a replica.
 */
class Leader {
  readonly window = new ReorderWindow<string>(limits);
  readonly table = new ProducerStateTable();
  /** Proposed, not yet applied: [name, arrival, ticket]. */
  readonly log: { name: string; a: SequencedArrival; ticket: number | undefined }[] = [];
  readonly outcomes = new Map<string, string>();
  private offset = 0;
  readonly arrivals = new Map<string, SequencedArrival>();

  arrive(name: string, a: SequencedArrival, now = 0): Admission {
    this.arrivals.set(name, a);
    const adm = this.window.admit(a, name, now, this.table);
    if (adm.kind === 'propose') {
      this.log.push({ name, a, ticket: adm.ticket });
      this.releaseHeld();
    }
    return adm;
  }

  releaseHeld(): void {
    for (const r of this.window.release(this.table)) this.log.push({ name: r.payload, a: this.arrivals.get(r.payload) as SequencedArrival, ticket: r.ticket });
  }

  expire(now: number): string[] {
    const out = this.window.expire(now, this.table);
    for (const r of out) this.log.push({ name: r.payload, a: this.arrivals.get(r.payload) as SequencedArrival, ticket: r.ticket });
    return out.map((r) => r.payload);
  }

  /** Applies everything proposed so far, in log order. */
  applyAll(): void {
    for (const e of this.log.splice(0)) {
      const c = this.table.check(e.a.producerId, e.a.epoch, e.a.baseSeq, e.a.recordCount);
      if (c.kind === 'ok') {
        this.table.record(e.a.producerId, e.a.epoch, {
          firstSeq: e.a.baseSeq,
          lastSeq: nextSequence(e.a.baseSeq, e.a.recordCount - 1),
          baseOffset: this.offset,
          lastOffset: this.offset + e.a.recordCount - 1,
        });
        this.offset += e.a.recordCount;
        this.outcomes.set(e.name, 'written');
      } else {
        this.outcomes.set(e.name, c.kind === 'duplicate' ? 'duplicate' : c.code);
      }
      if (e.ticket !== undefined) this.window.settled(e.a.producerId, e.ticket);
    }
    this.releaseHeld();
  }

  get proposed(): string[] {
    return this.log.map((e) => e.name);
  }
}

describe('ReorderWindow', () => {
  it('proposes batches that arrive in order at once, including one right after a batch still in flight', () => {
    const l = new Leader();
    expect(l.arrive('a', arrival(0))).toMatchObject({ kind: 'propose' });
    // 'a' is proposed, not applied: the next batch follows it, not the applied table.
    expect(l.arrive('b', arrival(5))).toMatchObject({ kind: 'propose' });
    expect(l.arrive('c', arrival(10))).toMatchObject({ kind: 'propose' });
    expect(l.proposed).toEqual(['a', 'b', 'c']);
    l.applyAll();
    expect([...l.outcomes]).toEqual([
      ['a', 'written'],
      ['b', 'written'],
      ['c', 'written'],
    ]);
    expect(l.window.heldCount).toBe(0);
  });

  it('holds a batch ahead of a gap and proposes it right after the batch that fills the gap', () => {
    const l = new Leader();
    l.arrive('a', arrival(0));
    l.applyAll();
    expect(l.arrive('c', arrival(10), 0)).toEqual({ kind: 'hold', deadline: 100 });
    expect(l.arrive('d', arrival(15), 1)).toEqual({ kind: 'hold', deadline: 101 });
    expect(l.proposed).toEqual([]);
    expect(l.window.nextDeadline()).toBe(100);
    expect(l.arrive('b', arrival(5), 2)).toMatchObject({ kind: 'propose' });
    expect(l.proposed).toEqual(['b', 'c', 'd']);
    l.applyAll();
    expect(['b', 'c', 'd'].map((n) => l.outcomes.get(n))).toEqual(['written', 'written', 'written']);
    expect(l.window.heldCount).toBe(0);
    expect(l.window.heldBytes).toBe(0);
    expect(l.window.nextDeadline()).toBeUndefined();
  });

  it('releases held batches in sequence order whatever order they arrived in', () => {
    const l = new Leader();
    l.arrive('d', arrival(15));
    l.arrive('b', arrival(5));
    l.arrive('c', arrival(10));
    expect(l.window.heldCount).toBe(3);
    l.arrive('a', arrival(0));
    expect(l.proposed).toEqual(['a', 'b', 'c', 'd']);
  });

  it('proposes a held batch once its deadline passes with the gap still open: apply refuses it OUT_OF_ORDER_SEQUENCE', () => {
    const l = new Leader();
    l.arrive('a', arrival(0));
    l.applyAll();
    l.arrive('c', arrival(10), 0);
    expect(l.expire(99)).toEqual([]);
    expect(l.expire(100)).toEqual(['c']);
    l.applyAll();
    expect(l.outcomes.get('c')).toBe('OUT_OF_ORDER_SEQUENCE');
    expect(l.window.heldCount).toBe(0);
    // The missing batch, late, is still written; the refused one can be sent again after it.
    l.arrive('b', arrival(5), 200);
    l.arrive('c', arrival(10), 201);
    expect(l.proposed).toEqual(['b', 'c']);
    l.applyAll();
    expect([l.outcomes.get('b'), l.outcomes.get('c')]).toEqual(['written', 'written']);
  });

  it('proposes at once (as without the window) beyond the held-batch and byte bounds', () => {
    const l = new Leader();
    for (let i = 1; i <= 5; i++) expect(l.arrive(`h${i}`, arrival(i * 5))).toMatchObject({ kind: 'hold' });
    expect(l.arrive('h6', arrival(30))).toEqual({ kind: 'propose', ticket: undefined });
    l.applyAll();
    expect(l.outcomes.get('h6')).toBe('OUT_OF_ORDER_SEQUENCE');

    const bytes = new Leader();
    expect(bytes.arrive('big', arrival(5, 5, { bytes: 9_000 }))).toMatchObject({ kind: 'hold' });
    expect(bytes.arrive('other', arrival(5, 5, { producerId: 8n, bytes: 1_001 }))).toEqual({ kind: 'propose', ticket: undefined });
    expect(bytes.arrive('fits', arrival(5, 5, { producerId: 9n, bytes: 1_000 }))).toMatchObject({ kind: 'hold' });
    expect(bytes.window.heldBytes).toBe(10_000);
  });

  it('holds the later batches of a producer the partition has never seen until its sequence-0 batch arrives', () => {
    const l = new Leader();
    expect(l.arrive('second', arrival(3, 3, { producerId: 42n }))).toMatchObject({ kind: 'hold' });
    expect(l.arrive('first', arrival(0, 3, { producerId: 42n }))).toMatchObject({ kind: 'propose' });
    expect(l.proposed).toEqual(['first', 'second']);
    l.applyAll();
    expect([l.outcomes.get('first'), l.outcomes.get('second')]).toEqual(['written', 'written']);
  });

  it('holds a new epoch\'s later batch for its sequence-0 batch', () => {
    const l = new Leader();
    l.arrive('e0', arrival(0));
    l.applyAll();
    expect(l.arrive('e1b', arrival(2, 2, { epoch: 1 }))).toMatchObject({ kind: 'hold' });
    l.arrive('e1a', arrival(0, 2, { epoch: 1 }));
    expect(l.proposed).toEqual(['e1a', 'e1b']);
    l.applyAll();
    expect([l.outcomes.get('e1a'), l.outcomes.get('e1b')]).toEqual(['written', 'written']);
  });

  it('leaves duplicates, overlaps and stale epochs to apply, as before', () => {
    const l = new Leader();
    l.arrive('a', arrival(0));
    l.arrive('b', arrival(5));
    // A retry of a batch in flight, one of an applied batch, an overlap and a stale epoch: none is held.
    expect(l.arrive('b-again', arrival(5))).toEqual({ kind: 'propose', ticket: undefined });
    l.applyAll();
    expect(l.arrive('a-again', arrival(0))).toEqual({ kind: 'propose', ticket: undefined });
    expect(l.arrive('overlap', arrival(7, 1))).toEqual({ kind: 'propose', ticket: undefined });
    l.arrive('new-epoch', arrival(0, 1, { epoch: 1 }));
    expect(l.arrive('stale', arrival(10, 1, { epoch: 0 }))).toEqual({ kind: 'propose', ticket: undefined });
    l.applyAll();
    expect(Object.fromEntries(l.outcomes)).toEqual({
      a: 'written',
      b: 'written',
      'b-again': 'duplicate',
      'a-again': 'duplicate',
      overlap: 'DUPLICATE_SEQUENCE',
      'new-epoch': 'written',
      stale: 'INVALID_PRODUCER_EPOCH',
    });
  });

  it('a held copy of a batch is released with the original; apply writes one and deduplicates the other', () => {
    const l = new Leader();
    l.arrive('b', arrival(5));
    l.arrive('b-retry', arrival(5));
    l.arrive('a', arrival(0));
    expect(l.proposed).toEqual(['a', 'b', 'b-retry']);
    l.applyAll();
    expect([l.outcomes.get('b'), l.outcomes.get('b-retry')]).toEqual(['written', 'duplicate']);
  });

  it('falls back to the applied table when a proposal counted in order is refused at apply', () => {
    const l = new Leader();
    l.arrive('a', arrival(0));
    l.applyAll();
    // 'b' goes through the window in order; say the entry is lost with the leadership (never applied).
    const adm = l.window.admit(arrival(5), 'b', 0, l.table);
    expect(adm).toMatchObject({ kind: 'propose' });
    expect(l.arrive('c', arrival(10))).toMatchObject({ kind: 'propose' });
    if (adm.kind === 'propose' && adm.ticket !== undefined) l.window.settled(7n, adm.ticket);
    l.applyAll();
    expect(l.outcomes.get('c')).toBe('OUT_OF_ORDER_SEQUENCE');
    // "Expected" is 5 again: a later batch waits for 'b''s retry rather than being proposed behind nothing.
    expect(l.arrive('d', arrival(15))).toMatchObject({ kind: 'hold' });
    l.arrive('b', arrival(5));
    expect(l.proposed).toEqual(['b']);
  });

  it('releases a held batch when entries applied from before this leader\'s term close the gap', () => {
    const l = new Leader();
    // A new leader that has not applied the old term's entries yet: its table says 0, the client is at 5.
    expect(l.arrive('b', arrival(5))).toMatchObject({ kind: 'hold' });
    l.table.record(7n, 0, { firstSeq: 0, lastSeq: 4, baseOffset: 0, lastOffset: 4 });
    l.releaseHeld();
    expect(l.proposed).toEqual(['b']);
  });

  it('clear() hands back every held batch and forgets batches in flight', () => {
    const l = new Leader();
    l.arrive('a', arrival(0));
    l.arrive('c', arrival(10));
    l.arrive('x', arrival(3, 1, { producerId: 9n }));
    expect(l.window.clear().sort()).toEqual(['c', 'x']);
    expect(l.window.heldCount).toBe(0);
    expect(l.window.heldBytes).toBe(0);
    // 'a' is forgotten: expected is the applied table's again.
    expect(l.window.admit(arrival(5), 'b', 0, l.table)).toMatchObject({ kind: 'hold' });
  });

  it('any arrival order of up to five pipelined batches is written once each, in sequence order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }).chain((sizes) =>
          fc.tuple(fc.constant(sizes), fc.shuffledSubarray(sizes.map((_, i) => i), { minLength: sizes.length, maxLength: sizes.length }), fc.integer({ min: 0, max: sizes.length })),
        ),
        ([sizes, order, applyAfter]) => {
          const l = new Leader();
          const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((s, n) => s + n, 0));
          order.forEach((i, k) => {
            l.arrive(`b${i}`, arrival(starts[i] as number, sizes[i]));
            if (k + 1 === applyAfter) l.applyAll();
          });
          l.applyAll();
          expect(sizes.map((_, i) => l.outcomes.get(`b${i}`))).toEqual(sizes.map(() => 'written'));
          expect(l.window.heldCount).toBe(0);
          expect(l.table.expectedSequence(7n, 0)).toBe(sizes.reduce((s, n) => s + n, 0));
        },
      ),
    );
  });
});
