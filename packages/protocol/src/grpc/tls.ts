// TLS for Eddy's two listeners and for the calls nodes make to each other
// (docs/architecture.md §21). Key, certificate and CA are PEM files, re-read
// every reloadMs so a rotated certificate (cert-manager) takes effect without
// a restart: new connections use it, open ones keep theirs.
//
// A node's certificate names it with the DNS SAN `eddy-node-<id>`: on the
// internal listener, that SAN is the only identity a peer has, and every node
// id it claims (Raft from_node, RegisterNode.node_id, ...) must equal it.
// A client certificate without that SAN names a user: its subject CN.
import { readFileSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import { ChannelCredentials, ServerCredentials, credentials, experimental } from '@grpc/grpc-js';
import type { AuthContext } from '@grpc/grpc-js/build/src/auth-context.js';

/** Any server call: they all tell how the caller connected. */
export interface CallWithAuth {
  getAuthContext(): AuthContext;
}

export interface TlsFiles {
  /** This process's certificate chain (PEM). */
  cert: string;
  /** Its private key (PEM). */
  key: string;
  /** The CA that signs every node's and client's certificate (PEM). */
  ca: string;
  /** How often the files are re-read, in ms (default 60 s). */
  reloadMs?: number;
}

/** The DNS SAN that binds a certificate to a node id. */
export const NODE_SAN_PREFIX = 'eddy-node-';

const DEFAULT_RELOAD_MS = 60_000;

/** Reads each file once now, so a wrong path fails at start-up with its name, not at the first handshake. */
export function checkTlsFiles(tls: TlsFiles): void {
  for (const [what, file] of [['certificate', tls.cert], ['key', tls.key], ['CA', tls.ca]] as const) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read the TLS ${what} file ${file}: ${(err as Error).message}`);
    }
    if (!text.includes('-----BEGIN ')) throw new Error(`the TLS ${what} file ${file} is not PEM (no "-----BEGIN" line)`);
  }
}

function provider(tls: TlsFiles): experimental.FileWatcherCertificateProvider {
  return new experimental.FileWatcherCertificateProvider({
    certificateFile: tls.cert,
    privateKeyFile: tls.key,
    caCertificateFile: tls.ca,
    refreshIntervalMs: tls.reloadMs ?? DEFAULT_RELOAD_MS,
  });
}

/**
 * Credentials for a listener: plaintext without TLS files; otherwise TLS that
 * asks every caller for a certificate signed by the CA, and refuses callers
 * without one when requireClientCertificate (the internal listener).
 */
export function listenerCredentials(tls: TlsFiles | undefined, requireClientCertificate: boolean): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const files = provider(tls);
  return experimental.createCertificateProviderServerCredentials(files, files, requireClientCertificate);
}

/**
 * Credentials for calls a node makes to its peers: plaintext without TLS
 * files; otherwise TLS that checks the peer's certificate against the CA and
 * presents this node's own certificate.
 */
export function nodeChannelCredentials(tls: TlsFiles | undefined): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  const files = provider(tls);
  return experimental.createCertificateProviderChannelCredentials(files, files);
}

/** The node id a certificate names (DNS SAN eddy-node-<id>), if it names one. */
export function nodeIdOfCertificate(cert: PeerCertificate | undefined): number | undefined {
  const san = cert?.subjectaltname;
  if (!san) return undefined;
  for (const entry of san.split(',')) {
    const m = /^DNS:eddy-node-(\d{1,10})$/.exec(entry.trim());
    if (m) {
      const id = Number(m[1]);
      if (Number.isSafeInteger(id) && id <= 2 ** 31 - 1) return id;
    }
  }
  return undefined;
}

/** The verified certificate of the caller, or undefined (plaintext, no certificate, or one the CA did not sign). */
export function peerCertificate(call: CallWithAuth): PeerCertificate | undefined {
  return call.getAuthContext().sslPeerCertificate;
}

/** Whether the call came over TLS. */
export function isTlsCall(call: CallWithAuth): boolean {
  return call.getAuthContext().transportSecurityType === 'ssl';
}

/** The node id the caller's verified certificate names, if any. */
export function callerNodeId(call: CallWithAuth): number | undefined {
  return nodeIdOfCertificate(peerCertificate(call));
}
