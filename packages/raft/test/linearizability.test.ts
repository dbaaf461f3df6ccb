import { describe, expect, it } from 'vitest';
import { checkLinearizable, type Operation } from '../src/internal.js';

let nextId = 1;
const put = (key: string, value: string, invoke: number, complete: number): Operation => ({ id: nextId++, key, kind: 'put', value, invoke, complete });
const get = (key: string, value: string | null, invoke: number, complete: number): Operation => ({ id: nextId++, key, kind: 'get', value, invoke, complete });

describe('linearizability checker', () => {
  it('accepts sequential histories that respect real time', () => {
    expect(checkLinearizable([put('x', '1', 0, 1), get('x', '1', 2, 3), put('x', '2', 4, 5), get('x', '2', 6, 7)]).ok).toBe(true);
    expect(checkLinearizable([get('x', null, 0, 1), put('x', '1', 2, 3)]).ok).toBe(true);
  });

  it('accepts concurrent operations in either order', () => {
    // The get overlaps the put: it may see the old or the new value.
    expect(checkLinearizable([put('x', '1', 0, 10), get('x', '1', 1, 2)]).ok).toBe(true);
    expect(checkLinearizable([put('x', '1', 0, 10), get('x', null, 1, 2)]).ok).toBe(true);
    // Two overlapping puts, reads agree on one order.
    expect(checkLinearizable([put('x', '1', 0, 5), put('x', '2', 1, 6), get('x', '1', 7, 8), get('x', '1', 9, 10)]).ok).toBe(true);
  });

  it('rejects a stale read after a completed write', () => {
    const r = checkLinearizable([put('x', '1', 0, 1), put('x', '2', 2, 3), get('x', '1', 4, 5)]);
    expect(r.ok).toBe(false);
    expect(r.key).toBe('x');
  });

  it('rejects reads that see values go back and forth', () => {
    expect(checkLinearizable([put('x', '1', 0, 10), put('x', '2', 0, 10), get('x', '1', 1, 2), get('x', '2', 3, 4), get('x', '1', 5, 6)]).ok).toBe(false);
  });

  it('rejects a read of a value never written, or seen before its write began', () => {
    expect(checkLinearizable([get('x', '9', 0, 1)]).ok).toBe(false);
    expect(checkLinearizable([get('x', '1', 0, 1), put('x', '1', 2, 3)]).ok).toBe(false);
  });

  it('treats a put with unknown outcome as possibly applied at any later time', () => {
    expect(checkLinearizable([put('x', '1', 0, Infinity), get('x', null, 1, 2), get('x', '1', 3, 4)]).ok).toBe(true);
    expect(checkLinearizable([put('x', '1', 0, Infinity), get('x', '1', 1, 2), get('x', null, 3, 4)]).ok).toBe(false);
  });

  it('checks keys independently', () => {
    expect(checkLinearizable([put('x', '1', 0, 1), put('y', '2', 0, 1), get('x', '1', 2, 3), get('y', '2', 2, 3)]).ok).toBe(true);
    const r = checkLinearizable([put('x', '1', 0, 1), put('y', '2', 0, 1), get('x', '1', 2, 3), get('y', null, 2, 3)]);
    expect(r).toMatchObject({ ok: false, key: 'y' });
  });

  it('handles a long concurrent history quickly (memoisation)', () => {
    const h: Operation[] = [];
    for (let i = 0; i < 60; i++) h.push(put('k', `v${i}`, i, i + 30));
    for (let i = 0; i < 60; i++) h.push(get('k', `v${i}`, i + 31, i + 31.5));
    expect(checkLinearizable(h).ok).toBe(true);
  });
});
