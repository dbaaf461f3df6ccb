// The checker: a pure function over a history and the final drain, modelled on
// Jepsen's Kafka checkers (jepsen.tests.kafka). It owns the definitions of the
// anomalies a log must never show; the harness only records what happened.
//
// Every read — an acknowledged send's offsets, a poll, the final drain — is an
// observation "value v is at (partition, offset)". From all of them:
// - lost: acknowledged, yet missing from the final drain;
// - duplicates: one value observed at two positions;
// - inconsistentOffsets: two values observed at one position;
// - unexpected: read, but never sent, or sent and definitely failed;
// - nonMonotonic: a reader went back (or stood still) without a seek;
// - skipped: a reader jumped over offsets the final drain holds, without a seek
//   (gaps the drain also shows are fine: Eddy's offsets may have gaps);
// - orderViolations: send A acknowledged before send B was invoked on the same
//   partition, yet B sits at a lower offset;
// - commitRegressions: a group's committed offset seen lower after a higher one
//   was acknowledged.
import { pairOps, type DrainedPartition, type Op, type OpPair } from './history.js';

export const ANOMALIES = ['lost', 'duplicates', 'inconsistentOffsets', 'unexpected', 'nonMonotonic', 'skipped', 'orderViolations', 'commitRegressions'] as const;
export type Anomaly = (typeof ANOMALIES)[number];

/** At most this many examples per anomaly class are kept. */
const MAX_EXAMPLES = 8;

/**
 * For the workload checkers (lists, group, admin): records anomaly `a` in
 * `result` — one more counted, the result not ok, the example kept while
 * fewer than MAX_EXAMPLES are.
 */
export function anomalyFlagger<A extends string>(result: Record<A, number> & { ok: boolean; examples: Record<A, unknown[]> }): (a: A, example: unknown) => void {
  return (a, example) => {
    result[a]++;
    result.ok = false;
    if (result.examples[a].length < MAX_EXAMPLES) result.examples[a].push(example);
  };
}

export interface CheckResult extends Record<Anomaly, number> {
  ok: boolean;
  /** Sends acknowledged / with unknown outcome / definitely failed (counted per value). */
  acknowledged: number;
  unknown: number;
  failed: number;
  /** Records delivered by polls; records in the final drain. */
  polled: number;
  drained: number;
  examples: Record<Anomaly, unknown[]>;
}

interface Position {
  partition: number;
  offset: number;
}

const posKey = (p: number, o: number): string => `${p}:${o}`;

/** Sorted offsets of one partition in the final drain, to ask "does the drain hold anything in [from, to)?". */
class DrainIndex {
  private readonly offsets = new Map<number, number[]>();
  readonly values = new Map<string, Position>();

  constructor(drain: readonly DrainedPartition[]) {
    for (const d of drain) {
      this.offsets.set(d.partition, d.records.map((r) => r.offset).sort((a, b) => a - b));
      for (const r of d.records) if (!this.values.has(r.value)) this.values.set(r.value, { partition: d.partition, offset: r.offset });
    }
  }

  /** Offsets the drain holds in [from, to). */
  between(partition: number, from: number, to: number): number[] {
    const list = this.offsets.get(partition) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < list.length && (list[i] as number) < to; i++) out.push(list[i] as number);
    return out;
  }
}

export function check(history: readonly Op[], drain: readonly DrainedPartition[]): CheckResult {
  const examples = Object.fromEntries(ANOMALIES.map((a) => [a, [] as unknown[]])) as Record<Anomaly, unknown[]>;
  const counts = Object.fromEntries(ANOMALIES.map((a) => [a, 0])) as Record<Anomaly, number>;
  const report = (a: Anomaly, example: unknown): void => {
    counts[a]++;
    if (examples[a].length < MAX_EXAMPLES) examples[a].push(example);
  };

  const pairs = pairOps(history);
  const sends = pairs.filter((p) => p.invoke.f === 'send');
  const drainIndex = new DrainIndex(drain);

  // Outcome of every value sent.
  const sent = new Map<string, { outcome: 'ok' | 'fail' | 'info'; pair: OpPair }>();
  let acknowledged = 0;
  let unknown = 0;
  let failed = 0;
  for (const pair of sends) {
    const outcome = pair.complete?.type === 'ok' ? 'ok' : pair.complete?.type === 'fail' ? 'fail' : 'info';
    for (const v of pair.invoke.values ?? []) {
      sent.set(v, { outcome, pair });
      if (outcome === 'ok') acknowledged++;
      else if (outcome === 'fail') failed++;
      else unknown++;
    }
  }

  // Every observation of a value at a position.
  const byPosition = new Map<string, Map<string, string[]>>(); // position -> value -> sources
  const byValue = new Map<string, Map<string, string[]>>(); // value -> position -> sources
  const observe = (partition: number, offset: number, value: string, source: string): void => {
    const k = posKey(partition, offset);
    let atPos = byPosition.get(k);
    if (!atPos) byPosition.set(k, (atPos = new Map()));
    // A few sources per observation are enough for an example; long runs read values many times.
    const s1 = atPos.get(value);
    if (!s1) atPos.set(value, [source]);
    else if (s1.length < 3) s1.push(source);
    let ofValue = byValue.get(value);
    if (!ofValue) byValue.set(value, (ofValue = new Map()));
    const s2 = ofValue.get(k);
    if (!s2) ofValue.set(k, [source]);
    else if (s2.length < 3) s2.push(source);
  };
  for (const pair of sends) {
    const c = pair.complete;
    if (c?.type !== 'ok' || c.partition === undefined) continue;
    const values = c.values ?? [];
    values.forEach((v, i) => {
      const offset = c.offsets?.[i];
      // A negative offset is "acknowledged, offset not reported" (a duplicate the leader recognised).
      if (offset !== undefined && offset >= 0) observe(c.partition as number, offset, v, `send@${c.index}`);
    });
  }
  let polled = 0;
  const readValues: { value: string; source: string }[] = [];
  for (const op of history) {
    if (op.f !== 'poll' || op.type !== 'ok') continue;
    for (const r of op.records ?? []) {
      polled++;
      observe(r.partition, r.offset, r.value, `poll@${op.index}`);
      readValues.push({ value: r.value, source: `poll@${op.index}` });
    }
  }
  let drained = 0;
  for (const d of drain) {
    for (const r of d.records) {
      drained++;
      observe(d.partition, r.offset, r.value, 'drain');
      readValues.push({ value: r.value, source: 'drain' });
    }
  }

  // Lost: acknowledged, missing from the final drain.
  for (const [value, s] of sent) {
    if (s.outcome === 'ok' && !drainIndex.values.has(value)) report('lost', { value, partition: s.pair.invoke.partition, ackedAt: s.pair.complete?.index });
  }

  // Duplicates and inconsistent offsets.
  for (const [value, positions] of byValue) {
    if (positions.size > 1) report('duplicates', { value, positions: Object.fromEntries(positions) });
  }
  for (const [position, values] of byPosition) {
    if (values.size > 1) report('inconsistentOffsets', { position, values: Object.fromEntries(values) });
  }

  // Unexpected values: never sent, or sent and definitely failed (each value once).
  const seenUnexpected = new Set<string>();
  for (const { value, source } of readValues) {
    const s = sent.get(value);
    if (s && s.outcome !== 'fail') continue;
    if (seenUnexpected.has(value)) continue;
    seenUnexpected.add(value);
    report('unexpected', { value, source, why: s ? `its send failed (op ${s.pair.complete?.index})` : 'never sent' });
  }

  checkReaders(history, drainIndex, report);
  checkRealTimeOrder(sends, drainIndex, report);
  checkCommits(pairs, report);

  const ok = ANOMALIES.every((a) => counts[a] === 0);
  return { ok, ...counts, acknowledged, unknown, failed, polled, drained, examples };
}

/** Per reader (process) and partition: strictly increasing offsets, no skipped offsets, unless it seeked. */
function checkReaders(history: readonly Op[], drain: DrainIndex, report: (a: Anomaly, example: unknown) => void): void {
  // process -> partition -> next offset it should read (undefined: no expectation yet) and the last read.
  const readers = new Map<number, Map<number, { expected: number | undefined; last: number | undefined }>>();
  const stateOf = (process: number, partition: number): { expected: number | undefined; last: number | undefined } => {
    let r = readers.get(process);
    if (!r) readers.set(process, (r = new Map()));
    let s = r.get(partition);
    if (!s) r.set(partition, (s = { expected: undefined, last: undefined }));
    return s;
  };
  for (const op of history) {
    if (op.f === 'seek' && op.type === 'ok' && op.partition !== undefined) {
      const s = stateOf(op.process, op.partition);
      s.expected = op.offset;
      s.last = undefined;
    }
    if (op.f !== 'poll' || op.type !== 'ok') continue;
    for (const r of op.records ?? []) {
      const s = stateOf(op.process, r.partition);
      if (s.last !== undefined && r.offset <= s.last) {
        report('nonMonotonic', { process: op.process, partition: r.partition, previous: s.last, offset: r.offset, op: op.index });
      } else if (s.expected !== undefined && r.offset > s.expected) {
        const missed = drain.between(r.partition, s.expected, r.offset);
        if (missed.length > 0) report('skipped', { process: op.process, partition: r.partition, expected: s.expected, offset: r.offset, missed: missed.slice(0, 10), op: op.index });
      }
      s.last = r.offset;
      s.expected = r.offset + 1;
    }
  }
}

/** Real-time order: every send invoked after send A was acknowledged lands above A on that partition. */
function checkRealTimeOrder(sends: readonly OpPair[], drain: DrainIndex, report: (a: Anomaly, example: unknown) => void): void {
  interface Placed {
    pair: OpPair;
    partition: number;
    min: number;
    max: number;
  }
  const placed: Placed[] = [];
  for (const pair of sends) {
    const c = pair.complete;
    let offsets: number[] = [];
    let partition = pair.invoke.partition;
    if (c?.type === 'ok' && c.offsets && c.offsets.length > 0 && c.offsets.every((o) => o >= 0)) {
      offsets = c.offsets;
      partition = c.partition ?? partition;
    } else if (c?.type !== 'fail') {
      // Unknown outcome, or acknowledged without offsets: where it landed, if it did, is what the drain says.
      const found = (pair.invoke.values ?? []).map((v) => drain.values.get(v)).filter((p): p is Position => p !== undefined && p.partition === partition);
      offsets = found.map((p) => p.offset);
    }
    if (partition === undefined || offsets.length === 0) continue;
    placed.push({ pair, partition, min: Math.min(...offsets), max: Math.max(...offsets) });
  }
  const partitions = new Set(placed.map((p) => p.partition));
  for (const partition of partitions) {
    const here = placed.filter((p) => p.partition === partition);
    const acked = here.filter((p) => p.pair.complete?.type === 'ok').sort((a, b) => (a.pair.complete as Op).time - (b.pair.complete as Op).time);
    const byInvoke = [...here].sort((a, b) => a.pair.invoke.time - b.pair.invoke.time);
    let i = 0;
    let highest: Placed | undefined;
    for (const b of byInvoke) {
      while (i < acked.length && (acked[i]!.pair.complete as Op).time < b.pair.invoke.time) {
        if (!highest || acked[i]!.max > highest.max) highest = acked[i];
        i++;
      }
      if (highest && b.min < highest.max) {
        report('orderViolations', {
          partition,
          earlier: { values: highest.pair.invoke.values, offset: highest.max, ackedAt: highest.pair.complete?.index },
          later: { values: b.pair.invoke.values, offset: b.min, invokedAt: b.pair.invoke.index },
        });
      }
    }
  }
}

/** A group's committed offset, once acknowledged (by a commit or a read of it), never seen lower by a later operation. */
function checkCommits(pairs: readonly OpPair[], report: (a: Anomaly, example: unknown) => void): void {
  const groups = new Map<string, OpPair[]>();
  for (const pair of pairs) {
    if (pair.invoke.f !== 'commit' && pair.invoke.f !== 'committed') continue;
    const c = pair.complete;
    if (c?.type !== 'ok' || c.offset === undefined || c.partition === undefined) continue;
    const k = `${c.group ?? ''}/${c.partition}`;
    groups.set(k, [...(groups.get(k) ?? []), pair]);
  }
  for (const [key, list] of groups) {
    const byComplete = [...list].sort((a, b) => (a.complete as Op).time - (b.complete as Op).time);
    const byInvoke = [...list].sort((a, b) => a.invoke.time - b.invoke.time);
    let i = 0;
    let highest: OpPair | undefined;
    for (const y of byInvoke) {
      while (i < byComplete.length && (byComplete[i]!.complete as Op).time < y.invoke.time) {
        if (!highest || (byComplete[i]!.complete as Op).offset! > (highest.complete as Op).offset!) highest = byComplete[i];
        i++;
      }
      const seen = (y.complete as Op).offset as number;
      if (highest && seen < ((highest.complete as Op).offset as number)) {
        report('commitRegressions', { groupPartition: key, before: { op: highest.complete?.index, offset: highest.complete?.offset }, after: { op: y.complete?.index, f: y.invoke.f, offset: seen } });
      }
    }
  }
}

/** The one-line verdict: `ok=true lost=0 duplicates=0 ...`. */
export function verdict(r: CheckResult): string {
  return [`ok=${r.ok}`, ...ANOMALIES.map((a) => `${a}=${r[a]}`), `acknowledged=${r.acknowledged}`, `unknown=${r.unknown}`, `failed=${r.failed}`, `polled=${r.polled}`, `drained=${r.drained}`].join(' ');
}
