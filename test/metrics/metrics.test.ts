// Every process serves Prometheus metrics named eddy_<subsystem>_<name>_<unit>
// that pass `promtool check metrics` (docs/architecture.md §17). promtool comes from Debian's
// prometheus package, which .ci/run installs; elsewhere the promtool part is
// skipped when it is missing, and says so.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { keyedBatch } from '../support/wire-client.js';

const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
if (!promtool && process.env.CI) throw new Error('promtool is missing: CI must install Debian\'s prometheus package');

let fx: ClusterFixture | undefined;
afterAll(async () => {
  await fx?.close();
});

describe('/metrics', () => {
  it('exports the controller, storage, raft and disk metrics, and passes promtool check metrics', async () => {
    fx = await startCluster({ nodes: 1, roles: 'combined', topics: [{ name: 'metered', partitions: 2, replicationFactor: 1 }] });
    const { cluster, wire } = fx;
    await wire.produceUntilAcked('metered', 0, keyedBatch([{ key: 'k', value: 'v' }]));
    await wire.readAll('metered', 0);

    const text = await (await fetch(cluster.nodes[0]!.metricsUrl!)).text();
    const names = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const name of [
      'eddy_controller_active',
      'eddy_controller_metadata_version',
      'eddy_controller_nodes_registered',
      'eddy_controller_nodes_fenced',
      'eddy_controller_topics',
      'eddy_controller_partitions',
      'eddy_controller_offline_partitions',
      'eddy_controller_admin_request_duration_seconds',
      'eddy_storage_records_in_total',
      'eddy_storage_bytes_in_total',
      'eddy_storage_records_out_total',
      'eddy_storage_bytes_out_total',
      'eddy_storage_produce_duration_seconds',
      'eddy_storage_fetch_duration_seconds',
      'eddy_storage_partitions_led',
      'eddy_storage_under_replicated_partitions',
      'eddy_storage_reorder_held_batches',
      'eddy_storage_log_size_bytes',
      'eddy_storage_disk_used_bytes',
      'eddy_storage_disk_capacity_bytes',
      'eddy_raft_elections_total',
      'eddy_raft_fsync_duration_seconds',
      'eddy_raft_groups',
      'eddy_raft_leaders',
      'eddy_event_loop_delay_seconds',
      'eddy_nodejs_eventloop_lag_p99_seconds',
      'eddy_nodejs_gc_duration_seconds',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(text).toMatch(/^eddy_storage_records_in_total\{topic="metered"\} 1$/m);
    expect(text).toMatch(/^eddy_controller_active 1$/m);
    for (const name of names) expect(name).toMatch(/^eddy_/);

    if (!promtool) {
      console.warn('SKIPPING promtool check metrics: promtool is not installed (apt-get install prometheus)');
      return;
    }
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('records a stall of the server process in eddy_event_loop_delay_seconds, whose buckets only grow', async () => {
    fx ??= await startCluster({ nodes: 1, roles: 'combined' });
    const node = fx.cluster.nodes[0]!;
    const scrape = async () => {
      const text = await (await fetch(node.metricsUrl!)).text();
      const buckets = [...text.matchAll(/^eddy_event_loop_delay_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) }));
      expect(buckets.length).toBeGreaterThan(1);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.count).toBeGreaterThanOrEqual(buckets[i - 1]!.count);
      return buckets;
    };
    const above = (buckets: { le: number; count: number }[], le: number) => buckets.at(-1)!.count - buckets.find((b) => b.le === le)!.count;
    const before = await scrape();
    // Stop the whole process for 200 ms: its event loop's timers run that much late.
    process.kill(node.child!.pid!, 'SIGSTOP');
    await sleep(200);
    process.kill(node.child!.pid!, 'SIGCONT');
    // Let its timers run before the next scrape is read.
    await sleep(200);
    const after = await scrape();
    after.forEach((b, i) => expect(b.count).toBeGreaterThanOrEqual(before[i]!.count));
    expect(above(after, 0.1) - above(before, 0.1)).toBeGreaterThanOrEqual(1);
  });
});
