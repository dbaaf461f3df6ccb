// The chaos cluster: the test-support ServerCluster on loopback, or — given a
// NetLab — each `eddy server` started inside its own network namespace with its
// own IP (`ip netns exec`, which execs, so the child is the server itself and
// SIGKILL / SIGSTOP reach it), peers and clients addressing it by that IP.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { EDDY_BIN, ServerCluster, type ServerProcess } from '../support/server-cluster.js';
import type { NetLab } from './netlab.js';

/** The port every namespaced node listens on (each has its own IP). */
export const LAB_PORT = 9092;

export class NamespacedCluster extends ServerCluster {
  private readonly dataRoot = mkdtempSync(path.join(tmpdir(), 'eddy-chaos-'));
  private voters = '';

  constructor(
    readonly lab: NetLab,
    private readonly raftTickMs = 20,
  ) {
    super({ nodes: lab.nodes.length });
  }

  override async start(): Promise<void> {
    for (const n of this.lab.nodes) {
      this.nodes.push({ id: n.index, address: `${n.ip}:${LAB_PORT}`, dataDir: path.join(this.dataRoot, `node-${n.index}`), roles: 'combined', child: undefined, metricsUrl: undefined, stderr: [] });
    }
    this.voters = this.nodes.map((x) => `${x.id}@${x.address}`).join(',');
    await Promise.all(this.nodes.map((x) => this.spawn(x)));
  }

  override spawn(node: ServerProcess): Promise<void> {
    const [cmd, ...prefix] = this.lab.execPrefix(node.id);
    const args = [...prefix, process.execPath, EDDY_BIN, 'server', '--node-id', String(node.id), '--roles', node.roles, '--listen-address', node.address, '--controllers', this.voters, '--data-dir', node.dataDir, '--metrics-address', '127.0.0.1:0', '--log-level', 'warn', '--raft-tick-ms', String(this.raftTickMs)];
    const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    node.child = child;
    node.stderr = [];
    child.stderr!.on('data', (d: Buffer) => node.stderr.push(d.toString()));
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const onExit = (code: number | null) => reject(new Error(`node ${node.id} exited (${code}) before ready:\n${node.stderr.join('')}`));
      child.once('exit', onExit);
      lines.on('line', (line) => {
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

  override async stop(): Promise<void> {
    await super.stop();
    rmSync(this.dataRoot, { recursive: true, force: true });
  }
}
