// The scrubber on real LevelDB stores (docs/architecture.md, "Scrubbing"): a
// stored entry whose bytes were overwritten is found by a scrub pass, reported
// once through the store's onDamage to the node's DamageReporter (counted,
// logged, routed to the replica), and the replica repairs it from its peers;
// the next pass finds nothing. Both places an entry can be: below the group's
// snapshot (on disk only: copied again from a peer) and in the log tail (the
// in-memory copy is written again).
import { GroupKeys } from '@eddy/raft';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DamageReporter } from '../../src/integrity/damage-reports.js';
import { IntegrityMetrics } from '../../src/integrity/integrity-metrics.js';
import { Scrubber } from '../../src/integrity/scrubber.js';
import { TestCluster, batchOf, flipped, readAll, waitFor, type TestNode } from '../helpers.js';

let cluster: TestCluster | undefined;
const scrubbers: Scrubber[] = [];
afterEach(async () => {
  for (const s of scrubbers.splice(0)) await s.stop();
  await cluster?.stop();
  cluster = undefined;
});

/** Integrity metrics in a registry of their own. */
function integrity(): { registry: Registry; metrics: IntegrityMetrics } {
  const registry = new Registry();
  return { registry, metrics: new IntegrityMetrics(registry) };
}

/** A node's integrity wiring, as the server has it: the store's damage goes to a reporter that routes it to the replicas. */
function wire(node: TestNode, metrics: IntegrityMetrics): { scrubber: Scrubber; reporter: DamageReporter } {
  const reporter = new DamageReporter({ metrics });
  node.store.onDamage = reporter.onDamage;
  reporter.routeTo(node.plane.replicas);
  const scrubber = new Scrubber({ replicas: () => node.plane.replicas.replicas(), store: node.store, bytesPerSecond: 64 * 1024 * 1024, metrics });
  scrubbers.push(scrubber);
  return { scrubber, reporter };
}

function counter(text: string, name: string): number {
  const m = new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`${name} is not in the scrape`);
  return Number(m[1]);
}

describe('scrubber', () => {
  it('finds an entry overwritten below the snapshot of a follower; the follower copies it again from a peer; the next pass is clean', async () => {
    // Repairs are counted as the server does (DataPlane's onRepaired), here for the whole cluster: only the damaged follower repairs.
    const repairs = integrity();
    cluster = new TestCluster([1, 2, 3], [{ topic: 's', topicId: 'S1', partitions: [[1, 2, 3]], configs: {} }], Date.now, { raftCacheEntries: 5, onRepaired: repairs.metrics.repaired });
    await cluster.start();
    for (let i = 0; i < 40; i++) await cluster.produce({ topic: 's', partition: 0, batch: batchOf([`v${i}`]) });
    const { node: leader, replica: lr } = await cluster.waitLeader('s', 0);
    const expected = await readAll(lr);
    const follower = cluster.nodes.find((n) => n !== leader) as TestNode;
    const fr = follower.plane.replicas.replica('s', 0);
    await waitFor('the follower applied everything and snapshotted past the first batches', () => fr.state.highWatermark === 40 && fr.group.storage.snapshotIndex > 10);
    const { registry, metrics } = integrity();
    const { scrubber, reporter } = wire(follower, metrics);

    // A clean pass first: nothing found, the counters move.
    expect((await scrubber.runPass()).damaged).toBe(0);
    let text = await registry.metrics();
    const cleanBytes = counter(text, 'eddy_storage_scrub_bytes_total');
    expect(cleanBytes).toBeGreaterThan(0);
    expect(counter(text, 'eddy_storage_scrub_passes_total')).toBe(1);
    expect(counter(text, 'eddy_storage_corruptions_total{where="read"}')).toBe(0);

    // An entry holding a batch, below the snapshot: on disk only.
    const index = 6;
    expect(index).toBeGreaterThanOrEqual(fr.state.logStartIndex);
    const key = new GroupKeys(fr.groupId).entry(index);
    const good = (await follower.store.db.get(key)) as Buffer;
    await follower.store.db.put(key, flipped(good));

    const pass = await scrubber.runPass();
    expect(pass.damaged).toBe(1);
    expect(reporter.counts).toEqual({ scan: 0, load: 0, read: 1 });
    text = await registry.metrics();
    expect(counter(text, 'eddy_storage_corruptions_total{where="read"}')).toBe(1);
    expect(counter(text, 'eddy_storage_scrub_passes_total')).toBe(2);
    expect(counter(text, 'eddy_storage_scrub_bytes_total')).toBeGreaterThan(cleanBytes);

    // The replica repairs itself from its peers (the backfill copies the range again).
    // (The repair starts asynchronously: wait for the stored value to be good again, not only for no copy to be running.)
    const stored = async (): Promise<Buffer> => (await follower.store.db.get(key)) as Buffer;
    await waitFor('the follower copied the range again', async () => fr.heldFromIndex === 0 && fr.backfill.status().complete && Buffer.compare(await stored(), good) === 0, 30_000);
    expect((await follower.store.readEntries(fr.groupId, index, index + 1))[0]?.index).toBe(index);
    expect((await scrubber.runPass()).damaged).toBe(0);
    expect(reporter.counts.read).toBe(1);
    await waitFor('the repair counted', async () => counter(await repairs.registry.metrics(), 'eddy_storage_repairs_total') === 1);
    // The follower's copy is the leader's log again.
    await cluster.produce({ topic: 's', partition: 0, batch: batchOf(['after']) });
    await waitFor('the follower applied the new batch', () => fr.state.highWatermark === 41);
    const again = await readAll(fr);
    expect(again.slice(0, 40)).toEqual(expected);
  });

  it('finds an entry overwritten in the log tail; the replica writes its checked in-memory copy again', async () => {
    const repairs = integrity();
    cluster = new TestCluster([1, 2, 3], [{ topic: 't', topicId: 'T1', partitions: [[1, 2, 3]], configs: {} }], Date.now, { onRepaired: repairs.metrics.repaired });
    await cluster.start();
    for (let i = 0; i < 20; i++) await cluster.produce({ topic: 't', partition: 0, batch: batchOf([`a${i}`]) });
    const { node: leader } = await cluster.waitLeader('t', 0);
    const follower = cluster.nodes.find((n) => n !== leader) as TestNode;
    const fr = follower.plane.replicas.replica('t', 0);
    await waitFor('the follower applied everything', () => fr.state.highWatermark === 20);
    const index = fr.state.appliedIndex - 3;
    expect(index).toBeGreaterThan(fr.group.storage.snapshotIndex);
    const { registry, metrics } = integrity();
    const { scrubber, reporter } = wire(follower, metrics);
    const key = new GroupKeys(fr.groupId).entry(index);
    const good = (await follower.store.db.get(key)) as Buffer;
    await follower.store.db.put(key, flipped(good));

    expect((await scrubber.runPass()).damaged).toBe(1);
    expect(reporter.counts.read).toBe(1);
    await waitFor('the stored entry was written again', async () => Buffer.compare((await follower.store.db.get(key)) as Buffer, good) === 0);
    expect((await scrubber.runPass()).damaged).toBe(0);
    const text = await registry.metrics();
    expect(counter(text, 'eddy_storage_corruptions_total{where="read"}')).toBe(1);
    expect(counter(text, 'eddy_storage_scrub_passes_total')).toBe(2);
    await waitFor('the repair counted', async () => counter(await repairs.registry.metrics(), 'eddy_storage_repairs_total') === 1);
  });
});
