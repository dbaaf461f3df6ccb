// The deploy checks against a real node: every metric that the alerts and the
// Grafana dashboard use (deploy/observability/metric-names.txt) is exported by
// a running combined node, and the checks fail loudly when one is not.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerCluster } from '../support/server-cluster.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

async function script(name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'scripts', name), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('deploy: metric names', () => {
  const cluster = new ServerCluster({ nodes: 1 });
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-deploy-metrics-'));
  let metricsUrl = '';

  beforeAll(async () => {
    await cluster.start();
    metricsUrl = cluster.node(1).metricsUrl ?? '';
  });
  afterAll(async () => {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a combined node exports every metric the alerts and the dashboard use (pending ones aside)', async () => {
    expect(metricsUrl).toMatch(/^http:\/\//);
    const res = await script('deploy-check-metrics.mjs', metricsUrl);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/metrics: \d+ listed, \d+ exported, \d+ pending, 0 missing/);
  });

  it('reports a listed metric the node does not export, and fails', async () => {
    const scrape = await (await fetch(metricsUrl)).text();
    const without = scrape
      .split('\n')
      .filter((l) => !/\beddy_controller_offline_partitions\b/.test(l))
      .join('\n');
    const file = path.join(dir, 'scrape.txt');
    writeFileSync(file, without);
    const res = await script('deploy-check-metrics.mjs', file);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('FAIL eddy_controller_offline_partitions (gauge) is not exported');
  });

  it('every PromQL expression of the alerts and the dashboard names only listed metrics', async () => {
    const res = await script('deploy-check-promql.mjs');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  });
});
