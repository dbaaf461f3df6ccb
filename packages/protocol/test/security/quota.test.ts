import { describe, expect, it } from 'vitest';
import { effectiveQuota, QuotaTracker, RateWindow, throttleTimeMs, type QuotaLimits } from '../../src/security/quota.js';

describe('quotas', () => {
  it('throttle = (rate - quota) / quota * window, never negative, capped', () => {
    expect(throttleTimeMs(100, 100, 10_000)).toBe(0);
    expect(throttleTimeMs(50, 100, 10_000)).toBe(0);
    expect(throttleTimeMs(150, 100, 10_000)).toBe(5000);
    expect(throttleTimeMs(1e9, 100, 10_000)).toBe(30_000);
    expect(throttleTimeMs(1e9, 100, 10_000, 1000)).toBe(1000);
  });

  it('measures a rate over at least the full window, dropping samples that slid out', () => {
    const w = new RateWindow({ samples: 11, sampleMs: 1000 });
    w.record(1000, 0);
    // One burst at t=0 is spread over 10 s (Kafka's Rate), not over 1 ms.
    expect(w.rate(0)).toBe(100);
    for (let t = 1000; t <= 20_000; t += 1000) w.record(1000, t);
    expect(w.rate(20_000)).toBeCloseTo(1100, 0); // 11 samples of 1000 over 10 s
    expect(w.idle(100_000)).toBe(true);
    expect(w.rate(100_000)).toBe(0);
  });

  it('throttles a principal over its produce quota, not one under it; User:* is the default for users', () => {
    const quotas = new Map<string, QuotaLimits>([
      ['User:alice', { produceBytesPerSec: 1000 }],
      ['User:*', { requestsPerSec: 10 }],
    ]);
    const tracker = new QuotaTracker({ limits: (p) => effectiveQuota(quotas, p) });
    let now = 0;
    let last = 0;
    for (let i = 0; i < 20; i++, now += 100) last = tracker.record('User:alice', 'produce_bytes', 1000, now);
    // 20,000 bytes in ~2 s measured over 10 s = 2,000 B/s against 1,000 B/s: throttled by about one window.
    expect(last).toBeGreaterThan(9000);
    expect(last).toBeLessThanOrEqual(30_000);
    expect(tracker.record('User:alice', 'fetch_bytes', 1e9, now)).toBe(0); // no fetch limit
    expect(tracker.record('User:bob', 'requests', 50, now)).toBe(0); // 5/s measured over 10 s
    expect(tracker.record('User:bob', 'requests', 100, now)).toBeGreaterThan(0);
    expect(tracker.record('Node:1', 'requests', 1e6, now)).toBe(0); // nodes get no default
    expect(effectiveQuota(quotas, 'User:alice')).toEqual({ produceBytesPerSec: 1000 });
  });

  it('keeps a bounded number of principals', () => {
    const tracker = new QuotaTracker({ limits: () => ({ requestsPerSec: 1 }), maxPrincipals: 3 });
    for (let i = 0; i < 10; i++) tracker.record(`User:u${i}`, 'requests', 1, 0);
    expect(tracker.size).toBe(3);
  });
});
