import { describe, expect, it } from 'vitest';
import { SessionTracker } from '../src/session/session-tracker.js';

describe('SessionTracker', () => {
  it('heartbeats extend a session; expired() lists sessions past their deadline with the epoch seen', () => {
    const s = new SessionTracker(1000);
    s.heartbeat(1, 10, 0);
    s.heartbeat(2, 20, 500);
    expect(s.expired(999)).toEqual([]);
    expect(s.expired(1000)).toEqual([{ nodeId: 1, epoch: 10 }]);
    s.heartbeat(1, 10, 900);
    expect(s.expired(1499)).toEqual([]);
    expect(s.expired(2000)).toEqual([
      { nodeId: 2, epoch: 20 },
      { nodeId: 1, epoch: 10 },
    ]);
  });

  it('a new epoch replaces the session; removed sessions never expire', () => {
    const s = new SessionTracker(100);
    s.heartbeat(1, 1, 0);
    s.heartbeat(1, 2, 50);
    expect(s.expired(150)).toEqual([{ nodeId: 1, epoch: 2 }]);
    s.remove(1);
    expect(s.has(1)).toBe(false);
    expect(s.expired(10_000)).toEqual([]);
  });

  it('resetAll gives every node a fresh session (a newly active controller)', () => {
    const s = new SessionTracker(100);
    s.heartbeat(9, 1, 0);
    s.resetAll(
      [
        { nodeId: 1, epoch: 3 },
        { nodeId: 2, epoch: 4 },
      ],
      1000,
    );
    expect(s.has(9)).toBe(false);
    expect(s.expired(1099)).toEqual([]);
    expect(s.expired(1100)).toHaveLength(2);
  });
});
