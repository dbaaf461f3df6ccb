// Who a call comes from (docs/architecture.md §21): a verified certificate
// (a node's, or a user's subject CN), or a username and password checked
// against the SCRAM credentials in the metadata image — over TLS only. The
// password check (PBKDF2) runs off the event loop, and a success is remembered
// under a keyed hash of the credentials until the user's credential changes,
// so a connection pays for it once, not per call.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  ANONYMOUS_USER,
  deriveScramCredentialAsync,
  nodeIdOfCertificate,
  nodePrincipal,
  userPrincipal,
  usernameProblem,
  type NodeSanRule,
  type ScramCredential,
} from '@eddy/protocol';
import type { PeerCertificate } from 'node:tls';
import type { UserState } from '@eddy/controller';

export type Authentication = { ok: true; principal: string; via: 'certificate' | 'password' | 'none' } | { ok: false; reason: string; why: 'bad-credentials' | 'no-tls' | 'malformed' };

export interface AuthenticatorOptions {
  /** The users as the metadata image has them now. */
  users: () => ReadonlyMap<string, UserState>;
  nodeSanRules: readonly NodeSanRule[];
  /** Successful logins remembered at once (default 10,000). */
  cacheSize?: number;
}

interface Remembered {
  principal: string;
  /** The credential it was checked against: a changed or deleted user forgets it. */
  storedKey: Buffer;
}

export class Authenticator {
  private readonly secret = randomBytes(32);
  private readonly cache = new Map<string, Remembered>();
  private readonly cacheSize: number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.cacheSize = options.cacheSize ?? 10_000;
  }

  /**
   * The principal of a call: a password (authorization: Basic) wins over a
   * certificate; without either, ANONYMOUS. `tls` says whether the call came
   * over TLS; `cert` is the caller's verified certificate, if any.
   */
  async authenticate(authorization: string | undefined, tls: boolean, cert: PeerCertificate | undefined): Promise<Authentication> {
    if (authorization !== undefined) {
      if (!tls) return { ok: false, why: 'no-tls', reason: 'passwords are accepted over TLS only: connect with TLS (--tls-ca) to send one' };
      const m = /^Basic ([A-Za-z0-9+/=]{1,4096})$/.exec(authorization);
      const decoded = m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      if (colon <= 0) return { ok: false, why: 'malformed', reason: 'the authorization header is not "Basic base64(user:password)"' };
      return this.password(decoded.slice(0, colon), decoded.slice(colon + 1));
    }
    const principal = this.certificate(cert);
    return principal ? { ok: true, principal, via: 'certificate' } : { ok: true, principal: ANONYMOUS_USER, via: 'none' };
  }

  /** The principal a verified certificate names: Node:<id>, or User:<subject CN>. */
  certificate(cert: PeerCertificate | undefined): string | undefined {
    if (!cert) return undefined;
    const node = nodeIdOfCertificate(cert, this.options.nodeSanRules);
    if (node !== undefined) return nodePrincipal(node);
    const cn = typeof cert.subject?.CN === 'string' ? cert.subject.CN : undefined;
    return cn !== undefined && usernameProblem(cn) === undefined ? userPrincipal(cn) : undefined;
  }

  private async password(username: string, password: string): Promise<Authentication> {
    const bad = { ok: false, why: 'bad-credentials', reason: `wrong username or password for "${username.slice(0, 64)}"` } as const;
    const user = this.options.users().get(username);
    const credential = user ? strongest(user) : undefined;
    if (!credential || password.length === 0 || password.length > 1024) return bad;
    const key = createHmac('sha256', this.secret).update(username).update('\0').update(password).digest('base64');
    const known = this.cache.get(key);
    if (known && known.storedKey.equals(credential.storedKey)) return { ok: true, principal: known.principal, via: 'password' };
    const again = await deriveScramCredentialAsync(password, credential.mechanism, credential.iterations, credential.salt).catch(() => undefined);
    if (!again || !timingSafeEqual(again.storedKey, credential.storedKey)) return bad;
    const principal = userPrincipal(username);
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { principal, storedKey: credential.storedKey });
    return { ok: true, principal, via: 'password' };
  }
}

function strongest(user: UserState): ScramCredential | undefined {
  return user.credentials.get('SCRAM-SHA-512') ?? user.credentials.get('SCRAM-SHA-256');
}
