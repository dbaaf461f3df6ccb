// The CLI as a user runs it (child processes only): `pnpm dev` on a temporary
// directory, a topic, 10,000 keyed lines produced from stdin and consumed back
// as JSON in per-key order; the dev cluster stopped and started again still
// has them all. And mistakes get one clear line and a non-zero exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freePortRange, waitFor } from '../support/harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'eddy-cli-'));
const dataDir = path.join(dir, 'data');
let dev: ChildProcess | undefined;
let devOut = '';
let basePort = 0;

let bootstrap = '';
beforeAll(async () => {
  // Client ports from base, metrics from base + 10, internal from base + 100 (eddy dev's layout).
  basePort = await freePortRange(110);
  bootstrap = await startDev();
}, 120_000);

afterAll(async () => {
  await stopDev();
  rmSync(dir, { recursive: true, force: true });
});

async function startDev(): Promise<string> {
  devOut = '';
  dev = spawn('pnpm', ['--silent', 'dev', '--data-dir', dataDir, '--port', String(basePort), '--metrics-port', String(basePort + 10)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  dev.stdout!.on('data', (d: Buffer) => (devOut += d.toString()));
  dev.stderr!.on('data', (d: Buffer) => (devOut += d.toString()));
  // Wait for both whole lines (pipes may split a write anywhere).
  return waitFor('the dev cluster to print its bootstrap and metrics lines', () => (/^metrics: .*\n/m.test(devOut) ? /^bootstrap: (\S+)\n/m.exec(devOut)?.[1] : undefined), 90_000);
}

async function stopDev(): Promise<void> {
  const child = dev;
  dev = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

function eddy(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'packages/cli/dist/bin/eddy.js'), ...args], { cwd: dir, input, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, EDDY_BOOTSTRAP: '' } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the eddy CLI against pnpm dev', () => {
  it('creates a topic, produces 10,000 keyed lines and consumes them back in per-key order, across a restart', { timeout: 300_000 }, async () => {
    expect(bootstrap.split(',')).toHaveLength(3);
    expect(devOut).toMatch(/^metrics: (http:\/\/\S+\/metrics ?){3}$/m);
    const b = ['--bootstrap', bootstrap];

    const created = eddy(['topic', 'create', 'sensor-readings', '--partitions', '6', '--replication-factor', '3', ...b]);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const described = JSON.parse(eddy(['topic', 'describe', 'sensor-readings', '--output', 'json', ...b]).stdout) as { partitions: { partition: number; leader: number; replicas: number[] }[] };
    expect(described.partitions).toHaveLength(6);
    for (const p of described.partitions) expect(p.replicas).toHaveLength(3);

    const lines = Array.from({ length: 10_000 }, (_, i) => `sensor-${i % 37}|{"sensorId":"sensor-${i % 37}","seq":${i}}`);
    const produced = eddy(['produce', 'sensor-readings', '--key-separator', '|', ...b], `${lines.join('\n')}\n`);
    expect(produced.status, produced.stderr).toBe(0);
    expect(produced.stderr).toMatch(/produced 10000 records/);

    const check = () => {
      const consumed = eddy(['consume', 'sensor-readings', '--from-beginning', '--max-messages', '10000', '--output', 'json', ...b]);
      expect(consumed.status, consumed.stderr).toBe(0);
      const records = consumed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { topic: string; partition: number; offset: number; key: string; value: string; timestamp: number; headers: object });
      expect(records).toHaveLength(10_000);
      const byKey = new Map<string, number[]>();
      for (const r of records) {
        expect(r.topic).toBe('sensor-readings');
        const v = JSON.parse(r.value) as { sensorId: string; seq: number };
        expect(v.sensorId).toBe(r.key);
        byKey.set(r.key, [...(byKey.get(r.key) ?? []), v.seq]);
      }
      expect(byKey.size).toBe(37);
      for (const [key, seqs] of byKey) {
        // Every line of the key, once, in the order it was produced.
        const expected = lines.map((l, i) => [l.slice(0, l.indexOf('|')), i] as const).filter(([k]) => k === key).map(([, i]) => i);
        expect(seqs, key).toEqual(expected);
      }
    };
    check();

    await stopDev();
    const again = await startDev();
    expect(again).toBe(bootstrap); // the same cluster, resumed from the same data
    check();
  });

  it('answers mistakes with one clear line and a non-zero exit', { timeout: 120_000 }, async () => {
    if (!dev) bootstrap = await startDev();
    const unknown = eddy(['topic', 'describe', 'no-such-topic', '--bootstrap', bootstrap]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/UNKNOWN_TOPIC/);

    const badFlag = eddy(['topic', 'create', 'x', '--partitions', 'many', '--bootstrap', bootstrap]);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr.trim()).toBe('eddy topic create: --partitions must be a whole number from 1 to 10000, got "many"');

    const deadPort = await freePort();
    const noCluster = eddy(['topic', 'list', '--bootstrap', `127.0.0.1:${deadPort}`]);
    expect(noCluster.status).not.toBe(0);
    expect(noCluster.stderr.trim().split('\n')).toHaveLength(1);
    expect(noCluster.stderr).toMatch(/is the cluster running\?/);

    const nothing = eddy(['topic', 'list']);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/no cluster to talk to: start one with `pnpm dev`/);
  });
});
