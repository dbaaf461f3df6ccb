import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCER_BATCHES_KEPT, ProducerStateTable } from '../../src/partition/producer-state.js';

describe('ProducerStateTable', () => {
  it('accepts in-order sequences, deduplicates retained batches, refuses gaps and stale epochs', () => {
    const t = new ProducerStateTable();
    expect(t.check(1n, 0, 0, 3)).toEqual({ kind: 'ok' });
    t.record(1n, 0, { firstSeq: 0, lastSeq: 2, baseOffset: 10, lastOffset: 12 });
    expect(t.check(1n, 0, 0, 3)).toEqual({ kind: 'duplicate', baseOffset: 10, lastOffset: 12 });
    expect(t.check(1n, 0, 3, 1)).toEqual({ kind: 'ok' });
    expect(t.check(1n, 0, 5, 1)).toMatchObject({ kind: 'error', code: 'OUT_OF_ORDER_SEQUENCE' });
    expect(t.check(1n, 0, 1, 1)).toMatchObject({ kind: 'error', code: 'DUPLICATE_SEQUENCE' });
    // A new epoch starts at 0; an older one is fenced.
    expect(t.check(1n, 1, 0, 1)).toEqual({ kind: 'ok' });
    expect(t.check(1n, 1, 4, 1)).toMatchObject({ kind: 'error', code: 'OUT_OF_ORDER_SEQUENCE' });
    t.record(1n, 1, { firstSeq: 0, lastSeq: 0, baseOffset: 20, lastOffset: 20 });
    expect(t.check(1n, 0, 3, 1)).toMatchObject({ kind: 'error', code: 'INVALID_PRODUCER_EPOCH' });
  });

  it('refuses a first batch of an unseen producer that does not start at sequence 0', () => {
    // Chaos seed 9001: a fresh producer's second batch overtook its first; accepting it
    // made the first batch look like a duplicate (DUPLICATE_SEQUENCE) though never written.
    const t = new ProducerStateTable();
    expect(t.check(4n, 0, 3, 3)).toMatchObject({ kind: 'error', code: 'OUT_OF_ORDER_SEQUENCE' });
    expect(t.check(4n, 0, 0, 3)).toEqual({ kind: 'ok' });
    t.record(4n, 0, { firstSeq: 0, lastSeq: 2, baseOffset: 0, lastOffset: 2 });
    expect(t.check(4n, 0, 3, 3)).toEqual({ kind: 'ok' });
  });

  it('wraps sequences at INT32_MAX', () => {
    const t = new ProducerStateTable();
    t.record(9n, 0, { firstSeq: 0x7ffffffe, lastSeq: 0x7fffffff, baseOffset: 0, lastOffset: 1 });
    expect(t.check(9n, 0, 0, 2)).toEqual({ kind: 'ok' });
  });

  it('remembers the last batches per producer and round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const t = new ProducerStateTable();
        let seq = 0;
        let offset = 0;
        const written: { first: number; count: number; base: number }[] = [];
        for (const n of sizes) {
          expect(t.check(3n, 2, seq, n)).toEqual({ kind: 'ok' });
          t.record(3n, 2, { firstSeq: seq, lastSeq: seq + n - 1, baseOffset: offset, lastOffset: offset + n - 1 });
          written.push({ first: seq, count: n, base: offset });
          seq += n;
          offset += n;
        }
        const copy = ProducerStateTable.fromJSON(JSON.parse(JSON.stringify(t.toJSON())) as ReturnType<ProducerStateTable['toJSON']>);
        written.forEach((w, i) => {
          const kept = i >= written.length - PRODUCER_BATCHES_KEPT;
          const r = copy.check(3n, 2, w.first, w.count);
          if (kept) expect(r).toEqual({ kind: 'duplicate', baseOffset: w.base, lastOffset: w.base + w.count - 1 });
          else expect(r).toMatchObject({ kind: 'error', code: 'DUPLICATE_SEQUENCE' });
        });
      }),
    );
  });
});

describe('ProducerIdBlocks', () => {
  it('hands out unique ids, allocating one block at a time', async () => {
    const { ProducerIdBlocks } = await import('../../src/produce/producer-id-blocks.js');
    let calls = 0;
    const ids = new ProducerIdBlocks(async () => ({ first: BigInt(1000 * ++calls), count: 3 }));
    const got = await Promise.all(Array.from({ length: 7 }, () => ids.next()));
    expect(got.map((g) => g.producerId)).toEqual([1000n, 1001n, 1002n, 2000n, 2001n, 2002n, 3000n]);
    expect(calls).toBe(3);
  });
});
