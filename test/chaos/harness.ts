// A chaos run: a 3-node cluster of real processes (plus, with the elastic
// faults, a storage-only node that decommission can empty), the "queue" workload
// (idempotent acks=all producers sending unique values to the partitions of one
// topic, independent `assign` consumers recording what they poll), the nemesis
// for the run's duration (the elastic faults on a track of their own, beside the
// process and network faults), then — with every fault healed and every
// partition move finished — a final drain of
// every partition, the checker, and a one-line verdict. A failing run's history
// is saved for study and re-checking.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eddy, type ConsumedMessage } from '@eddy/client';
import { waitFor } from '../support/harness.js';
import { ServerCluster } from '../support/server-cluster.js';
import { WireClient } from '../support/wire-client.js';
import { check, verdict, type CheckResult } from './checker.js';
import { checkLists, listVerdict, type ListCheckResult } from './lists.js';
import { adminVerdict, checkAdmin, type AdminCheckResult } from './admin.js';
import { checkGroup, groupVerdict, type GroupCheckResult } from './group.js';
import { History, saveRun, type DrainedPartition, type PolledRecord } from './history.js';
import { NamespacedCluster } from './cluster.js';
import { DISK_FAULTS } from './disk-nemesis.js';
import { ELASTIC_FAULTS, NETWORK_FAULTS, PROCESS_FAULTS, reassignmentsInProgress, runNemesis, type FaultKind, type NemesisSummary } from './nemesis.js';
import { NetLab, netlabUnavailableReason } from './netlab.js';
import { Rng } from './rng.js';

export const DEFAULT_HISTORY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.chaos');

export interface ChaosOptions {
  seed: number;
  /** Seconds of faults. */
  durationS: number;
  partitions?: number;
  producers?: number;
  /** Concurrent single-threaded sending processes per producer. */
  workersPerProducer?: number;
  readers?: number;
  /** Consumer-group members (they commit; each leaves and rejoins now and then). */
  groupMembers?: number;
  /**
   * Fault kinds; default every process kind, every disk kind, every network kind (with namespaces)
   * and every elastic kind. Elastic kinds (ELASTIC_FAULTS) run on a second track, during the others;
   * disk kinds (DISK_FAULTS) on the first, one fault at a time like the process and network kinds.
   */
  kinds?: readonly FaultKind[];
  /**
   * Storage-only nodes beside the 3 combined (controller + storage) nodes; default 1 when an
   * elastic kind is in the run (decommission needs a 4th node to move RF-3 replicas to), else 0.
   */
  storageNodes?: number;
  /** Where a failing run's history goes (seed-S.json). */
  historyDir?: string;
  /** Also save the history when the run is ok. */
  saveAlways?: boolean;
  /**
   * Network namespaces for the nodes (needed by network faults): 'auto' uses them when this
   * process can make them and otherwise says so loudly and runs process and disk faults only;
   * 'require' fails the run without them; 'off' runs on loopback.
   */
  network?: 'auto' | 'require' | 'off';
  /**
   * TLS on both listeners and ACLs on: the workloads run as User:chaos, whose
   * ACLs allow everything they do, so every request goes through
   * authentication and authorization; the nemesis and the checkers are admin.
   */
  secure?: boolean;
  /**
   * The chaos topic is tiered (default true): small segments upload to a filesystem object
   * store shared by the nodes and local retention keeps little on disk, so reads (the final
   * drain's from offset 0 included) span both tiers under every fault.
   */
  tiered?: boolean;
  log?: (line: string) => void;
}

export interface ChaosOutcome {
  seed: number;
  result: CheckResult;
  /** The list-append check over the same history (each key's list). */
  lists: ListCheckResult;
  /** The admin-churn check (topics created and deleted under faults). */
  admin: AdminCheckResult;
  /** The consumer-group check (members that commit, rebalances). */
  group: GroupCheckResult;
  /** Both checks passed. */
  ok: boolean;
  /** `seed=S duration=Ds ok=... lost=0 ...` */
  line: string;
  faults: NemesisSummary;
  historyFile: string | undefined;
  /** Whether the nodes ran in network namespaces (network faults possible), and why not. */
  network: { enabled: boolean; reason?: string };
}

/** The history process of the elastic track (the first track is NEMESIS_PROCESS, -1). */
export const ELASTIC_NEMESIS_PROCESS = -2;

/**
 * Server flags of a run with elastic faults: the balancer runs every second (automatic moves on top of
 * the nemesis's), and a node is replaced only after 2 minutes offline — longer than any fault holds
 * (8 s, plus a restart), so the balancer never re-creates the replicas of a node the nemesis brings back.
 */
export const ELASTIC_SERVER_ARGS = ['--balancer-interval-ms', '1000', '--node-replacement-timeout-ms', '120000'];

/** Topic configs of a tiered chaos topic: uploads every 64 KiB or 2 s, 256 KiB kept locally. */
export const TIERED_TOPIC_CONFIGS = { 'remote.storage.enable': 'true', 'segment.bytes': '65536', 'segment.ms': '2000', 'local.retention.bytes': '262144' };

/** How long the end of a run waits for every partition move (the nemesis's and the balancer's) to finish. */
const REASSIGNMENT_SETTLE_MS = 240_000;

const PACKAGES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages');

/**
 * The newest compiled file of the product (packages/<name>/dist), by modification time. A node the
 * nemesis restarts loads whatever is built then: a rebuild during a run (another worker's `pnpm build`
 * in a shared tree) leaves the cluster running two versions of the code at once.
 */
export function newestBuild(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.js')) {
        const mtimeMs = statSync(full).mtimeMs;
        if (mtimeMs > newest.mtimeMs) newest = { file: path.relative(PACKAGES_DIR, full), mtimeMs };
      }
    }
  };
  for (const pkg of readdirSync(PACKAGES_DIR)) walk(path.join(PACKAGES_DIR, pkg, 'dist'));
  return newest;
}

/** A loud note when the product was rebuilt after `since` (ms since the epoch); undefined when not. */
function buildChangedSince(since: number): string | undefined {
  const now = newestBuild();
  return now.mtimeMs > since ? `the product was rebuilt during the run (${now.file} at ${new Date(now.mtimeMs).toISOString()}): nodes restarted since then ran other code than the rest, so a failure may come from mixing versions` : undefined;
}

/** List-append: how many keys (lists) each partition holds. */
const KEYS_PER_PARTITION = 3;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runChaos(options: ChaosOptions): Promise<ChaosOutcome> {
  const { seed, durationS } = options;
  const log = options.log ?? (() => {});
  const runStarted = Date.now();
  const partitions = options.partitions ?? 4;
  const rng = new Rng(seed);
  const nemesisRng = rng.fork();
  const workloadRng = rng.fork();
  const elasticRng = rng.fork();
  const history = new History();
  const networkMode = options.network ?? 'auto';
  let net: NetLab | undefined;
  let networkOff: string | undefined = networkMode === 'off' ? 'disabled (--network off)' : netlabUnavailableReason();
  const elasticAsked = options.kinds ? options.kinds.some((k) => ELASTIC_FAULTS.includes(k)) : true;
  const storageNodes = options.storageNodes ?? (elasticAsked ? 1 : 0);
  if (networkOff === undefined) {
    try {
      net = await NetLab.create(3 + storageNodes);
    } catch (err) {
      networkOff = `namespaces could not be made: ${(err as Error).message}`;
    }
  }
  if (networkOff !== undefined) {
    if (networkMode === 'require') throw new Error(`chaos: network faults required but unavailable: ${networkOff}`);
    const banner = `!!! NETWORK FAULTS DISABLED — ${networkOff}. This run covers PROCESS AND DISK FAULTS ONLY (no network faults). !!!`;
    log(banner);
    if (!options.log) console.warn(banner);
  }
  const network = net ? { enabled: true } : { enabled: false, reason: networkOff ?? 'unknown' };
  const tls = options.secure ? { authorization: true } : undefined;
  const tiered = options.tiered ?? true;
  const remoteDir = tiered ? mkdtempSync(path.join(tmpdir(), 'eddy-chaos-remote-')) : undefined;
  const tierArgs = remoteDir ? ['--remote-storage', `file://${remoteDir}`, '--retention-check-interval-ms', '1000', '--remote-cleanup-interval-ms', '5000'] : [];
  const serverArgs = elasticAsked || tiered ? () => [...(elasticAsked ? ELASTIC_SERVER_ARGS : []), ...tierArgs] : undefined;
  // EDDY_CHAOS_LOG_LEVEL=info keeps the nodes' info lines in the saved logs (default warn).
  const logLevel = process.env.EDDY_CHAOS_LOG_LEVEL ? { logLevel: process.env.EDDY_CHAOS_LOG_LEVEL } : {};
  const cluster = net
    ? new NamespacedCluster(net, { raftTickMs: 20, ...logLevel, ...(tls ? { tls } : {}), ...(serverArgs ? { serverArgs } : {}) })
    : new ServerCluster({ nodes: 3, roles: 'combined', ...logLevel, ...(tls ? { tls } : {}), ...(serverArgs ? { serverArgs } : {}) });
  const wire = new WireClient(cluster);
  const clients: Eddy[] = [];
  let stopping = false;
  let backgroundError: unknown;
  /** The first error of any background loop; the run fails with it. */
  const keepError = (err: unknown): void => {
    backgroundError ??= err;
  };
  // Every workload process, so none outlives the cluster; their errors are the run's errors.
  const background: Promise<void>[] = [];
  try {
    await cluster.start();
    // On loopback the storage-only nodes join after the quorum (in namespaces the cluster starts them itself).
    if (!net) for (let i = 0; i < storageNodes; i++) await cluster.addNode('storage');
    if (storageNodes > 0) {
      await waitFor(`${3 + storageNodes} storage nodes registered and online`, async () => (await wire.metadata([])).nodes.filter((n) => n.online).length >= 3 + storageNodes, 60_000);
    }
    const security: { auth?: { username: string; password: string } } = options.secure ? await chaosUser(wire) : {};
    const topic = `chaos-queue-${seed}-${Date.now()}`;
    await wire.admin('createTopic', { name: topic, partitions, replicationFactor: 3, ...(tiered ? { configs: TIERED_TOPIC_CONFIGS } : {}) });
    await waitFor('every partition has a leader', async () => (await wire.metadata([topic])).topics[0]?.partitions.every((p) => p.leaderId > 0), 30_000);
    log(`seed=${seed} topic=${topic} nodes=${cluster.bootstrap}`);

    let nextProcess = 0;

    // Producers: each worker is one single-threaded process sending one unique value at a time.
    const workers: Promise<void>[] = [];
    for (let p = 0; p < (options.producers ?? 2); p++) {
      const eddy = new Eddy({ bootstrap: cluster.bootstrap, requestTimeoutMs: 5_000, ...cluster.clientSecurity(security.auth) });
      clients.push(eddy);
      // Odd producers give up on a batch quickly, so sends end with unknown outcomes and the
      // producer carries on under a fresh producer id while the old batch may still land.
      const deliveryTimeoutMs = p % 2 === 0 ? 30_000 : workloadRng.int(1_500, 5_000);
      const producer = eddy.producer({ acks: 'all', idempotent: true, lingerMs: 2, deliveryTimeoutMs });
      for (let w = 0; w < (options.workersPerProducer ?? 3); w++) {
        const process = nextProcess++;
        const wrng = workloadRng.fork();
        workers.push(
          (async () => {
            for (let n = 0; !stopping; n++) {
              const partition = wrng.int(0, partitions - 1);
              // One to four values in one send: one batch on one partition.
              const values = Array.from({ length: wrng.int(1, 4) }, (_, i) => `${process}-${n}-${i}`);
              // List-append: the batch is appended to one of a few lists (keys) that live on this partition.
              const key = `k${partition}.${wrng.int(0, KEYS_PER_PARTITION - 1)}`;
              const inv = history.invoke(process, 'send', { partition, values, key });
              try {
                const md = await producer.send({ topic, messages: values.map((value) => ({ key, value, partition })) });
                history.complete(inv, 'ok', { partition: md[0]!.partition, offsets: md.map((m) => Number(m.offset)) });
              } catch (err) {
                // The client retries internally; whatever still fails may have been written.
                history.complete(inv, 'info', { error: String(err) });
                await sleep(100);
              }
              await sleep(wrng.int(0, 20));
            }
          })().catch(keepError),
        );
      }
    }

    // Readers: independent assign consumers; each recreates its consumer now and then at a seeded position.
    const readers: Promise<void>[] = [];
    for (let r = 0; r < (options.readers ?? 2); r++) {
      const process = nextProcess++;
      const rrng = workloadRng.fork();
      readers.push(readLoop(process, rrng).catch(keepError));
    }

    async function readLoop(process: number, rrng: Rng): Promise<void> {
      const eddy = new Eddy({ bootstrap: cluster.bootstrap, requestTimeoutMs: 5_000, ...cluster.clientSecurity(security.auth) });
      clients.push(eddy);
      const last = new Map<number, number>();
      while (!stopping) {
        const consumer = eddy.consumer({ autoOffsetReset: 'earliest', maxWaitMs: 200 });
        // Start each partition where it left off, a little before (a seek back), or now and then at 0.
        const starts = Array.from({ length: partitions }, (_, partition) => {
          const next = (last.get(partition) ?? -1) + 1;
          const roll = rrng.next();
          return { partition, offset: roll < 0.05 ? 0 : roll < 0.3 ? Math.max(0, next - rrng.int(1, 200)) : next };
        });
        try {
          await consumer.assign(starts.map((s) => ({ topic, partition: s.partition, offset: s.offset })));
        } catch (_err) {
          await consumer.close().catch(() => {});
          await sleep(200);
          continue;
        }
        // The positions take effect before this process polls again.
        for (const s of starts) history.complete(history.invoke(process, 'seek', { partition: s.partition, offset: s.offset }), 'ok');
        for (const s of starts) last.set(s.partition, s.offset - 1);
        const reader = new TimedReader(consumer[Symbol.asyncIterator]());
        const polls = rrng.int(10, 60);
        for (let i = 0; i < polls && !stopping; i++) {
          const inv = history.invoke(process, 'poll');
          const { records, error } = await reader.read(POLL_MS, POLL_MAX, (r) => last.set(r.partition, r.offset));
          // What was delivered was read, even if the consumer failed after it.
          if (records.length > 0 || error === undefined) history.complete(inv, 'ok', { records });
          else history.complete(inv, 'fail', { error: String(error) });
          if (error !== undefined) break;
        }
        await consumer.close().catch(() => {});
      }
    }

    // Admin churn: one process creates and deletes topics (each name once), another lists them.
    const churnPrefix = `churn-${seed}-${Date.now().toString(36)}-`;
    const adminClient = new Eddy({ bootstrap: cluster.bootstrap, requestTimeoutMs: 5_000, ...cluster.clientSecurity(security.auth) });
    clients.push(adminClient);
    const admin = adminClient.admin();
    const codeOf = (err: unknown): { code?: string } => {
      const code = (err as { code?: unknown }).code;
      return typeof code === 'string' ? { code } : {};
    };
    const listChurn = async (process: number): Promise<void> => {
      const inv = history.invoke(process, 'list');
      try {
        const topics = (await admin.listTopics()).map((t) => t.name).filter((n) => n.startsWith(churnPrefix));
        history.complete(inv, 'ok', { topics });
      } catch (err) {
        history.complete(inv, 'fail', { error: String(err), ...codeOf(err) });
      }
    };
    const churner = nextProcess++;
    const watcher = nextProcess++;
    const arng = workloadRng.fork();
    const churn = (async () => {
      const live: string[] = [];
      for (let n = 0; !stopping; n++) {
        if (live.length < 3 || arng.next() < 0.4) {
          const topic = `${churnPrefix}${n}`;
          const inv = history.invoke(churner, 'create', { topic });
          live.push(topic);
          try {
            await admin.createTopic({ name: topic, partitions: 1, replicationFactor: 3 });
            history.complete(inv, 'ok');
          } catch (err) {
            // Unknown: it may exist; it is deleted in its turn like the others.
            history.complete(inv, 'info', { error: String(err), ...codeOf(err) });
          }
        } else {
          const topic = live.shift()!;
          const inv = history.invoke(churner, 'delete', { topic });
          try {
            await admin.deleteTopic(topic);
            history.complete(inv, 'ok');
          } catch (err) {
            history.complete(inv, 'info', { error: String(err), ...codeOf(err) });
          }
        }
        await sleep(arng.int(100, 600));
        await listChurn(churner);
        await sleep(arng.int(100, 600));
      }
    })().catch(keepError);
    const watch = (async () => {
      while (!stopping) {
        await listChurn(watcher);
        await sleep(arng.int(200, 800));
      }
    })().catch(keepError);
    const adminLoops = [churn, watch];

    // Consumer groups: members subscribe, read and commit one past what they read; each leaves
    // now and then (a rebalance). One process per partition reads the committed offsets back.
    const group = `chaos-group-${seed}-${Date.now().toString(36)}`;
    const groupLoops: Promise<void>[] = [];
    for (let m = 0; m < (options.groupMembers ?? 2); m++) {
      const process = nextProcess++;
      const grng = workloadRng.fork();
      groupLoops.push(groupLoop(process, grng).catch(keepError));
    }
    const committedBase = nextProcess;
    nextProcess += partitions;
    groupLoops.push(
      (async () => {
        while (!stopping) {
          await sleep(workloadRng.int(300, 1_200));
          const invs = Array.from({ length: partitions }, (_, partition) => history.invoke(committedBase + partition, 'committed', { group, partition }));
          try {
            const d = await admin.describeGroup(group);
            for (const [partition, inv] of invs.entries()) {
              const o = d.offsets.find((x) => x.topic === topic && x.partition === partition);
              const offset = o ? Number(o.committedOffset) : -1;
              if (offset >= 0) history.complete(inv, 'ok', { offset });
              else history.complete(inv, 'fail', { error: 'nothing committed' });
            }
          } catch (err) {
            for (const inv of invs) history.complete(inv, 'fail', { error: String(err) });
          }
        }
      })().catch(keepError),
    );

    async function groupLoop(process: number, grng: Rng): Promise<void> {
      const eddy = new Eddy({ bootstrap: cluster.bootstrap, requestTimeoutMs: 5_000, ...cluster.clientSecurity(security.auth) });
      clients.push(eddy);
      while (!stopping) {
        const consumer = eddy.consumer({ groupId: group, autoCommit: false, autoOffsetReset: 'earliest', maxWaitMs: 200 });
        consumer.subscribe({ topics: [topic] });
        const reader = new TimedReader(consumer[Symbol.asyncIterator]());
        const polls = grng.int(20, 150);
        for (let i = 0; i < polls && !stopping; i++) {
          const inv = history.invoke(process, 'gpoll');
          const { records, error } = await reader.read(POLL_MS, POLL_MAX);
          if (records.length > 0 || error === undefined) history.complete(inv, 'ok', { records });
          else history.complete(inv, 'fail', { error: String(error) });
          // Commit one past the last record read of each partition.
          const last = new Map<number, number>();
          for (const r of records) last.set(r.partition, Math.max(last.get(r.partition) ?? -1, r.offset));
          for (const [partition, offset] of last) {
            const cinv = history.invoke(process, 'commit', { group, partition, offset: offset + 1 });
            try {
              await consumer.commit([{ topic, partition, offset: BigInt(offset + 1) }]);
              history.complete(cinv, 'ok');
            } catch (err) {
              history.complete(cinv, 'info', { error: String(err) });
            }
          }
          if (error !== undefined) break;
        }
        await consumer.close().catch(() => {});
      }
    }

    background.push(...workers, ...readers, ...adminLoops, ...groupLoops);
    const until = performance.now() + durationS * 1000;
    const kinds = options.kinds ?? [...PROCESS_FAULTS, ...DISK_FAULTS, ...(net ? NETWORK_FAULTS : []), ...ELASTIC_FAULTS];
    const elasticKinds = kinds.filter((k) => ELASTIC_FAULTS.includes(k));
    const ctx = { cluster, wire, topic, partitions, ...(net ? { net } : {}) };
    // Two tracks: one process / network fault at a time, and beside it one elastic fault at a time
    // (moves run on while nodes crash, pause and lose links). A track that fails stops the other.
    const stopTracks = new AbortController();
    const track = (p: Promise<NemesisSummary>): Promise<NemesisSummary> =>
      p.catch((err: unknown) => {
        stopTracks.abort();
        throw err;
      });
    const settledTracks = await Promise.allSettled([
      track(runNemesis({ ...ctx, rng: nemesisRng }, history, { until, kinds: kinds.filter((k) => !elasticKinds.includes(k)), log, signal: stopTracks.signal })),
      track(
        runNemesis({ ...ctx, rng: elasticRng }, history, {
          until,
          kinds: elasticKinds,
          process: ELASTIC_NEMESIS_PROCESS,
          quietMs: [2_000, 6_000],
          holdMs: [3_000, 15_000],
          log: (line) => log(line.replace(/^nemesis:/, 'nemesis(elastic):')),
          signal: stopTracks.signal,
        }),
      ),
    ]);
    const failedTrack = settledTracks.find((t) => t.status === 'rejected');
    if (failedTrack) throw failedTrack.reason;
    const faults: NemesisSummary = Object.assign({}, ...settledTracks.map((t) => (t.status === 'fulfilled' ? t.value : {})));
    log('nemesis done; every fault healed; letting the workload run on a healthy cluster');
    await sleep(3_000);
    stopping = true;
    await Promise.race([Promise.all([...workers, ...readers, ...adminLoops, ...groupLoops]), sleep(60_000)]);
    if (backgroundError !== undefined) throw backgroundError;

    const drain = await finalDrain(cluster, wire, topic, partitions, elasticKinds.length > 0 || storageNodes > 0, log);
    const result = check(history.ops, drain);
    const lists = checkLists(history.ops, drain);
    const adminResult = checkAdmin(history.ops);
    const groupResult = checkGroup(history.ops, drain);
    const ok = result.ok && lists.ok && adminResult.ok && groupResult.ok;
    // How many segment objects the remote tier holds at the end: a tiered run that uploaded nothing proved nothing.
    const segments = remoteDir ? (readdirSync(remoteDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.seg')).length : 0;
    const netField = `${net ? 'network=namespaces' : `network=OFF(${JSON.stringify(networkOff)})`}${tiered ? ` tiered remoteSegments=${segments}` : ''}`;
    const rebuilt = buildChangedSince(runStarted);
    if (rebuilt) log(`!!! ${rebuilt} !!!`);
    const line = `seed=${seed} duration=${durationS}s verdict=${ok ? 'PASS' : 'ANOMALY'} ${verdict(result)} ${listVerdict(lists)} ${adminVerdict(adminResult)} ${groupVerdict(groupResult)} ${netField}${rebuilt ? ' build=CHANGED-DURING-RUN' : ''} faults=${JSON.stringify(faults)}`;
    let historyFile: string | undefined;
    if (!ok || options.saveAlways) {
      historyFile = path.join(options.historyDir ?? DEFAULT_HISTORY_DIR, `seed-${seed}.json`);
      saveRun(historyFile, { seed, durationS, verdict: line, history: history.ops, drain, nodeStderr: Object.fromEntries(cluster.nodes.map((n) => [n.id, n.stderr.join('')])), nodeLog: Object.fromEntries(cluster.nodes.map((n) => [n.id, n.stdout.slice(-400)])) });
    }
    return { seed, result, lists, admin: adminResult, group: groupResult, ok, line, faults, historyFile, network };
  } catch (err) {
    // Not a verdict: the run itself broke (e.g. a node did not come back). Keep what happened.
    stopping = true;
    const historyFile = path.join(options.historyDir ?? DEFAULT_HISTORY_DIR, `seed-${seed}-error.json`);
    saveRun(historyFile, { seed, durationS, verdict: `seed=${seed} error=${String(err)}`, history: history.ops, drain: [], nodeStderr: Object.fromEntries(cluster.nodes.map((n) => [n.id, n.stderr.join('')])), nodeLog: Object.fromEntries(cluster.nodes.map((n) => [n.id, n.stdout.slice(-400)])) });
    log(`run failed: ${String(err)}; history: ${historyFile}`);
    const rebuilt = buildChangedSince(runStarted);
    if (rebuilt) log(`!!! ${rebuilt} !!!`);
    throw err;
  } finally {
    stopping = true;
    await Promise.race([Promise.allSettled(background), sleep(15_000)]);
    // Bounded: a client that cannot close (a flush still retrying) must not keep the run from its verdict.
    const closed = await Promise.race([Promise.all(clients.map((c) => c.close().catch(() => {}))).then(() => true), sleep(20_000).then(() => false)]);
    if (!closed) log('some workload clients did not close within 20 s; stopping the cluster under them');
    wire.close();
    await cluster.stop();
    await net?.close();
    if (remoteDir) rmSync(remoteDir, { recursive: true, force: true });
  }
}

/** Every partition from offset 0 to its end, read until two reads in a row agree (a fresh leader's high watermark may lag). */
/** User:chaos, allowed everything the workloads do (topics, groups, creating topics), by ACLs not super-user rights. */
async function chaosUser(wire: WireClient): Promise<{ auth: { username: string; password: string } }> {
  const auth = { username: 'chaos', password: 'chaos-password-1' };
  await wire.admin('createUser', { name: auth.username, password: auth.password });
  const allowAll = (resourceType: string, resourceName: string) => ({
    principal: 'User:chaos',
    resourceType,
    resourceName,
    patternType: 'ACL_PATTERN_TYPE_LITERAL',
    operation: 'ACL_OPERATION_ALL',
    permission: 'ACL_PERMISSION_ALLOW',
  });
  await wire.admin('createAcls', { acls: [allowAll('ACL_RESOURCE_TYPE_TOPIC', '*'), allowAll('ACL_RESOURCE_TYPE_GROUP', '*'), allowAll('ACL_RESOURCE_TYPE_CLUSTER', 'eddy-cluster')] });
  return { auth };
}

async function finalDrain(cluster: ServerCluster, wire: WireClient, topic: string, partitions: number, elastic: boolean, log: (line: string) => void): Promise<DrainedPartition[]> {
  await waitFor('every node is up', () => cluster.nodes.every((n) => n.child), 60_000);
  if (elastic) {
    // Moves the nemesis started (and the balancer's, e.g. back onto a recommissioned node) finish by themselves.
    const since = performance.now();
    let moving: Awaited<ReturnType<typeof reassignmentsInProgress>> = [];
    try {
      await waitFor(
        'no partition reassignment in progress',
        async () => {
          moving = await reassignmentsInProgress(wire);
          return moving.length === 0;
        },
        REASSIGNMENT_SETTLE_MS,
        { pollMs: 1_000 },
      );
    } catch (err) {
      const what = moving.map((m) => `${m.topic}-${m.partition}: ${JSON.stringify(m.replicas)} -> ${JSON.stringify(m.targetReplicas)} adding ${JSON.stringify(m.addingReplicas)} removing ${JSON.stringify(m.removingReplicas)} leader ${m.leaderId} bytes behind ${JSON.stringify(m.bytesBehind)}`);
      throw new Error(`partition moves did not finish within ${REASSIGNMENT_SETTLE_MS / 1000} s of the faults healing (${moving.length} in progress: ${what.join('; ') || 'none listed'}): ${(err as Error).message}`);
    }
    log(`every partition move finished (${((performance.now() - since) / 1000).toFixed(1)} s after the nemesis)`);
  }
  await waitFor('every partition has a leader', async () => (await wire.metadata([topic])).topics[0]?.partitions.every((p) => p.leaderId > 0), 60_000);
  const out: DrainedPartition[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    let previous = -1;
    const records = await waitFor(
      `a stable drain of partition ${partition}`,
      async () => {
        const read = await wire.readAll(topic, partition);
        if (read.length === previous) return read;
        previous = read.length;
        await sleep(500);
        return undefined;
      },
      60_000,
    );
    out.push({ partition, records: records.map((r) => ({ offset: Number(r.offset), value: r.value, key: r.key })) });
  }
  return out;
}

export { DISK_FAULTS, ELASTIC_FAULTS, PROCESS_FAULTS };

/** One poll: what a consumer hands out within POLL_MS, at most POLL_MAX records. */
const POLL_MS = 250;
const POLL_MAX = 100;

/**
 * Reads a consumer's iterator in timed polls. A next() still pending when a
 * poll's time is up carries over to the next poll, so no record is dropped.
 */
class TimedReader {
  private pending: Promise<IteratorResult<ConsumedMessage>> | undefined;

  constructor(private readonly it: AsyncIterator<ConsumedMessage>) {}

  async read(ms: number, max: number, onRecord?: (r: PolledRecord) => void): Promise<{ records: PolledRecord[]; error: unknown }> {
    const records: PolledRecord[] = [];
    const deadline = performance.now() + ms;
    let error: unknown;
    while (records.length < max) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      this.pending ??= this.it.next();
      let timer: NodeJS.Timeout | undefined;
      const got = await Promise.race([this.pending, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), left)))]).catch((err: unknown) => {
        error = err;
        return 'error' as const;
      });
      clearTimeout(timer);
      if (got === 'timeout') break;
      this.pending = undefined;
      if (got === 'error' || got.done) break;
      const r: PolledRecord = { partition: got.value.partition, offset: Number(got.value.offset), value: got.value.value?.toString() ?? '', key: got.value.key?.toString() ?? '' };
      records.push(r);
      onRecord?.(r);
    }
    return { records, error };
  }
}
