// A follower that was down while the leader wrote far past its cache trim
// catches up by appends read from the leader's LevelDB, not by a snapshot —
// as long as the entries are still on disk. Real LevelRaftStore, real host,
// in-process network that records what crosses it.
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType, type Entry, type NodeId, type Snapshot } from '../../src/core/types.js';
import type { RaftGroup, StateMachine } from '../../src/host/raft-group.js';
import { RaftHost } from '../../src/host/raft-host.js';
import { LevelRaftStore } from '../../src/storage/level-raft-store.js';
import { MemoryNetwork } from '../../src/transport/memory-transport.js';
import type { Transport } from '../../src/transport/transport.js';
import { cleanupHosts, leaderOf, stopNode, tempDir, track, waiter } from './host-fixture.js';

const GROUP = 'g1';
const ENTRY_BYTES = 48 * 1024;

/** Keeps every applied value; its snapshot is the list of them. */
class Machine implements StateMachine {
  applied: string[] = [];
  restores = 0;
  apply(entries: readonly Entry[]): void {
    for (const e of entries) if (e.data.byteLength > 0) this.applied.push(Buffer.from(e.data).subarray(0, 16).toString().trim());
  }
  restore(snapshot: Snapshot): void {
    this.restores++;
    this.applied = JSON.parse(Buffer.from(snapshot.data).toString()) as string[];
  }
}

interface Node {
  id: NodeId;
  dir: string;
  store: LevelRaftStore;
  host: RaftHost;
  machine: Machine;
}

/** What crossed the network: snapshots sent, and the entry bytes of each append. */
interface Traffic {
  snapshots: number;
  appendBytes: number[];
}

afterEach(cleanupHosts);
const waitFor = waiter(20_000);

function recording(t: Transport, traffic: Traffic): Transport {
  return {
    ...t,
    send: (to, messages) => {
      for (const { message } of messages) {
        if (message.type === MessageType.Snap) traffic.snapshots++;
        if (message.type === MessageType.App && message.entries.length > 0) {
          traffic.appendBytes.push(message.entries.reduce((s, e) => s + e.data.byteLength, 0));
        }
      }
      t.send(to, messages);
    },
  };
}

async function startNode(net: MemoryNetwork, traffic: Traffic, id: NodeId, dir: string): Promise<Node> {
  const store = await LevelRaftStore.open({ path: dir });
  const host = new RaftHost({ nodeId: id, store, transport: recording(net.transport(id), traffic), tickMs: 10, electionTicks: 10, heartbeatTicks: 2 });
  await host.start();
  const machine = new Machine();
  await host.addGroup({ groupId: GROUP, voters: [1, 2, 3], stateMachine: machine });
  return track({ id, dir, store, host, machine });
}

async function threeNodes() {
  const net = new MemoryNetwork();
  const traffic: Traffic = { snapshots: 0, appendBytes: [] };
  const nodes: Node[] = [];
  for (const id of [1, 2, 3]) {
    const dir = tempDir('eddy-raft-catchup-');
    nodes.push(await startNode(net, traffic, id, dir));
  }
  const leader = await waitFor('a leader', () => leaderOf(nodes, GROUP));
  const leaderNode = nodes.find((n) => n.host.group(GROUP) === leader) as Node;
  const follower = nodes.find((n) => n !== leaderNode) as Node;
  return { net, traffic, nodes, leader, leaderNode, follower };
}

/** `n` entries of ENTRY_BYTES each, proposed a few at a time. */
async function write(leader: RaftGroup, prefix: string, n: number): Promise<string[]> {
  const values = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  for (let i = 0; i < n; i += 10) {
    await Promise.all(values.slice(i, i + 10).map((v) => leader.propose(Buffer.concat([Buffer.from(v.padEnd(16)), Buffer.alloc(ENTRY_BYTES - 16, 1)]))));
  }
  return values;
}

/** Trims the leader's (and the live follower's) Raft cache at its applied index. */
async function compactAll(nodes: Node[], options: { deleteEntries?: boolean } = {}): Promise<number> {
  let leaderSnap = 0;
  for (const n of nodes) {
    const g = n.host.group(GROUP) as RaftGroup;
    await n.host.compact(GROUP, g.applied, Buffer.from(JSON.stringify(n.machine.applied)), options);
    if (g.isLeader) leaderSnap = g.applied;
  }
  return leaderSnap;
}

describe('catching up a far-behind follower', () => {
  it('sends appends read from the leader’s disk, not a snapshot, while the entries are still there', async () => {
    const { net, traffic, nodes, leader, leaderNode, follower } = await threeNodes();
    const before = await write(leader, 'a', 5);
    await waitFor('everyone has the first entries', () => nodes.every((n) => n.machine.applied.length === 5));
    await stopNode(follower);

    const during = await write(leader, 'b', 60);
    const snapIndex = await compactAll(nodes.filter((n) => n !== follower));
    const after = await write(leader, 'c', 30);
    const storage = leader.storage;
    // The cache was trimmed well past what the follower holds; the entries are on disk only.
    expect(storage.snapshotIndex).toBe(snapIndex);
    expect(storage.cachedEntries).toBeLessThan(40);
    expect(storage.firstIndex()).toBeLessThanOrEqual(2);
    expect(leader.node.raft.trk.progress.get(follower.id)!.match).toBeLessThan(snapIndex - 50);

    const sentBefore = traffic.appendBytes.length;
    const back = await startNode(net, traffic, follower.id, follower.dir);
    const all = [...before, ...during, ...after];
    await waitFor('the follower catches up', () => back.machine.applied.length === all.length);

    expect(traffic.snapshots).toBe(0);
    expect(back.machine.restores).toBe(0);
    expect(back.machine.applied).toEqual(all);
    // Its log holds every entry, identical to the leader's, and its storage knows it has no snapshot.
    const last = leader.storage.lastIndex();
    const theirs = await back.store.readEntries(GROUP, 1, last + 1);
    const ours = await leaderNode.store.readEntries(GROUP, 1, last + 1);
    expect(theirs.map((e) => e.index)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(theirs.map((e) => [e.term, Buffer.from(e.data).toString('base64')])).toEqual(ours.map((e) => [e.term, Buffer.from(e.data).toString('base64')]));
    expect((back.host.group(GROUP) as RaftGroup).storage.snapshotIndex).toBe(0);
    // Catch-up appends respect the size limit of one message (1 MiB; one entry always fits).
    const catchUp = traffic.appendBytes.slice(sentBefore);
    expect(Math.max(...catchUp)).toBeLessThanOrEqual(1024 * 1024);
    expect(catchUp.filter((b) => b > 10 * ENTRY_BYTES).length).toBeGreaterThan(0);

    // The leader restarts from its storage alone: it starts from its snapshot
    // (applying only what follows it) and still serves the older entries.
    await stopNode(leaderNode);
    const restarted = await startNode(net, traffic, leaderNode.id, leaderNode.dir);
    const g = restarted.host.group(GROUP) as RaftGroup;
    expect(g.storage.snapshotIndex).toBe(snapIndex);
    expect(g.storage.firstIndex()).toBeLessThanOrEqual(2);
    expect(restarted.machine.restores).toBe(1);
    await waitFor('the restarted node applies the rest', () => restarted.machine.applied.length === all.length);
    expect(restarted.machine.applied).toEqual(all);
    expect(g.storage.entries(2, 4, Infinity)?.map((e) => e.index)).toEqual([2, 3]);
  });

  it('sends a snapshot when the entries the follower needs were deleted', async () => {
    const { net, traffic, nodes, leader, follower } = await threeNodes();
    await write(leader, 'a', 5);
    await waitFor('everyone has the first entries', () => nodes.every((n) => n.machine.applied.length === 5));
    await stopNode(follower);
    await write(leader, 'b', 20);
    const snapIndex = await compactAll(
      nodes.filter((n) => n !== follower),
      { deleteEntries: true },
    );
    expect(leader.storage.firstIndex()).toBe(snapIndex + 1);
    await write(leader, 'c', 5);

    const back = await startNode(net, traffic, follower.id, follower.dir);
    await waitFor('the follower catches up', () => back.machine.applied.length === 30);
    expect(traffic.snapshots).toBeGreaterThan(0);
    expect(back.machine.restores).toBe(1);
    const g = back.host.group(GROUP) as RaftGroup;
    expect(g.storage.snapshotIndex).toBeGreaterThanOrEqual(snapIndex);
    // Its own older entries are still on disk but below a gap: never offered to Raft.
    expect(g.storage.firstIndex()).toBe(g.storage.snapshotIndex + 1);
  });
});
