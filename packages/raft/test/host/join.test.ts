// A replica joining an existing group (RaftHost.addGroup with join: true) on
// real LevelDB stores: it learns the configuration from the entries it is
// sent from index 1 (the bootstrap snapshot at index 0 never reaches it) or
// from the leader's snapshot, is promoted by a joint change, and reopens with
// the right configuration after a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfChangeType, type NodeId, type Snapshot } from '../../src/core/types.js';
import type { RaftGroup } from '../../src/host/raft-group.js';
import { RaftHost } from '../../src/host/raft-host.js';
import { LevelRaftStore } from '../../src/storage/level-raft-store.js';
import { MemoryNetwork } from '../../src/transport/memory-transport.js';
import { Recorder, cleanupHosts, leaderOf, stopNode, tempDir, track, waiter } from './host-fixture.js';

afterEach(cleanupHosts);
const waitFor = waiter(10_000);
const GROUP = 'g';

/** Records applied entries; a snapshot holds the list so far. */
class ListMachine extends Recorder {
  restores = 0;
  restore(snapshot: Snapshot): void {
    this.restores++;
    this.applied.splice(0, this.applied.length, ...(JSON.parse(Buffer.from(snapshot.data).toString()) as string[]));
  }
}

interface Node {
  id: NodeId;
  dir: string;
  store: LevelRaftStore;
  host: RaftHost;
  machine: ListMachine;
  group: RaftGroup;
}

async function startNode(net: MemoryNetwork, id: NodeId, dir: string, options: { voters: NodeId[]; join?: boolean }): Promise<Node> {
  const store = await LevelRaftStore.open({ path: dir });
  const host = new RaftHost({ nodeId: id, store, transport: net.transport(id), tickMs: 10, electionTicks: 10, heartbeatTicks: 2 });
  await host.start();
  const machine = new ListMachine();
  const group = (await host.addGroup({ groupId: GROUP, voters: options.voters, join: options.join, stateMachine: machine })) as RaftGroup;
  return track({ id, dir, store, host, machine, group });
}

async function threeNodes() {
  const net = new MemoryNetwork();
  const nodes = await Promise.all([1, 2, 3].map((id) => startNode(net, id, tempDir('eddy-raft-join-'), { voters: [1, 2, 3] })));
  const leader = await waitFor('a leader', () => leaderOf(nodes, GROUP));
  for (let i = 0; i < 5; i++) await leader.propose(Buffer.from(`a${i}`));
  return { net, nodes, leader };
}

const learner = (nodeId: NodeId) => ({ type: ConfChangeType.AddLearner, nodeId });
const voter = (nodeId: NodeId) => ({ type: ConfChangeType.AddNode, nodeId });
const remove = (nodeId: NodeId) => ({ type: ConfChangeType.RemoveNode, nodeId });

describe('joining a group', () => {
  it('learns the configuration from entries sent from index 1, is promoted by a joint change, and reopens with it', async () => {
    const { net, nodes, leader } = await threeNodes();
    const joiner = await startNode(net, 4, tempDir('eddy-raft-join-'), { voters: [], join: true });
    expect(joiner.group.confState).toEqual({ voters: [], learners: [] });

    await leader.proposeConfChangeV2({ changes: [learner(4)] });
    await waitFor('the joiner applies the log', () => joiner.machine.applied.length === 5);
    expect(joiner.machine.applied).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(joiner.machine.restores).toBe(0);
    expect(joiner.group.storage.snapshotIndex).toBe(0); // no snapshot came: entries from index 1
    await waitFor('the joiner knows it is a learner', () => joiner.group.confState.learners.includes(4));
    expect(joiner.group.confState).toEqual({ voters: [1, 2, 3], learners: [4] });
    expect(joiner.group.node.raft.promotable()).toBe(false);
    const f = leader.followers().find((p) => p.nodeId === 4);
    expect(f).toMatchObject({ isLearner: true, state: 'replicate' });

    // Swap node 3 for node 4: two voters change, so a joint change, left by the leader itself.
    await leader.proposeConfChangeV2({ changes: [voter(4), remove(3)] });
    for (const n of [...nodes.filter((n) => n.id !== 3), joiner]) {
      await waitFor(`node ${n.id} leaves the joint configuration`, () => JSON.stringify(n.group.confState) === JSON.stringify({ voters: [1, 2, 4], learners: [] }));
    }
    const lead = await waitFor('a leader among 1, 2, 4', () => leaderOf([...nodes.filter((n) => n.id !== 3), joiner], GROUP));
    await lead.propose(Buffer.from('b'));
    await waitFor('the joiner applies as a voter', () => joiner.machine.applied.includes('b'));

    // A restart (with or without join) reopens the group as it is on disk:
    // replaying its committed log gives it the configuration back.
    await stopNode(joiner);
    const back = await startNode(net, 4, joiner.dir, { voters: [] });
    await waitFor('it replays its log', () => back.machine.applied.includes('b'));
    await waitFor('and has its configuration', () => JSON.stringify(back.group.node.raft.trk.confState()) === JSON.stringify({ voters: [1, 2, 4], learners: [] }));
    expect(back.group.confState).toEqual({ voters: [1, 2, 4], learners: [] });
  });

  it('learns the configuration from the leader’s snapshot when the log was compacted', async () => {
    const { net, nodes, leader } = await threeNodes();
    await leader.proposeConfChangeV2({ changes: [learner(4)] });
    await leader.propose(Buffer.from('b'));
    const l = nodes.find((n) => n.group === leader) as Node;
    await l.host.compact(GROUP, leader.applied, Buffer.from(JSON.stringify(l.machine.applied)), { deleteEntries: true });
    expect(l.group.storage.snapshot().metadata.confState).toEqual({ voters: [1, 2, 3], learners: [4] });

    const joiner = await startNode(net, 4, tempDir('eddy-raft-join-'), { voters: [], join: true });
    await waitFor('the joiner installs the snapshot', () => joiner.machine.restores === 1);
    expect(joiner.machine.applied).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b']);
    expect(joiner.group.confState).toEqual({ voters: [1, 2, 3], learners: [4] });
    await leader.propose(Buffer.from('c'));
    await waitFor('and follows the log after it', () => joiner.machine.applied.includes('c'));
  });

  it('a joining replica reopened before it heard anything makes up no configuration; a new group needs voters', async () => {
    const net = new MemoryNetwork();
    const dir = tempDir('eddy-raft-join-');
    const joiner = await startNode(net, 4, dir, { voters: [], join: true });
    await stopNode(joiner);
    // Reopened without join, naming voters: the group is on disk (empty), so no bootstrap.
    const back = await startNode(net, 4, dir, { voters: [4, 5, 6] });
    expect(back.group.confState).toEqual({ voters: [], learners: [] });
    expect(back.group.node.raft.promotable()).toBe(false);

    const store = await LevelRaftStore.open({ path: tempDir('eddy-raft-join-') });
    const host = new RaftHost({ nodeId: 7, store, transport: net.transport(7) });
    track({ store, host });
    await expect(host.addGroup({ groupId: 'other', voters: [], stateMachine: new Recorder() })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses changes the configuration does not allow, and a second change before the first applies', async () => {
    const { leader } = await threeNodes();
    await expect(leader.proposeConfChangeV2({ changes: [remove(1), remove(2), remove(3)] })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(leader.proposeConfChangeV2({ changes: [] })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const first = leader.proposeConfChangeV2({ changes: [learner(4)] });
    await expect(leader.proposeConfChangeV2({ changes: [learner(5)] })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await first;
  });
});
