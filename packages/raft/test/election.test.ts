import { describe, expect, it } from 'vitest';
import { MessageType } from '../src/index.js';
import { Cluster } from './helpers.js';

describe('leader election (§5.2)', () => {
  it('a campaign with a majority of votes elects one leader that everyone follows', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    expect(c.leaders()).toEqual([1]);
    for (const id of [1, 2, 3]) {
      expect(c.raft(id).term).toBe(1);
      expect(c.raft(id).lead).toBe(1);
    }
  });

  it('randomized election timeouts elect exactly one leader from ticks alone', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const c = new Cluster([1, 2, 3, 4, 5], { seed });
      for (let t = 0; t < 60 && c.leaders().length === 0; t++) c.tickAll();
      expect(c.leaders()).toHaveLength(1);
    }
  });

  it('a node votes at most once per term', () => {
    const c = new Cluster([1, 2, 3]);
    c.isolate(3);
    c.campaign(1); // term 1, votes from 2
    const r2 = c.raft(2);
    expect(r2.vote).toBe(1);
    // Candidate 3 at the same term asks 2 for a vote: refused.
    c.recover();
    c.node(3).raw.campaign(); // 3 moves to term 1 too, where 2 already voted
    c.settle();
    expect(c.leaders()).toEqual([1]);
  });

  it('a candidate with a stale log cannot win (§5.4.1 up-to-date rule)', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.isolate(3);
    c.propose(1, 'x');
    c.recover();
    c.cut(3, 1);
    // 3 lacks 'x' (committed on 1 and 2): 2 rejects it; 1 is cut off.
    c.campaign(3);
    expect(c.raft(3).state).not.toBe('leader');
  });
});

describe('PreVote (thesis §9.6)', () => {
  it('a partitioned node that rejoins cannot depose a healthy leader', () => {
    const c = new Cluster([1, 2, 3], { preVote: true });
    c.campaign(1);
    const term = c.raft(1).term;
    c.isolate(3);
    // 3 keeps timing out; its pre-votes go nowhere and its term stays put.
    c.tick(3, 100);
    expect(c.raft(3).term).toBe(term);
    c.recover();
    c.tickAll(30);
    expect(c.leaders()).toEqual([1]);
    expect(c.raft(1).term).toBe(term);
  });

  it('without PreVote the same rejoin bumps the term and deposes the leader', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    const term = c.raft(1).term;
    c.isolate(3);
    c.tick(3, 100);
    expect(c.raft(3).term).toBeGreaterThan(term);
    c.recover();
    c.node(3).raw.campaign();
    c.settle();
    expect(c.raft(1).term).toBeGreaterThan(term);
    expect(c.raft(1).state).not.toBe('leader');
  });
});

describe('CheckQuorum', () => {
  it('a leader that cannot reach a quorum for an election timeout steps down', () => {
    const c = new Cluster([1, 2, 3], { checkQuorum: true });
    c.campaign(1);
    c.isolate(1);
    c.tick(1, 25);
    expect(c.raft(1).state).toBe('follower');
  });

  it('a leader that hears from a quorum stays leader', () => {
    const c = new Cluster([1, 2, 3], { checkQuorum: true });
    c.campaign(1);
    c.isolate(3);
    c.tick(1, 50);
    expect(c.raft(1).state).toBe('leader');
  });

  it('followers with a live leader ignore vote requests (leader lease)', () => {
    const c = new Cluster([1, 2, 3], { checkQuorum: true });
    c.campaign(1);
    const term = c.raft(1).term;
    c.isolate(3);
    c.tick(3, 100); // 3 campaigns alone; its term climbs
    expect(c.raft(3).term).toBeGreaterThan(term);
    c.recover();
    c.node(3).raw.campaign();
    c.settle();
    expect(c.raft(2).term).toBe(term);
    expect(c.leaders()).toContain(1);
  });
});

describe('durable votes', () => {
  const scenario = (forgetVote: boolean) => {
    const c = new Cluster([1, 2, 3], { knobs: { forgetVote } });
    c.isolate(3);
    c.filter = (m) => m.type !== MessageType.App; // 1's no-op does not reach 2: logs stay equal
    c.campaign(1); // 2 votes for 1 in term 1
    c.restart(2); // 2 crashes and comes back from its durable state
    c.recover();
    c.cut(3, 1);
    c.node(3).raw.campaign(); // 3 runs in term 1 too and asks 2
    c.settle();
    return c;
  };

  it('a restarted node remembers its vote and does not vote twice in a term', () => {
    const c = scenario(false);
    expect(c.raft(2).vote).toBe(1);
    expect(c.leaders()).toEqual([1]);
  });

  it('with the forget-vote bug knob, two leaders are elected in one term', () => {
    const c = scenario(true);
    expect(c.leaders().sort()).toEqual([1, 3]);
    expect(c.raft(1).term).toBe(c.raft(3).term);
  });
});

describe('election timer (§5.2)', () => {
  it('rejecting a higher-term vote adopts the term but does not reset the election timer', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.isolate(2);
    c.propose(1, 'x'); // 2 falls behind
    c.recover();
    c.cut(2, 1);
    c.raft(3).electionElapsed = 5;
    const term = c.raft(3).term;
    c.node(2).raw.campaign();
    c.settle();
    expect(c.raft(3).term).toBe(term + 1);
    expect(c.raft(3).vote).toBe(0);
    expect(c.raft(3).electionElapsed).toBe(5);
  });
});
