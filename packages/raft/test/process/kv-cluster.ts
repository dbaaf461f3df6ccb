// Starts kv-node processes (real processes, gRPC + LevelDB on loopback) for
// tests and benchmarks, and talks to them over their HTTP control API.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '../../../../test/support/harness.js';

const NODE_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/demo/kv-node.js');

export interface KvProcess {
  id: number;
  http: number;
  dir: string;
  child: ChildProcess | undefined;
}

export interface Status {
  id: number;
  leaderId: number;
  term: number;
  isLeader: boolean;
  applied: number;
  commit: number;
  groups: number;
  leading: number;
  /** Groups not quiesced. */
  active: number;
  memory: NodeJS.MemoryUsage;
}

export class KvCluster {
  readonly nodes: KvProcess[] = [];
  private peers = '';

  constructor(private readonly options: { fsync?: boolean; tickMs?: number; groups?: number } = {}) {}

  async start(n = 3): Promise<void> {
    const grpcPorts = await Promise.all(Array.from({ length: n }, freePort));
    this.peers = grpcPorts.map((p, i) => `${i + 1}=127.0.0.1:${p}`).join(',');
    for (let i = 0; i < n; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), `eddy-kv-${i + 1}-`));
      this.nodes.push({ id: i + 1, http: await freePort(), dir, child: undefined });
    }
    for (const node of this.nodes) this.spawn(node);
    await Promise.all(this.nodes.map((nd) => waitFor(`node ${nd.id} up`, () => this.status(nd).then(() => true, () => false), 120_000)));
  }

  spawn(node: KvProcess): void {
    // --expose-gc: benchmarks ask for a full collection before reading the live heap (/status?gc=1).
    const args = ['--expose-gc', NODE_SCRIPT, '--id', String(node.id), '--peers', this.peers, '--http', String(node.http), '--data', node.dir];
    if (this.options.fsync === false) args.push('--fsync', 'false');
    if (this.options.tickMs) args.push('--tick-ms', String(this.options.tickMs));
    if (this.options.groups) args.push('--groups', String(this.options.groups));
    node.child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  }

  async restart(node: KvProcess): Promise<void> {
    this.spawn(node);
    await waitFor(`node ${node.id} up again`, () => this.status(node).then(() => true, () => false), 15_000);
  }

  kill(node: KvProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = node.child;
    node.child = undefined;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  async call<T>(node: KvProcess, pathAndQuery: string, method = 'GET'): Promise<{ status: number; body: T }> {
    const res = await fetch(`http://127.0.0.1:${node.http}${pathAndQuery}`, { method, signal: AbortSignal.timeout(120_000) });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** `gc`: collect garbage first, so `memory.heapUsed` is the live heap. */
  async status(node: KvProcess, options: { gc?: boolean } = {}): Promise<Status> {
    return (await this.call<Status>(node, options.gc ? '/status?gc=1' : '/status')).body;
  }

  async leader(timeoutMs = 15_000): Promise<KvProcess> {
    return waitFor(
      'a leader',
      async () => {
        for (const n of this.nodes) {
          if (!n.child) continue;
          const s = await this.status(n).catch(() => undefined);
          if (s?.isLeader) return n;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.kill(n, 'SIGKILL')));
    for (const n of this.nodes) rmSync(n.dir, { recursive: true, force: true });
  }
}
