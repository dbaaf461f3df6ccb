// `eddy dev` grows a dev cluster: a 3-node cluster stopped and started again
// with --nodes 5 keeps its three nodes (the controller quorum, with their data)
// and adds nodes 4 and 5 as storage nodes on the next ports, which register
// and show in `eddy node list`; --nodes 2 on it is refused with a message
// that says to decommission first. Only child processes of the built CLI, as
// a user runs them. Moving replicas onto the new nodes is the balancer's job
// (test/controller), not waited for here. The layout rules are unit-tested in
// packages/cli/test/dev-layout.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { freePortRange, waitFor } from '../support/harness.js';
import { EDDY_BIN } from '../support/server-cluster.js';

interface ClusterFileNode {
  id: number;
  pid: number | null;
  state: string;
  grpcAddress: string;
}

interface LayoutNode {
  id: number;
  grpcPort: number;
  internalPort: number;
  metricsPort: number;
  roles?: string;
}

const root = mkdtempSync(path.join(tmpdir(), 'eddy-dev-grow-'));
const dataDir = path.join(root, 'data');
const children = new Set<ChildProcess>();
const pids = new Set<number>();

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
  await waitFor('eddy dev to stop', () => [...children].every((c) => c.exitCode !== null || c.signalCode !== null), 90_000).catch(() => undefined);
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
}, 120_000);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function clusterFile(): ClusterFileNode[] | undefined {
  const file = path.join(dataDir, 'cluster.json');
  if (!existsSync(file)) return undefined;
  const nodes = (JSON.parse(readFileSync(file, 'utf8')) as { nodes: ClusterFileNode[] }).nodes;
  for (const n of nodes) if (n.pid !== null) pids.add(n.pid);
  return nodes;
}

function layout(): LayoutNode[] {
  return (JSON.parse(readFileSync(path.join(dataDir, 'dev.json'), 'utf8')) as { nodes: LayoutNode[] }).nodes;
}

interface Dev {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
}

/** `eddy dev` on the test's data directory; `base` is the first client port, metrics from base + 10. */
function dev(base: number, extra: string[]): Dev {
  const child = spawn(process.execPath, [EDDY_BIN, 'dev', '--data-dir', dataDir, '--port', String(base), '--metrics-port', String(base + 10), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, out: () => out, exit };
}

/** Waits for the bootstrap line (both it and the metrics line, which come in one write). */
async function bootstrapOf(d: Dev): Promise<string> {
  const early = d.exit.then((code) => {
    throw new Error(`eddy dev exited (${code}) while starting:\n${d.out()}`);
  });
  early.catch(() => undefined);
  const bootstrap = await Promise.race([waitFor('eddy dev to print its bootstrap line', () => (/^metrics: .*\n/m.test(d.out()) ? /^bootstrap: (\S+)\n/m.exec(d.out())?.[1] : undefined), 90_000), early]);
  clusterFile();
  return bootstrap;
}

async function stop(d: Dev): Promise<number | null> {
  clusterFile();
  d.child.kill('SIGINT');
  return d.exit;
}

describe('eddy dev --nodes on an existing dev cluster', () => {
  let base = 0;
  const topic = 'grow-readings';

  it('starts a 3-node cluster with a topic, and stops it', { timeout: 180_000 }, async () => {
    // Client ports from base, metrics from base + 10, internal from base + 100: 5 nodes fit in 110.
    base = await freePortRange(110);
    const first = dev(base, ['--nodes', '3']);
    const bootstrap = await bootstrapOf(first);
    expect(bootstrap.split(',')).toHaveLength(3);
    const created = await runCli(['topic', 'create', topic, '--partitions', '3', '--replication-factor', '3', '--bootstrap', bootstrap]);
    expect(created.status, created.stderr).toBe(0);
    expect(await stop(first)).toBe(0);
    expect(layout().map((n) => n.id)).toEqual([1, 2, 3]);
  });

  it('refuses --nodes 2, saying to decommission first, and changes nothing', { timeout: 60_000 }, async () => {
    const smaller = dev(base, ['--nodes', '2']);
    expect(await smaller.exit).toBe(2);
    expect(smaller.out()).toMatch(/holds a 3-node dev cluster; --nodes 2 would leave out node 3/);
    expect(smaller.out()).toMatch(/decommission first \(eddy node decommission 3\)/);
    expect(layout().map((n) => n.id)).toEqual([1, 2, 3]);
    expect(existsSync(path.join(dataDir, 'node-3'))).toBe(true);
  });

  it('grows to 5 nodes: nodes 4 and 5 join as storage nodes on the next ports and register', { timeout: 240_000 }, async () => {
    const grown = dev(base, ['--nodes', '5']);
    const bootstrap = await bootstrapOf(grown);
    expect(grown.out()).toMatch(/growing the cluster from 3 to 5 nodes: nodes 4, 5 join as storage nodes \(the controller quorum stays nodes 1, 2, 3\)/);
    expect(bootstrap.split(',')).toEqual([0, 1, 2, 3, 4].map((i) => `127.0.0.1:${base + i}`));

    // dev.json: the first three as they were, the new two after them in every series.
    const nodes = layout();
    expect(nodes.slice(0, 3).map((n) => [n.id, n.roles])).toEqual([
      [1, 'combined'],
      [2, 'combined'],
      [3, 'combined'],
    ]);
    expect(nodes.slice(3)).toEqual([
      { id: 4, grpcPort: base + 3, internalPort: base + 103, metricsPort: base + 13, roles: 'storage' },
      { id: 5, grpcPort: base + 4, internalPort: base + 104, metricsPort: base + 14, roles: 'storage' },
    ]);
    // cluster.json, which other eddy commands read, names all five, running.
    expect(clusterFile()!.map((n) => [n.id, n.state])).toEqual([1, 2, 3, 4, 5].map((id) => [id, 'running']));

    // The new nodes registered with the controllers: eddy node list shows five, online.
    const listed = await waitFor(
      'eddy node list to show five registered nodes, online',
      async () => {
        const r = await runCli(['node', 'list', '--json', '--bootstrap', bootstrap]);
        if (r.status !== 0) throw new Error(`eddy node list: ${r.stderr}`);
        const list = JSON.parse(r.stdout) as { nodeId: number; online: boolean; state: string; roles: string[] }[];
        return list.length === 5 && list.every((n) => n.online) ? list : undefined;
      },
      60_000,
    );
    expect(listed.map((n) => n.nodeId)).toEqual([1, 2, 3, 4, 5]);
    expect(listed.map((n) => n.roles)).toEqual([...Array(3).fill(['controller', 'storage']), ['storage'], ['storage']]);
    for (const n of listed) expect(n.state).toBe('active');

    // The topic made before the cluster grew is still served.
    const described = await runCli(['topic', 'describe', topic, '--json', '--bootstrap', bootstrap]);
    expect(described.status, described.stderr).toBe(0);
    expect((JSON.parse(described.stdout) as { partitions: unknown[] }).partitions).toHaveLength(3);

    const running = clusterFile()!.map((n) => n.pid!);
    expect(await stop(grown)).toBe(0);
    for (const pid of running) expect(alive(pid), `pid ${pid}`).toBe(false);
  });

  it('resumes the grown cluster with all five nodes when --nodes is not given', { timeout: 180_000 }, async () => {
    const again = dev(base, []);
    const bootstrap = await bootstrapOf(again);
    expect(bootstrap.split(',')).toHaveLength(5);
    expect(again.out()).not.toMatch(/growing/);
    expect(await stop(again)).toBe(0);
  });
});
