// Tiered storage as a user runs it through the CLI (docs/architecture.md
// §14.1), on the filesystem store: one `eddy server` with --remote-storage
// file:///<dir>, a tiered topic created, written and read with `eddy topic
// create`, `eddy produce` and `eddy consume --from-beginning`; segments
// upload into the directory (one file per remote segment), the local log is
// cut to local.retention.bytes, and every line comes back in order. Bad input
// is refused with a message saying what is wrong: a tiered compacted topic,
// turning tiering off again, and a --remote-storage URL of a scheme the server
// does not know (the server exits with a configuration error).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runCli, startCli } from '../support/cli-process.js';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { logSizes, waitFor } from '../support/harness.js';
import { KiB, describeJson, liveBootstrap, metric, objectProblems, parseObjectKey, type BucketObject, type DescribedTopic } from './tiered-support.js';

const SEGMENT = 256 * KiB;
const LOCAL_RETENTION = 512 * KiB;
/** The largest batch `eddy produce` sends (@eddy/client's batchBytes). */
const MAX_BATCH = 1024 * KiB;

let fx: ClusterFixture | undefined;
let storeDir: string | undefined;

beforeAll(async () => {
  // The file store writes into an existing directory (a shared volume in production).
  storeDir = mkdtempSync(path.join(tmpdir(), 'eddy-tiered-store-'));
  fx = await startCluster({ nodes: 1, serverArgs: () => ['--remote-storage', `file://${storeDir}`, '--retention-check-interval-ms', '1000'] });
}, 60_000);

afterAll(async () => {
  await fx?.close();
  if (storeDir) rmSync(storeDir, { recursive: true, force: true });
});

/** `eddy ARGS --bootstrap <the node>` to its end. */
function eddy(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runCli([...args, '--bootstrap', liveBootstrap(fx!.cluster)], input);
}

/** Every segment file under the store directory, as objects of the store (keys relative to it). */
function storeObjects(dir: string, prefix: string): BucketObject[] {
  const out: BucketObject[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const key = path.relative(dir, full).split(path.sep).join('/');
        const named = parseObjectKey(key);
        // Temporary files of a write in progress are not objects yet.
        if (key.startsWith(prefix) && named) out.push({ key, size: statSync(full).size, ...named });
      }
    }
  };
  walk(dir);
  return out;
}

/** The i-th line written: its number, ~1 KiB of incompressible filler, and a hash of both. */
function line(i: number): string {
  let filler = '';
  for (let h = createHash('sha256').update(`line ${i}`).digest('hex'); filler.length < 1000; h = createHash('sha256').update(h).digest('hex')) filler += h;
  return `${i}:${filler}:${createHash('sha256').update(`${i}:${filler}`).digest('hex').slice(0, 12)}`;
}

describe('tiered storage through the CLI (one node, file store)', () => {
  it('eddy topic create / produce / consume --from-beginning: segments land in the directory, the local log is cut, every line comes back', { timeout: 120_000 }, async () => {
    const topic = 'tiered-cli';
    const created = await eddy([
      'topic', 'create', topic, '--partitions', '1', '--replication-factor', '1',
      '--config', 'remote.storage.enable=true', '--config', `segment.bytes=${SEGMENT}`, '--config', `local.retention.bytes=${LOCAL_RETENTION}`, '--config', 'segment.ms=3000',
    ]);
    expect(created.status, created.stderr).toBe(0);

    const n = 5000; // ~5 MiB
    const lines = Array.from({ length: n }, (_, i) => line(i));
    const produced = await eddy(['produce', topic], `${lines.join('\n')}\n`);
    expect(produced.status, produced.stderr).toBe(0);

    // Uploaded to the end (segment.ms takes the tail too), and the local log cut to its bound: at
    // least local.retention.bytes stay, and the cut falls at a batch start (the CLI's producer
    // sends batches of up to 1 MiB; segments are whole batches, so they are about that size too).
    const bound = LOCAL_RETENTION + MAX_BATCH + 128 * KiB;
    let d: DescribedTopic | undefined;
    await waitFor('the whole log uploaded and the local log cut', async () => {
      d = await describeJson(fx!.cluster, topic);
      const log = d.partitions[0]?.log;
      return log && log.remoteEndOffset === n && log.localLogStartOffset > 0 && log.localSizeBytes <= bound;
    }, 60_000, { pollMs: 500 }).catch((err: Error) => {
      err.message += `\nlast describe: ${JSON.stringify(d?.partitions[0]?.log)}`;
      throw err;
    });
    const log = d!.partitions[0]!.log!;
    expect(log.logStartOffset).toBe(0);
    expect(log.remoteSegments).toBeGreaterThanOrEqual(4);
    // One file per remote segment in the directory, contiguous from offset 0.
    const objects = storeObjects(storeDir!, `${d!.topicId}/0/`);
    expect(objectProblems(objects, log)).toEqual([]);
    const node = fx!.cluster.node(1);
    expect((await logSizes(node.metricsUrl!, topic)).get(0)).toBeLessThanOrEqual(bound);
    expect(await metric(node, 'eddy_remote_log_bytes')).toBe(log.remoteSizeBytes);

    // Every line, in order, most of them read back from the directory.
    const consumed = await eddy(['consume', topic, '--from-beginning', '--max-messages', String(n)]);
    expect(consumed.status, consumed.stderr).toBe(0);
    const got = consumed.stdout.split('\n');
    expect(got.length).toBe(n);
    expect(got.findIndex((l, i) => l !== lines[i]), 'the first line read back that differs from the one written').toBe(-1);
    expect(consumed.stderr).toContain(`consumed ${n} records`);
    expect(await metric(node, 'eddy_remote_fetch_bytes_total')).toBeGreaterThan(0);

    // describe for people: the tiers table.
    const text = await eddy(['topic', 'describe', topic]);
    expect(text.stdout).toContain('tiers (as each leader last reported them):');
    expect(text.stdout).toMatch(new RegExp(`^0\\s+0\\s+${log.localLogStartOffset}\\s+${n}\\s+${log.remoteSegments}\\s`, 'm'));

    // Tiering cannot be turned off again: the older records live only in the store.
    const off = await eddy(['topic', 'alter', topic, '--config', 'remote.storage.enable=false']);
    expect(off.status).not.toBe(0);
    expect(off.stderr).toContain('remote.storage.enable cannot be turned off once on');
  });

  it('a tiered compacted topic is refused with what to do instead, and nothing is created', async () => {
    const r = await eddy(['topic', 'create', 'x', '--config', 'remote.storage.enable=true', '--config', 'cleanup.policy=compact', '--replication-factor', '1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('remote.storage.enable=true cannot be combined with cleanup.policy=compact');
    expect(r.stderr).toContain('use cleanup.policy=delete or leave remote storage off');
    const list = await eddy(['topic', 'list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((t) => t.name)).not.toContain('x');
    const described = await eddy(['topic', 'describe', 'x']);
    expect(described.status).not.toBe(0);
    expect(described.stderr).toContain('UNKNOWN_TOPIC');
  });

  it('eddy server with a --remote-storage URL it cannot use exits with a configuration error naming the flag and the forms it takes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'eddy-bad-remote-'));
    try {
      for (const [url, problem] of [
        ['ftp://x', 'the scheme "ftp:" is not supported (only file: and s3:)'],
        ['relative/dir', 'it is a plain path, not a URL'],
      ] as const) {
        const server = startCli(['server', '--node-id', '1', '--controllers', '1@127.0.0.1:1', '--listen-address', '127.0.0.1:0', '--internal-listen-address', '127.0.0.1:0', '--data-dir', dataDir, '--remote-storage', url]);
        // A server that took the URL would run on: stopped here, and the status check fails.
        const timer = setTimeout(() => killAll([server]), 20_000);
        const status = await server.exit;
        clearTimeout(timer);
        const r = { status, stderr: server.stderr() };
        expect(r.status, `eddy server --remote-storage ${url}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('eddy server: invalid configuration:');
        expect(r.stderr).toContain(`--remote-storage (EDDY_REMOTE_STORAGE): bad remote storage URL "${url}": ${problem}`);
        expect(r.stderr).toContain('Use file:///absolute/path/to/directory, or s3://bucket');
        expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
