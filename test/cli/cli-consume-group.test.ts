// `eddy consume --group` as users run it, two CLI processes in one group on a
// 3-node cluster of real processes: the first reads a topic of 6,000 records,
// commits what it printed every 5 s (visible in `eddy group describe` while it
// runs), the second joins and takes half the partitions where the first
// stopped, not from offset 0 (--from-beginning applies only where the group
// has no committed offset). Together they print every record, with re-reads
// (a record printed twice) under 1 %.
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, runCli, startCli, type CliProcess } from '../support/cli-process.js';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';

let fx: ClusterFixture | undefined;
const started: CliProcess[] = [];
afterAll(async () => {
  killAll(started);
  await fx?.close();
});

interface Printed {
  partition: number;
  offset: number;
  value: string;
}

async function stop(p: CliProcess): Promise<void> {
  p.child.kill('SIGINT');
  expect(await p.exit, p.stderr()).toBe(0);
}

describe('eddy consume --group', () => {
  it('commits what it printed every 5 s and before a partition moves: a joining member continues where the first stopped', { timeout: 180_000 }, async () => {
    const topic = `cli-group-readings-${Date.now()}`;
    const group = `cli-group-${Date.now()}`;
    fx = await startCluster({ nodes: 3, roles: 'combined', topics: [{ name: topic, partitions: 6, replicationFactor: 3 }] });
    const { cluster, client: eddy } = fx;
    const producer = eddy.producer();
    let produced = 0;
    const produce = async (count: number) => {
      await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `sensor-${(produced + i) % 37}`, value: String(produced + i) })) });
      await producer.flush();
      produced += count;
    };
    const consume = ['consume', topic, '--group', group, '--from-beginning', '--output', 'json', '--bootstrap', cluster.bootstrap];
    const printed = (p: CliProcess) => p.lines.map((l) => JSON.parse(l) as Printed);

    await produce(4_000);
    const a = startCli(consume);
    started.push(a);
    await waitFor('consumer A to print the first 4,000 records', () => a.lines.length >= 4_000, 60_000);

    // Committed while A runs (its periodic commit), not only when it exits.
    const committedSum = async () => {
      const g = await eddy.admin().describeGroup(group);
      return g.offsets.reduce((sum, o) => sum + Math.max(0, Number(o.committedOffset)), 0);
    };
    await waitFor('A\'s periodic commit of what it printed', async () => (await committedSum()) === 4_000, 15_000);
    expect(a.child.exitCode).toBe(null);
    const described = await runCli(['group', 'describe', group, '--output', 'json', '--bootstrap', cluster.bootstrap]);
    expect(described.status, described.stderr).toBe(0);
    const d = JSON.parse(described.stdout) as { members: unknown[]; offsets: { partition: number; committedOffset: number; highWatermark: number; lag: number }[] };
    expect(d.members).toHaveLength(1);
    expect(d.offsets).toHaveLength(6);
    expect(d.offsets.reduce((sum, o) => sum + o.committedOffset, 0)).toBe(4_000);
    for (const o of d.offsets) {
      expect(o.committedOffset).toBeGreaterThan(0);
      expect(o.lag).toBe(0);
    }

    // More records, then B joins at once: what A printed since its last
    // periodic commit must be committed when A hands partitions over.
    await produce(1_000);
    await waitFor('A to print 5,000 records', () => a.lines.length >= 5_000, 60_000);
    const committedWhenBStarted = await committedSum();
    const b = startCli(consume);
    started.push(b);
    const owners = async () => {
      const g = await eddy.admin().describeGroup(group);
      return g.members.length === 2 && g.members.every((m) => m.assignment.some((t) => t.partitions.length > 0)) && new Set(g.offsets.map((o) => o.memberId).filter((m) => m !== '')).size === 2;
    };
    await waitFor('B to join and own some partitions', owners, 60_000);
    await produce(1_000);

    const unique = () => new Set([...printed(a), ...printed(b)].map((r) => r.value)).size;
    await waitFor('A and B to print all 6,000 records between them', () => unique() === produced, 60_000);
    const fromB = printed(b);
    expect(fromB.length).toBeGreaterThan(0);
    await Promise.all([stop(a), stop(b)]);
    await producer.close();

    const all = [...printed(a), ...printed(b)];
    const reReads = all.length - unique();
    console.log(`A printed ${printed(a).length}, B printed ${printed(b).length}, re-reads ${reReads} of ${produced} (committed when B started: ${committedWhenBStarted})`);
    expect(unique()).toBe(6_000);
    expect(reReads).toBeLessThan(6_000 * 0.01);
    // B started each of its partitions at the group's committed offset, not at
    // offset 0: --from-beginning applies only where nothing is committed.
    for (const partition of new Set(fromB.map((r) => r.partition))) {
      expect(Math.min(...fromB.filter((r) => r.partition === partition).map((r) => r.offset)), `partition ${partition}`).toBeGreaterThan(0);
    }
  });
});
