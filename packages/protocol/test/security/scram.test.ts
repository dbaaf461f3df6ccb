import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveScramCredential, deriveScramCredentialAsync, scramCredentialProblem, scramServerSignature, verifyScramClientProof, verifyScramPassword } from '../../src/security/scram.js';

// RFC 7677 §3: user "user", password "pencil", SCRAM-SHA-256, i=4096.
const RFC = {
  salt: Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'),
  clientFirstBare: 'n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinalWithoutProof: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  proof: Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64'),
  serverSignature: Buffer.from('6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=', 'base64'),
};
const authMessage = `${RFC.clientFirstBare},${RFC.serverFirst},${RFC.clientFinalWithoutProof}`;

describe('SCRAM credentials (RFC 5802 / RFC 7677)', () => {
  it('derives the RFC 7677 SCRAM-SHA-256 example: its ServerSignature and ClientProof check out against our keys', () => {
    const c = deriveScramCredential('pencil', 'SCRAM-SHA-256', 4096, RFC.salt);
    // ServerSignature = HMAC(ServerKey, AuthMessage), computed here independently of the module.
    expect(createHmac('sha256', c.serverKey).update(authMessage).digest().equals(RFC.serverSignature)).toBe(true);
    expect(scramServerSignature(c, authMessage).equals(RFC.serverSignature)).toBe(true);
    // The client's proof from the RFC only verifies if StoredKey = H(ClientKey) is right.
    expect(verifyScramClientProof(c, authMessage, RFC.proof)).toBe(true);
    const tampered = Buffer.from(RFC.proof);
    tampered[0]! ^= 1;
    expect(verifyScramClientProof(c, authMessage, tampered)).toBe(false);
    expect(verifyScramClientProof(c, `${authMessage}x`, RFC.proof)).toBe(false);
    expect(verifyScramClientProof(c, authMessage, RFC.proof.subarray(1))).toBe(false);
    expect(scramCredentialProblem(c)).toBeUndefined();
  });

  it('the wrong password, salt or iteration count gives other keys', () => {
    const c = deriveScramCredential('pencil', 'SCRAM-SHA-256', 4096, RFC.salt);
    expect(deriveScramCredential('pencils', 'SCRAM-SHA-256', 4096, RFC.salt).storedKey.equals(c.storedKey)).toBe(false);
    expect(deriveScramCredential('pencil', 'SCRAM-SHA-256', 4097, RFC.salt).storedKey.equals(c.storedKey)).toBe(false);
    expect(verifyScramClientProof(deriveScramCredential('pencil', 'SCRAM-SHA-256', 4097, RFC.salt), authMessage, RFC.proof)).toBe(false);
  });

  it('verifies passwords for both mechanisms, with a fresh random salt each time', async () => {
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
      const c = deriveScramCredential('correct horse', mechanism);
      expect(c.iterations).toBe(4096);
      expect(c.salt).toHaveLength(32);
      expect(c.storedKey).toHaveLength(mechanism === 'SCRAM-SHA-256' ? 32 : 64);
      expect(verifyScramPassword(c, 'correct horse')).toBe(true);
      expect(verifyScramPassword(c, 'correct horsE')).toBe(false);
      expect(verifyScramPassword(c, '')).toBe(false);
      expect(deriveScramCredential('correct horse', mechanism).salt.equals(c.salt)).toBe(false);
      const again = await deriveScramCredentialAsync('correct horse', mechanism, 4096, c.salt);
      expect(again).toEqual(c);
    }
  });

  it('refuses out-of-range input with a message saying what to do', () => {
    expect(() => deriveScramCredential('x', 'SCRAM-SHA-256', 4095)).toThrow(/iterations must be a whole number from 4096 to 65536/);
    expect(() => deriveScramCredential('x', 'SCRAM-SHA-256', 65_537)).toThrow(/4096 to 65536/);
    expect(() => deriveScramCredential('', 'SCRAM-SHA-256')).toThrow(/password is empty/);
    expect(() => deriveScramCredential('x'.repeat(1025), 'SCRAM-SHA-256')).toThrow(/at most 1024/);
    expect(() => deriveScramCredential('x', 'SCRAM-SHA-1' as never)).toThrow(/SCRAM-SHA-256 or SCRAM-SHA-512/);
    expect(() => deriveScramCredential('x', 'SCRAM-SHA-256', 4096, Buffer.alloc(4))).toThrow(/salt/);
  });
});
