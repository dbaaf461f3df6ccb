// The data plane on a 3-node cluster of real processes (docs/architecture.md §6, §12): 100,000
// keyed records over 6 partitions with RF 3 are read back in per-partition
// order; a partition leader is SIGKILLed in the middle of the produce stream,
// and every acknowledged record is still readable, in order, exactly once,
// under the new leader; the restarted node catches up.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { logSizes, waitFor } from '../support/harness.js';
import { keyedBatch } from '../support/wire-client.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const PARTITIONS = 6;
const RECORDS = 100_000;
const BATCH = 500;

describe('storage nodes across real processes', () => {
  it('keeps every acknowledged record through a leader SIGKILL mid-stream, exactly once and in order', { timeout: 300_000 }, async () => {
    const topic = `sensor-readings-${Date.now()}`;
    fx = await startCluster({ nodes: 3, roles: 'combined', topics: [{ name: topic, partitions: PARTITIONS, replicationFactor: 3 }] });
    const { cluster: c, wire: w } = fx;

    const producer = await w.initProducerId();
    const acked: number[] = new Array(PARTITIONS).fill(0);
    let totalAcked = 0;
    let killed: number | undefined;
    const killWhenHalfway = (async () => {
      await waitFor('half the records acknowledged', () => totalAcked >= RECORDS / 2, 120_000);
      const leader = await w.leaderAddress(topic, 0);
      killed = leader!.id;
      await c.kill(c.node(killed));
    })();

    await Promise.all(
      Array.from({ length: PARTITIONS }, async (_, p) => {
        const perPartition = Math.floor(RECORDS / PARTITIONS) + (p < RECORDS % PARTITIONS ? 1 : 0);
        for (let i = 0; i < perPartition; i += BATCH) {
          const n = Math.min(BATCH, perPartition - i);
          const records = Array.from({ length: n }, (_, j) => ({ key: `sensor-${p}-${(i + j) % 50}`, value: `${p}:${i + j}` }));
          const res = await w.produceUntilAcked(topic, p, keyedBatch(records, { ...producer, baseSequence: i }));
          expect(BigInt(res.lastOffset) - BigInt(res.baseOffset)).toBe(BigInt(n - 1));
          acked[p] = i + n;
          totalAcked += n;
        }
      }),
    );
    await killWhenHalfway;
    expect(killed).toBeDefined();
    expect(totalAcked).toBe(RECORDS);

    // Every acknowledged record, exactly once, in produce order, offsets strictly increasing.
    for (let p = 0; p < PARTITIONS; p++) {
      const records = await w.readAll(topic, p);
      expect(records.map((r) => r.value)).toEqual(Array.from({ length: acked[p] as number }, (_, i) => `${p}:${i}`));
      for (let i = 1; i < records.length; i++) expect(records[i]!.offset > records[i - 1]!.offset).toBe(true);
    }

    // The killed node restarts from its disk and catches up with every partition.
    const victim = c.node(killed!);
    await c.restart(victim);
    const survivors = c.nodes.filter((n) => n !== victim);
    await waitFor(
      'the restarted node holds as much data as the others',
      async () => {
        const mine = await logSizes(victim.metricsUrl!, topic);
        const theirs = await logSizes(survivors[0]!.metricsUrl!, topic);
        return mine.size === PARTITIONS && [...theirs].every(([p, size]) => size > 0 && mine.get(p) === size);
      },
      60_000,
    );
  });
});
