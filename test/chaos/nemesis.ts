// The nemesis: injects process faults into a ServerCluster on a schedule drawn
// from a seed (rounds of every kind in a seeded order), one fault at a time (so at most one node of three — a minority —
// is down or paused), and heals everything before it returns. Each fault kind is
// a small object (`FaultKind`): it picks its victim, breaks it, and hands back
// how to heal it; new kinds (network cuts through per-link proxies, slow links,
// torn unsynced writes) plug in the same way.
import type { ServerCluster, ServerProcess } from '../support/server-cluster.js';
import type { WireClient } from '../support/wire-client.js';
import { LAB_INTERNAL_PORT } from './cluster.js';
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
  /** Breaks something, or returns undefined when it found no victim (e.g. no leader known). */
  start(ctx: NemesisContext): Promise<ActiveFault | undefined>;
}

const RESTART_TIMEOUT_MS = 60_000;

async function withTimeout<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`nemesis: ${what} took more than ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function liveNodes(cluster: ServerCluster): ServerProcess[] {
  return cluster.nodes.filter((n) => n.child);
}

async function partitionLeader(ctx: NemesisContext, partition: number): Promise<ServerProcess | undefined> {
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
      const [a, b] = ids.filter((x) => x !== hub) as [number, number];
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

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
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
  const summary: NemesisSummary = {};
  const bag: FaultKind[] = [];
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, options.until - performance.now()))));
  while (performance.now() < options.until) {
    await sleep(ctx.rng.int(quietMin, quietMax));
    if (performance.now() >= options.until) break;
    // Kinds come in seeded rounds: each round is a shuffle of every kind, so a run long
    // enough for one round has seen every kind.
    if (bag.length === 0) bag.push(...shuffle(kinds, ctx.rng));
    const kind = bag.shift()!;
    const hold = ctx.rng.int(holdMin, holdMax);
    const inv = history.invoke(NEMESIS_PROCESS, 'fault', { fault: kind.name });
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
    const healing = history.invoke(NEMESIS_PROCESS, 'fault', { fault: `heal: ${fault.description}` });
    await fault.heal();
    history.complete(healing, 'ok');
  }
  return summary;
}
