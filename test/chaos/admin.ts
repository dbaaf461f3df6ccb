// The admin-churn checker (pure). Topics are created and deleted while the
// nemesis works, each name used once; listings are linearizable reads of the
// controller. Anomalies:
// - createNotVisible: a listing that began after a create was acknowledged, and
//   ended before any delete of that topic began, does not show it;
// - deleteNotApplied: a listing that began after a delete was acknowledged still
//   shows the topic;
// - phantomTopics: a listing shows a topic nobody tried to create;
// - unexpectedErrors: an operation failed with an error that is not a clear,
//   expected one (a transient cluster state, or the answer to a retried
//   create / delete), e.g. an error without a code or an UNKNOWN server error.
import type { Op } from './history.js';
import { anomalyFlagger } from './checker.js';

export const ADMIN_ANOMALIES = ['createNotVisible', 'deleteNotApplied', 'phantomTopics', 'unexpectedErrors'] as const;
export type AdminAnomaly = (typeof ADMIN_ANOMALIES)[number];

/** Errors a create / delete / list may clearly end with while nodes crash, pause and lose their links. */
const TRANSIENT = ['TIMEOUT', 'UNAVAILABLE', 'NOT_CONTROLLER', 'LEADER_NOT_AVAILABLE', 'NOT_ENOUGH_REPLICAS', 'NO_BROKERS'];
export const EXPECTED_ERRORS: Record<'create' | 'delete' | 'list', readonly string[]> = {
  // A create the client retried after an unknown outcome finds its own topic.
  create: [...TRANSIENT, 'TOPIC_ALREADY_EXISTS'],
  // Likewise a retried delete finds the topic gone.
  delete: [...TRANSIENT, 'UNKNOWN_TOPIC'],
  list: TRANSIENT,
};

export interface AdminCheckResult extends Record<AdminAnomaly, number> {
  ok: boolean;
  created: number;
  deleted: number;
  lists: number;
  examples: Record<AdminAnomaly, unknown[]>;
}

interface TopicLife {
  /** When its create was acknowledged (completion time), if it was. */
  createdAt?: number;
  /** When the first delete began, and when a delete was acknowledged. */
  deleteInvokedAt?: number;
  deletedAt?: number;
}

export function checkAdmin(ops: readonly Op[]): AdminCheckResult {
  const result: AdminCheckResult = { ok: true, created: 0, deleted: 0, lists: 0, createNotVisible: 0, deleteNotApplied: 0, phantomTopics: 0, unexpectedErrors: 0, examples: { createNotVisible: [], deleteNotApplied: [], phantomTopics: [], unexpectedErrors: [] } };
  const flag = anomalyFlagger(result);
  const lives = new Map<string, TopicLife>();
  const life = (topic: string): TopicLife => {
    let l = lives.get(topic);
    if (!l) lives.set(topic, (l = {}));
    return l;
  };
  // Invocations by process, to pair completions (processes are single-threaded).
  const open = new Map<number, Op>();
  const listings: { invokedAt: number; completedAt: number; topics: string[]; index: number }[] = [];
  for (const op of ops) {
    if (op.f !== 'create' && op.f !== 'delete' && op.f !== 'list') continue;
    if (op.type === 'invoke') {
      open.set(op.process, op);
      if (op.f === 'create' && op.topic) life(op.topic);
      if (op.f === 'delete' && op.topic) life(op.topic).deleteInvokedAt ??= op.time;
      continue;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    if (op.type !== 'ok') {
      if (!op.code || !EXPECTED_ERRORS[op.f].includes(op.code)) flag('unexpectedErrors', { index: op.index, f: op.f, topic: op.topic, code: op.code ?? null, error: op.error });
      continue;
    }
    if (op.f === 'create' && op.topic) {
      life(op.topic).createdAt ??= op.time;
      result.created++;
    } else if (op.f === 'delete' && op.topic) {
      life(op.topic).deletedAt ??= op.time;
      result.deleted++;
    } else if (op.f === 'list' && inv) {
      listings.push({ invokedAt: inv.time, completedAt: op.time, topics: op.topics ?? [], index: op.index });
    }
  }
  result.lists = listings.length;
  for (const l of listings) {
    const shown = new Set(l.topics);
    for (const t of shown) if (!lives.has(t)) flag('phantomTopics', { list: l.index, topic: t });
    for (const [topic, t] of lives) {
      const mustShow = t.createdAt !== undefined && t.createdAt < l.invokedAt && (t.deleteInvokedAt === undefined || t.deleteInvokedAt > l.completedAt);
      if (mustShow && !shown.has(topic)) flag('createNotVisible', { list: l.index, topic, createdAt: t.createdAt, listInvokedAt: l.invokedAt });
      const mustHide = t.deletedAt !== undefined && t.deletedAt < l.invokedAt;
      if (mustHide && shown.has(topic)) flag('deleteNotApplied', { list: l.index, topic, deletedAt: t.deletedAt, listInvokedAt: l.invokedAt });
    }
  }
  return result;
}

export function adminVerdict(r: AdminCheckResult): string {
  return `admin=${r.ok ? 'ok' : 'FAIL'} created=${r.created} deleted=${r.deleted} listings=${r.lists} ${ADMIN_ANOMALIES.map((a) => `${a}=${r[a]}`).join(' ')}`;
}
