// `eddy dev` keeps the cluster up when one node dies (issue 16): kill -9 of a
// partition leader in the middle of `eddy produce` loses and duplicates
// nothing, the supervisor restarts the node (a new pid in cluster.json), and
// the node catches up and is back in sync; with --no-restart the node stays
// down while the others keep serving; Ctrl-C still stops everything. Only
// child processes of the built CLI, as a user runs them. The crash-loop rule
// is unit-tested in packages/cli/test/restart-policy.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePortRange, waitFor } from '../support/harness.js';
import { EDDY_BIN } from '../support/server-cluster.js';

interface ClusterFileNode {
  id: number;
  pid: number | null;
  state: string;
  grpcAddress: string;
  metricsUrl: string;
}

interface Described {
  partitions: { partition: number; leader: number; replicas: number[]; inSyncReplicas: number[]; offline: boolean; underReplicated: boolean }[];
}

const root = mkdtempSync(path.join(tmpdir(), 'eddy-dev-restart-'));
const running: Dev[] = [];
const clis = new Set<ChildProcess>();

afterAll(async () => {
  for (const c of clis) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(running.map((d) => d.stop()));
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

/** `eddy dev` on its own data directory and ports, as a child process. */
class Dev {
  child: ChildProcess | undefined;
  out = '';
  err = '';
  bootstrap = '';
  /** Every node pid seen in cluster.json, so cleanup can make sure they are gone. */
  readonly pids = new Set<number>();
  readonly dataDir: string;
  exit: Promise<number | null> = Promise.resolve(null);

  constructor(
    name: string,
    private readonly extraArgs: string[] = [],
  ) {
    this.dataDir = path.join(root, name);
  }

  async start(): Promise<void> {
    // Client ports from base, metrics from base + 10, internal from base + 100 (eddy dev's layout).
    const base = await freePortRange(110);
    running.push(this);
    const child = spawn(process.execPath, [EDDY_BIN, 'dev', '--data-dir', this.dataDir, '--port', String(base), '--metrics-port', String(base + 10), ...this.extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.err += d.toString()));
    this.exit = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    const exitedEarly = this.exit.then((code) => {
      throw new Error(`eddy dev exited (${code}) while starting:\n${this.out}${this.err}`);
    });
    this.bootstrap = await Promise.race([
      waitFor('eddy dev to print its bootstrap line', () => (/^metrics: .*\n/m.test(this.out) ? /^bootstrap: (\S+)\n/m.exec(this.out)?.[1] : undefined), 90_000),
      exitedEarly,
    ]);
    exitedEarly.catch(() => undefined); // it exits, later, when stopped
    this.nodes();
  }

  /** cluster.json as written now (undefined once removed). */
  nodes(): ClusterFileNode[] | undefined {
    const file = path.join(this.dataDir, 'cluster.json');
    if (!existsSync(file)) return undefined;
    const nodes = (JSON.parse(readFileSync(file, 'utf8')) as { nodes: ClusterFileNode[] }).nodes;
    for (const n of nodes) if (n.pid !== null) this.pids.add(n.pid);
    return nodes;
  }

  node(id: number): ClusterFileNode {
    const n = this.nodes()?.find((x) => x.id === id);
    if (!n) throw new Error(`node ${id} is not in ${this.dataDir}/cluster.json`);
    return n;
  }

  /** Ctrl-C, then (whatever happened) no node process left. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    this.nodes();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await this.exit;
    clearTimeout(timer);
    for (const pid of this.pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    return code;
  }
}

/** Runs `eddy ARGS` to its end (killed after `timeoutMs`). */
function eddy(args: string[], input?: string, timeoutMs = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const p = startEddy(args);
  if (input !== undefined) p.child.stdin!.end(input);
  else p.child.stdin!.end();
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  return p.done.finally(() => clearTimeout(timer));
}

function startEddy(args: string[]) {
  const child = spawn(process.execPath, [EDDY_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, EDDY_BOOTSTRAP: '' } });
  clis.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (status) => {
      clis.delete(child);
      resolve({ status, stdout, stderr });
    }),
  );
  return { child, done };
}

async function describeTopic(dev: Dev, topic: string): Promise<Described> {
  const r = await eddy(['topic', 'describe', topic, '--output', 'json', '--bootstrap', dev.bootstrap]);
  if (r.status !== 0) throw new Error(`topic describe: ${r.stderr}`);
  return JSON.parse(r.stdout) as Described;
}

/** Samples of one metric from a node's /metrics, label set → value. */
async function metric(url: string, name: string): Promise<Map<string, number>> {
  const text = await (await fetch(url)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name) samples.set(m[2] ?? '', Number(m[3]));
  }
  return samples;
}

/** `count` lines `key-k|value-i` over `keys` keys. */
function keyedLines(count: number, keys: number): string[] {
  return Array.from({ length: count }, (_, i) => `key-${i % keys}|value-${i}`);
}

/** Every line once, and each key's lines in the order produced. */
function expectAllOnceInKeyOrder(stdout: string, topic: string, lines: string[]): void {
  const records = stdout.trim().split('\n').map((l) => JSON.parse(l) as { topic: string; key: string; value: string });
  expect(records).toHaveLength(lines.length);
  const byKey = new Map<string, string[]>();
  for (const r of records) {
    expect(r.topic).toBe(topic);
    byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.value]);
  }
  const expected = new Map<string, string[]>();
  for (const l of lines) {
    const [key, value] = l.split('|') as [string, string];
    expected.set(key, [...(expected.get(key) ?? []), value]);
  }
  expect(byKey).toEqual(expected);
}

async function createTopic(dev: Dev, topic: string): Promise<Described> {
  const created = await eddy(['topic', 'create', topic, '--partitions', '3', '--replication-factor', '3', '--bootstrap', dev.bootstrap]);
  expect(created.status, created.stderr).toBe(0);
  return waitFor('every partition to have a leader', async () => {
    const d = await describeTopic(dev, topic);
    return d.partitions.length === 3 && d.partitions.every((p) => p.leader > 0) ? d : undefined;
  });
}

describe('eddy dev restarts a node that dies', () => {
  const dev = new Dev('restart');
  const topic = 'restart-readings';
  let victim = 0;
  let oldPid = 0;

  it('loses and duplicates nothing when a partition leader is killed -9 in the middle of eddy produce', { timeout: 300_000 }, async () => {
    await dev.start();
    const described = await createTopic(dev, topic);
    victim = described.partitions[0]!.leader;
    oldPid = dev.node(victim).pid!;
    expect(alive(oldPid)).toBe(true);

    const lines = keyedLines(3_000, 7);
    const produce = startEddy(['produce', topic, '--key-separator', '|', '--bootstrap', dev.bootstrap]);
    produce.child.stdin!.write(`${lines.slice(0, 1_500).join('\n')}\n`);
    // Mid-way: records are being appended, and half of the input is still to come.
    const urls = dev.nodes()!.map((n) => n.metricsUrl);
    await waitFor(
      'the first records to be appended',
      async () => {
        let appended = 0;
        for (const url of urls) for (const [labels, v] of await metric(url, 'eddy_storage_records_in_total')) if (labels.includes(`topic="${topic}"`)) appended += v;
        return appended > 0;
      },
      60_000,
    );
    process.kill(oldPid, 'SIGKILL');
    produce.child.stdin!.end(`${lines.slice(1_500).join('\n')}\n`);
    const produced = await produce.done;
    expect(produced.status, produced.stderr).toBe(0);
    expect(produced.stderr).toMatch(/produced 3000 records/);

    const consumed = await eddy(['consume', topic, '--from-beginning', '--max-messages', '3000', '--output', 'json', '--bootstrap', dev.bootstrap]);
    expect(consumed.status, consumed.stderr).toBe(0);
    expectAllOnceInKeyOrder(consumed.stdout, topic, lines);

    // The survivors kept serving; the supervisor said what happened and where the log is.
    expect(dev.child!.exitCode).toBe(null);
    expect(dev.err).toContain(`node ${victim} exited (SIGKILL); log: ${path.join(dev.dataDir, `node-${victim}`, 'server.log')}; restarting it in 1 s`);
    expect(dev.err).not.toMatch(/stopping the cluster/);
  });

  it('restarts the killed node: a new pid in cluster.json, back in sync on every partition, its log caught up', { timeout: 180_000 }, async () => {
    const restarted = await waitFor(
      'cluster.json to show the restarted node',
      () => {
        const n = dev.node(victim);
        return n.state === 'running' && n.pid !== null && n.pid !== oldPid ? n : undefined;
      },
      60_000,
    );
    expect(alive(restarted.pid!)).toBe(true);
    expect(alive(oldPid)).toBe(false);
    expect(dev.err).toMatch(new RegExp(`node ${victim} restarted \\(pid ${restarted.pid}\\)`));

    await waitFor(
      'eddy topic describe to show every replica in sync',
      async () => {
        const d = await describeTopic(dev, topic);
        return d.partitions.every((p) => p.leader > 0 && !p.underReplicated && !p.offline && [...p.inSyncReplicas].sort().join() === [...p.replicas].sort().join());
      },
      90_000,
    );
    // Caught up: the restarted node's replica of each partition holds as many bytes as the others', and no leader reports a lagging follower.
    const nodes = dev.nodes()!;
    await waitFor(
      'every replica of every partition to hold the same log',
      async () => {
        const sizes = await Promise.all(nodes.map((n) => metric(n.metricsUrl, 'eddy_storage_log_size_bytes')));
        const lagging = await Promise.all(nodes.map((n) => metric(n.metricsUrl, 'eddy_storage_under_replicated_partitions')));
        if (lagging.some((m) => (m.get('') ?? 0) > 0)) return false;
        for (let p = 0; p < 3; p++) {
          const labels = `{topic="${topic}",partition="${p}"}`;
          const perNode = sizes.map((m) => m.get(labels));
          if (perNode.some((s) => s === undefined || s === 0 || s !== perNode[0])) return false;
        }
        return true;
      },
      90_000,
    );
  });

  it('stops everything on Ctrl-C, and restarts nothing while stopping', { timeout: 120_000 }, async () => {
    const pids = dev.nodes()!.map((n) => n.pid!);
    const errBefore = dev.err.length;
    const code = await dev.stop();
    expect(code).toBe(0);
    expect(dev.out).toMatch(/eddy dev: stopped\n/);
    expect(dev.err.slice(errBefore)).toBe('');
    expect(existsSync(path.join(dev.dataDir, 'cluster.json'))).toBe(false);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
  });
});

describe('eddy dev --no-restart', () => {
  const dev = new Dev('no-restart', ['--no-restart']);
  const topic = 'degraded-readings';

  it('leaves a killed node down while the others keep serving', { timeout: 300_000 }, async () => {
    await dev.start();
    const described = await createTopic(dev, topic);
    const victim = described.partitions[0]!.leader;
    const killed = dev.node(victim);
    process.kill(killed.pid!, 'SIGKILL');

    await waitFor('eddy dev to report the node left down', () => dev.err.includes(`node ${victim} exited (SIGKILL); log: ${path.join(dev.dataDir, `node-${victim}`, 'server.log')}; left down (--no-restart)`), 30_000);
    // cluster.json follows the report (written right after it, atomically): read it until it does.
    await waitFor('cluster.json to show the node down', () => dev.node(victim).state === 'down', 10_000);
    expect(dev.node(victim)).toMatchObject({ pid: null, state: 'down' });

    const lines = keyedLines(600, 5);
    const produced = await eddy(['produce', topic, '--key-separator', '|', '--bootstrap', dev.bootstrap], `${lines.join('\n')}\n`);
    expect(produced.status, produced.stderr).toBe(0);
    const consumed = await eddy(['consume', topic, '--from-beginning', '--max-messages', '600', '--output', 'json', '--bootstrap', dev.bootstrap]);
    expect(consumed.status, consumed.stderr).toBe(0);
    expectAllOnceInKeyOrder(consumed.stdout, topic, lines);

    // Degraded, as describe shows: the node is out of every partition's in-sync set.
    await waitFor(
      'eddy topic describe to show the node out of sync',
      async () => {
        const d = await describeTopic(dev, topic);
        return d.partitions.every((p) => p.leader > 0 && p.leader !== victim && p.underReplicated && !p.inSyncReplicas.includes(victim));
      },
      60_000,
    );
    // Still down: nothing listens on its port, nothing restarted it, eddy dev still runs.
    const [host, port] = killed.grpcAddress.split(':') as [string, string];
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(Number(port), host);
      s.once('connect', () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(dev.node(victim)).toMatchObject({ pid: null, state: 'down' });
    expect(dev.err).not.toMatch(/restarting|restarted/);
    expect(dev.child!.exitCode).toBe(null);
    const code = await dev.stop();
    expect(code).toBe(0);
  });
});
