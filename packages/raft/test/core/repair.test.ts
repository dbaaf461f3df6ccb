// A replica whose storage lost entries it may have acknowledged (a damaged
// disk: InitialState.repairUntil) must not vote or campaign until it holds
// them again — Raft's safety (Raft paper §5.4, Election Safety and Leader
// Completeness) assumes a voter never forgets what it acknowledged — and the
// leader must send the lost entries again although its match for the replica
// is above the replica's log (docs/architecture.md §5.1).
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/core/memory-storage.js';
import { RawNode } from '../../src/core/raw-node.js';
import { MessageType, message, type Message, type NodeId } from '../../src/core/types.js';
import { mustSync } from '../../src/driver/ready-pass.js';
import { Prng } from '../../src/sim/prng.js';
import { Cluster } from '../helpers.js';

/** A 3-node group led by node 1 with `n` entries committed everywhere; returns the last index. */
function groupWith(n: number, opts: ConstructorParameters<typeof Cluster>[1] = {}): { c: Cluster; last: number } {
  const c = new Cluster([1, 2, 3], opts);
  c.campaign(1);
  for (let i = 0; i < n; i++) c.propose(1, `v${i}`);
  const last = c.raft(1).raftLog.lastIndex();
  for (const id of [2, 3]) expect(c.raft(id).raftLog.committed).toBe(last);
  return { c, last };
}

/** Node `id` restarts having lost every entry after `keep`; returns its repairUntil. */
function damage(c: Cluster, id: NodeId, keep: number): number {
  const until = c.node(id).storage.loseEntriesAfter(keep);
  c.restart(id);
  return until;
}

/** Steps `m` into a node outside any cluster and returns what it sends. */
function answers(raw: RawNode, m: Message): Message[] {
  raw.step(m);
  if (!raw.hasReady()) return [];
  const rd = raw.ready();
  raw.advance();
  return [...rd.earlyMessages, ...rd.messages];
}

function storageRepairingUntil(until: number): MemoryStorage {
  const s = new MemoryStorage({ voters: [1, 2, 3], learners: [] });
  s.append([
    { term: 1, index: 1, type: 'normal', data: new Uint8Array(0) },
    { term: 1, index: 2, type: 'normal', data: new Uint8Array(0) },
  ]);
  s.setHardState({ term: 1, vote: 0, commit: 2 });
  s.setRepairUntil(until);
  return s;
}

function node(storage: MemoryStorage, opts: { preVote?: boolean } = {}): RawNode {
  return new RawNode({ id: 2, electionTick: 10, heartbeatTick: 1, storage, random: new Prng(7), preVote: opts.preVote ?? false });
}

describe('a repairing replica (InitialState.repairUntil)', () => {
  it('is repairing only while its commit index is below repairUntil', () => {
    expect(node(storageRepairingUntil(5)).repairing).toBe(true);
    expect(node(storageRepairingUntil(5)).repairUntil).toBe(5);
    expect(node(storageRepairingUntil(2)).repairing).toBe(false);
    expect(node(storageRepairingUntil(2)).repairUntil).toBe(0);
    expect(node(storageRepairingUntil(0)).repairing).toBe(false);
  });

  it('grants no votes and no pre-votes, even to a candidate whose log is ahead of its own', () => {
    for (const type of [MessageType.Vote, MessageType.PreVote]) {
      const healthy = node(storageRepairingUntil(0));
      const repairing = node(storageRepairingUntil(5));
      const ask = (): Message => message({ type, from: 3, to: 2, term: 2, index: 9, logTerm: 1 });
      const granted = answers(healthy, ask()).find((m) => m.type === (type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp));
      expect(granted?.reject).toBe(false);
      const refused = answers(repairing, ask()).find((m) => m.type === (type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp));
      expect(refused?.reject).toBe(true);
      expect(repairing.raft.vote).toBe(0);
    }
  });

  it('does not campaign on a Hup, an election timeout or its leader\'s TimeoutNow', () => {
    const { c, last } = groupWith(4);
    damage(c, 2, last - 2);
    const r2 = c.raft(2);
    expect(r2.repairing).toBe(true);
    c.isolate(2);
    const term = r2.term;
    c.campaign(2);
    c.tick(2, 50);
    expect(r2.state).toBe('follower');
    expect(r2.term).toBe(term);
    // The leader hands leadership over: a repairing voter ignores TimeoutNow.
    c.recover();
    c.node(2).raw.step(message({ type: MessageType.TimeoutNow, from: 1, to: 2, term: c.raft(1).term }));
    c.settle();
    expect(r2.state).toBe('follower');
    expect(c.leaders()).toEqual([1]);
  });

  it('becomes a voter again once its commit index reaches repairUntil', () => {
    const { c, last } = groupWith(4);
    const until = damage(c, 2, last - 3);
    expect(until).toBe(last);
    expect(c.raft(2).repairing).toBe(true);
    c.propose(1, 'after');
    expect(c.raft(2).raftLog.committed).toBeGreaterThanOrEqual(until);
    expect(c.raft(2).repairing).toBe(false);
    expect(c.node(2).raw.repairUntil).toBe(0);
    // It votes and campaigns again.
    c.campaign(2);
    expect(c.leaders()).toEqual([2]);
  });
});

describe('the end of a repair is durable at once', () => {
  it('the Ready whose commit reaches repairUntil says so, and the driver writes it instead of deferring it', () => {
    const s = storageRepairingUntil(4);
    s.append([
      { term: 1, index: 3, type: 'normal', data: new Uint8Array(0) },
      { term: 1, index: 4, type: 'normal', data: new Uint8Array(0) },
    ]);
    const raw = node(s);
    expect(raw.repairing).toBe(true);
    // A heartbeat of the leader (which holds it all) commits 3, then 4.
    const beat = (commit: number): void => void raw.step(message({ type: MessageType.Heartbeat, from: 1, to: 2, term: 1, commit }));
    beat(3);
    const first = raw.ready();
    expect(first.hardState?.commit).toBe(3);
    expect(first.repaired).toBe(false);
    // Only the commit moved: the driver may leave it for the next write.
    expect(mustSync(first, s.hardStateNow())).toBe(false);
    raw.advance();
    beat(4);
    const second = raw.ready();
    expect(second.hardState?.commit).toBe(4);
    expect(second.repaired).toBe(true);
    expect(mustSync(second, s.hardStateNow())).toBe(true);
    raw.advance();
    expect(raw.repairing).toBe(false);
  });
});

describe('a leader repairs a regressed follower', () => {
  it('lowers its match for the follower, sends the lost entries again, and the follower catches up', () => {
    const { c, last } = groupWith(6);
    expect(c.raft(1).trk.progress.get(2)?.match).toBe(last);
    const before = c.appliedData(1);
    damage(c, 2, last - 4);
    expect(c.raft(2).raftLog.lastIndex()).toBe(last - 4);
    // The leader still believes node 2 holds everything: without the
    // regressed flag it would probe at match + 1 forever.
    expect(c.raft(1).trk.progress.get(2)?.match).toBe(last);
    const regressed: Message[] = [];
    c.filter = (m) => {
      if (m.type === MessageType.AppResp && m.regressed === true) regressed.push(m);
      return true;
    };
    c.propose(1, 'next');
    expect(regressed.length).toBeGreaterThan(0);
    expect(c.raft(2).raftLog.lastIndex()).toBe(c.raft(1).raftLog.lastIndex());
    expect(c.raft(2).raftLog.committed).toBe(c.raft(1).raftLog.committed);
    expect(c.raft(1).trk.progress.get(2)?.match).toBe(c.raft(1).raftLog.lastIndex());
    expect(c.appliedData(2)).toEqual([...before, 'next']);
    expect(c.raft(2).repairing).toBe(false);
  });

  it('also when the follower does not know it lost entries (no repair marker): a probe refused at match lowers it', () => {
    const { c, last } = groupWith(6);
    const before = c.appliedData(1);
    c.node(2).storage.loseEntriesAfter(last - 4);
    c.node(2).storage.setRepairUntil(0); // the disk dropped the write without a trace
    c.restart(2);
    expect(c.raft(2).repairing).toBe(false);
    expect(c.raft(1).trk.progress.get(2)?.match).toBe(last);
    c.propose(1, 'next');
    c.propose(1, 'after');
    expect(c.raft(2).raftLog.lastIndex()).toBe(c.raft(1).raftLog.lastIndex());
    expect(c.appliedData(2)).toEqual([...before, 'next', 'after']);
  });

  it('in an idle group: a heartbeat whose commit is above the follower\'s log makes it say where its log ends', () => {
    const { c, last } = groupWith(5);
    damage(c, 2, last - 3);
    expect(c.raft(2).repairing).toBe(true);
    c.tick(1, 3); // heartbeats only: nothing new to append
    expect(c.raft(2).raftLog.lastIndex()).toBe(last);
    expect(c.raft(2).raftLog.committed).toBe(last);
    expect(c.raft(2).repairing).toBe(false);
  });

  it('in a quiesced group: the repairing follower wakes the leader at its election timeout', () => {
    const { c, last } = groupWith(5, { quiesce: true });
    c.tickAll(3);
    expect(c.raft(1).quiesced).toBe(true);
    damage(c, 2, last - 3);
    // No heartbeats come; it may not campaign. Its election timeout (at most
    // twice electionTick) must still bring the lost entries back.
    for (let t = 0; t < 25 && c.raft(2).repairing; t++) c.tick(2);
    expect(c.raft(2).repairing).toBe(false);
    expect(c.raft(2).raftLog.lastIndex()).toBe(last);
    expect(c.leaders()).toEqual([1]);
  });

  it('sends a snapshot when the lost entries are compacted away on the leader', () => {
    const { c, last } = groupWith(8);
    const lead = c.node(1);
    lead.storage.createSnapshot(last - 1, c.raft(1).trk.confState(), new Uint8Array([1]));
    lead.storage.compact(last - 1);
    damage(c, 2, 2);
    const snaps: Message[] = [];
    c.filter = (m) => {
      if (m.type === MessageType.Snap) snaps.push(m);
      return true;
    };
    c.propose(1, 'next');
    expect(snaps.map((m) => m.to)).toEqual([2]);
    expect(c.raft(2).raftLog.lastIndex()).toBe(c.raft(1).raftLog.lastIndex());
    expect(c.raft(2).repairing).toBe(false);
  });
});

describe('the lost-acknowledgement counterexample (Raft paper §5.4.1)', () => {
  for (const opts of [{}, { preVote: true, checkQuorum: true }]) {
    it(`an entry committed by A and B, lost by B, is not lost when A is down and C campaigns (${JSON.stringify(opts)})`, () => {
      const c = new Cluster([1, 2, 3], opts);
      c.campaign(1);
      c.propose(1, 'before');
      // C misses 'x'; A and B commit it.
      c.isolate(3);
      c.propose(1, 'x');
      const m = c.raft(1).raftLog.lastIndex();
      expect(c.raft(1).raftLog.committed).toBe(m);
      expect(c.raft(2).raftLog.lastIndex()).toBe(m);
      // B's disk loses 'x'; A goes down.
      damage(c, 2, m - 1);
      c.recover();
      c.isolate(1);
      // C's log is as long as B's now: only B's repair rule keeps C out.
      for (let i = 0; i < 10; i++) {
        c.campaign(3);
        c.tickAll(5);
      }
      expect(c.raft(3).state).not.toBe('leader');
      expect(c.raft(2).state).not.toBe('leader');
      expect(c.raft(2).repairing).toBe(true);
      // A returns: a leader holding 'x' is elected and B repairs.
      c.recover();
      for (let t = 0; t < 100 && (c.leaders().length !== 1 || c.raft(2).repairing); t++) c.tickAll();
      const [lead] = c.leaders();
      expect(lead).toBeDefined();
      c.propose(lead as NodeId, 'after');
      for (const id of [1, 2, 3]) expect(c.appliedData(id)).toEqual(['before', 'x', 'after']);
      expect(c.raft(2).repairing).toBe(false);
    });
  }
});
