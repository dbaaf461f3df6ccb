// SCRAM credentials (RFC 5802, RFC 7677): what the metadata log stores for a
// password user. The server keeps StoredKey and ServerKey, derived from the
// password with a random salt; neither lets anyone log in without the
// password, and the password itself is never stored. The helpers for one
// exchange (checking a ClientProof, computing the ServerSignature) are here
// too, so the enforcement side does no cryptography of its own.
import { createHash, createHmac, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const ScramMechanism = {
  sha256: 'SCRAM-SHA-256',
  sha512: 'SCRAM-SHA-512',
} as const;
export type ScramMechanism = (typeof ScramMechanism)[keyof typeof ScramMechanism];
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = [ScramMechanism.sha256, ScramMechanism.sha512];

/** Bounds: RFC 7677 asks for at least 4096; the upper bound keeps one derivation cheap enough for a controller. */
export const SCRAM_LIMITS = {
  minIterations: 4096,
  maxIterations: 65_536,
  defaultIterations: 4096,
  minPasswordLength: 1,
  maxPasswordLength: 1024,
  saltBytes: 32,
} as const;

export interface ScramCredential {
  mechanism: ScramMechanism;
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const HASH = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' } as const satisfies Record<ScramMechanism, string>;
const KEY_BYTES = { 'SCRAM-SHA-256': 32, 'SCRAM-SHA-512': 64 } as const satisfies Record<ScramMechanism, number>;

export function isScramMechanism(value: unknown): value is ScramMechanism {
  return value === ScramMechanism.sha256 || value === ScramMechanism.sha512;
}

/** Why these inputs cannot make a credential, or undefined. */
export function scramInputProblem(password: string, mechanism: string, iterations: number): string | undefined {
  if (!isScramMechanism(mechanism)) return `mechanism "${mechanism}" is not supported; use SCRAM-SHA-256 or SCRAM-SHA-512`;
  if (!Number.isSafeInteger(iterations) || iterations < SCRAM_LIMITS.minIterations || iterations > SCRAM_LIMITS.maxIterations) {
    return `iterations must be a whole number from ${SCRAM_LIMITS.minIterations} to ${SCRAM_LIMITS.maxIterations}, got ${iterations}`;
  }
  if (password.length < SCRAM_LIMITS.minPasswordLength) return 'the password is empty; give 1 to 1024 characters';
  if (password.length > SCRAM_LIMITS.maxPasswordLength) return `the password is ${password.length} characters long; use at most ${SCRAM_LIMITS.maxPasswordLength}`;
  return undefined;
}

/**
 * SaltedPassword = PBKDF2(HMAC-H, password, salt, i); ClientKey = HMAC(SaltedPassword,
 * "Client Key"); StoredKey = H(ClientKey); ServerKey = HMAC(SaltedPassword, "Server Key").
 * A fresh random salt unless one is given. Throws a RangeError naming the
 * problem on bad input (see scramInputProblem). Synchronous: it blocks for the
 * PBKDF2 rounds (milliseconds at 4096); servers use deriveScramCredentialAsync.
 */
export function deriveScramCredential(password: string, mechanism: ScramMechanism, iterations: number = SCRAM_LIMITS.defaultIterations, salt?: Buffer): ScramCredential {
  check(password, mechanism, iterations, salt);
  const s = salt ?? randomBytes(SCRAM_LIMITS.saltBytes);
  const salted = pbkdf2Sync(normalize(password), s, iterations, KEY_BYTES[mechanism], HASH[mechanism]);
  return fromSaltedPassword(mechanism, s, iterations, salted);
}

/** deriveScramCredential with PBKDF2 off the event loop (libuv's thread pool). */
export async function deriveScramCredentialAsync(password: string, mechanism: ScramMechanism, iterations: number = SCRAM_LIMITS.defaultIterations, salt?: Buffer): Promise<ScramCredential> {
  check(password, mechanism, iterations, salt);
  const s = salt ?? randomBytes(SCRAM_LIMITS.saltBytes);
  const salted = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(normalize(password), s, iterations, KEY_BYTES[mechanism], HASH[mechanism], (err, key) => (err ? reject(err) : resolve(key))),
  );
  return fromSaltedPassword(mechanism, s, iterations, salted);
}

/** True when `password` is the one the credential was derived from (StoredKey recomputed, compared in constant time). */
export function verifyScramPassword(credential: ScramCredential, password: string): boolean {
  if (scramInputProblem(password, credential.mechanism, credential.iterations) !== undefined) return false;
  const again = deriveScramCredential(password, credential.mechanism, credential.iterations, credential.salt);
  return safeEqual(again.storedKey, credential.storedKey);
}

/**
 * Checks a client's final message: ClientSignature = HMAC(StoredKey, AuthMessage);
 * ClientKey = ClientProof XOR ClientSignature; valid when H(ClientKey) = StoredKey.
 */
export function verifyScramClientProof(credential: ScramCredential, authMessage: string, clientProof: Buffer): boolean {
  const signature = hmac(credential.mechanism, credential.storedKey, authMessage);
  if (clientProof.length !== signature.length) return false;
  const clientKey = Buffer.alloc(signature.length);
  for (let i = 0; i < signature.length; i++) clientKey[i] = clientProof[i]! ^ signature[i]!;
  return safeEqual(hash(credential.mechanism, clientKey), credential.storedKey);
}

/** ServerSignature = HMAC(ServerKey, AuthMessage): the server's proof that it holds the credential. */
export function scramServerSignature(credential: ScramCredential, authMessage: string): Buffer {
  return hmac(credential.mechanism, credential.serverKey, authMessage);
}

/** Why a stored credential is unusable (wrong key sizes, iterations out of range), or undefined. */
export function scramCredentialProblem(c: ScramCredential): string | undefined {
  if (!isScramMechanism(c.mechanism)) return `mechanism "${String(c.mechanism)}" is not supported`;
  if (!Number.isSafeInteger(c.iterations) || c.iterations < SCRAM_LIMITS.minIterations || c.iterations > SCRAM_LIMITS.maxIterations) return `iterations ${c.iterations} out of range`;
  if (c.salt.length < 8 || c.salt.length > 256) return `salt of ${c.salt.length} bytes`;
  if (c.storedKey.length !== KEY_BYTES[c.mechanism] || c.serverKey.length !== KEY_BYTES[c.mechanism]) return `keys must be ${KEY_BYTES[c.mechanism]} bytes for ${c.mechanism}`;
  return undefined;
}

function fromSaltedPassword(mechanism: ScramMechanism, salt: Buffer, iterations: number, salted: Buffer): ScramCredential {
  const clientKey = hmac(mechanism, salted, 'Client Key');
  return { mechanism, salt: Buffer.from(salt), iterations, storedKey: hash(mechanism, clientKey), serverKey: hmac(mechanism, salted, 'Server Key') };
}

function check(password: string, mechanism: ScramMechanism, iterations: number, salt: Buffer | undefined): void {
  const problem = scramInputProblem(password, mechanism, iterations);
  if (problem !== undefined) throw new RangeError(problem);
  if (salt !== undefined && (salt.length < 8 || salt.length > 256)) throw new RangeError(`a salt of ${salt.length} bytes; use 8 to 256`);
}

/**
 * The password's UTF-8 bytes as given. RFC 5802 asks for SASLprep; Kafka (and
 * the clients written for it) use the bytes as they are, and a server that
 * normalised where clients do not would refuse non-ASCII passwords.
 */
function normalize(password: string): Buffer {
  return Buffer.from(password, 'utf8');
}

function hmac(mechanism: ScramMechanism, key: Buffer, data: string): Buffer {
  return createHmac(HASH[mechanism], key).update(data, 'utf8').digest();
}

function hash(mechanism: ScramMechanism, data: Buffer): Buffer {
  return createHash(HASH[mechanism]).update(data).digest();
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
