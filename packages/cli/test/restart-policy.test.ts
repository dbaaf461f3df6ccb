import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY, RestartPolicy } from '../src/dev/restart-policy.js';

describe('RestartPolicy', () => {
  it('restarts after 1 s, then 2 s, 4 s, 8 s while a node keeps exiting', () => {
    const policy = new RestartPolicy();
    expect(policy.onExit(3, 0, false)).toEqual({ action: 'restart', delayMs: 1_000, exits: 1 });
    expect(policy.onExit(3, 3_000, false)).toEqual({ action: 'restart', delayMs: 2_000, exits: 2 });
    expect(policy.onExit(3, 7_000, false)).toEqual({ action: 'restart', delayMs: 4_000, exits: 3 });
    expect(policy.onExit(3, 13_000, false)).toEqual({ action: 'restart', delayMs: 8_000, exits: 4 });
  });

  it('gives up on the fifth exit within a minute (a crash loop), and keeps giving up', () => {
    const policy = new RestartPolicy();
    for (const t of [0, 10_000, 20_000, 30_000]) expect(policy.onExit(2, t, false).action).toBe('restart');
    expect(policy.onExit(2, 59_999, false)).toEqual({ action: 'give-up', exits: 5, windowMs: 60_000 });
    expect(policy.onExit(2, 60_500, false).action).toBe('give-up');
  });

  it('does not count exits older than the window: five exits spread over more than a minute are restarted', () => {
    const policy = new RestartPolicy();
    for (const t of [0, 20_000, 40_000, 59_000]) expect(policy.onExit(1, t, false).action).toBe('restart');
    // The exit at 0 has left the window: four in the last minute, not five.
    expect(policy.onExit(1, 60_000, false)).toEqual({ action: 'restart', delayMs: 8_000, exits: 4 });
  });

  it('starts the back-off again after a quiet minute', () => {
    const policy = new RestartPolicy();
    policy.onExit(1, 0, false);
    policy.onExit(1, 2_000, false);
    expect(policy.onExit(1, 2_000 + 60_000, false)).toEqual({ action: 'restart', delayMs: 1_000, exits: 1 });
  });

  it('keeps each node\'s exits apart', () => {
    const policy = new RestartPolicy();
    for (const t of [0, 1, 2, 3]) policy.onExit(1, t, false);
    expect(policy.onExit(2, 4, false)).toEqual({ action: 'restart', delayMs: 1_000, exits: 1 });
    expect(policy.onExit(1, 5, false).action).toBe('give-up');
  });

  it('caps the delay', () => {
    const policy = new RestartPolicy({ crashLoopExits: 100, maxDelayMs: 5_000 });
    const delays = [0, 1, 2, 3, 4, 5].map((t) => policy.onExit(1, t, false)).map((d) => (d.action === 'restart' ? d.delayMs : -1));
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('never restarts while stopping, nor with restarts off, and neither counts as an exit', () => {
    const policy = new RestartPolicy();
    expect(policy.onExit(1, 0, true)).toEqual({ action: 'stay-down', reason: 'stopping' });
    const off = new RestartPolicy({ restart: false });
    expect(off.onExit(1, 0, false)).toEqual({ action: 'stay-down', reason: 'restart disabled' });
    expect(off.onExit(1, 0, true)).toEqual({ action: 'stay-down', reason: 'stopping' });
    expect(policy.onExit(1, 1, false)).toEqual({ action: 'restart', delayMs: 1_000, exits: 1 });
  });

  it('checks its options', () => {
    expect(DEFAULT_RESTART_POLICY.crashLoopExits).toBe(5);
    expect(DEFAULT_RESTART_POLICY.crashLoopWindowMs).toBe(60_000);
    expect(() => new RestartPolicy({ factor: 0.5 })).toThrow(RangeError);
    expect(() => new RestartPolicy({ crashLoopExits: 0 })).toThrow(RangeError);
    expect(() => new RestartPolicy({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
  });
});
