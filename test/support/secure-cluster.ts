// A ServerCluster with TLS: a CA of its own, a node certificate per node
// (DNS SAN eddy-node-<id>) and, optionally, authorization with super users.
// Clients get credentials for the CA, a client certificate, or a user.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createCertificateAuthority, writePemPair, type CertificateAuthority, type IssuedPem } from '@eddy/cli/internal';
import { writeFileSync } from 'node:fs';
import { ServerCluster, type ClusterOptions, type ServerProcess } from './server-cluster.js';

export interface SecureClusterOptions extends ClusterOptions {
  /** Enforce ACLs (super users: User:admin and whatever is listed). */
  authorization?: boolean;
  superUsers?: string[];
  /** How often nodes re-read their TLS files (ms). */
  tlsReloadMs?: number;
}

export class SecureCluster extends ServerCluster {
  readonly dir: string;
  ca!: CertificateAuthority;
  readonly caFile: string;
  /** Each node's certificate and key files. */
  readonly files: Map<number, { cert: string; key: string }>;
  private readonly secure: SecureClusterOptions;

  constructor(secure: SecureClusterOptions = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), 'eddy-tls-'));
    const caFile = path.join(dir, 'ca.pem');
    const files = new Map<number, { cert: string; key: string }>();
    super({
      ...secure,
      serverArgs: (node: ServerProcess) => {
        const f = files.get(node.id);
        if (!f) throw new Error(`no certificate for node ${node.id}`);
        return [
          '--tls-cert', f.cert, '--tls-key', f.key, '--tls-ca', caFile,
          '--tls-reload-ms', String(secure.tlsReloadMs ?? 60_000),
          ...(secure.authorization ? ['--authorization', 'true', '--super-users', ['User:admin', ...(secure.superUsers ?? [])].join(',')] : []),
          ...(secure.serverArgs?.(node) ?? []),
        ];
      },
    });
    this.dir = dir;
    this.caFile = caFile;
    this.files = files;
    this.secure = secure;
  }

  override async start(): Promise<void> {
    this.ca = await createCertificateAuthority('Eddy test CA', 30);
    writeFileSync(this.caFile, this.ca.pem);
    const n = this.secure.nodes ?? 3;
    for (let id = 1; id <= n; id++) this.files.set(id, writePemPair(path.join(this.dir, `node-${id}`), await this.ca.node(id)));
    await super.start();
  }

  /** Replaces a node's certificate files (it picks them up within tlsReloadMs). */
  rewriteNodeCertificate(id: number, pair: IssuedPem): void {
    writePemPair(path.join(this.dir, `node-${id}`), pair);
  }

  /** Channel credentials trusting this cluster's CA, with a client certificate if given. */
  credentials(pair?: IssuedPem): grpc.ChannelCredentials {
    return grpc.credentials.createSsl(Buffer.from(this.ca.pem), pair ? Buffer.from(pair.key) : null, pair ? Buffer.from(pair.cert) : null);
  }

  override async stop(signal?: NodeJS.Signals): Promise<void> {
    await super.stop(signal);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
