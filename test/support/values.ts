// Record values a test can check one by one: `p:i:<filler>:<hash>`, the filler a
// SHA-256 chain (incompressible, so LevelDB's compression hides nothing) and the
// last field the first 16 hex digits of the SHA-256 of everything before it.
import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The i-th value of partition p, with `fillerHashes` hashes (64 hex characters each) of filler; `tag` seeds the chain. */
export function chainedValue(tag: string, p: number, i: number, fillerHashes: number): string {
  let h = sha256(`${tag}${p}:${i}`);
  let filler = '';
  for (let k = 0; k < fillerHashes; k++) {
    filler += h;
    h = sha256(h);
  }
  const body = `${p}:${i}:${filler}`;
  return `${body}:${sha256(body).slice(0, 16)}`;
}
