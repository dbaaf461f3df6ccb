// TLS for Eddy's two listeners and for the calls nodes make to each other
// (docs/architecture.md §21). Key, certificate and CA are PEM files, re-read
// every reloadMs so a rotated certificate (cert-manager) takes effect without
// a restart: new connections use it, open ones keep theirs.
//
// A node's certificate names it with the DNS SAN `eddy-node-<id>`, or with a
// DNS SAN that a configured template maps to an id (NodeSanRule: Kubernetes
// pods get certificates naming the pod, e.g. eddy-storage-2.eddy-storage.ns.svc
// = node 101 + 2): on the internal listener, that SAN is the only identity a
// peer has, and every node id it claims (Raft from_node, RegisterNode.node_id,
// ...) must equal it. A client certificate naming no node names a user: its
// subject CN.
import { readFileSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import { ServerCredentials, credentials, experimental, type ChannelCredentials } from '@grpc/grpc-js';
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

/** A DNS SAN `prefix + k + suffix` names node `base + k` (k a decimal without leading zeros). */
export interface NodeSanRule {
  base: number;
  prefix: string;
  suffix: string;
}

/** The built-in rule: eddy-node-<id>. */
const EDDY_NODE_RULE: NodeSanRule = { base: 0, prefix: NODE_SAN_PREFIX, suffix: '' };

/**
 * Parses `base=template,...`, each template holding `{k}` once, e.g.
 * `1=eddy-controller-{k}.eddy-controller.prod.svc,101=eddy-storage-{k}.eddy-storage.prod.svc`.
 */
export function parseNodeSanRules(text: string): NodeSanRule[] {
  const rules: NodeSanRule[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{1,10})=([A-Za-z0-9.-]*)\{k\}([A-Za-z0-9.-]*)$/.exec(part);
    if (!m) throw new Error(`node SAN template "${part}" is not base={...}{k}{...} (e.g. 101=eddy-storage-{k}.eddy-storage.ns.svc)`);
    const base = Number(m[1]);
    if (base > 2 ** 31 - 1) throw new Error(`node SAN template "${part}": base ${base} is above 2^31-1`);
    rules.push({ base, prefix: m[2] as string, suffix: m[3] as string });
  }
  return rules;
}

/** The node id a certificate names (DNS SAN eddy-node-<id>, or one a rule maps), if it names one. */
export function nodeIdOfCertificate(cert: PeerCertificate | undefined, rules: readonly NodeSanRule[] = []): number | undefined {
  const san = cert?.subjectaltname;
  if (!san) return undefined;
  for (const entry of san.split(',')) {
    const name = entry.trim();
    if (!name.startsWith('DNS:')) continue;
    const dns = name.slice(4);
    for (const rule of [EDDY_NODE_RULE, ...rules]) {
      if (dns.length <= rule.prefix.length + rule.suffix.length || !dns.startsWith(rule.prefix) || !dns.endsWith(rule.suffix)) continue;
      const k = dns.slice(rule.prefix.length, dns.length - rule.suffix.length);
      if (!/^(0|[1-9]\d{0,9})$/.test(k)) continue;
      const id = rule.base + Number(k);
      if (id <= 2 ** 31 - 1) return id;
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

/** The node id the caller's verified certificate names (by eddy-node-<id> only), if any. */
export function callerNodeId(call: CallWithAuth): number | undefined {
  return nodeIdOfCertificate(peerCertificate(call));
}

/** callerNodeId with more SAN rules. */
export function callerNodeIdWith(rules: readonly NodeSanRule[]): (call: CallWithAuth) => number | undefined {
  return (call) => nodeIdOfCertificate(peerCertificate(call), rules);
}
