// A real storage node scrubs (docs/architecture.md, "Scrubbing"): with
// --scrub-bytes-per-sec set, the bytes it verified and its full passes show in
// /metrics; the corruption series are exported from the start, at 0 for a
// healthy disk, as is the repairs counter; and the node says how its store opened.
import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import { keyedBatch } from '../support/wire-client.js';

let fx: ClusterFixture | undefined;
afterAll(async () => {
  await fx?.close();
});

function value(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

describe('integrity metrics of a running node', () => {
  it('exports the scrubber\'s bytes and passes, corruptions by where and repairs, and completes a pass over its replicas', async () => {
    fx = await startCluster({
      nodes: 1,
      roles: 'combined',
      logLevel: 'info',
      serverArgs: () => ['--scrub-bytes-per-sec', String(1024 * 1024)],
      topics: [{ name: 'scrubbed', partitions: 1, replicationFactor: 1 }],
    });
    const { cluster, wire } = fx;
    for (let i = 0; i < 20; i++) await wire.produceUntilAcked('scrubbed', 0, keyedBatch([{ key: `k${i}`, value: 'x'.repeat(1000) }]));
    const url = cluster.nodes[0]!.metricsUrl!;

    // The first pass over a replica comes within the idle retry (10 s) of the replica opening.
    const text = await waitFor('a full scrub pass', async () => {
      const t = await (await fetch(url)).text();
      return (value(t, 'eddy_storage_scrub_passes_total') ?? 0) >= 1 ? t : undefined;
    }, 30_000);
    expect(value(text, 'eddy_storage_scrub_bytes_total')).toBeGreaterThan(0);
    for (const where of ['scan', 'load', 'read']) expect(value(text, `eddy_storage_corruptions_total{where="${where}"}`)).toBe(0);
    expect(value(text, 'eddy_storage_repairs_total')).toBe(0);
    expect(cluster.nodes[0]!.stdout.some((l) => l.includes('the raft store opened'))).toBe(true);
  });
});
