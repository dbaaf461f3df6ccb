// Starts real `eddy server` processes on loopback for cluster tests, waits for
// them to be ready, and kills / restarts them. Every process a test starts is
// stopped by stop(); each cluster has its own temporary data directories.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { createCertificateAuthority, writePemPair, type CertificateAuthority, type IssuedPem } from '@eddy/cli/internal';
import { freePort } from './harness.js';

export const EDDY_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/dist/bin/eddy.js');

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
  /** Extra `eddy server` flags for one node. */
  serverArgs?: (node: ServerProcess) => string[];
  /**
   * TLS on both listeners, with a CA of the cluster's own and a certificate per
   * node (DNS SAN eddy-node-<id>, plus the node's IP); optionally ACLs, with
   * User:admin (see adminCertificate) a super user.
   */
  tls?: { authorization?: boolean; superUsers?: string[]; reloadMs?: number };
}

export class ServerCluster {
  readonly nodes: ServerProcess[] = [];
  protected controllers = '';
  private readonly root = mkdtempSync(path.join(tmpdir(), 'eddy-cluster-'));
  /** With options.tls: the cluster's CA, and where its PEM is. */
  ca: CertificateAuthority | undefined;
  readonly caFile = path.join(this.root, 'ca.pem');
  /** With options.tls: each node's certificate and key files. */
  readonly certFiles = new Map<number, { cert: string; key: string }>();
  /** With options.tls: a client certificate for User:admin. */
  adminCertificate: IssuedPem | undefined;
  private caReady: Promise<CertificateAuthority> | undefined;

  constructor(private readonly options: ClusterOptions = {}) {}

  /** Credentials for the test's own wire clients: plaintext, or TLS as User:admin. */
  clientCredentials(): grpc.ChannelCredentials {
    return this.ca ? this.credentials(this.adminCertificate) : grpc.credentials.createInsecure();
  }

  /** TLS credentials trusting this cluster's CA (after start(), with options.tls), with a client certificate if given. */
  credentials(pair?: IssuedPem): grpc.ChannelCredentials {
    if (!this.ca) throw new Error('the cluster has no CA: start it with options.tls');
    return grpc.credentials.createSsl(Buffer.from(this.ca.pem), pair ? Buffer.from(pair.key) : null, pair ? Buffer.from(pair.cert) : null);
  }

  /** @eddy/client options for TLS (the CA) and, optionally, a user; {} without TLS. */
  clientSecurity(auth?: { username: string; password: string }): { tls?: { ca: string; cert?: string; key?: string }; auth?: { username: string; password: string } } {
    if (!this.ca) return {};
    return auth ? { tls: { ca: this.ca.pem }, auth } : { tls: { ca: this.ca.pem, ...this.adminCertificate } };
  }

  /** Makes the CA (once) and the node's certificate (once per node). */
  private async tlsArgs(node: ServerProcess): Promise<string[]> {
    const tls = this.options.tls;
    if (!tls) return [];
    this.caReady ??= createCertificateAuthority('Eddy test CA', 30).then(async (ca) => {
      writeFileSync(this.caFile, ca.pem);
      this.adminCertificate = await ca.client('admin');
      this.ca = ca;
      return ca;
    });
    const ca = await this.caReady;
    if (!this.certFiles.has(node.id)) {
      const host = node.address.slice(0, node.address.lastIndexOf(':'));
      this.certFiles.set(node.id, writePemPair(path.join(this.root, `tls-node-${node.id}`), await ca.node(node.id, [host])));
    }
    const f = this.certFiles.get(node.id)!;
    return [
      '--tls-cert', f.cert, '--tls-key', f.key, '--tls-ca', this.caFile, '--tls-reload-ms', String(tls.reloadMs ?? 60_000),
      ...(tls.authorization ? ['--authorization', 'true', '--super-users', ['User:admin', ...(tls.superUsers ?? [])].join(',')] : []),
    ];
  }

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

  /**
   * Starts one more node (next id, fresh ports, storage role unless told) that
   * joins the running cluster through the same controller quorum: the cluster
   * growing, as a StatefulSet scaled up does.
   */
  async addNode(roles = 'storage'): Promise<ServerProcess> {
    const [port, internalPort] = await Promise.all([freePort(), freePort()]);
    const id = Math.max(0, ...this.nodes.map((x) => x.id)) + 1;
    const node: ServerProcess = {
      id,
      address: `127.0.0.1:${port}`,
      internalAddress: `127.0.0.1:${internalPort}`,
      dataDir: path.join(this.root, `node-${id}`),
      roles,
      child: undefined,
      metricsUrl: undefined,
      stderr: [],
      stdout: [],
    };
    this.nodes.push(node);
    await this.spawn(node);
    return node;
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

  async spawn(node: ServerProcess): Promise<void> {
    const tlsArgs = await this.tlsArgs(node);
    const args = [
      ...(this.options.nodeArgs ?? []),
      EDDY_BIN, 'server', '--node-id', String(node.id), '--roles', node.roles,
      '--listen-address', node.address, '--internal-listen-address', node.internalAddress, '--controllers', this.controllers,
      '--data-dir', node.dataDir, '--metrics-address', '127.0.0.1:0', '--log-level', this.options.logLevel ?? 'warn', '--raft-tick-ms', String(this.options.raftTickMs ?? 20),
      ...tlsArgs,
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
