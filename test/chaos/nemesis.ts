// The nemesis: injects process faults into a ServerCluster on a schedule drawn
// from a seed (rounds of every kind in a seeded order), one fault at a time (so at most one node of three — a minority —
// is down or paused), and heals everything before it returns. Each fault kind is
// a small object (`FaultKind`): it picks its victim, breaks it, and hands back
// how to heal it; new kinds (network cuts through per-link proxies, slow links,
// torn unsynced writes) plug in the same way.
import type { ServerCluster, ServerProcess } from '../support/server-cluster.js';
import type { WireClient } from '../support/wire-client.js';
import { LAB_INTERNAL_PORT } from './cluster.js';
import type { EddyError, wire as wireTypes } from '@eddy/protocol';
import { NEMESIS_PROCESS, type History } from './history.js';
import type { NetLab } from './netlab.js';
import type { Rng } from './rng.js';

export interface NemesisContext {
  cluster: ServerCluster;
  wire: WireClient;
  topic: string;
  partitions: number;
  rng: Rng;
  /** The network lab the nodes run in, when namespaces are available (network faults need it). */
  net?: NetLab;
}

/** A fault in force; heal() undoes it and resolves when the cluster has its node back. */
export interface ActiveFault {
  description: string;
  heal(): Promise<void>;
}

export interface FaultKind {
  name: string;
  /**
   * Times the kind comes up in each seeded round (default 1): an integer part of copies, and one more
   * with a probability of the fraction. Integer weights draw nothing from the seed, so they leave the
   * schedules of other kinds' seeds as they were.
   */
  weight?: number;
  /** Breaks something, or returns undefined when it found no victim (e.g. no leader known). */
  start(ctx: NemesisContext): Promise<ActiveFault | undefined>;
}

export const RESTART_TIMEOUT_MS = 60_000;

export async function withTimeout<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`nemesis: ${what} took more than ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function liveNodes(cluster: ServerCluster): ServerProcess[] {
  return cluster.nodes.filter((n) => n.child);
}

export async function partitionLeader(ctx: NemesisContext, partition: number): Promise<ServerProcess | undefined> {
  const leader = await ctx.wire.leaderAddress(ctx.topic, partition).catch(() => undefined);
  return leader ? ctx.cluster.nodes.find((n) => n.id === leader.id && n.child) : undefined;
}

async function activeController(ctx: NemesisContext): Promise<ServerProcess | undefined> {
  const md = await ctx.wire.metadata([]).catch(() => undefined);
  return md && md.controllerId > 0 ? ctx.cluster.nodes.find((n) => n.id === md.controllerId && n.child) : undefined;
}

function crash(ctx: NemesisContext, node: ServerProcess, why: string): Promise<ActiveFault> {
  return ctx.cluster.kill(node, 'SIGKILL').then(() => ({
    description: `SIGKILL node ${node.id} (${why})`,
    heal: () => withTimeout(`restart of node ${node.id}`, ctx.cluster.restart(node), RESTART_TIMEOUT_MS),
  }));
}

function pause(node: ServerProcess, why: string): ActiveFault {
  const child = node.child!;
  child.kill('SIGSTOP');
  return {
    description: `SIGSTOP node ${node.id} (${why})`,
    heal: async () => {
      child.kill('SIGCONT');
    },
  };
}

/** The process fault kinds. */
export const PROCESS_FAULTS: readonly FaultKind[] = [
  {
    name: 'kill-random',
    start: async (ctx) => crash(ctx, ctx.rng.pick(liveNodes(ctx.cluster)), 'random node'),
  },
  {
    name: 'kill-leader',
    start: async (ctx) => {
      const partition = ctx.rng.int(0, ctx.partitions - 1);
      const node = await partitionLeader(ctx, partition);
      return node ? crash(ctx, node, `leader of partition ${partition}`) : undefined;
    },
  },
  {
    name: 'kill-controller',
    start: async (ctx) => {
      const node = await activeController(ctx);
      return node ? crash(ctx, node, 'active controller') : undefined;
    },
  },
  {
    name: 'pause-random',
    start: async (ctx) => pause(ctx.rng.pick(liveNodes(ctx.cluster)), 'random node'),
  },
  {
    name: 'pause-leader',
    start: async (ctx) => {
      const partition = ctx.rng.int(0, ctx.partitions - 1);
      const node = await partitionLeader(ctx, partition);
      return node ? pause(node, `leader of partition ${partition}`) : undefined;
    },
  },
  {
    name: 'pause-controller',
    start: async (ctx) => {
      const node = await activeController(ctx);
      return node ? pause(node, 'active controller') : undefined;
    },
  },
  {
    // A partition leader crashes and comes straight back: it must not resurrect a stale log.
    name: 'bounce-leader',
    start: async (ctx) => {
      const partition = ctx.rng.int(0, ctx.partitions - 1);
      const node = await partitionLeader(ctx, partition);
      if (!node) return undefined;
      const fault = await crash(ctx, node, `leader of partition ${partition}, crash-restart`);
      await fault.heal();
      return { description: `${fault.description}, restarted at once`, heal: async () => {} };
    },
  },
  {
    // A crash and an immediate restart: recovery from disk while the others carry on.
    name: 'bounce',
    start: async (ctx) => {
      const fault = await crash(ctx, ctx.rng.pick(liveNodes(ctx.cluster)), 'crash-restart');
      await fault.heal();
      return { description: `${fault.description}, restarted at once`, heal: async () => {} };
    },
  },
];

function lab(ctx: NemesisContext): NetLab {
  if (!ctx.net) throw new Error('nemesis: a network fault was scheduled but the cluster runs without network namespaces');
  return ctx.net;
}

const others = (ctx: NemesisContext, id: number): number[] => ctx.cluster.nodes.map((n) => n.id).filter((x) => x !== id);

/** Cuts one node from every peer, both directions (a minority of one; the majority keeps quorum). */
async function isolate(ctx: NemesisContext, node: ServerProcess | undefined, why: string): Promise<ActiveFault | undefined> {
  if (!node) return undefined;
  const net = lab(ctx);
  await net.partition([node.id], others(ctx, node.id));
  return { description: `isolate node ${node.id} from its peers (${why})`, heal: () => net.healCuts() };
}

/**
 * Network fault kinds (real cuts with iptables in each node's namespace, slow links through a
 * delaying proxy). Clients in the root namespace still reach every node: an isolated leader
 * keeps answering them until it learns it is deposed.
 */
export const NETWORK_FAULTS: readonly FaultKind[] = [
  {
    name: 'isolate-random',
    start: async (ctx) => isolate(ctx, ctx.rng.pick(liveNodes(ctx.cluster)), 'random node'),
  },
  {
    name: 'isolate-leader',
    start: async (ctx) => {
      const partition = ctx.rng.int(0, ctx.partitions - 1);
      return isolate(ctx, await partitionLeader(ctx, partition), `leader of partition ${partition}`);
    },
  },
  {
    name: 'isolate-controller',
    start: async (ctx) => isolate(ctx, await activeController(ctx), 'active controller'),
  },
  {
    // The majorities split: two nodes cannot reach each other, the third reaches both, so
    // each of the two sees a different majority (Jepsen's "bridge").
    name: 'bridge',
    start: async (ctx) => {
      const net = lab(ctx);
      const ids = ctx.cluster.nodes.map((n) => n.id);
      const hub = ctx.rng.pick(ids);
      // Of three nodes the other two; with a fourth (storage-only) node, two of the other three.
      const rest = shuffle(ids.filter((x) => x !== hub), ctx.rng);
      const [a, b] = (rest.length > 2 ? rest : ids.filter((x) => x !== hub)) as [number, number];
      await net.partition([a], [b]);
      return { description: `cut ${a}<->${b}; node ${hub} reaches both`, heal: () => net.healCuts() };
    },
  },
  {
    // One direction only: a's packets to b are dropped, b's to a arrive.
    name: 'asymmetric',
    start: async (ctx) => {
      const net = lab(ctx);
      const partition = ctx.rng.int(0, ctx.partitions - 1);
      const leader = ctx.rng.next() < 0.5 ? await partitionLeader(ctx, partition) : undefined;
      const ids = ctx.cluster.nodes.map((n) => n.id);
      const from = leader?.id ?? ctx.rng.pick(ids);
      const to = ctx.rng.pick(others(ctx, from));
      // Now and then the inbound side instead: everything to the leader is lost, its own sends arrive.
      const [a, b] = ctx.rng.next() < 0.5 ? [from, to] : [to, from];
      await net.cut(a, b);
      return { description: `drop ${a}->${b} (one way${leader ? `; leader of partition ${partition} involved` : ''})`, heal: () => net.healCuts() };
    },
  },
  {
    name: 'slow-link',
    start: async (ctx) => {
      const net = lab(ctx);
      const ids = ctx.cluster.nodes.map((n) => n.id);
      const a = ctx.rng.pick(ids);
      const b = ctx.rng.pick(others(ctx, a));
      const delay = ctx.rng.int(20, 400);
      const jitter = ctx.rng.int(0, 100);
      const restore = await net.slow(a, b, LAB_INTERNAL_PORT, delay, jitter, ctx.rng);
      return { description: `slow link ${a}<->${b}: ${delay} ms + up to ${jitter} ms each way`, heal: restore };
    },
  },
  {
    // One node slow to both peers (a node on a bad NIC).
    name: 'slow-node',
    start: async (ctx) => {
      const net = lab(ctx);
      const node = ctx.rng.pick(ctx.cluster.nodes.map((n) => n.id));
      const delay = ctx.rng.int(20, 300);
      const restores: (() => Promise<void>)[] = [];
      for (const peer of others(ctx, node)) restores.push(await net.slow(node, peer, LAB_INTERNAL_PORT, delay, delay >> 2, ctx.rng));
      return {
        description: `slow node ${node}: ${delay} ms each way to every peer`,
        heal: async () => {
          for (const r of restores) await r();
        },
      };
    },
  },
];

// ---- Elastic faults: the cluster changes shape while the other faults happen ----

/** Where a partition's replicas are and where they are going (empty target: not moving). */
interface PartitionShape {
  replicas: number[];
  target: number[];
}

type AdminAnswer<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** An admin call whose refusal is an answer, not an exception (the WireClient already follows NOT_CONTROLLER and retries transient codes for 30 s). */
async function tryAdmin<T>(ctx: NemesisContext, method: string, request: object): Promise<AdminAnswer<T>> {
  try {
    return { ok: true, value: await ctx.wire.admin<T>(method, request) };
  } catch (err) {
    const e = err as Partial<EddyError>;
    return { ok: false, code: typeof e.code === 'string' ? e.code : 'UNKNOWN', message: e.message ?? String(err) };
  }
}

/** Codes after which the call may or may not have taken effect (the controller was unreachable or slow). */
const UNKNOWN_OUTCOME = new Set(['TIMEOUT', 'UNAVAILABLE', 'NOT_CONTROLLER', 'UNKNOWN', 'INTERNAL']);

async function partitionShape(ctx: NemesisContext, partition: number): Promise<PartitionShape | undefined> {
  const res = await tryAdmin<wireTypes.DescribeTopicResponse__Output>(ctx, 'describeTopic', { name: ctx.topic });
  const p = res.ok ? res.value.topic?.partitions.find((x) => x.partition === partition) : undefined;
  return p ? { replicas: [...p.replicas], target: [...p.targetReplicas] } : undefined;
}

/** Storage nodes that may receive replicas (active: not decommissioning), by id. */
async function activeStorageNodes(ctx: NemesisContext): Promise<number[] | undefined> {
  const res = await tryAdmin<wireTypes.ListNodesResponse__Output>(ctx, 'listNodes', {});
  if (!res.ok) return undefined;
  return res.value.nodes
    .filter((n) => n.roles.includes('NODE_ROLE_STORAGE') && n.state === 'NODE_STATE_ACTIVE')
    .map((n) => n.nodeId)
    .sort((a, b) => a - b);
}

const sameSet = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
const fmt = (ids: readonly number[]): string => `[${ids.join(',')}]`;

/** Smallest and largest replica sets the nemesis asks for: 3 or more replicas survive any one node down; 2 only for the hold of a shrink. */
const MIN_REPLICAS = 2;
const MAX_REPLICAS = 4;

type ReassignMode = 'move' | 'resize' | 'reorder';

/**
 * Starts a move of one random partition of the workload topic to a new replica set:
 * - move: as many replicas, on a different set of nodes (at least one node changes);
 * - resize: one replica more or fewer (2..4; 3→4 is likelier than 3→2, and a partition shrunk to 2 is grown back to 3 at heal, so
 *   it is at 2 — where one node down stops its commits — only while this fault holds);
 * - reorder: the same nodes in another order (a new preferred leader; written at once when nothing moves).
 * Targets are drawn from active storage nodes (live or not: a move towards a node that is down waits for it).
 * Heal: nothing to undo (the move completes by itself), or — one time in three — a cancel, which sends the
 * group back to its replicas (or changes nothing when the move had already completed).
 */
async function reassign(ctx: NemesisContext, mode: ReassignMode): Promise<ActiveFault | undefined> {
  const partition = ctx.rng.int(0, ctx.partitions - 1);
  const [shape, active] = await Promise.all([partitionShape(ctx, partition), activeStorageNodes(ctx)]);
  if (!shape || !active || active.length < MIN_REPLICAS) return undefined;
  const current = shape.replicas;
  let target: number[];
  if (mode === 'reorder') {
    if (current.length < 2) return undefined;
    target = shuffle(current, ctx.rng);
    if (target.every((x, i) => x === current[i])) target.push(target.shift()!);
  } else if (mode === 'move') {
    const size = Math.max(MIN_REPLICAS, Math.min(current.length, active.length));
    target = shuffle(active, ctx.rng).slice(0, size);
    if (sameSet(target, current)) {
      const outsider = active.find((x) => !current.includes(x));
      if (outsider === undefined) return undefined;
      target[ctx.rng.int(0, target.length - 1)] = outsider;
    }
  } else {
    const max = Math.min(MAX_REPLICAS, active.length);
    const sizes = [current.length - 1, current.length + 1].filter((s) => s >= MIN_REPLICAS && s <= max);
    if (sizes.length === 0) return undefined;
    // From 3, growing (to 4) is likelier than shrinking (to 2).
    const size = sizes.length === 1 ? sizes[0]! : ctx.rng.next() < 0.7 ? Math.max(...sizes) : Math.min(...sizes);
    if (size < current.length) target = shuffle(current, ctx.rng).slice(0, size);
    else {
      const adds = shuffle(active.filter((x) => !current.includes(x)), ctx.rng);
      if (adds.length < size - current.length) return undefined;
      target = [...current, ...adds.slice(0, size - current.length)];
    }
  }
  const res = await tryAdmin<wireTypes.AlterPartitionReassignmentsResponse__Output>(ctx, 'alterPartitionReassignments', { reassignments: [{ topic: ctx.topic, partition, replicas: target }] });
  const what = `reassign partition ${partition} ${fmt(current)}${shape.target.length ? ` (moving to ${fmt(shape.target)})` : ''} -> ${fmt(target)} (${mode})`;
  if (!res.ok && !UNKNOWN_OUTCOME.has(res.code)) {
    // A refusal (e.g. INVALID_REPLICA_ASSIGNMENT: a node began decommissioning meanwhile) is no fault started.
    return undefined;
  }
  const outcome = res.ok ? '' : `; outcome unknown: ${res.code} ${res.message}`;
  const shrunk = target.length < 3;
  const cancel = !shrunk && ctx.rng.next() < 1 / 3;
  return {
    description: `${what}${outcome}${shrunk ? '; grown back to 3 at heal' : cancel ? '; cancelled at heal' : ''}`,
    heal: async () => {
      if (cancel) {
        await adminUntil(ctx, `cancel the move of partition ${partition}`, 'alterPartitionReassignments', { reassignments: [{ topic: ctx.topic, partition, replicas: [] }] });
      } else if (shrunk) {
        const now = await partitionShape(ctx, partition);
        const nodes = await activeStorageNodes(ctx);
        const base = now ? (now.target.length ? now.target : now.replicas) : target;
        if (base.length >= 3) return;
        const adds = shuffle((nodes ?? []).filter((x) => !base.includes(x)), ctx.rng).slice(0, 3 - base.length);
        await adminUntil(ctx, `grow partition ${partition} back to 3 replicas`, 'alterPartitionReassignments', { reassignments: [{ topic: ctx.topic, partition, replicas: [...base, ...adds] }] });
      }
    },
  };
}

/** Retries an admin call that must happen (a heal) through transient failures, for up to 2 minutes. */
async function adminUntil(ctx: NemesisContext, what: string, method: string, request: object): Promise<void> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const res = await tryAdmin(ctx, method, request);
    if (res.ok) return;
    if (!UNKNOWN_OUTCOME.has(res.code) || performance.now() > deadline) throw new Error(`nemesis: ${what}: ${res.code} ${res.message}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Elastic fault kinds: partitions move (Raft learners, catch-up, joint consensus) and storage nodes
 * are decommissioned and taken back while the process and network faults go on. They run on a
 * track of their own beside the one-at-a-time faults (see runChaos), one elastic fault at a time.
 */
export const ELASTIC_FAULTS: readonly FaultKind[] = [
  { name: 'reassign', start: (ctx) => reassign(ctx, 'move') },
  { name: 'reassign-resize', start: (ctx) => reassign(ctx, 'resize') },
  { name: 'reassign-reorder', start: (ctx) => reassign(ctx, 'reorder') },
  {
    // Empties a random active storage node; heal takes it back (the balancer then moves replicas onto it again).
    // The controller refuses (NOT_ENOUGH_REPLICAS) when the other nodes cannot hold every partition the node
    // hosts — e.g. a partition grown to 4 replicas on 4 nodes; every candidate refusing is "no victim".
    name: 'decommission',
    start: async (ctx) => {
      const active = await activeStorageNodes(ctx);
      if (!active) return undefined;
      for (const nodeId of shuffle(active, ctx.rng)) {
        const res = await tryAdmin(ctx, 'decommissionNode', { nodeId });
        if (!res.ok && res.code === 'NOT_ENOUGH_REPLICAS') continue;
        if (!res.ok && !UNKNOWN_OUTCOME.has(res.code)) throw new Error(`nemesis: decommission of node ${nodeId} refused unexpectedly: ${res.code} ${res.message}`);
        return {
          description: `decommission node ${nodeId}${res.ok ? '' : ` (outcome unknown: ${res.code} ${res.message})`}`,
          heal: () => adminUntil(ctx, `recommission node ${nodeId}`, 'recommissionNode', { nodeId }),
        };
      }
      return undefined;
    },
  },
];

/** Every partition's move has completed (or been cancelled and gone back): nothing listed as in progress. */
export async function reassignmentsInProgress(wire: WireClient): Promise<wireTypes.ReassignmentStatus__Output[]> {
  return (await wire.admin<wireTypes.ListPartitionReassignmentsResponse__Output>('listPartitionReassignments', {})).reassignments;
}

export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One round's kinds before the shuffle: each `weight` times (a fractional part is a chance of one more). */
function round(kinds: readonly FaultKind[], rng: Rng): FaultKind[] {
  const out: FaultKind[] = [];
  for (const kind of kinds) {
    const weight = kind.weight ?? 1;
    let copies = Math.floor(weight);
    if (weight > copies && rng.next() < weight - copies) copies++;
    for (let i = 0; i < copies; i++) out.push(kind);
  }
  // A round of only fractional kinds that all missed would spin without a fault: take one of them.
  if (out.length === 0) out.push(rng.pick(kinds));
  return out;
}

export interface NemesisOptions {
  /** Run faults until this monotonic time (performance.now()). */
  until: number;
  kinds?: readonly FaultKind[];
  /** Quiet time between faults and how long a fault holds (ms). */
  quietMs?: [number, number];
  holdMs?: [number, number];
  log?: (line: string) => void;
  /** The history process the faults are recorded under (a second track needs its own: processes are single-threaded). */
  process?: number;
  /** Stops the schedule early (another track failed): the fault in force is healed, no new one starts. */
  signal?: AbortSignal;
}

/** Counts of faults started, by kind. */
export type NemesisSummary = Record<string, number>;

/**
 * Runs the schedule: quiet, fault, hold, heal — one fault at a time — until
 * `until`, then makes sure the last fault is healed. Every fault and heal is
 * recorded in the history as a nemesis operation.
 */
export async function runNemesis(ctx: NemesisContext, history: History, options: NemesisOptions): Promise<NemesisSummary> {
  const kinds = options.kinds ?? PROCESS_FAULTS;
  const [quietMin, quietMax] = options.quietMs ?? [1_000, 4_000];
  const [holdMin, holdMax] = options.holdMs ?? [2_000, 8_000];
  const processId = options.process ?? NEMESIS_PROCESS;
  const summary: NemesisSummary = {};
  if (kinds.length === 0) return summary;
  const bag: FaultKind[] = [];
  const over = (): boolean => performance.now() >= options.until || options.signal?.aborted === true;
  const sleep = (ms: number): Promise<void> =>
    new Promise((r) => {
      const done = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', done);
        r();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, options.until - performance.now())));
      options.signal?.addEventListener('abort', done, { once: true });
    });
  while (!over()) {
    await sleep(ctx.rng.int(quietMin, quietMax));
    if (over()) break;
    // Kinds come in seeded rounds: each round is a shuffle of every kind (as many times as its
    // weight), so a run long enough for one round has seen every kind.
    if (bag.length === 0) bag.push(...shuffle(round(kinds, ctx.rng), ctx.rng));
    const kind = bag.shift()!;
    const hold = ctx.rng.int(holdMin, holdMax);
    const inv = history.invoke(processId, 'fault', { fault: kind.name });
    let fault: ActiveFault | undefined;
    try {
      fault = await kind.start(ctx);
    } catch (err) {
      history.complete(inv, 'info', { error: String(err) });
      throw err;
    }
    if (!fault) {
      history.complete(inv, 'fail', { error: 'no victim found' });
      continue;
    }
    summary[kind.name] = (summary[kind.name] ?? 0) + 1;
    history.complete(inv, 'ok', { fault: fault.description });
    options.log?.(`nemesis: ${fault.description}`);
    await sleep(hold);
    const healing = history.invoke(processId, 'fault', { fault: `heal: ${fault.description}` });
    await fault.heal();
    history.complete(healing, 'ok');
  }
  return summary;
}
