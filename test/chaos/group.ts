// The consumer-group checker (pure). Group members read the queue topic from
// the partitions the coordinator assigns them, and commit, after each read,
// one past the last record they read. Committed offsets moving backwards are
// the queue checker's commitRegressions (commit / committed operations); here:
// - groupSkipped: a record the final drain holds below a partition's highest
//   acknowledged commit, which no member ever read — the group skipped it (e.g.
//   a member that took a partition over after a rebalance started past the
//   committed offset);
// - groupInconsistent: a member read a value at a position where the final
//   drain holds another value (or none).
import type { DrainedPartition, Op } from './history.js';
import { anomalyFlagger } from './checker.js';

export const GROUP_ANOMALIES = ['groupSkipped', 'groupInconsistent'] as const;
export type GroupAnomaly = (typeof GROUP_ANOMALIES)[number];

export interface GroupCheckResult extends Record<GroupAnomaly, number> {
  ok: boolean;
  /** Records members read; acknowledged commits. */
  read: number;
  commits: number;
  /** Committed offsets read back (describe group), checked by commitRegressions. */
  committedReads: number;
  /** The highest acknowledged commit of each partition. */
  committed: Record<number, number>;
  examples: Record<GroupAnomaly, unknown[]>;
}

export function checkGroup(ops: readonly Op[], drain: readonly DrainedPartition[]): GroupCheckResult {
  const result: GroupCheckResult = { ok: true, read: 0, commits: 0, committedReads: 0, committed: {}, groupSkipped: 0, groupInconsistent: 0, examples: { groupSkipped: [], groupInconsistent: [] } };
  const flag = anomalyFlagger(result);
  const at = new Map<string, string>();
  for (const d of drain) for (const r of d.records) at.set(`${d.partition}:${r.offset}`, r.value);
  const seen = new Set<string>();
  for (const op of ops) {
    if (op.type !== 'ok') continue;
    if (op.f === 'gpoll') {
      for (const r of op.records ?? []) {
        result.read++;
        const key = `${r.partition}:${r.offset}`;
        seen.add(key);
        const expected = at.get(key);
        if (expected !== r.value) flag('groupInconsistent', { op: op.index, process: op.process, partition: r.partition, offset: r.offset, read: r.value, drain: expected ?? null });
      }
    } else if (op.f === 'committed') {
      result.committedReads++;
    } else if (op.f === 'commit' && op.partition !== undefined && op.offset !== undefined) {
      result.commits++;
      result.committed[op.partition] = Math.max(result.committed[op.partition] ?? 0, op.offset);
    }
  }
  for (const d of drain) {
    const upTo = result.committed[d.partition] ?? 0;
    const missing = d.records.filter((r) => r.offset < upTo && !seen.has(`${d.partition}:${r.offset}`));
    for (const r of missing) flag('groupSkipped', { partition: d.partition, offset: r.offset, value: r.value, highestCommit: upTo });
  }
  return result;
}

export function groupVerdict(r: GroupCheckResult): string {
  return `group=${r.ok ? 'ok' : 'FAIL'} groupRead=${r.read} commits=${r.commits} committedReads=${r.committedReads} ${GROUP_ANOMALIES.map((a) => `${a}=${r[a]}`).join(' ')}`;
}
