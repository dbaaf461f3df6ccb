// An operator's preferred leader stays where `eddy topic reassign` put it
// (docs/architecture.md §7.10, order_pinned): with the balancer running every
// 500 ms, the partitions an operator ordered keep their order, and the balancer
// evens out preferred leaders around them with the partitions nobody pinned
// (__consumer_offsets'). The topic's name sorts before __consumer_offsets, so
// a balancer that ignored the pin would reorder the operator's partitions first.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { runCli } from '../support/cli-process.js';
import { waitFor } from '../support/harness.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const PARTITIONS = 3;

describe('a preferred leader set by an operator', () => {
  it('keeps its order while the balancer spreads preferred leaders around it', { timeout: 180_000 }, async () => {
    const topic = `Apinned-${Date.now()}`;
    fx = await startCluster({
      nodes: 3,
      serverArgs: () => ['--balancer-interval-ms', '500'],
      topics: [{ name: topic, partitions: PARTITIONS, replicationFactor: 3 }],
    });
    const { cluster: c, wire: w } = fx;
    const offsets = '__consumer_offsets';
    await waitFor('__consumer_offsets', async () => (await w.metadata([offsets])).topics[0]?.partitions.length === 12, 60_000);
    const firsts = async () => {
      const md = await w.metadata([topic, offsets]);
      const of = (name: string) => md.topics.find((t) => t.name === name)!.partitions.map((p) => p.replicas[0]!);
      return { pinned: of(topic), others: of(offsets), all: md.topics.flatMap((t) => t.partitions.map((p) => p.replicas[0]!)) };
    };
    // The balancer has spread preferred leaders: 5 of the 15 partitions each.
    const even = (all: number[]) => [1, 2, 3].every((id) => all.filter((f) => f === id).length === all.length / 3);
    await waitFor('preferred leaders spread at the start', async () => even((await firsts()).all), 60_000);

    // The operator makes node 1 the preferred leader of all three partitions.
    for (let p = 0; p < PARTITIONS; p++) {
      const r = await runCli(['topic', 'reassign', topic, '--partition', String(p), '--replicas', '1,2,3', '--bootstrap', c.bootstrap]);
      expect(r.status, r.stderr).toBe(0);
    }
    await waitFor('the operator\'s order in the metadata', async () => (await firsts()).pinned.every((f) => f === 1), 30_000);
    // Node 1 now prefers two more than its share; the balancer moves that off
    // __consumer_offsets' partitions, never the operator's.
    const after = await waitFor(
      'preferred leaders even again',
      async () => {
        const f = await firsts();
        expect(f.pinned, 'the operator\'s order').toEqual([1, 1, 1]);
        return even(f.all) ? f : undefined;
      },
      60_000,
      { rethrow: true },
    );
    expect(after.others.filter((f) => f === 1)).toHaveLength(2);
    // And it stays so over more balancer runs.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await firsts()).pinned).toEqual([1, 1, 1]);
  });
});
