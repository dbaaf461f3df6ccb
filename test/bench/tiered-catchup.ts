// `pnpm bench catchup --remote`: the catch-up read of `pnpm bench catchup` on a
// tiered topic (docs/architecture.md §14.1, §19), once per object store (a
// directory, file://; s3rver, s3://). Three `eddy server` processes, one RF 3
// partition with remote.storage.enable=true and a small local.retention.bytes,
// filled with random 1 KiB records; then:
// - upload: bytes the partition leader uploaded per second, from the first
//   segment uploaded until the upload lag is 0 (/metrics every 500 ms), and the
//   lag when produce ended;
// - local retention: the leader's local log, each node's Raft directory on disk
//   (du) and the remote tier's size once local retention has run;
// - reads: the partition from offset 0 to its end with Fetch, the part below
//   the local log start (served from the object store) and the part above it
//   (from the nodes' disks) timed apart, every offset checked present once;
//   ListOffsets by the first record's timestamp must find offset 0, which is
//   in the remote tier only.
// Anything lost, duplicated or stuck fails the run loudly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordBatchHeader } from '@eddy/protocol';
import { waitFor } from '../support/harness.js';
import { S3RVER_ENV, startS3 } from '../support/s3.js';
import { ServerCluster, type ServerProcess } from '../support/server-cluster.js';
import { WireClient } from '../support/wire-client.js';
import { CatchupLoad, quietWrites } from './catchup-load.js';

/** The object stores the bench can run against. */
export type TieredStoreKind = 'fs' | 's3';
export const TIERED_STORES: readonly TieredStoreKind[] = ['fs', 's3'];

export interface TieredCatchupOptions {
  stores: readonly TieredStoreKind[];
  /** MiB of records produced. */
  mib: number;
  perBatch: number;
  inFlight: number;
  fetchMib: number;
  /** The topic's local.retention.bytes, in MiB. */
  localRetentionMib: number;
  /** The topic's segment.bytes, in MiB (uploads are capped at 64 MiB whatever it says). */
  segmentMib: number;
  /** Extra node flags for the servers (--node-args). */
  nodeArgs: string[];
  stopSignal: NodeJS.Signals;
}

/** One store's figures (the JSON line carries them as they are). */
export interface TieredCatchupResult {
  store: TieredStoreKind;
  producedRecords: number;
  producedMiB: number;
  produceSecs: number;
  produceMBps: number;
  /** Leader uploads, first segment uploaded → upload lag 0. */
  uploadedMiB: number;
  uploadedSegments: number;
  uploadMBps: number | null;
  uploadOverProduce: number | null;
  uploadLagMiBAtProduceEnd: number;
  /** From the end of produce until the lag was 0. */
  uploadSecsAfterProduce: number;
  /** Local retention: the leader's local log within local.retention + a segment + slack (false: 60 s passed first). */
  localRetentionReached: boolean;
  leaderLocalLogMiB: number;
  /** eddy_storage_log_size_bytes of the partition on each node (node 1, 2, 3). */
  replicaLogMiB: number[];
  /** du of each node's Raft directory (LevelDB), after its writes settled, and the most seen during produce and upload (every 5 s). */
  nodeDiskMiB: number[];
  nodeDiskPeakMiB: number[];
  nodeDiskOverProduced: number[];
  /** eddy_remote_log_bytes (record batches in the remote tier) and the store's own disk use. */
  remoteLogMiB: number;
  remoteStoreDiskMiB: number;
  remoteSegments: number;
  localLogStartOffset: number;
  remoteReadMiB: number;
  remoteReadSecs: number;
  remoteReadMBps: number;
  localReadMiB: number;
  localReadSecs: number;
  localReadMBps: number;
  remoteOverLocal: number;
  /** Bytes the leader fetched from the object store during the remote part (read-ahead included), and its mean GET time. */
  remoteFetchedMiB: number;
  remoteFetchMeanMs: number | null;
  readRecords: number;
  /** ListOffsets by the first record's timestamp (must be 0). */
  offsetForFirstTimestamp: number;
  retries: number;
  /** Load average (1 min) when the store's run began and ended: the machine is shared. */
  loadAverage: [number, number];
}

const MIB = 1024 * 1024;
/** Uploads cap a segment at this size (tier-manager.ts MAX_SEGMENT_BYTES). */
const MAX_SEGMENT_MIB = 64;
/** How long uploads may take to catch up after produce before the run fails. */
const UPLOAD_DEADLINE_MS = 600_000;
/** How long local retention gets before the figures are taken anyway. */
const RETENTION_WAIT_MS = 60_000;

const mib = (bytes: number): number => +(bytes / MIB).toFixed(1);
const mbps = (bytes: number, secs: number): number => +(bytes / secs / 1e6).toFixed(1);

/** Sum of a metric's samples (every label set) in a /metrics text; 0 when absent. */
export function metricSum(text: string, name: string, labelFilter?: string): number {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm'))) {
    if (labelFilter !== undefined && !(m[1] ?? '').includes(labelFilter)) continue;
    sum += Number(m[2]);
  }
  return sum;
}

async function scrape(node: ServerProcess): Promise<string> {
  return (await fetch(node.metricsUrl!)).text();
}

/** One /metrics sample of the whole cluster: upload counters and lag summed over the nodes (only a leader reports). */
interface UploadSample {
  at: number;
  uploadedBytes: number;
  uploadedSegments: number;
  lagBytes: number;
}

async function sampleUploads(nodes: ServerProcess[]): Promise<UploadSample> {
  const texts = await Promise.all(nodes.map(scrape));
  const sum = (name: string) => texts.reduce((a, t) => a + metricSum(t, name), 0);
  return { at: performance.now(), uploadedBytes: sum('eddy_remote_upload_bytes_total'), uploadedSegments: sum('eddy_remote_upload_segments_total'), lagBytes: sum('eddy_remote_upload_lag_bytes') };
}

/** Samples the cluster's upload metrics every 500 ms, and each node's disk use every 5 s, until stopped. */
class UploadSampler {
  readonly samples: UploadSample[] = [];
  /** Largest disk use of each node's Raft directory seen. */
  readonly peakDisk: number[];
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(nodes: ServerProcess[]) {
    this.peakDisk = nodes.map(() => 0);
    this.loop = (async () => {
      for (let i = 0; !this.stopped; i++) {
        this.samples.push(await sampleUploads(nodes));
        if (i % 10 === 0) nodes.forEach((n, k) => (this.peakDisk[k] = Math.max(this.peakDisk[k]!, diskUsage(path.join(n.dataDir, 'raft')))));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}

/**
 * Disk usage in bytes of a directory (du: blocks allocated, not apparent sizes).
 * A file LevelDB removes while du walks the directory makes du complain and
 * exit 1; its total of the rest stands.
 */
function diskUsage(dir: string): number {
  const out = spawnSync('du', ['-sB1', dir], { encoding: 'utf8' });
  const bytes = Number(out.stdout.split('\t')[0]);
  if (out.stdout === '' || !Number.isFinite(bytes)) throw new Error(`du ${dir} failed: ${out.stderr || out.error?.message}`);
  return bytes;
}

/** A batch that does not follow the one before it. */
class GapError extends Error {
  constructor(
    readonly expected: bigint,
    readonly batch: RecordBatchHeader,
    readonly requested: bigint,
  ) {
    super(`offsets are not contiguous: expected a batch at offset ${expected}, the Fetch at offset ${requested} returned one at ${batch.baseOffset}-${batch.lastOffset} (records lost or duplicated)`);
  }
}

/** Checks every batch follows the one before it with no gap or overlap. */
function contiguity(): (h: RecordBatchHeader, requested: bigint) => void {
  let expected = 0n;
  return (h, requested) => {
    if (h.baseOffset !== expected) throw new GapError(expected, h, requested);
    expected = h.lastOffset + 1n;
  };
}

/** Offset ranges of the segment objects in a store's directory, from their keys (…/<base>-<last>-<term>-<hex>.seg), by base offset. */
function storedSegments(dir: string): { base: bigint; last: bigint; term: number; file: string }[] {
  const out: { base: bigint; last: bigint; term: number; file: string }[] = [];
  for (const e of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const m = /(\d{20})-(\d{20})-(\d+)-[0-9a-f]+\.seg/.exec(e);
    if (m && !e.endsWith('.json')) out.push({ base: BigInt(m[1]!), last: BigInt(m[2]!), term: Number(m[3]), file: e });
  }
  return out.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
}

/** Offset ranges of the batches at the start of a segment object (its data part), walked by their headers until the index part. */
function batchesInObject(body: Buffer, base: bigint, last: bigint): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (let at = 0; at + 61 <= body.length; ) {
    const b = body.readBigInt64BE(at);
    if (b < base || b > last) break;
    out.push([b, b + BigInt(body.readInt32BE(at + 23))]);
    at += body.readInt32BE(at + 8) + 12;
  }
  return out;
}

/** What a gap looks like from outside: the store's segments around it, and the same Fetch again. */
async function explainGap(err: GapError, load: CatchupLoad, storeDir: string, fetchMib: number): Promise<string> {
  const lines = [err.message];
  const segs = storedSegments(storeDir);
  const near = segs.filter((s) => s.last >= err.expected - 200_000n && s.base <= err.batch.lastOffset + 200_000n);
  lines.push(`segment objects in the store near it (${segs.length} in all): ${near.map((s) => `${s.base}-${s.last} (term ${s.term})`).join(', ')}`);
  // The object that should hold the missing offset, read straight from the store's files.
  const holder = segs.find((x) => x.base <= err.expected && err.expected <= x.last);
  if (holder) {
    const inside = batchesInObject(readFileSync(path.join(storeDir, holder.file)), holder.base, holder.last);
    const around = inside.filter(([b, l]) => l >= err.expected - 3000n && b <= err.batch.lastOffset + 3000n);
    lines.push(`object ${holder.file} holds ${inside.length} batches; around the gap: ${around.map(([b, l]) => `${b}-${l}`).join(' ')}`);
  } else {
    lines.push(`no segment object in the store covers offset ${err.expected}`);
  }
  for (let i = 1; i < segs.length; i++) {
    if (segs[i]!.base !== segs[i - 1]!.last + 1n) lines.push(`store objects not contiguous: ${segs[i - 1]!.base}-${segs[i - 1]!.last} then ${segs[i]!.base}-${segs[i]!.last}`);
  }
  for (const [offset, maxBytes] of [[err.requested, fetchMib * MIB], [err.expected, fetchMib * MIB], [err.expected, MIB]] as const) {
    const again = await load.fetchOnce(offset, maxBytes).catch((e: Error) => ({ batches: [], nextOffset: -1n, error: e.message }));
    lines.push(`Fetch at ${offset} (maxBytes ${maxBytes}) again: ${again.error ?? ''} batches ${again.batches.map(([b, l]) => `${b}-${l}`).join(' ')}, next offset ${again.nextOffset}`);
  }
  return lines.join('\n');
}

interface PartitionLogInfo {
  logStartOffset: string;
  localLogStartOffset: string;
  highWatermark: string;
  localSizeBytes: string;
  remoteSizeBytes: string;
  remoteSegments: number;
  remoteEndOffset: string;
}

async function describeLog(w: WireClient, topic: string): Promise<PartitionLogInfo | undefined> {
  const res = await w.admin<{ topic: { partitions: { partition: number; log?: PartitionLogInfo | null }[] } }>('describeTopic', { name: topic });
  return res.topic.partitions.find((p) => p.partition === 0)?.log ?? undefined;
}

/** A remote store to run against: the server flag's URL, the environment the servers need, its data's directory. */
async function openStore(kind: TieredStoreKind): Promise<{ url: string; env: Record<string, string>; dir: string; close: () => Promise<void> }> {
  if (kind === 'fs') {
    const dir = mkdtempSync(path.join(tmpdir(), 'eddy-bench-remote-'));
    return { url: `file://${dir}`, env: {}, dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const s3 = await startS3('eddy-bench');
  return { url: s3.url('tiered'), env: { ...S3RVER_ENV }, dir: s3.dir, close: () => s3.stop() };
}

async function runStore(kind: TieredStoreKind, o: TieredCatchupOptions): Promise<TieredCatchupResult> {
  const load0 = loadavg()[0]!;
  const store = await openStore(kind);
  const cluster = new ServerCluster({
    nodes: 3,
    roles: 'combined',
    raftTickMs: 50,
    nodeArgs: o.nodeArgs,
    extraEnv: store.env,
    // Retention every second: the figures wait for it, not for the 30 s default.
    serverArgs: () => ['--remote-storage', store.url, '--retention-check-interval-ms', '1000'],
  });
  let w: WireClient | undefined;
  let load: CatchupLoad | undefined;
  try {
    await cluster.start();
    w = new WireClient(cluster);
    const topic = `tiered-${kind}-${Date.now()}`;
    const localRetention = o.localRetentionMib * MIB;
    const segment = o.segmentMib * MIB;
    await w.admin('createTopic', {
      name: topic,
      partitions: 1,
      replicationFactor: 3,
      configs: { 'remote.storage.enable': 'true', 'local.retention.bytes': String(localRetention), 'segment.bytes': String(segment) },
    });
    load = await CatchupLoad.open(w, topic);
    const sampler = new UploadSampler(cluster.nodes);
    const produced = await load.produce({ mib: o.mib, perBatch: o.perBatch, inFlight: o.inFlight });
    const atProduceEnd = await sampleUploads(cluster.nodes);
    // Uploads catch up: a segment's worth or less is left, not due yet (segment.ms is days).
    const caughtUp = await waitFor('the upload lag to reach 0', async () => {
      const s = sampler.samples.at(-1);
      return s !== undefined && s.at > atProduceEnd.at && s.lagBytes === 0 ? s : undefined;
    }, UPLOAD_DEADLINE_MS, { pollMs: 100 }).catch(async (err: Error) => {
      await sampler.stop();
      const s = sampler.samples.at(-1);
      throw new Error(`uploads stalled: ${err.message}; lag ${s?.lagBytes} bytes, ${s?.uploadedSegments} segments uploaded (report this with the command line)`);
    });
    await sampler.stop();
    const first = sampler.samples.find((s) => s.uploadedBytes > 0);
    const uploadMBps = first && caughtUp.at > first.at && caughtUp.uploadedBytes > first.uploadedBytes ? mbps(caughtUp.uploadedBytes - first.uploadedBytes, (caughtUp.at - first.at) / 1000) : null;
    const produceMBps = mbps(produced.bytes, produced.secs);

    // Local retention: the leader's local log within local.retention.bytes + a segment (not uploaded yet) + slack.
    const bound = localRetention + Math.min(o.segmentMib, MAX_SEGMENT_MIB) * MIB + 8 * MIB;
    // The leader now (it may have moved under load); the reads go to it too.
    load.leader = await waitFor('leader', () => w!.leaderAddress(topic, 0));
    const leaderNode = () => cluster.node(load!.leader.id);
    const retentionStarted = Date.now();
    let leaderLocal = Infinity;
    while (Date.now() - retentionStarted < RETENTION_WAIT_MS) {
      leaderLocal = metricSum(await scrape(leaderNode()), 'eddy_storage_log_size_bytes', `topic="${topic}"`);
      if (leaderLocal <= bound) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const localRetentionReached = leaderLocal <= bound;
    // The followers apply the new log start through Raft, then every node's LevelDB compacts.
    await waitFor('every replica\'s local log within local retention', async () => {
      const sizes = await Promise.all(cluster.nodes.map(async (n) => metricSum(await scrape(n), 'eddy_storage_log_size_bytes', `topic="${topic}"`)));
      return sizes.every((x) => x <= Math.max(bound, leaderLocal));
    }, 30_000).catch(() => undefined);
    await quietWrites(cluster.nodes.map((n) => n.child!.pid!), 60);
    const replicaLog = await Promise.all(cluster.nodes.map(async (n) => metricSum(await scrape(n), 'eddy_storage_log_size_bytes', `topic="${topic}"`)));
    const nodeDisk = cluster.nodes.map((n) => diskUsage(path.join(n.dataDir, 'raft')));
    const leaderText = await scrape(leaderNode());
    leaderLocal = metricSum(leaderText, 'eddy_storage_log_size_bytes', `topic="${topic}"`);
    const remoteLog = metricSum(leaderText, 'eddy_remote_log_bytes');
    const remoteStoreDisk = diskUsage(store.dir);
    // The leader's report of where the local log starts (reports go every 250 ms), as fresh as its gauge.
    const log = await waitFor('the leader\'s report of the partition\'s log', async () => {
      const l = await describeLog(w!, topic);
      const size = metricSum(await scrape(leaderNode()), 'eddy_storage_log_size_bytes', `topic="${topic}"`);
      return l && Number(l.localSizeBytes) === size ? l : undefined;
    }, 30_000);
    const localStart = BigInt(log.localLogStartOffset);
    if (localStart === 0n) throw new Error(`local retention never moved the local log start (local log ${mib(leaderLocal)} MiB): nothing to read from the remote tier; is --remote-storage working?`);

    // Read back from offset 0: below the local log start (the remote tier), then the rest.
    const check = contiguity();
    let firstTimestamp: bigint | undefined;
    const beforeRemote = await scrape(leaderNode());
    const explained = async (err: unknown): Promise<never> => {
      if (!(err instanceof GapError)) throw err;
      const why = await explainGap(err, load!, store.dir, o.fetchMib).catch((e: Error) => `${err.message}\n(could not look closer: ${e.message})`);
      throw new Error(`${why}\nlocal log start ${localStart}; report this with the command line`);
    };
    const remote = await load.read({ from: 0n, until: localStart, fetchMib: o.fetchMib, onBatch: (h, requested) => {
      firstTimestamp ??= h.baseTimestamp;
      check(h, requested);
    } }).catch(explained);
    const afterRemote = await scrape(leaderNode());
    const grew = (name: string) => metricSum(afterRemote, name) - metricSum(beforeRemote, name);
    const fetched = grew('eddy_remote_fetch_bytes_total');
    const gets = grew('eddy_remote_fetch_duration_seconds_count');
    const getSecs = grew('eddy_remote_fetch_duration_seconds_sum');
    const local = await load.read({ from: remote.nextOffset, fetchMib: o.fetchMib, onBatch: check }).catch(explained);
    const readRecords = remote.records + local.records;
    if (readRecords !== produced.records || local.nextOffset !== BigInt(produced.records)) {
      throw new Error(`read ${readRecords} records up to offset ${local.nextOffset}, produced ${produced.records} (${load.retries} produce calls resent after leadership moves${load.retries > 0 ? ', which may store a batch twice' : ''}): records lost or duplicated; report this with the command line`);
    }
    if (firstTimestamp === undefined) throw new Error('the read returned no batch below the local log start');
    const offsetForFirstTimestamp = await load.offsetForTime(Number(firstTimestamp));
    if (offsetForFirstTimestamp !== 0) throw new Error(`ListOffsets by the first record's timestamp (${firstTimestamp}) answered offset ${offsetForFirstTimestamp}, not 0: the remote tier's timestamps were not searched`);

    const remoteReadMBps = mbps(remote.bytes, remote.secs);
    const localReadMBps = mbps(local.bytes, local.secs);
    return {
      store: kind,
      producedRecords: produced.records,
      producedMiB: mib(produced.bytes),
      produceSecs: +produced.secs.toFixed(1),
      produceMBps,
      uploadedMiB: mib(caughtUp.uploadedBytes),
      uploadedSegments: caughtUp.uploadedSegments,
      uploadMBps,
      uploadOverProduce: uploadMBps === null ? null : +(uploadMBps / produceMBps).toFixed(2),
      uploadLagMiBAtProduceEnd: mib(atProduceEnd.lagBytes),
      uploadSecsAfterProduce: +((caughtUp.at - atProduceEnd.at) / 1000).toFixed(1),
      localRetentionReached,
      leaderLocalLogMiB: mib(leaderLocal),
      replicaLogMiB: replicaLog.map(mib),
      nodeDiskMiB: nodeDisk.map(mib),
      nodeDiskPeakMiB: sampler.peakDisk.map(mib),
      nodeDiskOverProduced: nodeDisk.map((d) => +(d / produced.bytes).toFixed(3)),
      remoteLogMiB: mib(remoteLog),
      remoteStoreDiskMiB: mib(remoteStoreDisk),
      remoteSegments: log.remoteSegments,
      localLogStartOffset: Number(localStart),
      remoteReadMiB: mib(remote.bytes),
      remoteReadSecs: +remote.secs.toFixed(2),
      remoteReadMBps,
      localReadMiB: mib(local.bytes),
      localReadSecs: +local.secs.toFixed(2),
      localReadMBps,
      remoteOverLocal: +(remoteReadMBps / localReadMBps).toFixed(2),
      remoteFetchedMiB: mib(fetched),
      remoteFetchMeanMs: gets > 0 ? +((1000 * getSecs) / gets).toFixed(1) : null,
      readRecords,
      offsetForFirstTimestamp,
      retries: load.retries,
      loadAverage: [+load0.toFixed(1), +loadavg()[0]!.toFixed(1)],
    };
  } finally {
    load?.close();
    w?.close();
    await cluster.stop(o.stopSignal);
    await store.close();
  }
}

/** One readable line of a store's figures. */
export function describeTieredResult(r: TieredCatchupResult): string {
  return (
    `${r.store}: produced ${r.producedMiB} MiB (${r.producedRecords} records) at ${r.produceMBps} MB/s; ` +
    `uploaded ${r.uploadedMiB} MiB in ${r.uploadedSegments} segments at ${r.uploadMBps ?? '-'} MB/s (${r.uploadOverProduce ?? '-'}x produce; lag ${r.uploadLagMiBAtProduceEnd} MiB when produce ended, 0 after ${r.uploadSecsAfterProduce} s); ` +
    `local log ${r.leaderLocalLogMiB} MiB on the leader${r.localRetentionReached ? '' : ' (local retention NOT reached in 60 s)'}, disk ${r.nodeDiskMiB.join(' / ')} MiB per node (${r.nodeDiskOverProduced.join(' / ')}x produced; at most ${r.nodeDiskPeakMiB.join(' / ')} MiB meanwhile), remote ${r.remoteLogMiB} MiB (${r.remoteStoreDiskMiB} MiB on the store's disk, ${r.remoteSegments} segments); ` +
    `read ${r.remoteReadMiB} MiB below offset ${r.localLogStartOffset} from the remote tier at ${r.remoteReadMBps} MB/s (${r.remoteFetchedMiB} MiB fetched from the store, ${r.remoteFetchMeanMs ?? '-'} ms per GET) and ${r.localReadMiB} MiB from local disk at ${r.localReadMBps} MB/s: remote/local ${r.remoteOverLocal}; ` +
    `${r.readRecords} records, contiguous; ListOffsets(first timestamp) = ${r.offsetForFirstTimestamp}; ${r.retries} retries; load average ${r.loadAverage[0]} -> ${r.loadAverage[1]}`
  );
}

/** Runs every store in turn, printing a line as each finishes. */
export async function tieredCatchup(o: TieredCatchupOptions, print: (line: string) => void): Promise<TieredCatchupResult[]> {
  const rows: TieredCatchupResult[] = [];
  for (const kind of o.stores) {
    const r = await runStore(kind, o);
    print(describeTieredResult(r));
    rows.push(r);
  }
  return rows;
}
