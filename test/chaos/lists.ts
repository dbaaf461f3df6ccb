// The list-append checker (pure). Every record carries a key; a key's list is
// the values appended under it, in log order, as the final drain holds them.
// Each reader (a process) must see every key's list in order and whole: after
// a seek of a partition to offset o, its next read of key k is the element of
// k's list right after everything below o, and each following read of k is the
// next element — never an element out of place, never one skipped, never one
// filed under another key. A reader that starts at 0 therefore sees, at every
// moment, a prefix of each key's final list.
import type { DrainedPartition, Op } from './history.js';
import { anomalyFlagger } from './checker.js';

export const LIST_ANOMALIES = ['listOutOfOrder', 'listGaps', 'listWrongKey'] as const;
export type ListAnomaly = (typeof LIST_ANOMALIES)[number];

export interface ListCheckResult extends Record<ListAnomaly, number> {
  ok: boolean;
  /** Keys in the final drain, and key reads checked. */
  keys: number;
  reads: number;
  examples: Record<ListAnomaly, unknown[]>;
}

interface Element {
  key: string;
  index: number;
}

export function checkLists(ops: readonly Op[], drain: readonly DrainedPartition[]): ListCheckResult {
  const result: ListCheckResult = { ok: true, keys: 0, reads: 0, listOutOfOrder: 0, listGaps: 0, listWrongKey: 0, examples: { listOutOfOrder: [], listGaps: [], listWrongKey: [] } };
  const flag = anomalyFlagger(result);

  // Each key's list, and where each value sits in it; per partition, each key's offsets (to place a seek).
  const where = new Map<string, Element>();
  const keyOffsets = new Map<number, Map<string, number[]>>();
  const lengths = new Map<string, number>();
  for (const d of drain) {
    const perKey = new Map<string, number[]>();
    keyOffsets.set(d.partition, perKey);
    for (const r of [...d.records].sort((a, b) => a.offset - b.offset)) {
      const key = r.key ?? '';
      const index = lengths.get(key) ?? 0;
      lengths.set(key, index + 1);
      if (!where.has(r.value)) where.set(r.value, { key, index });
      let offsets = perKey.get(key);
      if (!offsets) perKey.set(key, (offsets = []));
      offsets.push(r.offset);
    }
  }
  result.keys = lengths.size;

  // Per reader: the index in each key's list it must read next (undefined: not placed yet).
  const expected = new Map<number, Map<string, number>>();
  for (const op of ops) {
    if (op.type !== 'ok') continue;
    let mine = expected.get(op.process);
    if (!mine) expected.set(op.process, (mine = new Map()));
    if (op.f === 'seek' && op.partition !== undefined && op.offset !== undefined) {
      // Keys live in one partition each: the next element of k is the count of k's offsets below the seek.
      for (const [key, offsets] of keyOffsets.get(op.partition) ?? []) mine.set(key, offsets.filter((o) => o < op.offset!).length);
      continue;
    }
    if (op.f !== 'poll' || !op.records) continue;
    for (const r of op.records) {
      const key = r.key ?? '';
      const at = where.get(r.value);
      // Values the drain lacks are the queue checker's (lost / unexpected); nothing to place here.
      if (!at) continue;
      result.reads++;
      if (at.key !== key) {
        flag('listWrongKey', { process: op.process, poll: op.index, value: r.value, readUnder: key, drainUnder: at.key });
        continue;
      }
      const next = mine.get(key);
      if (next !== undefined && at.index !== next) {
        flag(at.index < next ? 'listOutOfOrder' : 'listGaps', { process: op.process, poll: op.index, key, value: r.value, indexInList: at.index, expectedIndex: next });
      }
      mine.set(key, at.index + 1);
    }
  }
  return result;
}

export function listVerdict(r: ListCheckResult): string {
  return `lists=${r.ok ? 'ok' : 'FAIL'} keys=${r.keys} keyReads=${r.reads} ${LIST_ANOMALIES.map((a) => `${a}=${r[a]}`).join(' ')}`;
}
