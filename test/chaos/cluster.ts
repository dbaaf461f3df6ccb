// The chaos cluster: the test-support ServerCluster on loopback, or — given a
// NetLab — each `eddy server` started inside its own network namespace with its
// own IP (`ip netns exec`, which execs, so the child is the server itself and
// SIGKILL / SIGSTOP reach it), peers and clients addressing it by that IP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ServerCluster, type ClusterOptions, type ServerProcess } from '../support/server-cluster.js';
import type { NetLab } from './netlab.js';

/** The client port every namespaced node listens on (each has its own IP). */
export const LAB_PORT = 9092;
/** The internal port (Raft, ControllerService): what nodes say to each other. */
export const LAB_INTERNAL_PORT = 9093;

export class NamespacedCluster extends ServerCluster {
  private readonly dataRoot = mkdtempSync(path.join(tmpdir(), 'eddy-chaos-'));

  constructor(
    readonly lab: NetLab,
    raftTickMs = 20,
    tls?: ClusterOptions['tls'],
  ) {
    super({ nodes: lab.nodes.length, raftTickMs, ...(tls ? { tls } : {}) });
  }

  override async start(): Promise<void> {
    for (const n of this.lab.nodes) {
      this.nodes.push({
        id: n.index,
        address: `${n.ip}:${LAB_PORT}`,
        internalAddress: `${n.ip}:${LAB_INTERNAL_PORT}`,
        dataDir: path.join(this.dataRoot, `node-${n.index}`),
        roles: 'combined',
        child: undefined,
        metricsUrl: undefined,
        stderr: [],
        stdout: [],
      });
    }
    this.controllers = this.nodes.map((x) => `${x.id}@${x.internalAddress}`).join(',');
    await Promise.all(this.nodes.map((x) => this.spawn(x)));
  }

  protected override commandPrefix(node: ServerProcess): string[] {
    return this.lab.execPrefix(node.id);
  }

  override async stop(): Promise<void> {
    await super.stop();
    rmSync(this.dataRoot, { recursive: true, force: true });
  }
}
