import { describe, expect, it } from 'vitest';
import { after, epochMs, every, systemClock } from '../../src/retry/clock.js';
import { ManualClock } from '../support/manual-clock.js';

describe('timers on the clock', () => {
  it('after() fires once when the clock reaches it, and not once cancelled', async () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    after(clock, 100, () => fired.push(clock.now()));
    const cancelled = after(clock, 50, () => fired.push(-1));
    cancelled.cancel();
    await clock.advance(99);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([100]);
    await clock.advance(1_000);
    expect(fired).toEqual([100]);
    expect(clock.pending).toBe(0);
  });

  it('every() fires each period until cancelled', async () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const timer = every(clock, 100, () => fired.push(clock.now()));
    await clock.advance(350);
    expect(fired).toEqual([100, 200, 300]);
    timer.cancel();
    await clock.advance(1_000);
    expect(fired).toEqual([100, 200, 300]);
    expect(clock.pending).toBe(0);
  });

  it('the system clock schedules real timers and reads the epoch', async () => {
    const fired = await new Promise<boolean>((resolve) => after(systemClock, 1, () => resolve(true), { background: true }));
    expect(fired).toBe(true);
    const t = epochMs(systemClock);
    expect(Math.abs(t - Date.now())).toBeLessThan(1_000);
    expect(epochMs({ now: () => 0, sleep: () => Promise.resolve(), epochMs: () => 42 })).toBe(42);
  });
});
