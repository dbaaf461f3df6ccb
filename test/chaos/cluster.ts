// The chaos cluster: the test-support ServerCluster on loopback, or — given a
// NetLab — each `eddy server` started inside its own network namespace with its
// own IP (`ip netns exec`, which execs, so the child is the server itself and
// SIGKILL / SIGSTOP reach it), peers and clients addressing it by that IP.
// The first `controllers` namespaces run combined nodes (the controller quorum);
// any further ones run storage-only nodes, started once the quorum is up (an
// elastic cluster's extra node, which decommission can empty).
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
  /** Namespaces 1..controllerCount run combined nodes; the rest storage-only ones. */
  private readonly controllerCount: number;

  constructor(
    readonly lab: NetLab,
    options: { raftTickMs?: number; logLevel?: string; tls?: ClusterOptions['tls']; serverArgs?: ClusterOptions['serverArgs']; controllers?: number } = {},
  ) {
    super({
      nodes: lab.nodes.length,
      raftTickMs: options.raftTickMs ?? 20,
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.serverArgs ? { serverArgs: options.serverArgs } : {}),
    });
    this.controllerCount = Math.min(options.controllers ?? 3, lab.nodes.length);
  }

  override async start(): Promise<void> {
    for (const n of this.lab.nodes) {
      this.nodes.push({
        id: n.index,
        address: `${n.ip}:${LAB_PORT}`,
        internalAddress: `${n.ip}:${LAB_INTERNAL_PORT}`,
        dataDir: path.join(this.dataRoot, `node-${n.index}`),
        roles: n.index <= this.controllerCount ? 'combined' : 'storage',
        child: undefined,
        metricsUrl: undefined,
        stderr: [],
        stdout: [],
      });
    }
    this.controllers = this.nodes.filter((x) => x.roles === 'combined').map((x) => `${x.id}@${x.internalAddress}`).join(',');
    await Promise.all(this.nodes.filter((x) => x.roles === 'combined').map((x) => this.spawn(x)));
    for (const x of this.nodes.filter((n) => n.roles !== 'combined')) await this.spawn(x);
  }

  protected override commandPrefix(node: ServerProcess): string[] {
    return this.lab.execPrefix(node.id);
  }

  override async stop(): Promise<void> {
    await super.stop();
    rmSync(this.dataRoot, { recursive: true, force: true });
  }
}
