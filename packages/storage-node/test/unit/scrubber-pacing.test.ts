// The scrubber's pacing and lifecycle (docs/architecture.md, "Scrubbing"), on a
// logical clock: it reads at scrub.bytes.per.sec in chunks, one replica after
// another, counts full passes, waits between passes, and stops promptly even
// in the middle of a long wait. The store is a stand-in here (the pacing is
// what is tested); test/cluster/scrubber.test.ts runs it on a real LevelDB.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { IntegrityMetrics } from '../../src/integrity/integrity-metrics.js';
import type { ScrubbableReplica } from '../../src/integrity/scrub-cursor.js';
import { SCRUB_IDLE_RETRY_MS, SCRUB_MIN_PASS_INTERVAL_MS, Scrubber, type EntryVerifier } from '../../src/integrity/scrubber.js';

function replica(groupId: string, entries: number): ScrubbableReplica {
  return {
    groupId,
    isOpen: true,
    isClosed: false,
    heldFromIndex: 0,
    state: { logStartIndex: 1, appliedIndex: entries },
    group: { storage: { firstIndex: () => 1, lastIndex: () => entries } },
    assignment: { config: { 'cleanup.policy': 'delete' } },
  };
}

/** Entries of `entryBytes` each; records every call as "group:lo-hi@time". */
function verifier(entryBytes: number, now: () => number, damagedAt?: { groupId: string; index: number }): EntryVerifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async verifyEntries(groupId, lo, hi, maxBytes) {
      calls.push(`${groupId}:${lo}-${hi}@${now()}`);
      let bytes = 0;
      let i = lo;
      const damaged: number[] = [];
      while (i < hi) {
        bytes += entryBytes;
        if (damagedAt && damagedAt.groupId === groupId && damagedAt.index === i) damaged.push(i);
        i++;
        if (bytes >= maxBytes) break;
      }
      return { next: i, bytes, entries: i - lo, damaged };
    },
  };
}

/** A logical clock whose sleep moves time on at once (after letting timers and I/O run). */
function logicalTime(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms) => {
      await new Promise((r) => setImmediate(r));
      t += ms;
    },
  };
}

describe('Scrubber pacing', () => {
  it('reads at the configured byte rate, in chunks, replica after replica, and counts the pass', async () => {
    const time = logicalTime();
    const store = verifier(1000, time.now);
    const registry = new Registry();
    const metrics = new IntegrityMetrics(registry);
    // 3 replicas of 400 entries of 1000 bytes: 1.2 MB at 100 kB/s.
    const replicas = [replica('p/c/0', 400), replica('p/a/0', 400), replica('p/b/0', 400)];
    const scrubber = new Scrubber({ replicas: () => replicas, store, bytesPerSecond: 100_000, chunkBytes: 10_000, metrics, clock: time.now, sleep: time.sleep });
    const start = time.now();
    const pass = await scrubber.runPass();
    const elapsed = (time.now() - start) / 1000;

    expect(pass).toEqual({ replicas: 3, bytes: 1_200_000, damaged: 0 });
    // The bucket starts with one second's worth, then holds the rate.
    expect(elapsed).toBeGreaterThanOrEqual((1_200_000 - 100_000) / 100_000);
    expect(elapsed).toBeLessThanOrEqual(1_200_000 / 100_000);
    // Chunks of 10 entries (10 kB), one replica after another in group id order.
    expect(store.calls).toHaveLength(120);
    expect(store.calls.map((c) => c.split(':')[0])).toEqual([...Array(40).fill('p/a/0'), ...Array(40).fill('p/b/0'), ...Array(40).fill('p/c/0')]);
    expect(store.calls[0]).toMatch(/^p\/a\/0:1-401@/);
    expect(store.calls[1]).toMatch(/^p\/a\/0:11-401@/);
    // Never more than the rate allows at any point: one second's worth plus rate x time.
    for (const [i, call] of store.calls.entries()) {
      const at = (Number(call.split('@')[1]) - start) / 1000;
      expect(i * 10_000).toBeLessThanOrEqual(100_000 + at * 100_000 + 1); // (+1: rounding of the logical time)
    }
    expect(scrubber.passes).toBe(1);
    const text = await registry.metrics();
    expect(text).toMatch(/^eddy_storage_scrub_bytes_total 1200000$/m);
    expect(text).toMatch(/^eddy_storage_scrub_passes_total 1$/m);
  });

  it('keeps each chunk within one second of a slow rate', async () => {
    const time = logicalTime();
    const store = verifier(100, time.now);
    const scrubber = new Scrubber({ replicas: () => [replica('g', 50)], store, bytesPerSecond: 1000, clock: time.now, sleep: time.sleep });
    const pass = await scrubber.runPass();
    expect(pass.bytes).toBe(5000);
    // 1000 bytes a chunk (10 entries), not the default 256 KiB.
    expect(store.calls).toHaveLength(5);
  });

  it('reports what verification found in the pass (the store reports each entry itself)', async () => {
    const time = logicalTime();
    const store = verifier(100, time.now, { groupId: 'g', index: 7 });
    const scrubber = new Scrubber({ replicas: () => [replica('g', 20)], store, bytesPerSecond: 1_000_000, clock: time.now, sleep: time.sleep });
    expect(await scrubber.runPass()).toEqual({ replicas: 1, bytes: 2000, damaged: 1 });
  });

  it('a replica whose entries cannot be read is skipped for the rest of the pass; the others are verified', async () => {
    const time = logicalTime();
    const good = verifier(100, time.now);
    let failures = 0;
    const store: EntryVerifier = {
      async verifyEntries(groupId, lo, hi, maxBytes) {
        if (groupId === 'a') {
          failures++;
          throw new Error('Database is not open');
        }
        return good.verifyEntries(groupId, lo, hi, maxBytes);
      },
    };
    const scrubber = new Scrubber({ replicas: () => [replica('a', 10), replica('b', 10)], store, bytesPerSecond: 1_000_000, clock: time.now, sleep: time.sleep });
    expect(await scrubber.runPass()).toEqual({ replicas: 2, bytes: 1000, damaged: 0 });
    expect(failures).toBe(1);
    expect(good.calls.map((c) => c.split('@')[0])).toEqual(['b:1-11']);
  });

  it('tries again soon after a pass that found no replica, and waits the minimum interval after one that did', async () => {
    const time = logicalTime();
    const start = time.now();
    let replicas: ScrubbableReplica[] = [];
    const store = verifier(100, time.now);
    const scrubber = new Scrubber({ replicas: () => replicas, store, bytesPerSecond: 1_000_000, clock: time.now, sleep: time.sleep });
    scrubber.start();
    await waitUntil(() => time.now() - start >= 3 * SCRUB_IDLE_RETRY_MS);
    const openedAt = time.now();
    replicas = [replica('g', 10)];
    await waitUntil(() => scrubber.passes >= 2);
    await scrubber.stop();
    // One call per pass (10 entries of 100 bytes), at these logical times.
    const at = store.calls.map((c) => Number(c.split('@')[1]));
    expect(at.length).toBeGreaterThanOrEqual(2);
    expect((at[0] as number) - openedAt).toBeLessThanOrEqual(SCRUB_IDLE_RETRY_MS);
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(SCRUB_MIN_PASS_INTERVAL_MS);
  });

  it('is off at 0 bytes per second', () => {
    const time = logicalTime();
    const store = verifier(100, time.now);
    const scrubber = new Scrubber({ replicas: () => [replica('g', 10)], store, bytesPerSecond: 0 });
    scrubber.start();
    expect(scrubber.enabled).toBe(false);
    expect(store.calls).toEqual([]);
  });
});

describe('Scrubber lifecycle (real timers)', () => {
  it('passes again after the minimum interval, and stops at once in the middle of a wait', async () => {
    const store = verifier(100, Date.now);
    const scrubber = new Scrubber({ replicas: () => [replica('g', 10)], store, bytesPerSecond: 1_000_000, minPassIntervalMs: 1 });
    scrubber.start();
    await waitUntil(() => scrubber.passes >= 3);
    await scrubber.stop();
    const calls = store.calls.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(store.calls.length).toBe(calls);
  });

  it('stops while it waits out a long debt (a large entry at a slow rate) and between passes of an hour', async () => {
    // 1 MB entries at 1 kB/s: about 1000 s of debt after the first chunk.
    const big = verifier(1_000_000, Date.now);
    const slow = new Scrubber({ replicas: () => [replica('g', 3)], store: big, bytesPerSecond: 1000 });
    slow.start();
    await waitUntil(() => big.calls.length === 1 && slow.bytes === 1_000_000);
    await slow.stop();
    expect(big.calls).toHaveLength(1);

    const small = verifier(10, Date.now);
    const idle = new Scrubber({ replicas: () => [replica('g', 3)], store: small, bytesPerSecond: 1_000_000, minPassIntervalMs: 3_600_000 });
    idle.start();
    await waitUntil(() => idle.passes === 1);
    await idle.stop();
    expect(idle.passes).toBe(1);
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}
