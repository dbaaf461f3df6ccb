// What every test harness shares, whichever package its tests live in: a free
// loopback port and a polling wait. Package tests reach it by a relative path
// (../../../test/support/harness.js), as they reach ServerCluster.
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on now (the OS picks it; it is closed again before this returns). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface WaitOptions {
  /** Between two tries; default 25 ms. */
  pollMs?: number;
  /**
   * By default a try that throws counts as "not yet" (the last error is in the
   * timeout's message); with rethrow, the first error fails the wait at once.
   */
  rethrow?: boolean;
}

/** Polls `fn` until it returns a truthy value, and returns that; throws once `timeoutMs` has passed. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      if (options.rethrow) throw err;
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 25));
  }
}
