// The checker has teeth: for every anomaly class, a small handmade history that
// contains it is reported, and a clean history (with unknown outcomes, gaps the
// drain also shows, and seeks) is ok.
import { describe, expect, it } from 'vitest';
import { ANOMALIES, check, verdict, type Anomaly, type CheckResult } from './checker.js';
import { History, loadRun, parseRun, saveRun, serialiseRun, type DrainedPartition, type PolledRecord } from './history.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A history whose clocks advance by one per operation, so "before" means "recorded earlier". */
function history(): History {
  let t = 0;
  return new History({ monotonic: () => t++, wall: () => 1_700_000_000_000 + t });
}

function send(h: History, process: number, partition: number, values: string[], outcome: { offsets: number[] } | 'fail' | 'info'): void {
  const inv = h.invoke(process, 'send', { partition, values });
  if (outcome === 'fail' || outcome === 'info') h.complete(inv, outcome, { error: 'boom' });
  else h.complete(inv, 'ok', { offsets: outcome.offsets });
}

function poll(h: History, process: number, records: PolledRecord[]): void {
  const inv = h.invoke(process, 'poll');
  h.complete(inv, 'ok', { records });
}

function seek(h: History, process: number, partition: number, offset: number): void {
  const inv = h.invoke(process, 'seek', { partition, offset });
  h.complete(inv, 'ok');
}

function commit(h: History, process: number, partition: number, offset: number, f: 'commit' | 'committed' = 'commit'): void {
  const inv = h.invoke(process, f, { group: 'g', partition, offset });
  h.complete(inv, 'ok');
}

const rec = (partition: number, offset: number, value: string): PolledRecord => ({ partition, offset, value });
const drainOf = (partition: number, values: [number, string][]): DrainedPartition => ({ partition, records: values.map(([offset, value]) => ({ offset, value })) });

/** Only `anomaly` is reported, at least once. */
function expectOnly(r: CheckResult, anomaly: Anomaly): void {
  expect(r.ok).toBe(false);
  expect(r[anomaly]).toBeGreaterThan(0);
  expect(r.examples[anomaly].length).toBeGreaterThan(0);
  for (const a of ANOMALIES) if (a !== anomaly) expect({ [a]: r[a] }).toEqual({ [a]: 0 });
  expect(verdict(r)).toContain(`ok=false`);
  expect(verdict(r)).toContain(`${anomaly}=${r[anomaly]}`);
}

/** Two sends to partition 0 at offsets 0 and 2 (1 is a gap), read by process 10 after a seek to 0. */
function cleanBase(h: History): void {
  seek(h, 10, 0, 0);
  send(h, 1, 0, ['a'], { offsets: [0] });
  send(h, 1, 0, ['b'], { offsets: [2] });
  poll(h, 10, [rec(0, 0, 'a'), rec(0, 2, 'b')]);
}

describe('chaos checker', () => {
  it('reports ok for a clean history with unknown outcomes, drain-visible gaps, seeks and growing commits', () => {
    const h = history();
    cleanBase(h);
    send(h, 2, 0, ['c'], 'info'); // unknown outcome, landed
    send(h, 2, 0, ['d'], 'info'); // unknown outcome, did not land
    send(h, 3, 1, ['e', 'f'], { offsets: [0, 1] });
    send(h, 3, 1, ['g'], 'fail'); // definitely failed, never read
    seek(h, 10, 0, 0); // re-read from the start: going back after a seek is fine
    poll(h, 10, [rec(0, 0, 'a'), rec(0, 2, 'b'), rec(1, 0, 'e')]);
    commit(h, 10, 0, 1);
    commit(h, 10, 0, 3);
    commit(h, 11, 0, 3, 'committed');
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b'], [3, 'c']]), drainOf(1, [[0, 'e'], [1, 'f']])]);
    expect(verdict(r)).toMatch(/^ok=true lost=0 duplicates=0 inconsistentOffsets=0 unexpected=0 nonMonotonic=0 skipped=0 orderViolations=0 commitRegressions=0 /);
    expect(r).toMatchObject({ ok: true, acknowledged: 4, unknown: 2, failed: 1, polled: 5, drained: 5 });
  });

  it('lost: an acknowledged send missing from the final drain', () => {
    const h = history();
    cleanBase(h);
    const r = check(h.ops, [drainOf(0, [[0, 'a']])]);
    expectOnly(r, 'lost');
    expect(r.examples.lost[0]).toMatchObject({ value: 'b' });
  });

  it('lost: acknowledged without an offset (offset -1) and never written; no other anomaly from the -1', () => {
    const h = history();
    cleanBase(h);
    send(h, 2, 0, ['c'], { offsets: [-1] });
    expectOnly(check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b']])]), 'lost');
    expect(check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b'], [3, 'c']])]).ok).toBe(true);
  });

  it('duplicates: one value at two offsets', () => {
    const h = history();
    cleanBase(h);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b'], [3, 'b']])]);
    expectOnly(r, 'duplicates');
  });

  it('duplicates: an unknown-outcome send written twice (idempotence broken by a retry)', () => {
    const h = history();
    cleanBase(h);
    send(h, 2, 0, ['c'], 'info');
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b'], [3, 'c'], [4, 'c']])]);
    expectOnly(r, 'duplicates');
  });

  it('inconsistentOffsets: two values at one offset across reads', () => {
    const h = history();
    cleanBase(h);
    send(h, 2, 1, ['x'], 'info');
    send(h, 2, 1, ['y'], 'info');
    poll(h, 11, [rec(1, 0, 'x')]);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b']]), drainOf(1, [[0, 'y']])]);
    expect(r.inconsistentOffsets).toBe(1);
    expect(r.examples.inconsistentOffsets[0]).toMatchObject({ position: '1:0' });
  });

  it('inconsistentOffsets: the ack said one offset, the drain holds another value there', () => {
    const h = history();
    send(h, 1, 0, ['a'], { offsets: [0] });
    send(h, 2, 0, ['z'], 'info');
    const r = check(h.ops, [drainOf(0, [[0, 'z'], [1, 'a']])]);
    expect(r.inconsistentOffsets).toBe(1);
    expect(r.ok).toBe(false);
  });

  it('unexpected: a value never sent', () => {
    const h = history();
    cleanBase(h);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b'], [3, 'ghost']])]);
    expectOnly(r, 'unexpected');
    expect(r.examples.unexpected[0]).toMatchObject({ value: 'ghost', why: 'never sent' });
  });

  it('unexpected: a value whose send definitely failed', () => {
    const h = history();
    cleanBase(h);
    send(h, 2, 0, ['failed-one'], 'fail');
    poll(h, 10, [rec(0, 3, 'failed-one')]);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b'], [3, 'failed-one']])]);
    expectOnly(r, 'unexpected');
  });

  it('nonMonotonic: offsets going back within one poll', () => {
    const h = history();
    send(h, 1, 0, ['a', 'b'], { offsets: [0, 1] });
    seek(h, 10, 0, 0);
    poll(h, 10, [rec(0, 0, 'a'), rec(0, 1, 'b'), rec(0, 0, 'a')]);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [1, 'b']])]);
    expectOnly(r, 'nonMonotonic');
  });

  it('nonMonotonic: a reader re-reading an offset in a later poll without a seek', () => {
    const h = history();
    send(h, 1, 0, ['a', 'b'], { offsets: [0, 1] });
    seek(h, 10, 0, 0);
    poll(h, 10, [rec(0, 0, 'a'), rec(0, 1, 'b')]);
    poll(h, 10, [rec(0, 1, 'b')]);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [1, 'b']])]);
    expectOnly(r, 'nonMonotonic');
  });

  it('skipped: a poll jumps over an offset the final drain holds', () => {
    const h = history();
    send(h, 1, 0, ['a', 'b', 'c'], { offsets: [0, 1, 2] });
    seek(h, 10, 0, 0);
    poll(h, 10, [rec(0, 0, 'a')]);
    poll(h, 10, [rec(0, 2, 'c')]);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [1, 'b'], [2, 'c']])]);
    expectOnly(r, 'skipped');
    expect(r.examples.skipped[0]).toMatchObject({ expected: 1, offset: 2, missed: [1] });
  });

  it('skipped: the first poll after a seek starts past the seek position', () => {
    const h = history();
    send(h, 1, 0, ['a', 'b'], { offsets: [0, 1] });
    seek(h, 10, 0, 0);
    poll(h, 10, [rec(0, 1, 'b')]);
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [1, 'b']])]);
    expectOnly(r, 'skipped');
  });

  it('orderViolations: B invoked after A was acknowledged, yet B has the lower offset', () => {
    const h = history();
    send(h, 1, 0, ['a'], { offsets: [5] });
    send(h, 2, 0, ['b'], { offsets: [3] });
    const r = check(h.ops, [drainOf(0, [[3, 'b'], [5, 'a']])]);
    expectOnly(r, 'orderViolations');
  });

  it('orderViolations: also when B had an unknown outcome and the drain places it', () => {
    const h = history();
    send(h, 1, 0, ['a'], { offsets: [5] });
    send(h, 2, 0, ['b'], 'info');
    const r = check(h.ops, [drainOf(0, [[3, 'b'], [5, 'a']])]);
    expectOnly(r, 'orderViolations');
  });

  it('no order violation between concurrent sends', () => {
    const h = history();
    const a = h.invoke(1, 'send', { partition: 0, values: ['a'] });
    const b = h.invoke(2, 'send', { partition: 0, values: ['b'] });
    h.complete(a, 'ok', { offsets: [1] });
    h.complete(b, 'ok', { offsets: [0] });
    expect(check(h.ops, [drainOf(0, [[0, 'b'], [1, 'a']])]).ok).toBe(true);
  });

  it('commitRegressions: a committed offset read lower after a higher commit was acknowledged', () => {
    const h = history();
    cleanBase(h);
    commit(h, 10, 0, 3);
    commit(h, 11, 0, 1, 'committed');
    const r = check(h.ops, [drainOf(0, [[0, 'a'], [2, 'b']])]);
    expectOnly(r, 'commitRegressions');
  });

  it('a run record survives a round trip through JSON and a file', () => {
    const h = history();
    cleanBase(h);
    const run = { seed: 7, durationS: 1, verdict: 'ok=true', history: h.ops, drain: [drainOf(0, [[0, 'a'], [2, 'b']])] };
    expect(parseRun(serialiseRun(run))).toEqual(run);
    const dir = mkdtempSync(path.join(tmpdir(), 'chaos-history-'));
    try {
      saveRun(path.join(dir, 'seed-7.json'), run);
      const back = loadRun(path.join(dir, 'seed-7.json'));
      expect(check(back.history, back.drain).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
