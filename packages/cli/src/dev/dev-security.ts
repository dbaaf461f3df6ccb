// `pnpm dev --secure`: a CA, a certificate per node and an admin client
// certificate under <data-dir>/secure, made once and reused on later starts;
// then the nodes run with TLS and ACLs (User:admin is the super user), and an
// `admin` user with a random password is created for password logins.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Eddy } from '@eddy/client';
import { createCertificateAuthority, writePemPair } from './certificates.js';

export interface DevSecurity {
  dir: string;
  ca: string;
  /** The admin's client certificate and key (CN=admin: User:admin). */
  admin: { cert: string; key: string };
  /** Flags for node `id`'s `eddy server`. */
  nodeArgs(id: number): string[];
}

/** Makes (or finds) the dev cluster's certificates for node ids 1..nodes. */
export async function devSecurity(dataDir: string, nodes: number): Promise<DevSecurity> {
  const dir = path.join(dataDir, 'secure');
  const ca = path.join(dir, 'ca.pem');
  const nodeFiles = (id: number) => ({ cert: path.join(dir, `node-${id}`, 'cert.pem'), key: path.join(dir, `node-${id}`, 'key.pem') });
  const admin = { cert: path.join(dir, 'admin', 'cert.pem'), key: path.join(dir, 'admin', 'key.pem') };
  const complete = existsSync(ca) && existsSync(admin.key) && Array.from({ length: nodes }, (_, i) => existsSync(nodeFiles(i + 1).key)).every(Boolean);
  if (!complete) {
    mkdirSync(dir, { recursive: true });
    const authority = await createCertificateAuthority('Eddy dev CA');
    writeFileSync(ca, authority.pem);
    for (let id = 1; id <= nodes; id++) writePemPair(path.dirname(nodeFiles(id).cert), await authority.node(id));
    writePemPair(path.dirname(admin.cert), await authority.client('admin'));
  }
  return {
    dir,
    ca,
    admin,
    nodeArgs: (id) => {
      const f = nodeFiles(id);
      return ['--tls-cert', f.cert, '--tls-key', f.key, '--tls-ca', ca, '--authorization', 'true', '--super-users', 'User:admin'];
    },
  };
}

/**
 * Creates the `admin` user once (password in <dir>/admin.password, mode 0600);
 * answers the password file, or undefined when the user exists but its file is
 * gone (the password is not recoverable; the certificate still works).
 */
export async function ensureAdminUser(security: DevSecurity, bootstrap: string): Promise<string | undefined> {
  const file = path.join(security.dir, 'admin.password');
  if (existsSync(file)) return file;
  const password = randomBytes(18).toString('base64url');
  const eddy = new Eddy({
    bootstrap,
    tls: { ca: readFileSync(security.ca), cert: readFileSync(security.admin.cert), key: readFileSync(security.admin.key) },
    retry: { attempts: 10 },
  });
  try {
    const users = await eddy.admin().listUsers();
    if (!users.some((u) => u.name === 'admin')) await eddy.admin().createUser('admin', password);
    else return undefined; // made by an earlier run whose password file is gone: leave it
  } finally {
    await eddy.close();
  }
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return file;
}
