// The consumer-group checker has teeth: a member that takes a partition over
// past the committed offset (a skip), and a member that reads a value the log
// does not hold there, are reported; a clean hand-over (re-reading from the
// committed offset, at-least-once) is ok. Commit regressions are the queue
// checker's (checker.test.ts).
import { describe, expect, it } from 'vitest';
import { checkGroup, groupVerdict } from './group.js';
import { History, type DrainedPartition, type PolledRecord } from './history.js';

function history(): History {
  let t = 0;
  return new History({ monotonic: () => t++, wall: () => 1_700_000_000_000 + t });
}

const r = (offset: number, value: string): PolledRecord => ({ partition: 0, offset, value });

function gpoll(h: History, process: number, records: PolledRecord[]): void {
  h.complete(h.invoke(process, 'gpoll'), 'ok', { records });
}

function commit(h: History, process: number, offset: number): void {
  h.complete(h.invoke(process, 'commit', { group: 'g', partition: 0, offset }), 'ok');
}

const drain: DrainedPartition[] = [{ partition: 0, records: [0, 1, 2, 3, 4, 5].map((o) => ({ offset: o, value: `v${o}` })) }];

describe('consumer-group checker', () => {
  it('accepts a hand-over that re-reads from the committed offset', () => {
    const h = history();
    gpoll(h, 1, [r(0, 'v0'), r(1, 'v1'), r(2, 'v2')]);
    commit(h, 1, 2); // member 1 read 2 but committed only up to it
    gpoll(h, 2, [r(2, 'v2'), r(3, 'v3'), r(4, 'v4')]); // member 2 takes over at the commit
    commit(h, 2, 5);
    h.complete(h.invoke(3, 'committed', { group: 'g', partition: 0 }), 'ok', { offset: 5 });
    const res = checkGroup(h.ops, drain);
    expect(res.ok, groupVerdict(res)).toBe(true);
    expect(res.commits).toBe(2);
    expect(res.committedReads).toBe(1);
  });

  it('reports records below the committed offset that no member read', () => {
    const h = history();
    gpoll(h, 1, [r(0, 'v0'), r(1, 'v1')]);
    commit(h, 1, 2);
    gpoll(h, 2, [r(4, 'v4')]); // took over past 2 and 3
    commit(h, 2, 5);
    const res = checkGroup(h.ops, drain);
    expect(res.groupSkipped).toBe(2);
    expect(res.ok).toBe(false);
  });

  it('reports a member reading a value the log holds elsewhere', () => {
    const h = history();
    gpoll(h, 1, [r(0, 'v1')]);
    expect(checkGroup(h.ops, drain).groupInconsistent).toBe(1);
  });
});
