import { NotLeaderError, UnknownPartitionError, UnavailableError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/retry/clock.js';
import { backoffDelay, resolveRetryPolicy, withRetry } from '../../src/internal.js';

/** A clock that records sleeps and advances instantly. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('retry policy', () => {
  const policy = resolveRetryPolicy({ initialDelayMs: 100, factor: 2, maxDelayMs: 1000, attempts: 6, jitter: 0 });

  it('grows delays by the factor up to the max', () => {
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffDelay(policy, r))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitter takes up to its fraction off a delay, using the injected random', () => {
    const p = { ...policy, jitter: 0.5 };
    expect(backoffDelay(p, 1, () => 0)).toBe(100);
    expect(backoffDelay(p, 1, () => 0.999999)).toBe(50);
    expect(backoffDelay(p, 2, () => 0.5)).toBe(150);
  });

  it('rejects nonsense policies', () => {
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ jitter: 2 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ factor: 0.5 })).toThrow(RangeError);
  });

  it('retries retriable errors with backoff on the injected clock, then succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const v = await withRetry(
      () => {
        calls++;
        if (calls < 4) return Promise.reject(new UnavailableError());
        return Promise.resolve('ok');
      },
      { policy, clock },
    );
    expect(v).toBe('ok');
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it('never retries a non-retriable error', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetry(() => {
        calls++;
        return Promise.reject(new UnknownPartitionError());
      }, { policy, clock }),
    ).rejects.toBeInstanceOf(UnknownPartitionError);
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up after `attempts` and throws the last error', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(withRetry(() => {
      calls++;
      return Promise.reject(new UnavailableError(`try ${calls}`));
    }, { policy, clock })).rejects.toThrow('try 6');
    expect(calls).toBe(6);
  });

  it('retries at once when told to (a fresh leader hint), calling onRetry to re-route', async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    let calls = 0;
    await withRetry(
      () => (++calls === 1 ? Promise.reject(new NotLeaderError(undefined, { details: { leaderId: 2 } })) : Promise.resolve(1)),
      { policy, clock, retryAtOnce: (e) => e instanceof NotLeaderError, onRetry: (_e, r, d) => void seen.push(r, d) },
    );
    expect(seen).toEqual([1, 0]);
    expect(clock.sleeps).toEqual([]);
  });
});
