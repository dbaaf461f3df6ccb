// Tiered storage in-process (docs/architecture.md §14.1): three data planes on
// real LevelDB sharing a real filesystem object store. The leader uploads
// segments and records them through Raft, local retention then deletes what
// is uploaded, and reads, ListOffsets and a new leader span both tiers.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeRecordBatch } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { FileRemoteStore } from '../../src/remote/store/fs-store.js';
import { segmentKey } from '../../src/remote/remote-segment.js';
import { TestCluster, batchOf, readAll, waitFor, type TestNode } from '../helpers.js';

let cluster: TestCluster | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function storeDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'eddy-remote-'));
  dirs.push(d);
  return d;
}

/** Every object file under the store directory (relative keys). */
function objects(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string; parentPath: string }[])
    .filter((e) => e.isFile() && e.name.endsWith('.seg'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const TIERED = { 'remote.storage.enable': 'true', 'segment.bytes': '16384', 'local.retention.bytes': '20000', 'retention.ms': '-1' };
const T0 = Date.UTC(2026, 0, 1);

/** Produces `n` batches of 4 records (~1 KiB) with timestamps T0 + i seconds. */
async function produceBatches(c: TestCluster, topic: string, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await c.produce({ topic, partition: 0, batch: batchOf([0, 1, 2, 3].map((j) => `${i}:${j}:${'x'.repeat(250)}`), { timestamp: T0 + i * 1000 }) });
  }
}

function expectWhole(values: { offset: number; value: string }[], batches: number): void {
  expect(values.length).toBe(batches * 4);
  values.forEach((v, k) => {
    expect(v.offset).toBe(k);
    expect(v.value.startsWith(`${Math.floor(k / 4)}:${k % 4}:`)).toBe(true);
  });
}

async function uploadAll(node: TestNode): Promise<void> {
  await node.plane.tier!.runOnce();
}

describe('tiered storage', () => {
  it('uploads segments, deletes local data by local retention and reads every record across both tiers', async () => {
    const dir = storeDir();
    cluster = new TestCluster([1, 2, 3], [{ topic: 'tiered', topicId: 'TS1', partitions: [[1, 2, 3]], configs: TIERED }], Date.now, { remoteStore: new FileRemoteStore({ directory: dir }) });
    await cluster.start();
    await produceBatches(cluster, 'tiered', 0, 120);
    const { node, replica } = await cluster.waitLeader('tiered', 0);
    await uploadAll(node);
    const segs = replica.state.remoteSegments;
    expect(segs.length).toBeGreaterThan(4);
    // Contiguous whole batches, each object stored under its key.
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.baseOffset).toBe(segs[i - 1]!.lastOffset + 1);
    expect(objects(dir)).toEqual(segs.map((s) => s.key).sort());
    // Every replica learns the manifest through the Raft log.
    for (const n of cluster.nodes) await waitFor(`node ${n.id} has the manifest`, () => n.plane.replicas.replica('tiered', 0).state.remoteSegments.length === segs.length);

    expect(await node.plane.retention.runOnce()).toBe(1);
    const localStart = replica.state.logStartOffset;
    expect(localStart).toBeGreaterThan(0);
    expect(localStart).toBeLessThanOrEqual(replica.state.remoteEnd.endOffset); // only uploaded data left the disk
    expect(replica.state.sizeBytes).toBeLessThanOrEqual(20_000 + 16_384 + 4096);
    for (const n of cluster.nodes) {
      const r = n.plane.replicas.replica('tiered', 0);
      await waitFor(`node ${n.id} deleted its local entries`, async () => r.state.logStartOffset === localStart && (await n.store.readEntries(r.groupId, 1, r.state.logStartIndex)).length === 0);
    }

    // Readers see the whole log: from offset 0 (remote) through the local tail.
    expect(replica.state.earliestOffset).toBe(0);
    expectWhole(await readAll(replica, 0), 120);
    const fetched = await node.plane.fetch.fetch({ partitions: [{ topic: 'tiered', partition: 0, offset: 5, maxBytes: 4096 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'batches' });
    expect(fetched[0]).toMatchObject({ logStartOffset: 0 });
    expect(fetched[0]!.error).toBeUndefined();
    const listed = await node.plane.fetch.listOffsets([
      { topic: 'tiered', partition: 0, spec: 'earliest', timestampMs: 0 },
      { topic: 'tiered', partition: 0, spec: 'timestamp', timestampMs: T0 + 3_500 }, // batch 4, remote only
      { topic: 'tiered', partition: 0, spec: 'timestamp', timestampMs: T0 + 119_000 }, // the last batch, local
    ]);
    expect(listed.map((l) => ('offset' in l ? l.offset : l.error.message))).toEqual([0, 16, 476]);
  });

  it('a new leader continues the uploads, and clean-up deletes what a crashed leader left unreferenced', async () => {
    const dir = storeDir();
    cluster = new TestCluster([1, 2, 3], [{ topic: 'tiered', topicId: 'TS2', partitions: [[1, 2, 3]], configs: TIERED }], Date.now, { remoteStore: new FileRemoteStore({ directory: dir }) });
    await cluster.start();
    await produceBatches(cluster, 'tiered', 0, 60);
    const first = await cluster.waitLeader('tiered', 0);
    await uploadAll(first.node);
    const before = first.replica.state.remoteSegments.length;
    const oldTerm = first.replica.leaderEpoch;
    // An upload the leader stored but never recorded (it crashed in between).
    const end = first.replica.state.remoteEnd.endOffset;
    const orphan = segmentKey('TS2', 0, end, end + 7, oldTerm, 'deadbeef');
    mkdirFor(dir, orphan);
    writeFileSync(path.join(dir, orphan), 'partial');
    await cluster.stopNode(first.node);

    await produceBatches(cluster, 'tiered', 60, 60);
    const second = await cluster.waitLeader('tiered', 0);
    expect(second.replica.state.remoteSegments.length).toBe(before);
    await uploadAll(second.node);
    expect(second.replica.state.remoteSegments.length).toBeGreaterThan(before);
    expect(second.replica.state.remoteSegments[before]!.baseOffset).toBe(end);
    expect(objects(dir)).toContain(orphan);
    expect(await second.node.plane.tier!.cleanOrphans(second.replica)).toBe(1);
    expect(objects(dir)).toEqual(second.replica.state.remoteSegments.map((s) => s.key).sort());
    await second.node.plane.retention.runOnce();
    expect(second.replica.state.logStartOffset).toBeGreaterThan(0);
    expectWhole(await readAll(second.replica, 0), 120);
  });

  it('retention.ms deletes remote segments and their objects', async () => {
    const dir = storeDir();
    const now = T0 + 200_000;
    cluster = new TestCluster([1], [{ topic: 'tiered', topicId: 'TS3', partitions: [[1]], configs: { ...TIERED, 'retention.ms': '100000', 'local.retention.bytes': '0' } }], () => now, {
      remoteStore: new FileRemoteStore({ directory: dir }),
    });
    await cluster.start();
    await produceBatches(cluster, 'tiered', 0, 150); // timestamps T0 .. T0 + 149 s; retention keeps >= T0 + 100 s
    const { node, replica } = await cluster.waitLeader('tiered', 0);
    await uploadAll(node);
    const uploaded = replica.state.remoteSegments.length;
    await node.plane.retention.runOnce();
    const left = replica.state.remoteSegments;
    expect(left.length).toBeLessThan(uploaded);
    expect(left.length).toBeGreaterThan(0);
    expect(objects(dir)).toEqual(left.map((s) => s.key).sort());
    // Whole segments go: the first one left still reaches the cut-off.
    expect(left[0]!.maxTimestamp).toBeGreaterThanOrEqual(now - 100_000);
    expect(replica.state.earliestOffset).toBe(left[0]!.baseOffset);
    const values = await readAll(replica, replica.state.earliestOffset);
    expect(values.at(-1)?.value.startsWith('149:3:')).toBe(true);
    const out = await node.plane.fetch.fetch({ partitions: [{ topic: 'tiered', partition: 0, offset: 0, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'batches' });
    expect(out[0]!.error?.code).toBe('OFFSET_OUT_OF_RANGE');
  });

  it('a read that local retention overtakes reads again from the remote tier instead of skipping deleted entries', async () => {
    const dir = storeDir();
    // A small Raft cache, so the read goes to LevelDB, where the deletion happens.
    // Index points every 32 batches; local retention of 30,000 bytes cuts at the one of batch 96.
    cluster = new TestCluster([1], [{ topic: 'tiered', topicId: 'TS5', partitions: [[1]], configs: { ...TIERED, 'local.retention.bytes': '30000' } }], Date.now, {
      remoteStore: new FileRemoteStore({ directory: dir }),
      raftCacheEntries: 8,
    });
    await cluster.start();
    await produceBatches(cluster, 'tiered', 0, 120);
    const { node, replica } = await cluster.waitLeader('tiered', 0);
    await uploadAll(node);
    expect(replica.state.logStartOffset).toBe(0);
    // Retention runs while the read is between two LevelDB reads (the first one returned, the next one not yet made).
    const readEntries = node.store.readEntries.bind(node.store);
    let overtaken = false;
    node.store.readEntries = async (groupId, lo, hi, maxBytes) => {
      const out = await readEntries(groupId, lo, hi, maxBytes);
      if (!overtaken && groupId === replica.groupId) {
        overtaken = true;
        await node.plane.retention.runOnce();
        await waitFor('local entries deleted', async () => (await readEntries(groupId, lo, replica.state.logStartIndex)).length === 0);
      }
      return out;
    };
    // From batch 60: the first LevelDB read starts at the index point of batch 32 and ends before
    // batch 96 with the read not yet full, so a second one follows, after the cut.
    const r = await replica.read(240, 40 * 1024);
    expect(overtaken).toBe(true);
    expect(replica.state.logStartOffset).toBe(384);
    const offsets = r.batches.flatMap((b) => decodeRecordBatch(b).records.map((rec) => Number(rec.offset)));
    expect(offsets.length).toBeGreaterThan(0);
    offsets.forEach((o, k) => expect(o).toBe(240 + k));
  });

  it('an unreachable object store only delays uploads: local data stays until they succeed', async () => {
    const dir = storeDir();
    const root = path.join(dir, 'store');
    writeFileSync(root, 'not a directory'); // every put fails (ENOTDIR)
    cluster = new TestCluster([1], [{ topic: 'tiered', topicId: 'TS4', partitions: [[1]], configs: TIERED }], Date.now, { remoteStore: new FileRemoteStore({ directory: root }) });
    await cluster.start();
    await produceBatches(cluster, 'tiered', 0, 80);
    const { node, replica } = await cluster.waitLeader('tiered', 0);
    await uploadAll(node);
    expect(replica.state.remoteSegments).toEqual([]);
    expect(node.plane.tier!.lag().bytes).toBe(replica.state.sizeBytes);
    await node.plane.retention.runOnce();
    expect(replica.state.logStartOffset).toBe(0); // nothing leaves the disk before it is uploaded
    await produceBatches(cluster, 'tiered', 80, 10); // produce goes on
    rmSync(root);
    mkdirSync(root); // the store is back
    await waitFor('uploads resume', async () => {
      await uploadAll(node);
      return replica.state.remoteSegments.length > 0 && node.plane.tier!.lag().bytes === 0;
    }, 60_000);
    await node.plane.retention.runOnce();
    expect(replica.state.logStartOffset).toBeGreaterThan(0);
    expectWhole(await readAll(replica, 0), 90);
  });
});

function mkdirFor(dir: string, key: string): void {
  mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
}
