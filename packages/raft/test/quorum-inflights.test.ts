import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Inflights } from '../src/core/inflights.js';
import { committedIndex, majority, voteResult } from '../src/core/quorum.js';

describe('quorum math', () => {
  it('majority sizes', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(majority)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('commit index is the highest index a majority has reached', () => {
    const m = (xs: number[]) => (id: number) => xs[id - 1] ?? 0;
    expect(committedIndex([1, 2, 3], m([5, 4, 1]))).toBe(4);
    expect(committedIndex([1, 2, 3, 4], m([17, 17, 16, 16]))).toBe(16);
    expect(committedIndex([1, 2, 3, 4, 5], m([9, 1, 7, 3, 8]))).toBe(7);
    expect(committedIndex([1], m([3]))).toBe(3);
    expect(committedIndex([], m([]))).toBe(0);
  });

  it('property: a majority holds >= the commit index and no larger index has a majority', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100), { minLength: 1, maxLength: 9 }), (xs) => {
        const ids = xs.map((_, i) => i + 1);
        const c = committedIndex(ids, (id) => xs[id - 1] ?? 0);
        const q = majority(xs.length);
        expect(xs.filter((x) => x >= c).length).toBeGreaterThanOrEqual(q);
        expect(xs.filter((x) => x >= c + 1).length).toBeLessThan(q);
      }),
    );
  });

  it('vote results', () => {
    const v = (entries: [number, boolean][]) => new Map(entries);
    expect(voteResult([1, 2, 3], v([[1, true]]))).toBe('pending');
    expect(voteResult([1, 2, 3], v([[1, true], [2, true]]))).toBe('won');
    expect(voteResult([1, 2, 3], v([[1, true], [2, false], [3, false]]))).toBe('lost');
    expect(voteResult([1, 2, 3, 4], v([[1, true], [2, true], [3, false]]))).toBe('pending');
    expect(voteResult([1, 2, 3, 4], v([[1, true], [2, false], [3, false]]))).toBe('lost');
    expect(voteResult([], v([]))).toBe('won');
  });
});

describe('inflights', () => {
  it('bounds count and bytes and frees up to an acknowledged index', () => {
    const f = new Inflights(3, 100);
    f.add(1, 10);
    f.add(2, 10);
    expect(f.full()).toBe(false);
    f.add(3, 10);
    expect(f.full()).toBe(true);
    f.freeLE(2);
    expect(f.count).toBe(1);
    expect(f.bytes).toBe(10);
    f.add(4, 95);
    expect(f.full()).toBe(true); // by bytes
    f.freeLE(10);
    expect(f.count).toBe(0);
    expect(f.full()).toBe(false);
    expect(() => {
      const g = new Inflights(1, 0);
      g.add(1, 1);
      g.add(2, 1);
    }).toThrow();
  });

  it('grows its buffer while wrapped and keeps the order of what is in flight', () => {
    // A model: the list of (index, bytes) in flight.
    const f = new Inflights(64, 0);
    const model: [number, number][] = [];
    let next = 1;
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let step = 0; step < 2000; step++) {
      if (!f.full() && rand(3) > 0) {
        const bytes = 1 + rand(50);
        f.add(next, bytes);
        model.push([next++, bytes]);
      } else if (model.length > 0) {
        const to = (model[rand(model.length)] as [number, number])[0];
        f.freeLE(to);
        while (model.length > 0 && (model[0] as [number, number])[0] <= to) model.shift();
      }
      if (step % 500 === 499) f.release(); // a no-op unless empty
      expect(f.count).toBe(model.length);
      expect(f.bytes).toBe(model.reduce((s, [, b]) => s + b, 0));
    }
  });

  it('wraps around its ring buffer', () => {
    const f = new Inflights(4, 0);
    let next = 1;
    for (let round = 0; round < 10; round++) {
      while (!f.full()) f.add(next++, 1);
      f.freeLE(next - 3);
      expect(f.count).toBe(2);
    }
  });
});
