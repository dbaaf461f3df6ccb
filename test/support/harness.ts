// What every test harness shares, whichever package its tests live in: a free
// loopback port and a polling wait. Package tests reach it by a relative path
// (../../../test/support/harness.js), as they reach ServerCluster.
import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that is free now, for a process a test starts.
 * Chosen like freePortRange, below Linux's ephemeral range: a port taken from
 * the kernel (listen on 0) is in that range, where every outgoing connection
 * of every process also takes its local port, so a node restarted on its old
 * port could find it taken (CI saw EADDRINUSE on a Raft test node's port).
 */
export async function freePort(): Promise<number> {
  return freePortRange(1);
}

/** Whether a TCP port on 127.0.0.1 can be listened on now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Ports this process has handed out, so two calls (even concurrent ones) never get the same port. */
const handedOut = new Set<number>();

/**
 * The first of `length` consecutive TCP ports on 127.0.0.1 that are all free
 * now, for a process that takes a base port and counts up from it (eddy dev:
 * client, metrics and internal ports). Chosen below Linux's ephemeral range
 * (32768 and up), where every outgoing connection takes its local port, so
 * only another test's choice could collide, and one chosen at random out of
 * 12,000 rarely does.
 */
export async function freePortRange(length: number): Promise<number> {
  const low = 20_000;
  const high = 32_000 - length;
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = low + Math.floor(Math.random() * (high - low));
    const ports = Array.from({ length }, (_, i) => base + i);
    if (ports.some((p) => handedOut.has(p))) continue;
    for (const p of ports) handedOut.add(p);
    let free = true;
    for (let i = 0; i < ports.length && free; i++) free = await portFree(ports[i]!);
    if (free) return base;
    for (const p of ports) handedOut.delete(p);
  }
  throw new Error(`no ${length} consecutive free ports on 127.0.0.1 between ${low} and ${high + length}`);
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

/** eddy_storage_log_size_bytes of a topic's partitions, from one node's metrics endpoint. */
export async function logSizes(metricsUrl: string, topic: string): Promise<Map<number, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const sizes = new Map<number, number>();
  for (const m of text.matchAll(/^eddy_storage_log_size_bytes\{([^}]*)\} (\d+)/gm)) {
    const labels = m[1] as string;
    if (!labels.includes(`topic="${topic}"`)) continue;
    sizes.set(Number(/partition="(\d+)"/.exec(labels)?.[1]), Number(m[2]));
  }
  return sizes;
}
