// The multi-raft host on real LevelDB stores with an in-process network:
// elections, commits, group commit across groups, restart from disk, catch-up.
import { afterEach, describe, expect, it } from 'vitest';
import { EntryType, type NodeId } from '../../src/core/types.js';
import { bestTransferTarget, handOffLeadership } from '../../src/host/hand-off.js';
import type { RaftGroup } from '../../src/host/raft-group.js';
import { RaftHost } from '../../src/host/raft-host.js';
import { mustSync } from '../../src/driver/ready-pass.js';
import { LevelRaftStore } from '../../src/storage/level-raft-store.js';
import { MemoryNetwork } from '../../src/transport/memory-transport.js';
import { Recorder, cleanupHosts, leaderOf, stopNode, tempDir, track, waiter } from './host-fixture.js';

interface TestNode {
  id: NodeId;
  dir: string;
  store: LevelRaftStore;
  host: RaftHost;
  machines: Map<string, Recorder>;
}

afterEach(cleanupHosts);
const waitFor = waiter(10_000);

async function startNode(net: MemoryNetwork, id: NodeId, dir: string, groups: string[], voters: NodeId[]): Promise<TestNode> {
  const store = await LevelRaftStore.open({ path: dir });
  const host = new RaftHost({ nodeId: id, store, transport: net.transport(id), tickMs: 10, electionTicks: 10, heartbeatTicks: 2 });
  await host.start();
  const machines = new Map<string, Recorder>();
  for (const g of groups) {
    const m = new Recorder();
    machines.set(g, m);
    await host.addGroup({ groupId: g, voters, stateMachine: m });
  }
  return track({ id, dir, store, host, machines });
}

async function cluster(groups: string[]) {
  const net = new MemoryNetwork();
  const ids = [1, 2, 3];
  const nodeDirs = ids.map(() => tempDir('eddy-raft-host-'));
  const nodes = await Promise.all(ids.map((id, i) => startNode(net, id, nodeDirs[i] as string, groups, ids)));
  return { net, ids, nodes };
}

describe('RaftHost', () => {
  it('elects a leader, commits proposals and applies them on every node in order', async () => {
    const { nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => leader.propose(Buffer.from(`v${i}`))));
    expect(results.map((r) => r.index)).toEqual([...results.map((r) => r.index)].sort((a, b) => a - b));
    const expected = Array.from({ length: 50 }, (_, i) => `v${i}`);
    for (const n of nodes) await waitFor(`node ${n.id} applies`, () => n.machines.get('g1')!.applied.length === 50);
    for (const n of nodes) expect(n.machines.get('g1')!.applied).toEqual(expected);
  });

  it('rejects proposals on a follower with NOT_LEADER naming the leader', async () => {
    const { nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    const follower = nodes.map((n) => n.host.group('g1')!).find((g) => !g.isLeader)!;
    await waitFor('follower knows the leader', () => follower.leaderId !== 0);
    await expect(follower.propose(Buffer.from('x'))).rejects.toMatchObject({ code: 'NOT_LEADER', details: { leaderId: leader.node.id } });
  });

  it('runs many groups and writes them together (group commit)', async () => {
    const groups = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const { nodes } = await cluster(groups);
    const leaders = await waitFor('leaders of all groups', () => {
      const ls = groups.map((g) => leaderOf(nodes, g));
      return ls.every(Boolean) ? (ls as RaftGroup[]) : undefined;
    });
    const before = nodes.map((n) => ({ ...n.host.stats }));
    await Promise.all(leaders.flatMap((l, i) => Array.from({ length: 10 }, (_, j) => l.propose(Buffer.from(`${i}-${j}`)))));
    for (const [i, g] of groups.entries()) {
      for (const n of nodes) await waitFor(`apply ${g} on ${n.id}`, () => n.machines.get(g)!.applied.length === 10);
      expect(nodes[0]!.machines.get(g)!.applied).toEqual(Array.from({ length: 10 }, (_, j) => `${i}-${j}`));
    }
    // 200 entries were written on each node in far fewer fsynced batches.
    for (const [k, n] of nodes.entries()) {
      const writes = n.host.stats.writes - before[k]!.writes;
      const entries = n.host.stats.entriesWritten - before[k]!.entriesWritten;
      expect(entries).toBeGreaterThanOrEqual(200);
      expect(writes).toBeLessThan(entries);
    }
  });

  it('survives the loss of the leader, keeps committed entries, and the restarted node catches up from disk', async () => {
    const { net, nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    for (let i = 0; i < 20; i++) await leader.propose(Buffer.from(`a${i}`));
    const dead = nodes.find((n) => n.host.group('g1') === leader)!;
    await stopNode(dead);
    const rest = nodes.filter((n) => n !== dead);
    const leader2 = await waitFor('a new leader', () => leaderOf(rest, 'g1'));
    for (let i = 0; i < 20; i++) await leader2.propose(Buffer.from(`b${i}`));

    const restarted = await startNode(net, dead.id, dead.dir, ['g1'], [1, 2, 3]);
    const expected = [...Array.from({ length: 20 }, (_, i) => `a${i}`), ...Array.from({ length: 20 }, (_, i) => `b${i}`)];
    await waitFor('restarted node catches up', () => restarted.machines.get('g1')!.applied.length === 40);
    expect(restarted.machines.get('g1')!.applied).toEqual(expected);
    for (const n of rest) expect(n.machines.get('g1')!.applied).toEqual(expected);
  });

  it('hands leadership to a live voter, and names no target once every other voter’s node is silent', async () => {
    const { nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    await leader.propose(Buffer.from('x'));
    const from = nodes.find((n) => n.host.group('g1') === leader)!;
    await waitFor('peers heard', () => from.host.livePeers().length === 2);
    expect(await handOffLeadership(leader, from.id, 5_000)).toBe(true);
    const leader2 = await waitFor('the new leader', () => leaderOf(nodes, 'g1'));
    const to = nodes.find((n) => n.host.group('g1') === leader2)!;
    expect(to.id).not.toBe(from.id);

    // Stop both other nodes: the new leader's host stops hearing them within an
    // election timeout, and then has nobody to hand the group to.
    expect(bestTransferTarget(leader2, to.id)).toBeDefined();
    for (const n of nodes) if (n !== to) await stopNode(n);
    await waitFor('peers silent', () => to.host.livePeers().length === 0);
    expect(to.host.isLive(from.id)).toBe(false);
    expect(bestTransferTarget(leader2, to.id)).toBeUndefined();
    // Still leading (or not) it resolves at once: false if it leads, true if CheckQuorum already deposed it.
    expect(await handOffLeadership(leader2, to.id, 60_000)).toBe(!leader2.isLeader);
  });

  it('serves linearizable read barriers on the leader', async () => {
    const { nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    const { index } = await leader.propose(Buffer.from('x'));
    await leader.readBarrier();
    expect(leader.applied).toBeGreaterThanOrEqual(index);
  });

  it('does not commit on a minority side of a partition, and heals', async () => {
    const { net, nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    const leaderNode = nodes.find((n) => n.host.group('g1') === leader)!;
    net.isolate(leaderNode.id, [1, 2, 3]);
    const stranded = leader.propose(Buffer.from('lost?')).then(
      () => 'committed',
      (e: Error & { code?: string }) => e.code,
    );
    const others = nodes.filter((n) => n !== leaderNode);
    const leader2 = await waitFor('majority elects', () => leaderOf(others, 'g1'));
    await leader2.propose(Buffer.from('majority'));
    net.heal();
    expect(await stranded).toBe('UNAVAILABLE');
    for (const n of nodes) await waitFor(`node ${n.id} converges`, () => n.machines.get('g1')!.applied.includes('majority'));
    for (const n of nodes) expect(n.machines.get('g1')!.applied).not.toContain('lost?');
  });
});

describe('opening a group', () => {
  it('gives a second opener with the same state machine the same group, and refuses one with another, while opening and once open', async () => {
    const node = await startNode(new MemoryNetwork(), 1, tempDir('eddy-raft-host-'), [], [1]);
    const m = new Recorder();
    const first = node.host.addGroup({ groupId: 'g', voters: [1], stateMachine: m });
    // While the first open is still loading the group's state, then after it.
    const again = node.host.addGroup({ groupId: 'g', voters: [1], stateMachine: m });
    await expect(node.host.addGroup({ groupId: 'g', voters: [1], stateMachine: new Recorder() })).rejects.toThrow(/raft group g is already open on node 1 with another state machine/);
    const g = await first;
    expect(await again).toBe(g);
    expect(await node.host.addGroup({ groupId: 'g', voters: [1], stateMachine: m })).toBe(g);
    await expect(node.host.addGroup({ groupId: 'g', voters: [1], stateMachine: new Recorder() })).rejects.toThrow(/another state machine/);
    // The group still applies to the state machine it was opened with.
    await waitFor('a leader', () => g.isLeader);
    await g.propose(Buffer.from('x'));
    await waitFor('applied', () => m.applied.includes('x'));
  });
});

describe('what a pass must fsync (ReadyPass mustSync over LevelGroupStorage)', () => {
  it('fsyncs entries, snapshots, terms and votes, and a commit about to apply a configuration change — not a commit alone', async () => {
    const dir = tempDir('eddy-raft-sync-');
    const store = await LevelRaftStore.open({ path: dir });
    try {
      const s = await store.openGroup('g');
      // A group is bootstrapped (its configuration written) before anything else.
      const boot = { snapshot: { metadata: { index: 0, term: 0, confState: { voters: [1], learners: [] } }, data: new Uint8Array(0) }, entries: [] };
      const bootOps: Parameters<typeof s.stage>[1] = [];
      s.stage(boot, bootOps);
      await store.write(bootOps);
      s.commitStaged(boot);
      const ops: Parameters<typeof s.stage>[1] = [];
      const hs = { term: 2, vote: 1, commit: 0 };
      s.stage({ entries: [], hardState: hs }, ops);
      await store.write(ops);
      s.commitStaged({ entries: [], hardState: hs });
      const entry = (index: number, type: EntryType) => ({ index, term: 2, type, data: new Uint8Array(0) });
      const none: ReturnType<typeof entry>[] = [];
      expect(mustSync({ entries: [entry(1, EntryType.Normal)], committedEntries: none }, s.durableHardState)).toBe(true);
      expect(mustSync({ entries: none, hardState: { term: 3, vote: 0, commit: 0 }, committedEntries: none }, s.durableHardState)).toBe(true);
      expect(mustSync({ entries: none, hardState: { term: 2, vote: 2, commit: 0 }, committedEntries: none }, s.durableHardState)).toBe(true);
      expect(mustSync({ entries: none, hardState: { term: 2, vote: 1, commit: 5 }, committedEntries: [entry(5, EntryType.Normal)] }, s.durableHardState)).toBe(false);
      expect(mustSync({ entries: none, hardState: { term: 2, vote: 1, commit: 5 }, committedEntries: [entry(5, EntryType.ConfChange)] }, s.durableHardState)).toBe(true);
      expect(mustSync({ entries: none, committedEntries: [entry(5, EntryType.ConfChange)] }, s.durableHardState)).toBe(true);
      // A deferred commit index goes to disk with the group's next write.
      s.deferHardState({ term: 2, vote: 1, commit: 5 });
      const next: Parameters<typeof s.stage>[1] = [];
      const five = [1, 2, 3, 4, 5].map((i) => entry(i, EntryType.Normal));
      s.stage({ entries: five }, next);
      await store.write(next);
      s.commitStaged({ entries: five });
      await store.close();
      const reopened = await LevelRaftStore.open({ path: dir });
      try {
        expect((await reopened.openGroup('g')).initialState().hardState).toEqual({ term: 2, vote: 1, commit: 5 });
      } finally {
        await reopened.close();
      }
    } finally {
      await store.close();
    }
  });

  it('applies a commit learnt while its pass waits on the disk at once, and still applies every entry once, in order, everywhere', async () => {
    const { nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    const leaderHost = nodes.find((n) => n.host.group('g1') === leader)!.host;
    // Keep proposals in flight until some commit was applied during a write
    // (followers' acknowledgements arrive while the leader writes newer entries).
    // Proposals keep arriving whatever commits (one per event-loop turn), so the
    // leader keeps writing newer entries while followers acknowledge older ones.
    let sent = 0;
    const proposals: Promise<unknown>[] = [];
    while (leaderHost.stats.earlyApplies === 0 && sent < 5000) {
      proposals.push(leader.propose(Buffer.from(`v${sent++}`)));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(proposals);
    expect(leaderHost.stats.earlyApplies).toBeGreaterThan(0);
    const expected = Array.from({ length: sent }, (_, i) => `v${i}`);
    for (const n of nodes) await waitFor(`node ${n.id} applies`, () => n.machines.get('g1')!.applied.length === sent);
    for (const n of nodes) expect(n.machines.get('g1')!.applied).toEqual(expected);
  });

  it('writes nothing for a Ready that only moves the commit index, while every proposal still commits and applies everywhere', async () => {
    const { nodes } = await cluster(['g1']);
    const leader = await waitFor('a leader', () => leaderOf(nodes, 'g1'));
    for (let i = 0; i < 20; i++) await leader.propose(Buffer.from(`v${i}`));
    for (const n of nodes) await waitFor(`node ${n.id} applies`, () => n.machines.get('g1')!.applied.length === 20);
    expect(nodes.reduce((sum, n) => sum + n.host.stats.deferredCommits, 0)).toBeGreaterThan(0);
  });
});
