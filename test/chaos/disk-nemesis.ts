// Disk faults of the nemesis (issue 20): a storage node is stopped with SIGKILL, its LevelDB files
// are damaged the way a failing disk or a lost write-back cache damages them, and it is started
// again with the same command line. Every Raft group of a node — its partition replicas and, on a
// combined node, the controller's metadata log — lives in that one LevelDB (docs/architecture.md §8).
// Raft tolerates a minority of replicas losing their state only if no more than a minority is
// damaged at once, so a disk fault damages one node, only while every other node is up and every
// partition's replicas are in sync, never a node that holds a replica of a partition with fewer
// than 3 replicas (one damaged replica of 2 is not a minority), and its heal waits until the node
// is back in sync before the track's next fault. The kinds run on the process-fault track (one
// fault at a time), so nothing else there is down meanwhile; the elastic track never stops nodes.
//
// What the node must do about it — find the damage, never serve or vote with it, repair it from its
// peers — is docs/architecture.md §8.1. Only sorted tables (`*.ldb`) and write-ahead logs (`*.log`)
// are touched: CURRENT, MANIFEST-* and LOCK are out of scope, being LevelDB's own catalogue rather
// than stored Raft state, which is what these faults test.
import type { wire as wireTypes } from '@eddy/protocol';
import { flipBytes, levelDbDir, listLogs, listTables, truncateLog, type Damage } from '../support/disk-damage.js';
import type { ServerProcess } from '../support/server-cluster.js';
import { liveNodes, partitionLeader, RESTART_TIMEOUT_MS, shuffle, withTimeout, type ActiveFault, type FaultKind, type NemesisContext } from './nemesis.js';
import type { Rng } from './rng.js';

/** How long a disk fault waits for the cluster to be whole (every node up, every replica in sync) before it gives up on a victim. */
const WHOLE_CLUSTER_WAIT_MS = 30_000;
/** How long a damaged node has, once restarted, to be back in sync on every partition (a repair from peers included). */
const BACK_IN_SYNC_MS = 120_000;
/** Polls in a row that must agree the cluster is whole: a new leader counts live replicas in sync until its first report. */
const STABLE_POLLS = 3;
/** Polls (1 s apart) in a row a replica must be out of sync for a restarted node's wait to count it (waitWhole). */
const LAG_POLLS = 3;
/** Most bytes lose-tail cuts off the end of the live write-ahead log. */
const MAX_TAIL_CUT = 64 * 1024;
/** A write-ahead log shorter than this has no middle worth damaging. */
const MIN_LOG_FOR_MIDDLE = 1024;

interface ClusterHealth {
  whole: boolean;
  /** What keeps it from being whole, for messages. */
  why: string;
  /** Every node is up and online and no partition offline: only replicas out of sync keep it from being whole. */
  onlyReplicasOutOfSync?: boolean;
}

/** Every node up and online, no partition offline or with a replica out of sync (the active controller's view, from leader reports). */
async function clusterHealth(ctx: NemesisContext): Promise<ClusterHealth> {
  const down = ctx.cluster.nodes.filter((n) => !n.child).map((n) => n.id);
  if (down.length > 0) return { whole: false, why: `node(s) ${down.join(',')} not running` };
  try {
    const md = await ctx.wire.metadata([]);
    const offline = md.nodes.filter((n) => !n.online).map((n) => n.nodeId);
    if (offline.length > 0) return { whole: false, why: `node(s) ${offline.join(',')} not online in the metadata` };
    const c = await ctx.wire.admin<wireTypes.DescribeClusterResponse__Output>('describeCluster', {}, 5_000);
    if (c.offlinePartitionCount > 0 || c.underReplicatedPartitionCount > 0) {
      return { whole: false, why: `${c.offlinePartitionCount} partition(s) offline, ${c.underReplicatedPartitionCount} with a replica out of sync`, onlyReplicasOutOfSync: c.offlinePartitionCount === 0 };
    }
    return { whole: true, why: '' };
  } catch (err) {
    return { whole: false, why: `the cluster did not answer: ${String(err)}` };
  }
}

/**
 * Nodes whose damage keeps every partition of the workload topic with an intact majority: no
 * replica of a partition that has (or is moving to) fewer than 3 replicas. Other topics (admin
 * churn, consumer offsets) are created with 3 replicas and the nemesis never resizes them.
 */
async function candidates(ctx: NemesisContext): Promise<ServerProcess[] | undefined> {
  const res = await ctx.wire.admin<wireTypes.DescribeTopicResponse__Output>('describeTopic', { name: ctx.topic }, 5_000).catch(() => undefined);
  const partitions = res?.topic?.partitions;
  if (!partitions) return undefined;
  const excluded = new Set<number>();
  for (const p of partitions) {
    if (p.replicas.length < 3 || (p.targetReplicas.length > 0 && p.targetReplicas.length < 3)) for (const id of [...p.replicas, ...p.targetReplicas]) excluded.add(id);
  }
  return liveNodes(ctx.cluster).filter((n) => !excluded.has(n.id));
}

/**
 * One victim, half the time the leader of a random partition (a leader's damage must not cost
 * acknowledged records either), otherwise a random node — one that `prefer` accepts when there is one.
 */
async function pickVictim(ctx: NemesisContext, prefer?: (node: ServerProcess) => boolean): Promise<{ node: ServerProcess; why: string } | undefined> {
  if ((await waitWhole(ctx, WHOLE_CLUSTER_WAIT_MS)) !== undefined) return undefined;
  const nodes = await candidates(ctx);
  if (!nodes || nodes.length === 0) return undefined;
  if (ctx.rng.next() < 0.5) {
    const partition = ctx.rng.int(0, ctx.partitions - 1);
    const leader = await partitionLeader(ctx, partition);
    if (leader && nodes.includes(leader)) return { node: leader, why: `leader of partition ${partition}` };
  }
  const preferred = prefer ? nodes.filter(prefer) : [];
  return { node: ctx.rng.pick(preferred.length > 0 ? preferred : nodes), why: 'random node' };
}

/**
 * Whether a node's store has a sorted table yet. LevelDB writes its first one when the memtable
 * fills (about 4 MiB of writes) or when it reopens after a crash, so early in a run only nodes
 * restarted once have one; listing a running node's directory changes nothing.
 */
function hasTables(node: ServerProcess): boolean {
  try {
    return listTables(levelDbDir(node.dataDir)).length > 0;
  } catch {
    return false;
  }
}

const describeDamage = (d: Damage): string => `${d.file.slice(d.file.lastIndexOf('/') + 1)}@${d.offset}+${d.length}`;

/**
 * Overwrites a few hundred bytes at seeded random places: in one or two tables (1–3 runs of
 * 32–160 bytes each) and/or in the middle half of the live write-ahead log (one run of 64–256
 * bytes). Returns what changed; empty when the store has no table and no log long enough.
 */
export function corruptStore(dir: string, rng: Rng): Damage[] {
  const tables = listTables(dir).filter((t) => t.size >= 512);
  const log = listLogs(dir)[0];
  const logFits = log !== undefined && log.size >= MIN_LOG_FOR_MIDDLE;
  const roll = rng.next();
  // Tables, the log, or both (each only when there is one to damage).
  const hitTables = tables.length > 0 && (!logFits || roll < 2 / 3);
  const hitLog = logFits && (tables.length === 0 || roll >= 1 / 3);
  const out: Damage[] = [];
  if (hitTables) {
    for (const t of shuffle(tables, rng).slice(0, rng.int(1, 2))) {
      const runs = rng.int(1, 3);
      for (let i = 0; i < runs; i++) {
        const length = rng.int(32, 160);
        out.push(flipBytes(t.path, rng.int(0, t.size - length), length, rng));
      }
    }
  }
  if (hitLog) {
    const length = rng.int(64, 256);
    const from = Math.floor(log.size / 4);
    const to = Math.floor((3 * log.size) / 4) - length;
    out.push(flipBytes(log.path, rng.int(from, Math.max(from, to)), length, rng));
  }
  return out;
}

/** Cuts 1 byte to 64 KiB (at most the whole file) off the end of the live write-ahead log; undefined when it is empty. */
export function loseTail(dir: string, rng: Rng): Damage | undefined {
  const log = listLogs(dir)[0];
  if (!log || log.size === 0) return undefined;
  return truncateLog(dir, rng.int(1, Math.min(MAX_TAIL_CUT, log.size)));
}

/** A replica that is not in sync, as `describeTopic` shows it. */
interface Lagging {
  /** `topic-partition@node`, stable from poll to poll. */
  key: string;
  text: string;
}

/**
 * Every replica (of every topic, internal ones included) not in sync, on any node; undefined when
 * the topics could not be listed. The one holding the cluster back may be another node's.
 */
async function laggingReplicas(ctx: NemesisContext): Promise<Lagging[] | undefined> {
  const listed = await ctx.wire.admin<wireTypes.ListTopicsResponse__Output>('listTopics', { includeInternal: true }, 5_000).catch(() => undefined);
  if (!listed) return undefined;
  const lagging: Lagging[] = [];
  for (const t of listed.topics) {
    const res = await ctx.wire.admin<wireTypes.DescribeTopicResponse__Output>('describeTopic', { name: t.name }, 5_000).catch(() => undefined);
    for (const p of res?.topic?.partitions ?? []) {
      for (const r of p.replicas) {
        if (p.inSyncReplicas.includes(r)) continue;
        lagging.push({ key: `${t.name}-${p.partition}@${r}`, text: `${t.name}-${p.partition} on node ${r} (leader ${p.leaderId}, in sync ${JSON.stringify(p.inSyncReplicas)})` });
      }
    }
  }
  return lagging;
}

/** The replicas out of sync, for the message of a node that never caught up. */
async function outOfSync(ctx: NemesisContext): Promise<string> {
  const lagging = await laggingReplicas(ctx);
  if (!lagging) return 'unknown (the topics could not be listed)';
  return lagging.length === 0 ? 'none' : lagging.map((l) => l.text).join(', ');
}

/**
 * Waits until the cluster is whole on STABLE_POLLS polls in a row: every node up and online, no
 * partition offline, no replica out of sync. With `lagPolls`, a replica out of sync for fewer
 * than that many polls in a row does not count (a restarted node's wait): the workload and the
 * other nemeses go on meanwhile (the admin churn creates a topic every second or so, the balancer
 * moves replicas and leaderships), and each new topic, move or leader change shows a replica out
 * of sync until its leader has heard from it and reported. A replica that stays out of sync (the
 * damaged node's, until it has caught up) does count. Returns the last reason it was not whole,
 * or undefined once it is.
 */
async function waitWhole(ctx: NemesisContext, ms: number, lagPolls?: number): Promise<string | undefined> {
  const deadline = performance.now() + ms;
  let streak = 0;
  let why = 'not checked';
  /** Per replica out of sync: how many polls in a row it has been. */
  let behindFor = new Map<string, number>();
  for (;;) {
    const h = await clusterHealth(ctx);
    let whole = h.whole;
    if (h.whole) {
      behindFor = new Map();
    } else if (lagPolls !== undefined && h.onlyReplicasOutOfSync) {
      const lagging = await laggingReplicas(ctx);
      const next = new Map<string, number>();
      for (const l of lagging ?? []) next.set(l.key, (behindFor.get(l.key) ?? 0) + 1);
      behindFor = next;
      const stuck = (lagging ?? []).filter((l) => (next.get(l.key) ?? 0) >= lagPolls);
      whole = lagging !== undefined && stuck.length === 0;
      if (!whole) h.why = lagging === undefined ? `${h.why} (the topics could not be listed)` : `${h.why}; out of sync for ${lagPolls} polls or more: ${stuck.map((l) => l.text).join(', ')}`;
    }
    streak = whole ? streak + 1 : 0;
    if (!whole) why = h.why;
    if (streak >= STABLE_POLLS) return undefined;
    if (performance.now() > deadline) return why;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * SIGKILL the victim, damage its store, and hand back the heal: a restart with the same command
 * line (as for any crash; the history records it as a fault and its heal like the others), then a
 * wait until the node is back in sync everywhere. A node that does not start, or never catches up,
 * ends the run with an error (the run's history and node logs are saved): the damage was not repaired.
 */
async function damage(ctx: NemesisContext, what: string, hurt: (dir: string) => string, prefer?: (node: ServerProcess) => boolean): Promise<ActiveFault | undefined> {
  const victim = await pickVictim(ctx, prefer);
  if (!victim) return undefined;
  const { node } = victim;
  await ctx.cluster.kill(node, 'SIGKILL');
  const done = hurt(levelDbDir(node.dataDir));
  return {
    description: `SIGKILL node ${node.id} (${victim.why}), ${what}: ${done}`,
    heal: async () => {
      await withTimeout(`restart of node ${node.id} after its disk damage`, ctx.cluster.restart(node), RESTART_TIMEOUT_MS);
      const why = await waitWhole(ctx, BACK_IN_SYNC_MS, LAG_POLLS);
      if (why !== undefined) {
        throw new Error(
          `nemesis: node ${node.id} was not back in sync ${BACK_IN_SYNC_MS / 1000} s after its restart from disk damage (${done}): ${why}; replicas out of sync: ${await outOfSync(ctx)}`,
        );
      }
    },
  };
}

/** Disk fault kinds (process track). */
export const DISK_FAULTS: readonly FaultKind[] = [
  {
    // Bit rot in old data (tables) or in the recent log's middle, found only when read.
    name: 'corrupt-files',
    weight: 2,
    start: (ctx) =>
      damage(
        ctx,
        'corrupted',
        (dir) => {
          const d = corruptStore(dir, ctx.rng);
          return d.length === 0 ? 'nothing (no table, log too short)' : d.map(describeDamage).join(', ');
        },
        // A node with tables, when one has them: otherwise only the log could be damaged.
        hasTables,
      ),
  },
  {
    // Writes the disk acknowledged (fsync returned) but never made durable: the log's tail is gone.
    name: 'lose-tail',
    weight: 2,
    start: (ctx) =>
      damage(ctx, 'lost the log tail', (dir) => {
        const d = loseTail(dir, ctx.rng);
        return d ? `${describeDamage(d)} cut (${d.offset} bytes left)` : 'nothing (the log was empty)';
      }),
  },
];
