// The checker against generated histories of a correct log (fast-check):
// concurrent senders whose values land at increasing offsets (with gaps) when
// acknowledged, sends with unknown outcomes that land or not, readers that poll
// and seek. A correct history is never flagged; dropping an acknowledged value
// from the drain, or writing one twice, always is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from './checker.js';
import { History, type DrainedPartition, type Op, type PolledRecord } from './history.js';

const PARTITIONS = 2;
const SENDERS = 3;
const READERS = 2;

type Command =
  | { kind: 'invoke'; proc: number; partition: number; n: number }
  | { kind: 'complete'; proc: number; outcome: 'ok' | 'info-landed' | 'info-lost' | 'fail'; gap: number }
  | { kind: 'poll'; reader: number; partition: number; max: number }
  | { kind: 'seek'; reader: number; partition: number; fraction: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('invoke' as const), proc: fc.nat(SENDERS - 1), partition: fc.nat(PARTITIONS - 1), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('complete' as const), proc: fc.nat(SENDERS - 1), outcome: fc.constantFrom('ok' as const, 'ok' as const, 'info-landed' as const, 'info-lost' as const, 'fail' as const), gap: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('poll' as const), reader: fc.nat(READERS - 1), partition: fc.nat(PARTITIONS - 1), max: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('seek' as const), reader: fc.nat(READERS - 1), partition: fc.nat(PARTITIONS - 1), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

/** Plays the commands against a correct log; returns the history, the drain and the acknowledged values. */
function simulate(commands: Command[]): { ops: Op[]; drain: DrainedPartition[]; acked: string[] } {
  let t = 0;
  const h = new History({ monotonic: () => t++, wall: () => t });
  const log: { offset: number; value: string }[][] = Array.from({ length: PARTITIONS }, () => []);
  const next = Array.from({ length: PARTITIONS }, () => 0);
  const open = new Map<number, Op>();
  const positions = new Map<string, number>();
  const acked: string[] = [];
  let counter = 0;
  for (let r = 0; r < READERS; r++) {
    for (let p = 0; p < PARTITIONS; p++) {
      h.complete(h.invoke(SENDERS + r, 'seek', { partition: p, offset: 0 }), 'ok');
      positions.set(`${r}/${p}`, 0);
    }
  }
  for (const c of commands) {
    if (c.kind === 'invoke' && !open.has(c.proc)) {
      open.set(c.proc, h.invoke(c.proc, 'send', { partition: c.partition, values: Array.from({ length: c.n }, () => `v${counter++}`) }));
    } else if (c.kind === 'complete' && open.has(c.proc)) {
      const inv = open.get(c.proc)!;
      open.delete(c.proc);
      const p = inv.partition!;
      const offsets: number[] = [];
      if (c.outcome === 'ok' || c.outcome === 'info-landed') {
        next[p]! += c.gap; // offsets may have gaps
        for (const value of inv.values!) {
          offsets.push(next[p]!);
          log[p]!.push({ offset: next[p]!++, value });
        }
      }
      if (c.outcome === 'ok') {
        h.complete(inv, 'ok', { offsets });
        acked.push(...inv.values!);
      } else h.complete(inv, c.outcome === 'fail' ? 'fail' : 'info');
    } else if (c.kind === 'poll') {
      const key = `${c.reader}/${c.partition}`;
      const from = positions.get(key)!;
      const records: PolledRecord[] = log[c.partition]!.filter((r) => r.offset >= from).slice(0, c.max).map((r) => ({ partition: c.partition, ...r }));
      if (records.length > 0) positions.set(key, records[records.length - 1]!.offset + 1);
      h.complete(h.invoke(SENDERS + c.reader, 'poll'), 'ok', { records });
    } else if (c.kind === 'seek') {
      const offset = Math.floor(c.fraction * (next[c.partition]! + 1));
      h.complete(h.invoke(SENDERS + c.reader, 'seek', { partition: c.partition, offset }), 'ok');
      positions.set(`${c.reader}/${c.partition}`, offset);
    }
  }
  return { ops: h.ops, drain: log.map((records, partition) => ({ partition, records: records.map((r) => ({ ...r })) })), acked };
}

describe('chaos checker on generated histories', () => {
  it('never flags a history of a correct log', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 120 }), (commands) => {
        const { ops, drain } = simulate(commands);
        const r = check(ops, drain);
        expect(r.ok, JSON.stringify(r.examples)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('always flags an acknowledged value missing from the drain', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 20, maxLength: 120 }), fc.nat(), (commands, pick) => {
        const { ops, drain, acked } = simulate(commands);
        fc.pre(acked.length > 0);
        const victim = acked[pick % acked.length]!;
        for (const d of drain) d.records = d.records.filter((r) => r.value !== victim);
        expect(check(ops, drain).lost).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('always flags an acknowledged value written twice', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 20, maxLength: 120 }), fc.nat(), (commands, pick) => {
        const { ops, drain, acked } = simulate(commands);
        fc.pre(acked.length > 0);
        const victim = acked[pick % acked.length]!;
        const d = drain.find((x) => x.records.some((r) => r.value === victim))!;
        d.records.push({ offset: (d.records[d.records.length - 1]?.offset ?? 0) + 1, value: victim });
        expect(check(ops, drain).duplicates).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
