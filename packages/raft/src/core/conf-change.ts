// Membership changes: the rules that turn a configuration and a change into
// the next configuration (as etcd's confchange package decides them), and the
// codec of a conf-change entry's data.
//
// A change of at most one voter (any number of learners) is "simple": two
// configurations that differ in one voter always share a majority. A change
// of several voters (or an explicit transition) goes through the joint
// configuration C_old,new (Raft thesis §4.3), where every decision needs a
// majority of both; a second, empty change leaves it for C_new.
//
// Entries carry the configuration they produce, computed by the leader when it
// appends them. A replica applying an entry can then check its own result
// against the leader's, and a replica that joins an existing group (and never
// saw the bootstrap snapshot holding the first configuration) learns the
// configuration from the first conf-change entry it applies.

import { ConfChangeTransition, ConfChangeType, type ConfChange, type ConfChangeV2, type ConfState, type NodeId } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A conf-change entry's data is small; anything bigger is not one of ours. */
export const MAX_CONF_CHANGE_BYTES = 64 * 1024;
/** Bounds what one entry may name, so hostile data cannot make apply slow. */
export const MAX_CONF_CHANGES = 256;
export const MAX_CONF_MEMBERS = 1024;

const CHANGE_TYPES: ReadonlySet<string> = new Set(Object.values(ConfChangeType));

// ---- configurations ----------------------------------------------------------------

/** The configuration in canonical form: sorted lists; joint fields only when set. */
export function normalizeConfState(cs: ConfState): ConfState {
  const voters = sorted(cs.voters);
  const learners = sorted(cs.learners);
  const outgoing = sorted(cs.votersOutgoing ?? []);
  const next = sorted(cs.learnersNext ?? []);
  if (outgoing.length === 0 && next.length === 0) return { voters, learners };
  const out: { voters: NodeId[]; learners: NodeId[]; votersOutgoing: NodeId[]; learnersNext?: NodeId[]; autoLeave?: boolean } = {
    voters,
    learners,
    votersOutgoing: outgoing,
  };
  if (next.length > 0) out.learnersNext = next;
  if (cs.autoLeave === true) out.autoLeave = true;
  return out;
}

export function confStateEqual(a: ConfState, b: ConfState): boolean {
  const x = normalizeConfState(a);
  const y = normalizeConfState(b);
  return (
    sameList(x.voters, y.voters) &&
    sameList(x.learners, y.learners) &&
    sameList(x.votersOutgoing ?? [], y.votersOutgoing ?? []) &&
    sameList(x.learnersNext ?? [], y.learnersNext ?? []) &&
    (x.autoLeave === true) === (y.autoLeave === true)
  );
}

/** Every node the configuration names (voters of both halves and learners of both kinds). */
export function confMembers(cs: ConfState): NodeId[] {
  const all = new Set<NodeId>([...cs.voters, ...(cs.votersOutgoing ?? []), ...cs.learners, ...(cs.learnersNext ?? [])]);
  return [...all].sort((a, b) => a - b);
}

/**
 * Why `cs` is not a consistent configuration, or undefined when it is:
 * positive ids without duplicates, learners apart from every voter, demoted
 * voters (learnersNext) only among the outgoing voters, and no joint fields
 * outside a joint configuration.
 */
export function confStateProblem(cs: ConfState): string | undefined {
  const outgoing = cs.votersOutgoing ?? [];
  const next = cs.learnersNext ?? [];
  for (const [name, list] of [['voters', cs.voters], ['learners', cs.learners], ['votersOutgoing', outgoing], ['learnersNext', next]] as const) {
    if (list.length > MAX_CONF_MEMBERS) return `${name} names ${list.length} nodes (at most ${MAX_CONF_MEMBERS})`;
    for (const id of list) if (!validNodeId(id)) return `${name} holds ${String(id)}, not a node id (a positive integer)`;
    if (new Set(list).size !== list.length) return `${name} names a node twice`;
  }
  const voters = new Set([...cs.voters, ...outgoing]);
  for (const id of cs.learners) if (voters.has(id)) return `node ${id} is both a learner and a voter`;
  const out = new Set(outgoing);
  const learners = new Set(cs.learners);
  for (const id of next) {
    if (!out.has(id)) return `node ${id} is to become a learner but is not an outgoing voter`;
    if (learners.has(id)) return `node ${id} is both a learner and to become one`;
    if (cs.voters.includes(id)) return `node ${id} is both an incoming voter and to become a learner`;
  }
  if (outgoing.length === 0) {
    if (next.length > 0) return 'learnersNext is set outside a joint configuration';
    if (cs.autoLeave === true) return 'autoLeave is set outside a joint configuration';
  }
  return undefined;
}

// ---- changes -------------------------------------------------------------------------

export const ConfChangeKind = { Simple: 'simple', EnterJoint: 'enterJoint', LeaveJoint: 'leaveJoint' } as const;
export type ConfChangeKind = (typeof ConfChangeKind)[keyof typeof ConfChangeKind];

/**
 * What kind of transition a change makes from `cs` (see ConfChangeV2): no
 * change leaves a joint configuration; an explicit transition, or changes
 * that alter more than one voter, enter one; the rest are simple.
 */
export function confChangeKind(cs: ConfState, cc: ConfChangeV2): ConfChangeKind {
  const explicit = cc.transition === ConfChangeTransition.Explicit;
  if (cc.changes.length === 0 && !explicit) return ConfChangeKind.LeaveJoint;
  if (explicit) return ConfChangeKind.EnterJoint;
  const c: Parts = { voters: new Set(cs.voters), learners: new Set(cs.learners), outgoing: new Set(), next: new Set() };
  for (const ch of cc.changes) if (applyOne(c, ch) !== undefined) return ConfChangeKind.Simple; // refused later
  return votersChanged(cs.voters, c.voters) > 1 ? ConfChangeKind.EnterJoint : ConfChangeKind.Simple;
}

function votersChanged(before: readonly NodeId[], after: ReadonlySet<NodeId>): number {
  let changed = 0;
  for (const id of after) if (!before.includes(id)) changed++;
  for (const id of before) if (!after.has(id)) changed++;
  return changed;
}

/** A single change as a V2 change (the auto transition: a simple change). */
export function asV2(cc: ConfChange | ConfChangeV2): ConfChangeV2 {
  return 'changes' in cc ? cc : { changes: [cc] };
}

/** The leave-joint change: no changes, auto transition. */
export const LEAVE_JOINT: ConfChangeV2 = Object.freeze({ changes: Object.freeze([]) as readonly ConfChange[] });

export type ConfChangeResult = { ok: true; confState: ConfState } | { ok: false; reason: string };

/**
 * The configuration after applying `cc` to `cs`, or why the change is not
 * allowed there: entering a joint configuration while joint, leaving one
 * while not joint, a simple change of more than one voter, a change that
 * leaves no voter, a node id that is not one, an unknown change type.
 */
export function applyConfChangeV2(cs: ConfState, cc: ConfChangeV2): ConfChangeResult {
  const current = confStateProblem(cs);
  if (current !== undefined) return { ok: false, reason: `the current configuration is inconsistent: ${current}` };
  const joint = (cs.votersOutgoing?.length ?? 0) > 0;
  const kind = confChangeKind(cs, cc);
  if (kind === ConfChangeKind.LeaveJoint) {
    if (!joint) return { ok: false, reason: 'cannot leave a joint configuration: the configuration is not joint' };
    return {
      ok: true,
      confState: normalizeConfState({ voters: cs.voters, learners: [...cs.learners, ...(cs.learnersNext ?? [])] }),
    };
  }
  if (joint) return { ok: false, reason: 'the configuration is joint: leave it (an empty change) before another change' };
  if (cc.changes.length > MAX_CONF_CHANGES) return { ok: false, reason: `${cc.changes.length} changes in one (at most ${MAX_CONF_CHANGES})` };
  const c: Parts = {
    voters: new Set(cs.voters),
    learners: new Set(cs.learners),
    outgoing: new Set(kind === ConfChangeKind.EnterJoint ? cs.voters : []),
    next: new Set(),
  };
  if (kind === ConfChangeKind.EnterJoint && c.outgoing.size === 0) return { ok: false, reason: 'cannot enter a joint configuration from one without voters' };
  for (const ch of cc.changes) {
    const err = applyOne(c, ch);
    if (err !== undefined) return { ok: false, reason: err };
  }
  if (c.voters.size === 0) return { ok: false, reason: 'the change removes every voter' };
  if (kind === ConfChangeKind.Simple && votersChanged(cs.voters, c.voters) > 1) {
    return { ok: false, reason: 'a simple change may change one voter only; use a joint change' };
  }
  const out = normalizeConfState({
    voters: [...c.voters],
    learners: [...c.learners],
    votersOutgoing: [...c.outgoing],
    learnersNext: [...c.next],
    autoLeave: kind === ConfChangeKind.EnterJoint && cc.transition !== ConfChangeTransition.Explicit,
  });
  const problem = confStateProblem(out);
  if (problem !== undefined) return { ok: false, reason: problem };
  if (confMembers(out).length > MAX_CONF_MEMBERS) return { ok: false, reason: `the configuration would name more than ${MAX_CONF_MEMBERS} nodes` };
  return { ok: true, confState: out };
}

interface Parts {
  voters: Set<NodeId>;
  learners: Set<NodeId>;
  outgoing: Set<NodeId>;
  next: Set<NodeId>;
}

function applyOne(c: Parts, ch: ConfChange): string | undefined {
  const id = ch.nodeId;
  if (!validNodeId(id)) return `${String(id)} is not a node id (a positive integer)`;
  switch (ch.type) {
    case ConfChangeType.AddNode:
      c.voters.add(id);
      c.learners.delete(id);
      c.next.delete(id);
      return undefined;
    case ConfChangeType.AddLearner:
      if (c.learners.has(id)) return undefined;
      c.voters.delete(id);
      c.next.delete(id);
      // A voter of the outgoing configuration stays one until the joint
      // configuration is left: it becomes a learner then.
      if (c.outgoing.has(id)) c.next.add(id);
      else c.learners.add(id);
      return undefined;
    case ConfChangeType.RemoveNode:
      c.voters.delete(id);
      c.learners.delete(id);
      c.next.delete(id);
      return undefined;
    default:
      return `unknown change type ${JSON.stringify(String(ch.type))}`;
  }
}

// ---- the entry codec -------------------------------------------------------------------

/**
 * The data of a conf-change entry: the change and, once the leader has
 * appended it, the configuration it produces. JSON; the first format (one
 * change, `{t, n}`) is still read.
 */
export function encodeConfChange(cc: ConfChange | ConfChangeV2, confState?: ConfState): Uint8Array {
  const v2 = asV2(cc);
  const o: Record<string, unknown> = {
    v: 2,
    tr: v2.transition ?? ConfChangeTransition.Auto,
    c: v2.changes.map((ch) => ({ t: ch.type, n: ch.nodeId })),
  };
  if (confState !== undefined) {
    const cs = normalizeConfState(confState);
    o['cs'] = { v: cs.voters, l: cs.learners, o: cs.votersOutgoing ?? [], n: cs.learnersNext ?? [], a: cs.autoLeave === true };
  }
  return encoder.encode(JSON.stringify(o));
}

/** The first format of conf-change data (one change); kept for tests of old logs. */
export function encodeLegacyConfChange(cc: ConfChange): Uint8Array {
  return encoder.encode(JSON.stringify({ t: cc.type, n: cc.nodeId }));
}

export interface DecodedConfChange {
  readonly change: ConfChangeV2;
  /** The configuration the entry produces (absent in entries of the first format). */
  readonly confState?: ConfState | undefined;
}

export type ConfChangeDecoding = { ok: true; value: DecodedConfChange } | { ok: false; reason: string };

/**
 * Reads a conf-change entry's data. The bytes come from the log, i.e. from
 * peers: nothing here throws; whatever is not a well-formed change (or names a
 * configuration that is not consistent) is refused with the reason.
 */
export function decodeConfChange(data: Uint8Array): ConfChangeDecoding {
  if (data.byteLength > MAX_CONF_CHANGE_BYTES) return refuse(`${data.byteLength} bytes (at most ${MAX_CONF_CHANGE_BYTES})`);
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(data));
  } catch {
    return refuse('not JSON text');
  }
  if (!isRecord(raw)) return refuse('not a JSON object');
  if (raw['v'] === undefined) {
    // The first format: one change.
    const ch = readChange(raw);
    return typeof ch === 'string' ? refuse(ch) : { ok: true, value: { change: { changes: [ch] } } };
  }
  if (raw['v'] !== 2) return refuse(`unknown version ${JSON.stringify(raw['v'])}`);
  const tr = raw['tr'];
  if (tr !== ConfChangeTransition.Auto && tr !== ConfChangeTransition.Explicit) return refuse(`unknown transition ${JSON.stringify(tr)}`);
  const list = raw['c'];
  if (!Array.isArray(list)) return refuse('the change list is not an array');
  if (list.length > MAX_CONF_CHANGES) return refuse(`${list.length} changes (at most ${MAX_CONF_CHANGES})`);
  const changes: ConfChange[] = [];
  for (const item of list as unknown[]) {
    if (!isRecord(item)) return refuse('a change is not an object');
    const ch = readChange(item);
    if (typeof ch === 'string') return refuse(ch);
    changes.push(ch);
  }
  const change: ConfChangeV2 = { transition: tr, changes };
  if (raw['cs'] === undefined) return { ok: true, value: { change } };
  const cs = readConfState(raw['cs']);
  if (typeof cs === 'string') return refuse(`its configuration: ${cs}`);
  return { ok: true, value: { change, confState: cs } };
}

function refuse(why: string): ConfChangeDecoding {
  return { ok: false, reason: `conf-change entry: ${why}` };
}

function readChange(o: Record<string, unknown>): ConfChange | string {
  const t = o['t'];
  const n = o['n'];
  if (typeof t !== 'string' || !CHANGE_TYPES.has(t)) return `unknown change type ${JSON.stringify(t)}`;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) return `node id ${JSON.stringify(n)} is not an integer`;
  return { type: t as ConfChangeType, nodeId: n };
}

function readConfState(v: unknown): ConfState | string {
  if (!isRecord(v)) return 'not an object';
  const lists: NodeId[][] = [];
  for (const k of ['v', 'l', 'o', 'n']) {
    const list = v[k];
    if (!Array.isArray(list) || list.length > MAX_CONF_MEMBERS) return `field ${k} is not a list of at most ${MAX_CONF_MEMBERS} node ids`;
    for (const id of list as unknown[]) if (typeof id !== 'number' || !validNodeId(id)) return `field ${k} holds ${JSON.stringify(id)}, not a node id`;
    lists.push(list as NodeId[]);
  }
  if (typeof v['a'] !== 'boolean') return 'field a is not a boolean';
  const [voters, learners, outgoing, next] = lists as [NodeId[], NodeId[], NodeId[], NodeId[]];
  const cs: ConfState = { voters, learners, votersOutgoing: outgoing, learnersNext: next, autoLeave: v['a'] };
  const problem = confStateProblem(cs);
  if (problem !== undefined) return problem;
  return normalizeConfState(cs);
}

// ---- helpers ------------------------------------------------------------------------------

function validNodeId(id: unknown): id is NodeId {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sorted(list: readonly NodeId[]): NodeId[] {
  return [...list].sort((a, b) => a - b);
}

function sameList(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
