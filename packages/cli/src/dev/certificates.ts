// A small certificate authority for `pnpm dev --secure` and the security
// tests: a CA, node certificates (DNS SAN eddy-node-<id>, which binds the node
// id; plus localhost and 127.0.0.1 for TLS hostname checks) and client
// certificates (subject CN = the user). ECDSA P-256, PEM files.
// @peculiar/x509's dependency injection (tsyringe) needs the Reflect metadata API first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface IssuedPem {
  cert: string;
  key: string;
}

export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

export interface CertificateAuthority {
  /** The CA certificate (PEM): what servers and clients trust. */
  readonly pem: string;
  /** A node's certificate: DNS SAN eddy-node-<id>, localhost, and the given hosts/IPs. */
  node(id: number, hosts?: string[], validity?: Validity): Promise<IssuedPem>;
  /** A client certificate whose subject CN names the user (principal User:<cn>). */
  client(cn: string, validity?: Validity): Promise<IssuedPem>;
  /** Any leaf with the given SANs (DNS names or IPs) and CN. */
  leaf(cn: string, sans: string[], validity?: Validity): Promise<IssuedPem>;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex').replace(/^[89a-f]/, '1');
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

function isIp(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || s.includes(':');
}

/** A new CA, valid for `days` from now (default 365). */
export async function createCertificateAuthority(name = 'Eddy dev CA', days = 365): Promise<CertificateAuthority> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + days * DAY_MS),
    signingAlgorithm: ALG,
    keys: keys as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  const leaf = async (cn: string, sans: string[], validity: Validity = {}): Promise<IssuedPem> => {
    const leafKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${cn}`,
      issuer: ca.subject,
      notBefore: validity.notBefore ?? new Date(now - DAY_MS),
      notAfter: validity.notAfter ?? new Date(now + days * DAY_MS),
      signingAlgorithm: ALG,
      publicKey: leafKeys.publicKey as never,
      signingKey: keys.privateKey as never,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        ...(sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(sans.map((s) => ({ type: isIp(s) ? ('ip' as const) : ('dns' as const), value: s })))] : []),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey as never),
      ],
    });
    return { cert: cert.toString('pem'), key: await keyPem(leafKeys.privateKey) };
  };
  return {
    pem: ca.toString('pem'),
    leaf,
    node: (id, hosts = [], validity) => leaf(`eddy-node-${id}`, [`eddy-node-${id}`, 'localhost', '127.0.0.1', ...hosts], validity),
    client: (cn, validity) => leaf(cn, [], validity),
  };
}

/** Writes cert.pem and key.pem (mode 0600) into dir; answers their paths. */
export function writePemPair(dir: string, pair: IssuedPem): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  writeFileSync(cert, pair.cert);
  writeFileSync(key, pair.key, { mode: 0o600 });
  return { cert, key };
}
