// A ServerCluster with TLS on (see ClusterOptions.tls), plus what the TLS
// tests need: the CA and per-node certificate rotation.
import { writePemPair, type CertificateAuthority, type IssuedPem } from '@eddy/cli/internal';
import path from 'node:path';
import { ServerCluster, type ClusterOptions } from './server-cluster.js';

export interface SecureClusterOptions extends ClusterOptions {
  /** Enforce ACLs (super users: User:admin and whatever is listed). */
  authorization?: boolean;
  superUsers?: string[];
  /** How often nodes re-read their TLS files (ms). */
  tlsReloadMs?: number;
}

export class SecureCluster extends ServerCluster {
  constructor(secure: SecureClusterOptions = {}) {
    super({ ...secure, tls: { authorization: secure.authorization ?? false, superUsers: secure.superUsers ?? [], reloadMs: secure.tlsReloadMs ?? 60_000 } });
  }

  /** The cluster's CA (after start()). */
  get authority(): CertificateAuthority {
    if (!this.ca) throw new Error('the cluster has not started');
    return this.ca;
  }

  /** Replaces a node's certificate files (it picks them up within tlsReloadMs). */
  rewriteNodeCertificate(id: number, pair: IssuedPem): void {
    const files = this.certFiles.get(id);
    if (!files) throw new Error(`no certificate for node ${id}`);
    writePemPair(path.dirname(files.cert), pair);
  }
}
