// A node whose storage fails must not linger as a zombie that answers health
// SERVING, heartbeats and claims leaderships while its Raft host is stopped:
// it exits non-zero, so its supervisor (eddy dev, Kubernetes) restarts it from
// what is durable on disk. Here node 3 keeps its data on a tmpfs whose
// database directory is removed under it: a write failure that is not lack of
// space (a full disk is survived instead: test/integrity/disk-full.test.ts).
// Needs root to mount, as CI runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/harness.js';
import { ServerCluster } from '../support/server-cluster.js';
import { keyedBatch, WireClient } from '../support/wire-client.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  const msg = 'storage-failure test: needs root to mount a small tmpfs as a node data dir';
  if (process.env.CI) throw new Error(`${msg}; CI runs as root`);
  console.warn(`SKIPPING ${msg}`);
}

class SmallDiskCluster extends ServerCluster {
  mounted: string | undefined;
  override spawn(node: Parameters<ServerCluster['spawn']>[0]): Promise<void> {
    if (node.id === 3 && this.mounted === undefined) {
      mkdirSync(node.dataDir, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', node.dataDir]);
      this.mounted = node.dataDir;
    }
    return super.spawn(node);
  }

  override async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.kill(n)));
    if (this.mounted) execFileSync('umount', ['-l', this.mounted]);
    this.mounted = undefined;
    await super.stop();
  }
}

let cluster: SmallDiskCluster | undefined;
let wc: WireClient | undefined;

beforeAll(async () => {
  if (!isRoot) return;
  // The free-space guard off: a 64 MiB volume is below its default minimum.
  cluster = new SmallDiskCluster({ nodes: 3, extraEnv: { EDDY_STORAGE_MIN_FREE_BYTES: '0' } });
  await cluster.start();
  wc = new WireClient(cluster);
}, 60_000);

afterAll(async () => {
  wc?.close();
  await cluster?.stop();
});

describe.skipIf(!isRoot)('a node whose disk fails', () => {
  it('exits non-zero instead of serving as a zombie, and the others keep serving', async () => {
    const c = cluster!;
    const topic = `full-disk-${Date.now()}`;
    await wc!.admin('createTopic', { name: topic, partitions: 1, replicationFactor: 3 });
    await waitFor('a leader', async () => (await wc!.leaderAddress(topic, 0)) !== undefined);
    const node3 = c.node(3);
    const exited = new Promise<number | null>((resolve) => node3.child!.once('exit', (code) => resolve(code)));
    // Idempotent, so a batch resent after an unknown outcome is stored once.
    const producer = await wc!.initProducerId();
    const value = 'x'.repeat(1024);
    let acked = 0;
    for (let i = 0; i < 4; i++) {
      await wc!.produceUntilAcked(topic, 0, keyedBatch(Array.from({ length: 64 }, (_, j) => ({ key: `k${j}`, value })), { ...producer, baseSequence: acked }));
      acked += 64;
    }
    // The storage under node 3 fails: its database directory is gone, so the next file LevelDB
    // creates (a new table or log as the writes go on) fails with ENOENT, and so does every write after.
    rmSync(path.join(c.mounted!, 'raft'), { recursive: true, force: true });
    for (let i = 0; i < 200 && node3.child?.exitCode === null; i++) {
      await wc!.produceUntilAcked(topic, 0, keyedBatch(Array.from({ length: 64 }, (_, j) => ({ key: `k${j}`, value })), { ...producer, baseSequence: acked }));
      acked += 64;
    }
    expect(await exited).toBe(1);
    expect(node3.stderr.join('')).toMatch(/storage failed/);
    // The two healthy replicas are a majority: writes go on, and everything acknowledged is there.
    await wc!.produceUntilAcked(topic, 0, keyedBatch([{ key: 'after', value: 'the failure' }], { ...producer, baseSequence: acked }));
    const records = await wc!.readAll(topic, 0);
    expect(records.length).toBe(acked + 1);
    expect(records.at(-1)?.value).toBe('the failure');
  });
});
