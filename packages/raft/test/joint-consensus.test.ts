// Joint consensus (Raft thesis §4.3): the joint quorum, the change rules, the
// conf-change entry codec (current, first format, hostile bytes), and whole
// clusters going through joint configurations.
import { describe, expect, it } from 'vitest';
import {
  applyConfChangeV2,
  confChangeKind,
  decodeConfChange,
  encodeConfChange,
  encodeLegacyConfChange,
  LEAVE_JOINT,
  MAX_CONF_CHANGE_BYTES,
} from '../src/core/conf-change.js';
import { ConfChangeOutcome } from '../src/core/raft.js';
import { jointCommittedIndex, jointVoteResult, VoteResult } from '../src/core/quorum.js';
import { ConfChangeTransition, ConfChangeType, EntryType, type ConfChangeV2, type ConfState, type NodeId } from '../src/core/types.js';
import { Prng } from '../src/sim/prng.js';
import { Cluster } from './helpers.js';

const add = (nodeId: NodeId) => ({ type: ConfChangeType.AddNode, nodeId });
const learner = (nodeId: NodeId) => ({ type: ConfChangeType.AddLearner, nodeId });
const remove = (nodeId: NodeId) => ({ type: ConfChangeType.RemoveNode, nodeId });
const votes = (granted: NodeId[], rejected: NodeId[] = []) => new Map<NodeId, boolean>([...granted.map((id) => [id, true] as const), ...rejected.map((id) => [id, false] as const)]);

describe('joint quorum', () => {
  const match = new Map<NodeId, number>([
    [1, 10],
    [2, 9],
    [3, 8],
    [4, 3],
    [5, 2],
    [6, 1],
  ]);
  const matchOf = (id: NodeId) => match.get(id) ?? 0;

  it('commits the smaller of the two majorities’ indexes', () => {
    expect(jointCommittedIndex([1, 2, 3], [], matchOf)).toBe(9);
    expect(jointCommittedIndex([4, 5, 6], [], matchOf)).toBe(2);
    expect(jointCommittedIndex([4, 5, 6], [1, 2, 3], matchOf)).toBe(2);
    expect(jointCommittedIndex([1, 2, 3], [1, 5, 6], matchOf)).toBe(2);
    // An overlapping pair decides by the lagging half.
    expect(jointCommittedIndex([1, 2, 4], [2, 3, 5], matchOf)).toBe(8);
  });

  it('wins a vote only with a majority of both halves, and loses it when either half is lost', () => {
    expect(jointVoteResult([1, 2, 3], [4, 5, 6], votes([1, 2]))).toBe(VoteResult.Pending);
    expect(jointVoteResult([1, 2, 3], [4, 5, 6], votes([1, 2, 4, 5]))).toBe(VoteResult.Won);
    expect(jointVoteResult([1, 2, 3], [4, 5, 6], votes([1, 2, 3], [4, 5]))).toBe(VoteResult.Lost);
    expect(jointVoteResult([1, 2, 3], [4, 5, 6], votes([4, 5, 6], [1, 2]))).toBe(VoteResult.Lost);
    expect(jointVoteResult([1, 2, 3], [], votes([1, 2]))).toBe(VoteResult.Won);
    expect(jointVoteResult([1, 2, 3], [3, 4], votes([1, 2, 3]))).toBe(VoteResult.Pending);
    expect(jointVoteResult([1, 2, 3], [3, 4], votes([1, 3, 4]))).toBe(VoteResult.Won);
  });
});

describe('conf change rules', () => {
  const cs3: ConfState = { voters: [1, 2, 3], learners: [4, 5] };

  it('a change of one voter (and any learners) is simple; of more, joint; empty, a leave', () => {
    expect(confChangeKind(cs3, { changes: [add(4)] })).toBe('simple');
    expect(confChangeKind(cs3, { changes: [learner(6), learner(7), remove(5)] })).toBe('simple');
    expect(confChangeKind(cs3, { changes: [add(4), remove(1)] })).toBe('enterJoint');
    expect(confChangeKind(cs3, { transition: ConfChangeTransition.Explicit, changes: [add(4)] })).toBe('enterJoint');
    expect(confChangeKind(cs3, LEAVE_JOINT)).toBe('leaveJoint');
  });

  it('enters C_old,new with the old voters outgoing, and leaves it for C_new', () => {
    const enter = applyConfChangeV2(cs3, { changes: [add(4), add(5), remove(1), learner(2)] });
    expect(enter).toEqual({
      ok: true,
      confState: { voters: [3, 4, 5], learners: [], votersOutgoing: [1, 2, 3], learnersNext: [2], autoLeave: true },
    });
    if (!enter.ok) return;
    expect(applyConfChangeV2(enter.confState, LEAVE_JOINT)).toEqual({ ok: true, confState: { voters: [3, 4, 5], learners: [2] } });
    const explicit = applyConfChangeV2(cs3, { transition: ConfChangeTransition.Explicit, changes: [add(4)] });
    expect(explicit.ok && explicit.confState).toEqual({ voters: [1, 2, 3, 4], learners: [5], votersOutgoing: [1, 2, 3] });
  });

  it('refuses what etcd refuses, with the reason', () => {
    const joint: ConfState = { voters: [3, 4, 5], learners: [], votersOutgoing: [1, 2, 3], autoLeave: true };
    const refused = (cs: ConfState, cc: ConfChangeV2) => {
      const r = applyConfChangeV2(cs, cc);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(refused(joint, { changes: [add(6), remove(3)] })).toMatch(/joint: leave it/);
    expect(refused(joint, { changes: [add(6)] })).toMatch(/joint: leave it/);
    expect(refused(cs3, LEAVE_JOINT)).toMatch(/not joint/);
    expect(refused(cs3, { changes: [remove(1), remove(2), remove(3)] })).toMatch(/every voter/);
    expect(refused({ voters: [1], learners: [] }, { changes: [remove(1)] })).toMatch(/every voter/);
    expect(refused(cs3, { changes: [add(0)] })).toMatch(/not a node id/);
    expect(refused(cs3, { changes: [add(-3)] })).toMatch(/not a node id/);
    expect(refused(cs3, { changes: [{ type: 'promote' as ConfChangeType, nodeId: 4 }] })).toMatch(/unknown change type/);
    expect(refused({ voters: [], learners: [] }, { transition: ConfChangeTransition.Explicit, changes: [add(1)] })).toMatch(/without voters/);
    expect(refused({ voters: [1, 2], learners: [2] }, { changes: [add(3)] })).toMatch(/inconsistent/);
  });

  it('keeps learners and voters apart, and a demoted voter voting until the leave', () => {
    const r = applyConfChangeV2({ voters: [1, 2, 3], learners: [] }, { changes: [learner(1), add(4), learner(4)] });
    // 4 added then made a learner in the same change; 1 demoted: one voter changed, so simple.
    expect(r).toEqual({ ok: true, confState: { voters: [2, 3], learners: [1, 4] } });
  });
});

describe('conf-change entry codec', () => {
  it('round-trips a change with the configuration it produces', () => {
    const cs: ConfState = { voters: [3, 4, 5], learners: [], votersOutgoing: [1, 2, 3], learnersNext: [2], autoLeave: true };
    const cc: ConfChangeV2 = { transition: ConfChangeTransition.Auto, changes: [add(4), add(5), remove(1), learner(2)] };
    expect(decodeConfChange(encodeConfChange(cc, cs))).toEqual({ ok: true, value: { change: cc, confState: cs } });
    expect(decodeConfChange(encodeConfChange(LEAVE_JOINT))).toEqual({ ok: true, value: { change: { transition: 'auto', changes: [] } } });
  });

  it('reads entries of the first format ({t, n}) as one simple change without a configuration', () => {
    for (const type of Object.values(ConfChangeType)) {
      expect(decodeConfChange(encodeLegacyConfChange({ type, nodeId: 7 }))).toEqual({ ok: true, value: { change: { changes: [{ type, nodeId: 7 }] } } });
    }
    expect(decodeConfChange(new TextEncoder().encode('{"t":"addNode","n":4}'))).toEqual({ ok: true, value: { change: { changes: [add(4)] } } });
  });

  it('refuses hostile bytes with a reason and never throws', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const bad = [
      new Uint8Array([0xff, 0xfe, 0x00]),
      enc(''),
      enc('null'),
      enc('[1,2]'),
      enc('"addNode"'),
      enc('{"t":"addNode"}'),
      enc('{"t":"addNode","n":"4"}'),
      enc('{"t":"addNode","n":1e400}'),
      enc('{"t":"addNode","n":4.5}'),
      enc('{"t":"rename","n":4}'),
      enc('{"v":3,"tr":"auto","c":[]}'),
      enc('{"v":2,"tr":"sideways","c":[]}'),
      enc('{"v":2,"tr":"auto","c":{"t":"addNode","n":4}}'),
      enc('{"v":2,"tr":"auto","c":[null]}'),
      enc(`{"v":2,"tr":"auto","c":[${Array.from({ length: 300 }, () => '{"t":"addNode","n":4}').join(',')}]}`),
      enc('{"v":2,"tr":"auto","c":[],"cs":{"v":[1],"l":[1],"o":[],"n":[],"a":false}}'),
      enc('{"v":2,"tr":"auto","c":[],"cs":{"v":[1],"l":[],"o":[],"n":[2],"a":false}}'),
      enc('{"v":2,"tr":"auto","c":[],"cs":{"v":[1],"l":[],"o":[],"n":[],"a":true}}'),
      enc('{"v":2,"tr":"auto","c":[],"cs":{"v":[0],"l":[],"o":[],"n":[],"a":false}}'),
      enc('{"v":2,"tr":"auto","c":[],"cs":{"v":[1,1],"l":[],"o":[],"n":[],"a":false}}'),
      enc('{"v":2,"tr":"auto","c":[],"cs":{"v":[1],"l":[],"o":[],"n":[]}}'),
      enc('{"v":2,"tr":"auto","c":[],"cs":[1,2]}'),
      enc('['.repeat(100_000)),
      new Uint8Array(MAX_CONF_CHANGE_BYTES + 1).fill(0x20),
    ];
    for (const data of bad) {
      const d = decodeConfChange(data);
      expect(d.ok, new TextDecoder().decode(data.subarray(0, 80))).toBe(false);
      if (!d.ok) expect(d.reason).toMatch(/^conf-change entry: /);
    }
    // And random bytes.
    const rng = new Prng(7);
    for (let i = 0; i < 2000; i++) {
      const data = new Uint8Array(rng.nextInt(64)).map(() => rng.nextInt(256));
      expect(() => decodeConfChange(data)).not.toThrow();
    }
  });
});

describe('a cluster through joint configurations', () => {
  /** Nodes 1-3 voters, 4 and 5 caught-up learners, 1 leading. */
  function withLearners(opts: { preVote?: boolean; checkQuorum?: boolean } = {}): Cluster {
    const c = new Cluster([1, 2, 3], opts);
    c.campaign(1);
    c.addEmptyNode(4);
    c.addEmptyNode(5);
    c.node(1).raw.proposeConfChange({ changes: [learner(4), learner(5)] });
    c.settle();
    c.tick(1, 3);
    expect(c.raft(1).trk.learners).toEqual([4, 5]);
    return c;
  }

  it('swaps two voters at once: every node goes through C_old,new and the leader leaves it by itself', () => {
    const c = withLearners();
    const seen: ConfState[] = [];
    c.node(1).raw.proposeConfChange({ changes: [add(4), add(5), remove(2), remove(3)] });
    const orig = c.node(2).raw.applyConfChangeEntry.bind(c.node(2).raw);
    c.node(2).raw.applyConfChangeEntry = (d) => {
      const r = orig(d);
      seen.push(r.confState);
      return r;
    };
    c.settle();
    c.tick(1, 3);
    expect(seen).toEqual([
      { voters: [1, 4, 5], learners: [], votersOutgoing: [1, 2, 3], autoLeave: true },
      { voters: [1, 4, 5], learners: [] },
    ]);
    for (const id of [1, 4, 5]) expect(c.node(id).raw.status().confState).toEqual({ voters: [1, 4, 5], learners: [] });
    c.propose(1, 'after');
    expect(c.appliedData(5)).toContain('after');
  });

  it('while joint, commits only with a majority of both halves', () => {
    const c = withLearners();
    c.node(1).raw.proposeConfChange({ transition: ConfChangeTransition.Explicit, changes: [add(4), add(5), remove(2), remove(3)] });
    c.settle();
    c.tick(1, 3);
    expect(c.raft(1).trk.confState()).toEqual({ voters: [1, 4, 5], learners: [], votersOutgoing: [1, 2, 3] });
    // The incoming majority (1, 4, 5) is reachable, the outgoing one is not: no commit.
    c.isolate(2);
    c.isolate(3);
    const before = c.raft(1).raftLog.committed;
    c.propose(1, 'x');
    c.tick(1, 3);
    expect(c.raft(1).raftLog.committed).toBe(before);
    // With node 2 back, both halves have a majority: it commits.
    c.recover();
    c.isolate(3);
    c.tick(1, 3);
    expect(c.raft(1).raftLog.committed).toBeGreaterThan(before);
    expect(c.appliedData(2)).toContain('x');
  });

  it('while joint, an election needs a majority of both halves', () => {
    const c = withLearners();
    c.node(1).raw.proposeConfChange({ transition: ConfChangeTransition.Explicit, changes: [add(4), add(5), remove(2), remove(3)] });
    c.settle();
    c.tick(1, 3);
    // The leader is gone; node 4 reaches only node 5: a majority of the
    // incoming half (1, 4, 5) but nobody of the outgoing one (1, 2, 3).
    c.isolate(1);
    c.cut(4, 2);
    c.cut(4, 3);
    c.cut(5, 2);
    c.cut(5, 3);
    c.campaign(4);
    expect(c.raft(4).state).not.toBe('leader');
    // With nodes 2 and 3 reachable it has both majorities.
    c.recover();
    c.isolate(1);
    c.campaign(4);
    expect(c.raft(4).state).toBe('leader');
    // The transition was explicit: the new leader stays joint until asked to leave.
    expect(c.raft(4).trk.votersOutgoing).toEqual([1, 2, 3]);
    c.node(4).raw.proposeConfChange(LEAVE_JOINT);
    c.settle();
    c.tick(4, 3);
    expect(c.raft(4).trk.confState()).toEqual({ voters: [1, 4, 5], learners: [] });
  });

  it('a new leader finds an auto-leave joint configuration and leaves it', () => {
    const c = withLearners();
    // The leader enters the joint configuration, and is cut off before its leave commits.
    c.filter = (m) => !(m.from === 1 && m.entries.some((e) => e.type === EntryType.ConfChange && new TextDecoder().decode(e.data).includes('"c":[]')));
    c.node(1).raw.proposeConfChange({ changes: [add(4), add(5), remove(2), remove(3)] });
    c.settle();
    c.tick(1, 3);
    expect(c.raft(2).trk.votersOutgoing).toEqual([1, 2, 3]);
    c.isolate(1);
    c.campaign(4);
    expect(c.raft(4).state).toBe('leader');
    c.tick(4, 3);
    expect(c.raft(4).trk.confState()).toEqual({ voters: [1, 4, 5], learners: [] });
    expect(c.raft(2).trk.confState()).toEqual({ voters: [1, 4, 5], learners: [] });
  });

  it('a leader that a joint change removes leads through it, then steps down; only incoming voters take transfers', () => {
    const c = withLearners({ preVote: true, checkQuorum: true });
    c.node(1).raw.proposeConfChange({ transition: ConfChangeTransition.Explicit, changes: [add(4), add(5), remove(1)] });
    c.settle();
    c.tick(1, 3);
    expect(c.raft(1).state).toBe('leader');
    expect(c.raft(1).trk.votersOutgoing).toEqual([1, 2, 3]);
    c.propose(1, 'while joint');
    expect(c.appliedData(4)).toContain('while joint');
    // Node 4 is an incoming voter: leadership moves to it.
    c.node(1).raw.transferLeader(4);
    c.settle();
    expect(c.leaders()).toEqual([4]);
    // Node 4 leads; a transfer to node 1, which is leaving, is refused.
    c.node(4).raw.transferLeader(1);
    c.settle();
    expect(c.leaders()).toEqual([4]);
    c.node(4).raw.proposeConfChange(LEAVE_JOINT);
    c.settle();
    c.tick(4, 3);
    expect(c.raft(4).trk.confState()).toEqual({ voters: [2, 3, 4, 5], learners: [] });
  });

  it('the leader removing itself in a joint change steps down once the leave applies', () => {
    const c = withLearners();
    c.node(1).raw.proposeConfChange({ changes: [add(4), remove(1), remove(2)] });
    c.settle();
    c.tick(1, 3);
    expect(c.raft(1).state).toBe('follower');
    expect(c.raft(3).trk.confState()).toEqual({ voters: [3, 4], learners: [5] });
    for (let t = 0; t < 60 && c.leaders().filter((id) => id !== 1 && id !== 2).length === 0; t++) c.tickAll();
    const lead = c.leaders().find((id) => id === 3 || id === 4);
    expect(lead).toBeDefined();
  });

  it('turns a refused change into a no-op, and a follower ignores a hostile conf-change entry', () => {
    const c = withLearners();
    const last = c.raft(1).raftLog.lastIndex();
    c.node(1).raw.proposeConfChange({ changes: [remove(1), remove(2), remove(3)] });
    const e = c.raft(1).raftLog.slice(last + 1, last + 2, Infinity)?.[0];
    expect(e?.type).toBe(EntryType.Normal);
    expect(c.node(1).raw.confChangeRefusal({ changes: [remove(1), remove(2), remove(3)] })).toEqual({ retry: false, reason: 'the change removes every voter' });
    const before = c.raft(2).trk.confState();
    const r = c.node(2).raw.applyConfChangeEntry(new Uint8Array([123, 0, 1, 2]));
    expect(r.outcome).toBe(ConfChangeOutcome.Ignored);
    expect(c.raft(2).trk.confState()).toEqual(before);
  });

  it('applies conf-change entries of the first format from an old log', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.addEmptyNode(4);
    // As an old leader wrote them: {t, n} without the configuration.
    c.node(1).raw.raft.step({
      type: 'propose',
      to: 0,
      from: 1,
      term: 0,
      logTerm: 0,
      index: 0,
      entries: [{ term: 0, index: 0, type: EntryType.ConfChange, data: encodeLegacyConfChange(learner(4)) }],
      commit: 0,
      reject: false,
      rejectHint: 0,
    });
    c.settle();
    // (The leader rewrites proposals with the configuration; an old log's entries have none:)
    const r = c.node(2).raw.applyConfChangeEntry(encodeLegacyConfChange(add(4)));
    expect(r.outcome).toBe(ConfChangeOutcome.Applied);
    expect(r.confState).toEqual({ voters: [1, 2, 3, 4], learners: [] });
    // A joiner, knowing no configuration, cannot apply them.
    expect(c.node(4).raw.applyConfChangeEntry(encodeLegacyConfChange(add(5))).outcome).toBe(ConfChangeOutcome.Ignored);
  });

  it('a joiner learns the configuration from the entries it is sent from index 1', () => {
    const c = withLearners();
    expect(c.raft(4).trk.confState()).toEqual({ voters: [1, 2, 3], learners: [4, 5] });
    expect(c.node(4).storage.snapshot().metadata.index).toBe(0); // no snapshot came
    expect(c.raft(4).promotable()).toBe(false);
  });
});
