// First elections of many new groups that name their leader, on 3 hosts over
// real LevelDB stores: each group elects exactly its named leader with one
// uncontested campaign (no other replica ever asks for a vote, every term is
// 1), the named leader runs a bounded number of campaigns at a time, and the
// other replicas hold their clocks even while the named leader's node creates
// its replicas late. After a whole-cluster restart the reopened groups elect
// again, also where the named leader's log fell behind. A replica stops
// waiting for a named leader that never speaks.
import { InvalidRequestError } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType, type NodeId } from '../../src/core/types.js';
import type { GroupOptions } from '../../src/host/raft-group.js';
import { RaftHost } from '../../src/host/raft-host.js';
import { LevelRaftStore } from '../../src/storage/level-raft-store.js';
import { MemoryNetwork } from '../../src/transport/memory-transport.js';
import type { Transport } from '../../src/transport/transport.js';
import { Recorder, cleanupHosts, leaderOf, stopNode, tempDir, track, waiter } from './host-fixture.js';

afterEach(cleanupHosts);
const waitFor = waiter(30_000);

const TICK_MS = 10;
const ELECTION_TICKS = 30;
const WINDOW = 32;

interface Node {
  id: NodeId;
  store: LevelRaftStore;
  host: RaftHost;
  /** Groups for which this node asked for a (pre)vote. */
  campaignedIn: Set<string>;
  /** The most campaigns this node's host ran at once, sampled at every send. */
  maxCampaigning: { n: number };
}

function watching(t: Transport, seen: Pick<Node, 'campaignedIn' | 'maxCampaigning'>, host: () => RaftHost): Transport {
  return {
    ...t,
    send: (to, messages) => {
      for (const { group, message } of messages) {
        if (message.type === MessageType.PreVote || message.type === MessageType.Vote) seen.campaignedIn.add(group);
      }
      seen.maxCampaigning.n = Math.max(seen.maxCampaigning.n, host().firstElections.campaigning);
      t.send(to, messages);
    },
  };
}

async function startNode(net: MemoryNetwork, id: NodeId, electionTicks = ELECTION_TICKS, dir = tempDir('eddy-raft-first-')): Promise<Node> {
  const store = await LevelRaftStore.open({ path: dir });
  const seen = { campaignedIn: new Set<string>(), maxCampaigning: { n: 0 } };
  const host: RaftHost = new RaftHost({
    nodeId: id,
    store,
    transport: watching(net.transport(id), seen, () => host),
    tickMs: TICK_MS,
    electionTicks,
    firstElectionWindow: WINDOW,
  });
  const node = track({ id, store, host, ...seen });
  await host.start();
  return node;
}

const named = (count: number, leaderOfIndex: (i: number) => NodeId): GroupOptions[] =>
  Array.from({ length: count }, (_, i) => ({ groupId: `g${i}`, voters: [1, 2, 3], leader: leaderOfIndex(i), stateMachine: new Recorder() }));

describe('first elections of groups with a named leader', () => {
  it('elect every named leader uncontested, a window at a time, while the other replicas wait for a late leader', async () => {
    const net = new MemoryNetwork();
    const nodes = [await startNode(net, 1), await startNode(net, 2), await startNode(net, 3)];
    const groups = named(300, (i) => (i % 3) + 1);
    // Nodes 2 and 3 create every group; node 1 (named leader of a third of
    // them) creates its replicas only three election timeouts later. Replicas
    // running their election clocks would have campaigned by then.
    await nodes[1]!.host.addGroups(groups);
    await nodes[2]!.host.addGroups(groups);
    await new Promise((r) => setTimeout(r, 3 * ELECTION_TICKS * TICK_MS));
    await nodes[0]!.host.addGroups(groups);

    await waitFor('every group has a leader', () => groups.every((g) => leaderOf(nodes, g.groupId)));
    await waitFor('every group quiesces on every node', () => nodes.every((n) => n.host.activeGroups === 0));
    for (const g of groups) {
      expect(leaderOf(nodes, g.groupId)?.node.raft.id, g.groupId).toBe(g.leader);
      // One campaign, one term: nobody else ever asked for a vote.
      for (const n of nodes) {
        expect(n.host.group(g.groupId)?.term, `${g.groupId} on node ${n.id}`).toBe(1);
        if (n.id !== g.leader) expect(n.campaignedIn.has(g.groupId), `node ${n.id} campaigned in ${g.groupId}`).toBe(false);
      }
    }
    for (const n of nodes) {
      expect(n.host.firstElections.stats).toEqual({ campaigns: 100, fallbacks: 0 });
      expect(n.maxCampaigning.n).toBeGreaterThan(0);
      expect(n.maxCampaigning.n).toBeLessThanOrEqual(WINDOW);
    }
  });

  it('reopened groups elect again after the whole cluster restarts, also where the named leader came back with a shorter log', async () => {
    const dirs = [1, 2, 3].map(() => tempDir('eddy-raft-first-'));
    const start = (net: MemoryNetwork, ids: NodeId[]) => Promise.all(ids.map((id) => startNode(net, id, 10, dirs[id - 1])));
    const count = 30;
    let nodes = await start(new MemoryNetwork(), [1, 2, 3]);
    for (const n of nodes) await n.host.addGroups(named(count, (i) => (i % 3) + 1));
    const ids = Array.from({ length: count }, (_, i) => `g${i}`);
    await waitFor('every group has a leader', () => ids.every((g) => leaderOf(nodes, g)));
    // Node 1 goes away; the groups it led elect node 2 or 3 and write on, so
    // node 1's logs fall behind theirs.
    await stopNode(nodes[0]!);
    const survivors = nodes.slice(1);
    await waitFor('every group has a leader on node 2 or 3', () => ids.every((g) => leaderOf(survivors, g)), 30_000);
    for (const g of ids) await leaderOf(survivors, g)!.propose(Buffer.from('after node 1 left'));
    for (const n of survivors) await stopNode(n);

    // Everything restarts at once: no group knows a leader. Node 1 campaigns
    // for the groups named after it, but those who hold more log refuse it and
    // must not wait for it.
    nodes = await start(new MemoryNetwork(), [1, 2, 3]);
    for (const n of nodes) await n.host.addGroups(named(count, (i) => (i % 3) + 1));
    await waitFor('every group has a leader after the restart', () => ids.every((g) => leaderOf(nodes, g)), 30_000);
    for (let i = 0; i < count; i++) {
      const leader = leaderOf(nodes, `g${i}`)!;
      if (i % 3 === 0) expect(leader.node.raft.id, `g${i}`).not.toBe(1); // its log is behind: it cannot have won
      await leader.propose(Buffer.from('after the restart'));
    }
  });

  it('stops waiting for a named leader that never speaks, and refuses a leader that is not a voter', async () => {
    const net = new MemoryNetwork();
    const nodes = [await startNode(net, 2, 10), await startNode(net, 3, 10)];
    // Node 1 never starts: after ten election timeouts without word from it
    // the replicas waiting for it run their clocks and elect among themselves.
    const groups = named(20, () => 1);
    for (const n of nodes) await n.host.addGroups(groups);
    await waitFor('every group has a leader on node 2 or 3', () => groups.every((g) => leaderOf(nodes, g.groupId)));
    expect(nodes.reduce((s, n) => s + n.host.firstElections.stats.fallbacks, 0)).toBeGreaterThan(0);

    const bad = { groupId: 'bad', voters: [2, 3], leader: 1, stateMachine: new Recorder() };
    await expect(nodes[0]!.host.addGroup(bad)).rejects.toThrow(InvalidRequestError);
    await expect(nodes[0]!.host.addGroup(bad)).rejects.toThrow(/named leader 1 is not one of its voters \(2, 3\)/);
  });
});
