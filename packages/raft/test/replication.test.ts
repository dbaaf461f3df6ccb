import { describe, expect, it } from 'vitest';
import { ConfChangeType, EntryType, MessageType, type Message } from '../src/index.js';
import { message } from '../src/core/types.js';
import { bytes, Cluster } from './helpers.js';

const logOf = (c: Cluster, id: number): string[] =>
  c
    .raft(id)
    .raftLog.allEntries()
    .map((e) => `${e.index}@${e.term}`);

describe('log replication (§5.3)', () => {
  it('commits a proposal on a majority and applies it everywhere', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.propose(1, 'a');
    c.propose(2, 'b'); // forwarded by a follower
    for (const id of [1, 2, 3]) expect(c.appliedData(id)).toEqual(['a', 'b']);
  });

  it("sends a leader's appends before its own write, and counts its own copy only once durable", () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    const leader = c.node(1);
    const follower = c.node(2);
    leader.raw.propose(bytes('x'));
    const rd = leader.raw.ready();
    const index = rd.entries[rd.entries.length - 1]!.index;
    // The appends may go out now, while the leader's disk write runs.
    expect(rd.earlyMessages.filter((m) => m.type === MessageType.App && m.entries.some((e) => e.index === index)).map((m) => m.to).sort()).toEqual([2, 3]);
    expect(rd.messages.some((m) => m.type === MessageType.App)).toBe(false);
    // Follower 2 persists and acknowledges; follower 3 is silent.
    follower.raw.step(rd.earlyMessages.find((m) => m.to === 2)!);
    const frd = follower.raw.ready();
    follower.storage.append(frd.entries);
    if (frd.hardState) follower.storage.setHardState(frd.hardState);
    follower.raw.advance();
    for (const m of [...frd.earlyMessages, ...frd.messages]) if (m.to === 1) leader.raw.step(m);
    // One durable copy of three: not committed while the leader's own write is unfinished.
    expect(leader.raw.raft.raftLog.committed).toBeLessThan(index);
    leader.storage.append(rd.entries);
    leader.raw.advance();
    expect(leader.raw.raft.raftLog.committed).toBe(index);
  });

  it('lets a Ready apply committed entries before its write only when they are durable already and none changes the configuration', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    const leader = c.node(1);
    // Entries committed and durable everywhere, then a new proposal: its Ready
    // carries new entries; a later Ready commits them without new entries.
    leader.raw.propose(bytes('a'));
    const first = leader.raw.ready();
    expect(first.mayApplyBeforePersist).toBe(false); // nothing committed to apply
    leader.storage.append(first.entries);
    for (const m of first.earlyMessages) c.node(m.to).raw.step(m);
    leader.raw.advance();
    for (const id of [2, 3]) {
      const f = c.node(id);
      const rd = f.raw.ready();
      f.storage.append(rd.entries);
      if (rd.hardState) f.storage.setHardState(rd.hardState);
      f.raw.advance();
      for (const m of rd.messages) leader.raw.step(m);
    }
    leader.raw.propose(bytes('b'));
    const second = leader.raw.ready();
    expect(second.committedEntries.map((e) => new TextDecoder().decode(e.data))).toEqual(['a']);
    expect(second.entries.map((e) => new TextDecoder().decode(e.data))).toEqual(['b']);
    expect(second.mayApplyBeforePersist).toBe(true); // 'a' is durable here; only 'b' is being written
    c.settle();
    // A follower handed entries and a commit covering them in one message must write first.
    const f3 = c.node(3);
    const last = f3.raw.raft.raftLog.lastIndex();
    const term = leader.raw.raft.term;
    f3.raw.step(
      message({ type: MessageType.App, from: 1, to: 3, term, index: last, logTerm: f3.raw.raft.raftLog.termOr0(last), commit: last + 1, entries: [{ index: last + 1, term, type: EntryType.Normal, data: bytes('c') }] }),
    );
    const rd3 = f3.raw.ready();
    expect(rd3.entries.map((e) => e.index)).toEqual([last + 1]);
    expect(rd3.committedEntries.map((e) => e.index)).toContain(last + 1);
    expect(rd3.mayApplyBeforePersist).toBe(false);
  });

  it('hands out commits learnt while a write is in progress only for entries durable here, once each, in order, never a configuration change', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    const leader = c.node(1);
    const dec = new TextDecoder();
    const data = (es: readonly { data: Uint8Array }[]) => es.map((e) => dec.decode(e.data));
    // Followers persist what they are sent and answer the leader at once.
    const followersAck = (msgs: readonly Message[]) => {
      for (const m of msgs) {
        const f = c.node(m.to);
        f.raw.step(m);
        const rd = f.raw.ready();
        f.storage.append(rd.entries);
        if (rd.hardState) f.storage.setHardState(rd.hardState);
        f.raw.advance();
        for (const r of [...rd.earlyMessages, ...rd.messages]) if (r.to === 1) leader.raw.step(r);
      }
    };
    leader.raw.propose(bytes('a'));
    const first = leader.raw.ready();
    // Both followers acknowledge 'a' while the leader's own write of it runs:
    // committed by a majority, but not durable here, so not handed out.
    followersAck(first.earlyMessages);
    const aIndex = first.entries[first.entries.length - 1]!.index;
    expect(leader.raw.raft.raftLog.committed).toBe(aIndex);
    expect(leader.raw.takeDurableCommitted()).toHaveLength(0);
    leader.storage.append(first.entries);
    leader.raw.advance();

    // The next write ('b') is in progress; 'a' is handed out by that Ready (applied before the write).
    leader.raw.propose(bytes('b'));
    const second = leader.raw.ready();
    expect(second.mayApplyBeforePersist).toBe(true);
    expect(data(second.committedEntries)).toEqual(['a']);
    expect(leader.raw.takeDurableCommitted()).toHaveLength(0); // 'b' is not durable here yet
    leader.storage.append(second.entries);
    leader.raw.advance();

    // 'c' is being written when the acknowledgements of 'b' arrive: 'b' is handed out at once.
    leader.raw.propose(bytes('c'));
    const third = leader.raw.ready();
    expect(third.committedEntries).toHaveLength(0);
    followersAck(second.earlyMessages);
    expect(data(leader.raw.takeDurableCommitted())).toEqual(['b']);
    expect(leader.raw.takeDurableCommitted()).toHaveLength(0); // once each
    followersAck(third.earlyMessages); // 'c' committed by the followers, not yet durable here
    expect(leader.raw.takeDurableCommitted()).toHaveLength(0);
    leader.storage.append(third.entries);
    leader.raw.advance();
    // The next Ready starts after what was handed out early.
    const fourth = leader.raw.ready();
    expect(data(fourth.committedEntries)).toEqual(['c']);
    leader.raw.advance();

    // A configuration change is never handed out early, nor anything after it.
    leader.raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 4 });
    leader.raw.propose(bytes('d'));
    const fifth = leader.raw.ready();
    leader.storage.append(fifth.entries);
    leader.raw.advance();
    followersAck(fifth.earlyMessages);
    expect(leader.raw.takeDurableCommitted()).toHaveLength(0);
    const sixth = leader.raw.ready();
    expect(sixth.committedEntries.map((e) => e.type)).toEqual([EntryType.ConfChange, EntryType.Normal]);
  });

  it('a single-voter leader commits its entry once durable, in the next Ready', () => {
    const c = new Cluster([1]);
    c.campaign(1);
    const n = c.node(1);
    n.raw.propose(bytes('solo'));
    const rd = n.raw.ready();
    expect(rd.entries.map((e) => new TextDecoder().decode(e.data))).toEqual(['solo']);
    expect(rd.committedEntries).toHaveLength(0);
    n.storage.append(rd.entries);
    n.raw.advance();
    expect(n.raw.ready().committedEntries.map((e) => new TextDecoder().decode(e.data))).toEqual(['solo']);
  });

  it('batches many proposals into one append per follower', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.delivered.length = 0;
    c.node(1).raw.proposeBatch(['a', 'b', 'c', 'd'].map((s) => new TextEncoder().encode(s)));
    c.settle();
    const apps = c.delivered.filter((m) => m.type === MessageType.App && m.entries.length > 0);
    expect(apps).toHaveLength(2);
    expect(apps.every((m) => m.entries.length === 4)).toBe(true);
    expect(c.appliedData(3)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a follower truncates conflicting uncommitted entries; fast backtracking skips a term per round trip', () => {
    const c = new Cluster([1, 2, 3]);
    c.campaign(1);
    c.propose(1, 'committed');
    c.isolate(1);
    for (let i = 0; i < 20; i++) c.propose(1, `lost${i}`); // only on 1, never committed
    c.campaign(2);
    c.propose(2, 'new');
    c.recover();
    c.delivered.length = 0;
    c.tick(2, 1); // heartbeat -> 1 steps down and is probed
    c.settle();
    expect(logOf(c, 1)).toEqual(logOf(c, 2));
    expect(c.appliedData(1)).toEqual(['committed', 'new']);
    const rejects = c.delivered.filter((m) => m.type === MessageType.AppResp && m.reject && m.from === 1);
    expect(rejects.length).toBeLessThanOrEqual(2);
  });

  it('pipelines appends in replicate state within the inflight window', () => {
    const c = new Cluster([1, 2, 3], { maxSizePerMsg: 1, maxInflightMsgs: 3 });
    c.campaign(1);
    // Hold back every response so the window fills.
    c.filter = (m: Message) => m.type !== MessageType.AppResp;
    c.delivered.length = 0;
    for (let i = 0; i < 10; i++) c.node(1).raw.propose(new TextEncoder().encode(`e${i}`));
    c.settle();
    const toTwo = c.delivered.filter((m) => m.type === MessageType.App && m.to === 2);
    expect(toTwo).toHaveLength(3);
    expect(c.raft(1).trk.progress.get(2)?.inflights.full()).toBe(true);
    c.recover();
    c.tick(1, 3); // heartbeat responses let appends flow again
    expect(c.appliedData(2)).toHaveLength(10);
  });

  it('§5.4.2 (Figure 8): an old-term entry is not committed by counting replicas', () => {
    const run = (bug: boolean) => {
      const c = new Cluster([1, 2, 3], { maxSizePerMsg: 1, knobs: bug ? { commitPreviousTermByCount: true } : {} });
      // (a) 1 leads term 1 and appends index 2 locally only.
      c.campaign(1);
      c.isolate(1);
      c.propose(1, 'old');
      c.recover();
      // (b) 3 wins term 2 with 2's vote and appends index 2 (term 2) locally only.
      c.isolate(1);
      c.filter = (m) => !(m.type === MessageType.App && m.from === 3);
      c.campaign(3);
      expect(c.raft(3).state).toBe('leader');
      const t3 = c.raft(3).term;
      c.recover();
      // (c) 3 is cut off; 1 wins a later term with 2's vote and replicates index 2
      // (term 1) to 2, but no append that 2 would accept past index 2 gets through.
      c.isolate(3);
      c.filter = (m) =>
        !(m.type === MessageType.App && m.from === 1 && m.entries.some((e) => e.index >= 3) && c.raft(m.to).raftLog.matchTerm(m.index, m.logTerm));
      c.restart(1); // it crashed: back as a follower from its durable log
      c.campaign(1);
      if (c.raft(1).state !== 'leader') c.campaign(1);
      expect(c.raft(1).state).toBe('leader');
      expect(c.raft(2).raftLog.term(2)).toBe(1);
      const committedOn1 = c.raft(1).raftLog.committed;
      // (d) 1 is cut off; 3 (last term t3 > 1) wins with 2's vote.
      c.recover();
      c.isolate(1);
      c.restart(3);
      c.campaign(3);
      if (c.raft(3).state !== 'leader') c.campaign(3);
      return { committedOn1, t3, c };
    };
    const good = run(false);
    expect(good.committedOn1).toBe(1); // index 2 (term 1) stays uncommitted
    expect(good.c.raft(3).state).toBe('leader');
    expect(good.c.raft(2).raftLog.term(2)).toBe(good.t3); // overwritten safely: it was never committed

    const bad = run(true);
    expect(bad.committedOn1).toBe(2); // the bug commits it...
    expect(bad.c.raft(3).state).toBe('leader');
    expect(bad.c.raft(3).raftLog.term(2)).not.toBe(1); // ...and a later leader lacks the committed entry
  });
});
