// The list-append checker has teeth: one handmade history per anomaly, and a
// clean one (two keys interleaved on a partition, a seek back, a late start) is ok.
import { describe, expect, it } from 'vitest';
import { History, type DrainedPartition, type PolledRecord } from './history.js';
import { checkLists, listVerdict } from './lists.js';

function history(): History {
  let t = 0;
  return new History({ monotonic: () => t++, wall: () => 1_700_000_000_000 + t });
}

const r = (offset: number, key: string, value: string): PolledRecord => ({ partition: 0, offset, key, value });

function poll(h: History, process: number, records: PolledRecord[]): void {
  h.complete(h.invoke(process, 'poll'), 'ok', { records });
}

function seek(h: History, process: number, offset: number): void {
  h.complete(h.invoke(process, 'seek', { partition: 0, offset }), 'ok');
}

// Partition 0 holds key a = [a0, a1, a2] and key b = [b0, b1] interleaved.
const drain: DrainedPartition[] = [
  {
    partition: 0,
    records: [
      { offset: 0, key: 'a', value: 'a0' },
      { offset: 1, key: 'b', value: 'b0' },
      { offset: 2, key: 'a', value: 'a1' },
      { offset: 3, key: 'b', value: 'b1' },
      { offset: 4, key: 'a', value: 'a2' },
    ],
  },
];

describe('list-append checker', () => {
  it('accepts readers that see each list in order and whole, across seeks', () => {
    const h = history();
    seek(h, 1, 0);
    poll(h, 1, [r(0, 'a', 'a0'), r(1, 'b', 'b0'), r(2, 'a', 'a1')]);
    poll(h, 1, [r(3, 'b', 'b1'), r(4, 'a', 'a2')]);
    seek(h, 1, 2); // back: a resumes at a1, b at b1
    poll(h, 1, [r(2, 'a', 'a1'), r(3, 'b', 'b1')]);
    seek(h, 2, 3); // a late reader: a starts at a2, b at b1
    poll(h, 2, [r(3, 'b', 'b1'), r(4, 'a', 'a2')]);
    const res = checkLists(h.ops, drain);
    expect(res.ok, listVerdict(res)).toBe(true);
    expect(res.keys).toBe(2);
    expect(res.reads).toBe(9);
  });

  it('reports a reader that skips an element of a list', () => {
    const h = history();
    seek(h, 1, 0);
    poll(h, 1, [r(0, 'a', 'a0'), r(4, 'a', 'a2')]);
    const res = checkLists(h.ops, drain);
    expect(res.listGaps).toBe(1);
    expect(res.ok).toBe(false);
  });

  it('reports a reader that sees a list out of order', () => {
    const h = history();
    seek(h, 1, 2);
    poll(h, 1, [r(2, 'a', 'a1'), r(0, 'a', 'a0')]);
    const res = checkLists(h.ops, drain);
    expect(res.listOutOfOrder).toBe(1);
  });

  it('reports a reader whose first read after a seek is not where the seek placed it', () => {
    const h = history();
    seek(h, 1, 0);
    poll(h, 1, [r(2, 'a', 'a1')]);
    expect(checkLists(h.ops, drain).listGaps).toBe(1);
  });

  it('reports a value read under another key than the log holds it', () => {
    const h = history();
    seek(h, 1, 0);
    poll(h, 1, [r(0, 'b', 'a0')]);
    expect(checkLists(h.ops, drain).listWrongKey).toBe(1);
  });
});
