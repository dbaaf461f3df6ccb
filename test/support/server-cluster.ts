// Starts real `eddy server` processes on loopback for cluster tests, waits for
// them to be ready, and kills / restarts them. Every process a test starts is
// stopped by stop(); each cluster has its own temporary data directories.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const EDDY_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/dist/bin/eddy.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  id: number;
  /** The client listener. */
  address: string;
  /** The internal listener (Raft, ControllerService). */
  internalAddress: string;
  dataDir: string;
  roles: string;
  child: ChildProcess | undefined;
  metricsUrl: string | undefined;
  /** Everything it wrote to stderr, for failure messages. */
  stderr: string[];
  /** Its stdout lines (JSON log lines at the cluster's log level). */
  stdout: string[];
}

export interface ClusterOptions {
  nodes?: number;
  /** Roles of every node; default combined. */
  roles?: string;
  /** Node ids that run the controller role (default: all when combined). */
  controllerIds?: number[];
  extraEnv?: Record<string, string>;
  /** Raft tick; tests default to 20 ms so elections are quick. */
  raftTickMs?: number;
  /** The nodes' log level (their JSON log lines are kept in `stdout`); default warn. */
  logLevel?: string;
  /** Extra node flags, e.g. ['--cpu-prof'] for profiling (stop with SIGTERM to write the profile). */
  nodeArgs?: string[];
  /** Extra `eddy server` flags for one node, e.g. its TLS files. */
  serverArgs?: (node: ServerProcess) => string[];
}

export class ServerCluster {
  readonly nodes: ServerProcess[] = [];
  protected controllers = '';
  private readonly root = mkdtempSync(path.join(tmpdir(), 'eddy-cluster-'));

  constructor(private readonly options: ClusterOptions = {}) {}

  get bootstrap(): string {
    return this.nodes.map((n) => n.address).join(',');
  }

  async start(): Promise<void> {
    const n = this.options.nodes ?? 3;
    const ports = await Promise.all(Array.from({ length: 2 * n }, freePort));
    for (let i = 0; i < n; i++) {
      this.nodes.push({
        id: i + 1,
        address: `127.0.0.1:${ports[i]}`,
        internalAddress: `127.0.0.1:${ports[n + i]}`,
        dataDir: path.join(this.root, `node-${i + 1}`),
        roles: this.options.roles ?? 'combined',
        child: undefined,
        metricsUrl: undefined,
        stderr: [],
        stdout: [],
      });
    }
    const controllerIds = this.options.controllerIds ?? this.nodes.map((x) => x.id);
    this.controllers = this.nodes.filter((x) => controllerIds.includes(x.id)).map((x) => `${x.id}@${x.internalAddress}`).join(',');
    await Promise.all(this.nodes.map((x) => this.spawn(x)));
  }

  node(id: number): ServerProcess {
    const n = this.nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  /** What runs before `node …` (e.g. `ip netns exec NS`, which execs so signals reach the server); none here. */
  protected commandPrefix(_node: ServerProcess): string[] {
    return [];
  }

  spawn(node: ServerProcess): Promise<void> {
    const args = [
      ...(this.options.nodeArgs ?? []),
      EDDY_BIN, 'server', '--node-id', String(node.id), '--roles', node.roles,
      '--listen-address', node.address, '--internal-listen-address', node.internalAddress, '--controllers', this.controllers,
      '--data-dir', node.dataDir, '--metrics-address', '127.0.0.1:0', '--log-level', this.options.logLevel ?? 'warn', '--raft-tick-ms', String(this.options.raftTickMs ?? 20),
      ...(this.options.serverArgs?.(node) ?? []),
    ];
    const [cmd, ...prefix] = [...this.commandPrefix(node), process.execPath];
    const child = spawn(cmd!, [...prefix, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.options.extraEnv },
    });
    node.child = child;
    node.stderr = [];
    node.stdout = [];
    child.stderr!.on('data', (d: Buffer) => node.stderr.push(d.toString()));
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const onExit = (code: number | null) => reject(new Error(`node ${node.id} exited (${code}) before ready:\n${node.stderr.join('')}`));
      child.once('exit', onExit);
      lines.on('line', (line) => {
        node.stdout.push(line);
        // With a log level asked for (debugging), failure messages show the log lines too.
        if (this.options.logLevel !== undefined) node.stderr.push(`${line}\n`);
        if (!line.startsWith('{')) return;
        const msg = JSON.parse(line) as { event?: string; metricsUrl?: string };
        if (msg.event === 'ready') {
          node.metricsUrl = msg.metricsUrl;
          child.off('exit', onExit);
          resolve();
        }
      });
    });
  }

  async kill(node: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = node.child;
    node.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  async restart(node: ServerProcess): Promise<void> {
    await this.spawn(node);
  }

  /** Stops every node (SIGKILL unless told; SIGTERM lets a profiled node write its profile) and removes the data. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.kill(n, signal)));
    rmSync(this.root, { recursive: true, force: true });
  }
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
