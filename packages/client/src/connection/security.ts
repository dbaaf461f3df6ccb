// How a client proves who it is (docs/security.md): TLS, checked against the
// cluster's CA, optionally with a client certificate (its subject CN is the
// principal), and/or a username and password sent with every call — only
// over TLS, never in plaintext.
import { CallCredentials, ChannelCredentials, Metadata } from '@grpc/grpc-js';

export interface TlsOptions {
  /** PEM of the CA that signed the servers' certificates; default: the system's CAs. */
  ca?: string | Buffer;
  /** PEM client certificate (mutual TLS); needs key. */
  cert?: string | Buffer;
  /** PEM private key of the client certificate. */
  key?: string | Buffer;
}

export interface AuthOptions {
  /** A user created with `eddy user create`. */
  username: string;
  password: string;
}

/** Channel credentials for the options: plaintext, TLS, TLS + client certificate, and the password on each call. */
export function channelCredentials(tls: TlsOptions | undefined, auth: AuthOptions | undefined): ChannelCredentials {
  if (!tls) {
    if (auth) throw new RangeError('a username and password are only sent over TLS: set tls (e.g. { ca: <the cluster CA PEM> }) as well');
    return ChannelCredentials.createInsecure();
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw new RangeError('tls.cert and tls.key go together: set both for a client certificate, or neither');
  const buf = (v: string | Buffer | undefined) => (v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));
  const ssl = ChannelCredentials.createSsl(buf(tls.ca), buf(tls.key), buf(tls.cert));
  if (!auth) return ssl;
  if (auth.username === '' || auth.username.includes(':')) throw new RangeError('the username must be non-empty and contain no ":"');
  const header = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  const perCall = CallCredentials.createFromMetadataGenerator((_params, callback) => {
    const md = new Metadata();
    md.set('authorization', header);
    callback(null, md);
  });
  return ssl.compose(perCall);
}
