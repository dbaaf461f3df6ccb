// The scrubber's cursor and what it may verify of a replica (docs/architecture.md,
// "Scrubbing"): replicas one after another in group id order, each up to the end
// it had when the pass reached it; log starts passing the cursor, logs cut below
// it, replicas joining and leaving mid-pass; and the ranges left out because a
// hole there is no damage.
import { describe, expect, it } from 'vitest';
import { ScrubCursor, scrubRangeOf, type ScrubRange, type ScrubbableReplica } from '../../src/integrity/scrub-cursor.js';

/** Runs a pass to its end, each chunk `chunk` entries long; returns the chunks verified. */
function drain(cursor: ScrubCursor, ranges: () => ScrubRange[], chunk: number): string[] {
  const out: string[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const step = cursor.next(ranges());
    if (!step) return out;
    const next = Math.min(step.to + 1, step.from + chunk);
    out.push(`${step.groupId}:${step.from}-${next - 1}`);
    cursor.advance(step.groupId, next, next - step.from);
  }
  throw new Error('the pass never ended');
}

describe('ScrubCursor', () => {
  it('visits replicas one after another in group id order, chunk by chunk, and ends the pass', () => {
    const cursor = new ScrubCursor();
    const ranges = [
      { groupId: 'p/b/0', from: 1, to: 5 },
      { groupId: 'p/a/0', from: 3, to: 7 },
    ];
    expect(drain(cursor, () => ranges, 2)).toEqual(['p/a/0:3-4', 'p/a/0:5-6', 'p/a/0:7-7', 'p/b/0:1-2', 'p/b/0:3-4', 'p/b/0:5-5']);
    expect(cursor.endPass()).toEqual({ replicas: 2, bytes: 10 });
    // The next pass starts every replica over.
    expect(drain(cursor, () => ranges, 10)).toEqual(['p/a/0:3-7', 'p/b/0:1-5']);
  });

  it('verifies a replica up to the end it had when the pass reached it: entries written meanwhile wait for the next pass', () => {
    const cursor = new ScrubCursor();
    let to = 10;
    const ranges = (): ScrubRange[] => [{ groupId: 'g', from: 1, to }];
    const seen: string[] = [];
    for (;;) {
      const step = cursor.next(ranges());
      if (!step) break;
      seen.push(`${step.from}-${step.to}`);
      cursor.advance('g', step.from + 4, 4);
      to += 100; // a busy partition
    }
    expect(seen).toEqual(['1-10', '5-10', '9-10']);
    cursor.endPass();
    expect(cursor.next(ranges())).toEqual({ groupId: 'g', from: 1, to });
  });

  it('moves past entries the log start has passed, and finishes a replica whose log was cut below its end', () => {
    const cursor = new ScrubCursor();
    let a = { groupId: 'a', from: 1, to: 100 };
    const b = { groupId: 'b', from: 1, to: 3 };
    expect(cursor.next([a, b])).toEqual({ groupId: 'a', from: 1, to: 100 });
    cursor.advance('a', 11, 10);
    a = { groupId: 'a', from: 50, to: 100 }; // retention advanced the log start
    expect(cursor.next([a, b])).toEqual({ groupId: 'a', from: 50, to: 100 });
    cursor.advance('a', 60, 10);
    a = { groupId: 'a', from: 50, to: 55 }; // cut below where the cursor stands
    expect(cursor.next([a, b])).toEqual({ groupId: 'b', from: 1, to: 3 });
    cursor.advance('b', 4, 3);
    expect(cursor.next([a, b])).toBeUndefined();
    expect(cursor.endPass()).toEqual({ replicas: 2, bytes: 23 });
  });

  it('takes in replicas that appear during a pass, forgets ones that go, and resumes one that is back', () => {
    const cursor = new ScrubCursor();
    const a = { groupId: 'a', from: 1, to: 10 };
    const b = { groupId: 'b', from: 1, to: 10 };
    const c = { groupId: 'c', from: 1, to: 10 };
    expect(cursor.next([b])).toEqual({ groupId: 'b', from: 1, to: 10 });
    cursor.advance('b', 6, 5);
    // b is closed for a moment (not open): the pass goes on with what is listed.
    expect(cursor.next([a, c])).toEqual({ groupId: 'a', from: 1, to: 10 });
    cursor.advance('a', 11, 10);
    // b is back: it resumes where it stood, before c (it is the lowest id left).
    expect(cursor.next([a, b, c])).toEqual({ groupId: 'b', from: 6, to: 10 });
    cursor.advance('b', 11, 5);
    expect(cursor.next([a, b])).toBeUndefined(); // c went
    expect(cursor.endPass().replicas).toBe(2);
  });

  it('counts no replica in a pass over nothing', () => {
    const cursor = new ScrubCursor();
    expect(cursor.next([])).toBeUndefined();
    expect(cursor.endPass()).toEqual({ replicas: 0, bytes: 0 });
  });
});

function replica(over: Partial<{ open: boolean; closed: boolean; held: number; logStart: number; applied: number; first: number; last: number; policy: 'delete' | 'compact' | 'compact,delete' }> = {}): ScrubbableReplica {
  const o = { open: true, closed: false, held: 0, logStart: 1, applied: 100, first: 1, last: 100, policy: 'delete' as const, ...over };
  return {
    groupId: 'p/T/0',
    isOpen: o.open,
    isClosed: o.closed,
    heldFromIndex: o.held,
    state: { logStartIndex: o.logStart, appliedIndex: o.applied },
    group: { storage: { firstIndex: () => o.first, lastIndex: () => o.last } },
    assignment: { config: { 'cleanup.policy': o.policy } },
  };
}

describe('scrubRangeOf', () => {
  it('is the committed log: from the log start to the applied index', () => {
    expect(scrubRangeOf(replica({ logStart: 20, applied: 90 }))).toEqual({ groupId: 'p/T/0', from: 20, to: 90 });
  });

  it('never goes past what is durable here', () => {
    expect(scrubRangeOf(replica({ applied: 100, last: 80 }))?.to).toBe(80);
  });

  it('leaves out what a backfill or a repair is still copying', () => {
    expect(scrubRangeOf(replica({ logStart: 1, held: 40 }))?.from).toBe(40);
  });

  it("leaves out, on a compacted topic, entries below Raft's floor, where compaction removes whole entries", () => {
    expect(scrubRangeOf(replica({ policy: 'compact', first: 30 }))?.from).toBe(30);
    expect(scrubRangeOf(replica({ policy: 'compact,delete', first: 30 }))?.from).toBe(30);
    expect(scrubRangeOf(replica({ policy: 'delete', first: 30 }))?.from).toBe(1);
  });

  it('is nothing for a replica that is not open, is closed, or holds no committed entry', () => {
    expect(scrubRangeOf(replica({ open: false }))).toBeUndefined();
    expect(scrubRangeOf(replica({ closed: true }))).toBeUndefined();
    expect(scrubRangeOf(replica({ logStart: 101, applied: 100 }))).toBeUndefined();
  });
});
