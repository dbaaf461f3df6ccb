import { describe, expect, it } from 'vitest';
import { ConfChangeType, MessageType } from '../src/index.js';
import { message } from '../src/core/types.js';
import { Cluster, bytes } from './helpers.js';

describe('snapshots and log compaction (§7)', () => {
  it('a follower behind the leader’s first index receives and installs a snapshot', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.isolate(3);
    for (let i = 0; i < 20; i++) c.propose(1, `e${i}`);
    const leader = c.node(1);
    const applied = c.raft(1).raftLog.applied;
    leader.storage.createSnapshot(applied, { voters: [1, 2, 3], learners: [] }, bytes('state@' + applied));
    leader.storage.compact(applied);
    c.recover();
    c.delivered.length = 0;
    c.tick(1, 2);
    expect(c.delivered.some((m) => m.type === MessageType.Snap && m.to === 3)).toBe(true);
    expect(c.node(3).storage.snapshot().metadata.index).toBe(applied);
    c.propose(1, 'after');
    expect(c.appliedData(3)).toEqual(['after']); // entries before the snapshot came inside it
    expect(c.raft(3).raftLog.lastIndex()).toBe(c.raft(1).raftLog.lastIndex());
  });

  it('a snapshot lost on the way is sent again once the follower has answered heartbeats for a while', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.isolate(3);
    for (let i = 0; i < 20; i++) c.propose(1, `e${i}`);
    const applied = c.raft(1).raftLog.applied;
    c.node(1).storage.createSnapshot(applied, { voters: [1, 2, 3], learners: [] }, bytes('state@' + applied));
    c.node(1).storage.compact(applied);
    c.recover();
    // Every snapshot to node 3 is lost; nobody reports it (the host cannot know).
    c.filter = (m) => !(m.type === MessageType.Snap && m.to === 3);
    c.delivered.length = 0;
    c.tick(1, 2);
    expect(c.raft(1).trk.progress.get(3)!.state).toBe('snapshot');
    // Node 3 keeps answering heartbeats; after the retry threshold the leader probes, and sends the snapshot again.
    c.filter = () => true;
    for (let t = 0; t < c.raft(1).snapshotRetryBeats * 2 + 4 && c.node(3).storage.snapshot().metadata.index !== applied; t++) c.tick(1, 1);
    expect(c.node(3).storage.snapshot().metadata.index).toBe(applied);
    c.propose(1, 'after');
    expect(c.appliedData(3)).toEqual(['after']);
  });
});

describe('membership changes (single-server, with learners)', () => {
  it('adds a learner, lets it catch up, promotes it, then the leader removes itself', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.propose(1, 'a');
    // The bootstrap configuration lives in the initial snapshot, not in the log,
    // so a joiner must start from a snapshot that carries the configuration.
    const applied = c.raft(1).raftLog.applied;
    c.node(1).storage.createSnapshot(applied, { voters: [1, 2, 3], learners: [] }, bytes('a'));
    c.node(1).storage.compact(applied);
    c.addEmptyNode(4);
    c.node(1).raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 4 });
    c.settle();
    c.tick(1, 3);
    expect(c.raft(1).trk.learners).toEqual([4]);
    expect(c.node(4).storage.snapshot().data).toEqual(bytes('a'));
    expect(c.raft(4).promotable()).toBe(false); // learners never campaign
    c.node(1).raw.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 4 });
    c.settle();
    expect(c.raft(1).trk.voters).toEqual([1, 2, 3, 4]);
    expect(c.raft(4).trk.voters).toEqual([1, 2, 3, 4]);
    // The leader removes itself: once applied it steps down, the rest elect a leader.
    c.node(1).raw.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 1 });
    c.settle();
    expect(c.raft(1).state).toBe('follower');
    expect(c.raft(2).trk.voters).toEqual([2, 3, 4]);
    for (let t = 0; t < 50 && c.leaders().length === 0; t++) c.tickAll();
    const [lead] = c.leaders();
    expect(lead).toBeDefined();
    expect([2, 3, 4]).toContain(lead);
    c.propose(lead ?? 2, 'b');
    expect(c.appliedData(4)).toEqual(['b']);
  });

  it('allows only one pending conf change: a second one becomes a no-op', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.addEmptyNode(4);
    c.addEmptyNode(5);
    c.isolate(1); // nothing commits, so the first change stays pending
    c.node(1).raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 4 });
    c.node(1).raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 5 });
    const ents = c.raft(1).raftLog.allEntries();
    expect(ents.filter((e) => e.type === 'confChange')).toHaveLength(1);
    c.recover();
    c.tick(1, 3);
    expect(c.raft(1).trk.learners).toEqual([4]);
  });
});

describe('leadership transfer', () => {
  it('transfers to an up-to-date follower with TimeoutNow', () => {
    const c = new Cluster([1, 2, 3], { preVote: true, checkQuorum: true });
    c.campaign(1);
    c.propose(1, 'a');
    c.node(1).raw.transferLeader(2);
    c.settle();
    expect(c.leaders()).toEqual([2]);
    c.propose(2, 'b');
    expect(c.appliedData(3)).toEqual(['a', 'b']);
  });

  it('a follower campaigns on TimeoutNow only from its leader, in its own term', () => {
    const c = new Cluster([1, 2, 3], { preVote: true, checkQuorum: true });
    c.campaign(1);
    c.propose(1, 'a');
    const term = c.raft(2).term;
    // From another follower, or from the leader but in another term: not a transfer.
    for (const m of [
      { from: 3, term },
      { from: 1, term: term + 1 },
      { from: 1, term: 0 },
    ]) {
      c.node(2).raw.step(message({ type: MessageType.TimeoutNow, to: 2, ...m }));
      c.settle();
      expect(c.leaders()).toEqual([1]);
      expect(c.raft(2).term).toBe(term);
    }
    c.node(2).raw.step(message({ type: MessageType.TimeoutNow, to: 2, from: 1, term }));
    c.settle();
    expect(c.leaders()).toEqual([2]);
  });

  it('refuses a second transfer while one is pending, drops proposals meanwhile, and aborts after an election timeout', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.isolate(3);
    c.propose(1, 'a'); // 3 falls behind and cannot catch up while cut off
    c.node(1).raw.transferLeader(3);
    c.settle();
    expect(c.raft(1).leadTransferee).toBe(3);
    c.node(1).raw.transferLeader(2);
    c.settle();
    expect(c.raft(1).leadTransferee).toBe(3);
    expect(c.leaders()).toEqual([1]);
    expect(c.node(1).raw.propose(bytes('x'))).toBe('proposal-dropped');
    c.tick(1, 10);
    expect(c.raft(1).leadTransferee).toBe(0);
    expect(c.leaders()).toEqual([1]);
    expect(c.node(1).raw.propose(bytes('y'))).toBeUndefined();
  });
});

describe('ReadIndex (thesis §6.4)', () => {
  it('the leader confirms leadership with a heartbeat round, then reports the read index', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.propose(1, 'a');
    c.delivered.length = 0;
    c.node(1).raw.readIndex(bytes('r1'));
    c.settle();
    expect(c.delivered.some((m) => m.type === MessageType.Heartbeat && m.context !== undefined)).toBe(true);
    expect(c.node(1).reads).toEqual([{ index: c.raft(1).raftLog.committed, context: 'r1' }]);
  });

  it('a follower’s read is forwarded to the leader and answered with the leader’s commit index', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.propose(1, 'a');
    c.node(3).raw.readIndex(bytes('r2'));
    c.settle();
    expect(c.node(3).reads).toEqual([{ index: c.raft(1).raftLog.committed, context: 'r2' }]);
  });

  it('a leader without quorum contact never answers', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.isolate(1);
    c.node(1).raw.readIndex(bytes('r3'));
    c.settle();
    c.tick(1, 5);
    expect(c.node(1).reads).toEqual([]);
  });

  it('a new leader defers reads until it has committed an entry of its own term', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.propose(1, 'a');
    // 2 wins, but no append response reaches it: its no-op stays uncommitted.
    c.filter = (m) => m.type !== MessageType.AppResp;
    c.campaign(2);
    expect(c.raft(2).state).toBe('leader');
    expect(c.raft(2).committedEntryInCurrentTerm()).toBe(false);
    c.node(2).raw.readIndex(bytes('r4'));
    c.settle();
    c.tick(2, 3);
    expect(c.node(2).reads).toEqual([]);
    c.recover();
    c.tick(2, 2);
    expect(c.raft(2).committedEntryInCurrentTerm()).toBe(true);
    expect(c.node(2).reads).toEqual([{ index: c.raft(2).raftLog.committed, context: 'r4' }]);
  });
});
