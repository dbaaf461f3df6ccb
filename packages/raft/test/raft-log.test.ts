import { describe, expect, it } from 'vitest';
import { MemoryStorage, type Entry } from '../src/index.js';
import { RaftLog, Unstable } from '../src/internal.js';

const ent = (index: number, term: number, data = ''): Entry => ({ index, term, type: 'normal', data: new TextEncoder().encode(data) });
const terms = (log: RaftLog) => log.allEntries().map((e) => e.term);

function logWith(ts: number[]): RaftLog {
  const s = new MemoryStorage();
  s.append(ts.map((t, i) => ent(i + 1, t)));
  return new RaftLog(s);
}

describe('RaftLog', () => {
  it('maybeAppend accepts matching appends, truncates conflicts, and commits at most the last new index', () => {
    const log = logWith([1, 1, 2]);
    expect(log.maybeAppend(3, 2, 3, [])).toBe(3);
    expect(log.committed).toBe(3);
    // Mismatched previous entry: rejected.
    expect(log.maybeAppend(3, 3, 3, [ent(4, 3)])).toBeUndefined();
    // Conflict at 4 (not committed): replaced.
    log.append([ent(4, 2), ent(5, 2)]);
    expect(log.maybeAppend(3, 2, 10, [ent(4, 3)])).toBe(4);
    expect(terms(log)).toEqual([1, 1, 2, 3]);
    expect(log.committed).toBe(4); // min(leader commit 10, last new 4)
  });

  it('refuses to truncate a committed entry', () => {
    const log = logWith([1, 1, 2]);
    log.commitTo(3);
    expect(() => log.maybeAppend(1, 1, 3, [ent(2, 5)])).toThrow(/committed/);
  });

  it('findConflict finds the first new or mismatching entry', () => {
    const log = logWith([1, 2, 3]);
    expect(log.findConflict([ent(1, 1), ent(2, 2)])).toBe(0);
    expect(log.findConflict([ent(2, 2), ent(3, 4)])).toBe(3);
    expect(log.findConflict([ent(3, 3), ent(4, 4)])).toBe(4);
  });

  it('findConflictByTerm skips a whole term at once (fast backtracking hint)', () => {
    const log = logWith([1, 1, 2, 2, 2, 5, 5]);
    expect(log.findConflictByTerm(7, 3)).toEqual({ index: 5, term: 2 });
    expect(log.findConflictByTerm(7, 5)).toEqual({ index: 7, term: 5 });
    expect(log.findConflictByTerm(4, 1)).toEqual({ index: 2, term: 1 });
    expect(log.findConflictByTerm(4, 0)).toEqual({ index: 0, term: 0 });
  });

  it('up-to-date comparison (§5.4.1): higher last term wins, then longer log', () => {
    const log = logWith([1, 2, 2]);
    expect(log.isUpToDate(1, 3)).toBe(true);
    expect(log.isUpToDate(3, 2)).toBe(true);
    expect(log.isUpToDate(2, 2)).toBe(false);
    expect(log.isUpToDate(10, 1)).toBe(false);
  });

  it('commits only entries of the given term unless the test-only bug is on', () => {
    const log = logWith([1, 1, 2]);
    expect(log.maybeCommit(2, 2)).toBe(false);
    expect(log.maybeCommit(3, 2)).toBe(true);
    const bad = logWith([1, 1, 2]);
    expect(bad.maybeCommit(2, 2, true)).toBe(true);
  });

  it('serves committed entries from stable storage and the unstable tail together', () => {
    const log = logWith([1, 1]);
    log.append([ent(3, 2), ent(4, 2)]);
    log.commitTo(4);
    expect(log.nextCommittedEnts(1 << 20).map((e) => e.index)).toEqual([1, 2, 3, 4]);
    log.appliedTo(2);
    expect(log.nextCommittedEnts(1 << 20).map((e) => e.index)).toEqual([3, 4]);
    expect(log.nextCommittedEnts(1).map((e) => e.index)).toEqual([3]); // size limit keeps one
  });
});

describe('Unstable', () => {
  it('drops entries once persisted, unless they were replaced meanwhile', () => {
    const u = new Unstable(5);
    u.truncateAndAppend([ent(5, 1), ent(6, 1), ent(7, 1)]);
    u.stableTo(6, 1);
    expect(u.offset).toBe(7);
    expect(u.entries.map((e) => e.index)).toEqual([7]);
    u.truncateAndAppend([ent(7, 2)]);
    u.stableTo(7, 1); // stale: 7 is now term 2
    expect(u.entries).toHaveLength(1);
    u.truncateAndAppend([ent(4, 3)]); // before the offset: replaces everything
    expect(u.offset).toBe(4);
    expect(u.maybeLastIndex()).toBe(4);
  });
});

describe('MemoryStorage', () => {
  it('appends with truncation, snapshots, compacts and installs snapshots', () => {
    const s = new MemoryStorage({ voters: [1], learners: [] });
    s.append([ent(1, 1), ent(2, 1), ent(3, 1)]);
    s.append([ent(3, 2), ent(4, 2)]);
    expect([s.firstIndex(), s.lastIndex(), s.term(3)]).toEqual([1, 4, 2]);
    s.createSnapshot(3, { voters: [1], learners: [] }, new Uint8Array([7]));
    s.compact(3);
    expect(s.firstIndex()).toBe(4);
    expect(s.term(3)).toBe(2); // the compacted boundary keeps its term
    expect(s.term(2)).toBeUndefined();
    expect(s.entries(2, 4, 1 << 20)).toBeUndefined();
    expect(s.entries(4, 5, 1 << 20)?.map((e) => e.index)).toEqual([4]);
    s.applySnapshot({ metadata: { index: 10, term: 3, confState: { voters: [1, 2], learners: [] } }, data: new Uint8Array() });
    expect([s.firstIndex(), s.lastIndex(), s.term(10)]).toEqual([11, 10, 3]);
    expect(s.initialState().confState.voters).toEqual([1, 2]);
    expect(() => s.append([ent(13, 3)])).toThrow(/missing/);
  });
});

describe('restart with a lagging persisted commit index', () => {
  it('raises commit to the snapshot index and to the applied index it is given', async () => {
    const { RawNode } = await import('../src/index.js');
    const { Prng } = await import('../src/internal.js');
    const s = new MemoryStorage({ voters: [1, 2, 3], learners: [] });
    s.append([ent(1, 1), ent(2, 1), ent(3, 1), ent(4, 1)]);
    s.createSnapshot(2, { voters: [1, 2, 3], learners: [] }, new Uint8Array());
    s.compact(2);
    s.setHardState({ term: 1, vote: 1, commit: 1 }); // written lazily: behind the snapshot
    const n = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage: s, random: new Prng(1), applied: 3 });
    expect(n.raft.raftLog.committed).toBe(3);
    expect(n.raft.raftLog.applied).toBe(3);
  });
});
