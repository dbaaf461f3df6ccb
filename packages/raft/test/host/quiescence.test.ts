// Idle groups quiesce on real LevelDB stores: no ticks, no per-group
// messages; a proposal wakes a group; when a node dies, the groups it led
// elect new leaders on the word of node-level liveness alone.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeId } from '../../src/core/types.js';
import type { RaftGroup } from '../../src/host/raft-group.js';
import { RaftHost } from '../../src/host/raft-host.js';
import { LevelRaftStore } from '../../src/storage/level-raft-store.js';
import { MemoryNetwork } from '../../src/transport/memory-transport.js';
import type { MessageHandler, Transport } from '../../src/transport/transport.js';
import type { RaftStore } from '../../src/storage/raft-store.js';
import { Recorder, cleanupHosts, leaderOf, tempDir, track, waiter } from './host-fixture.js';

interface Node {
  id: NodeId;
  store: LevelRaftStore;
  host: RaftHost;
  machines: Map<string, Recorder>;
  /** Group messages (not pings) this node sent. */
  sent: { count: number };
}

afterEach(cleanupHosts);
const waitFor = waiter(20_000);

function counting(t: Transport, sent: { count: number }): Transport {
  return {
    ...t,
    send: (to, messages) => {
      sent.count += messages.length;
      t.send(to, messages);
    },
  };
}

const GROUPS = Array.from({ length: 30 }, (_, i) => `q${i}`);

async function cluster(): Promise<{ net: MemoryNetwork; nodes: Node[] }> {
  const net = new MemoryNetwork();
  const nodes: Node[] = [];
  for (const id of [1, 2, 3]) {
    const dir = tempDir('eddy-raft-quiesce-');
    const store = await LevelRaftStore.open({ path: dir });
    const sent = { count: 0 };
    const host = new RaftHost({ nodeId: id, store, transport: counting(net.transport(id), sent), tickMs: 10, electionTicks: 30, heartbeatTicks: 2 });
    await host.start();
    const machines = new Map<string, Recorder>();
    await host.addGroups(
      GROUPS.map((g) => {
        const m = new Recorder();
        machines.set(g, m);
        return { groupId: g, voters: [1, 2, 3], stateMachine: m };
      }),
    );
    nodes.push(track({ id, store, host, machines, sent }));
  }
  return { net, nodes };
}


describe('quiescence', () => {
  it('creates groups with shared bootstrap writes, quiesces them all when idle, and wakes one on a proposal', async () => {
    const { nodes } = await cluster();
    // 30 new groups per node, far fewer fsynced bootstrap writes.
    for (const n of nodes) expect(n.host.stats.bootstrapWrites).toBeLessThan(GROUPS.length / 3);

    await waitFor('every group has a leader', () => GROUPS.every((g) => leaderOf(nodes, g)));
    await waitFor('every group quiesces on every node', () => nodes.every((n) => n.host.activeGroups === 0));
    // Quiet means quiet: no group sends anything (node-level pings are not group
    // messages). The election timeout is long here (300 ms) so that a stall of a
    // loaded test machine is not taken for a dead peer, which wakes groups.
    // (Answers produced just before quiescing go out once their pass's fsync is done.)
    let last = '';
    await waitFor('the last answers are sent', async () => {
      await new Promise((r) => setTimeout(r, 100));
      const now = nodes.map((n) => n.sent.count).join();
      const settled = now === last;
      last = now;
      return settled;
    });
    const before = nodes.map((n) => n.sent.count);
    await new Promise((r) => setTimeout(r, 300));
    expect(nodes.map((n) => n.sent.count), `woken by liveness: ${nodes.map((n) => n.host.stats.leadersForgotten).join(',')}`).toEqual(before);

    const g = leaderOf(nodes, 'q7') as RaftGroup;
    await g.propose(Buffer.from('hello'));
    for (const n of nodes) await waitFor(`node ${n.id} applies`, () => n.machines.get('q7')!.applied.includes('hello'));
    await waitFor('the woken group quiesces again', () => nodes.every((n) => n.host.activeGroups === 0));
    // Reads confirm leadership through a quorum even from quiet.
    await (leaderOf(nodes, 'q3') as RaftGroup).readBarrier();
  });

  it('pings a quiet peer every two heartbeat intervals, and counts it dead one heartbeat interval past an election timeout', async () => {
    vi.useFakeTimers();
    try {
      let deliver: MessageHandler = () => undefined;
      const pings: NodeId[] = [];
      const transport: Transport = {
        start: (handler) => {
          deliver = handler;
          return Promise.resolve();
        },
        send: (to, messages) => {
          if (messages.length === 0) pings.push(to);
        },
        close: () => Promise.resolve(),
      };
      // No group is hosted, so the store is never used.
      const host = new RaftHost({ nodeId: 1, store: {} as RaftStore, transport, tickMs: 10, electionTicks: 10, heartbeatTicks: 2 });
      await host.start();
      host.notePeers({ voters: [1, 2], learners: [] });
      await vi.advanceTimersByTimeAsync(10);
      deliver(2, []); // heard from peer 2 in beat 1
      await vi.advanceTimersByTimeAsync(120); // beats 2..13
      // Pings in beats 4, 8 and 12: every pingTicks = 2 x heartbeatTicks beats, as nothing else went to peer 2.
      expect(pings).toEqual([2, 2, 2]);
      // Silent since beat 1: live through beat 13 (10 + 4 - 2 = 12 beats of silence), dead in beat 14.
      expect(host.isLive(2)).toBe(true);
      await vi.advanceTimersByTimeAsync(10);
      expect(host.isLive(2)).toBe(false);
      expect(host.livePeers()).toEqual([]);
      await host.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('elects new leaders for the quiesced groups of a node that dies', async () => {
    const { net, nodes } = await cluster();
    await waitFor('every group has a leader', () => GROUPS.every((g) => leaderOf(nodes, g)));
    await waitFor('every group quiesces on every node', () => nodes.every((n) => n.host.activeGroups === 0));
    // The node leading the most groups goes silent (its host stops; the network drops its traffic).
    const victim = nodes.reduce((a, b) => (a.host.leaderCount() >= b.host.leaderCount() ? a : b));
    const led = GROUPS.filter((g) => victim.host.group(g)?.isLeader);
    expect(led.length).toBeGreaterThan(0);
    net.isolate(victim.id, [1, 2, 3]);
    await victim.host.stop();
    const rest = nodes.filter((n) => n !== victim);

    await waitFor('the groups it led elect a leader among the rest', () => led.every((g) => leaderOf(rest, g)), 30_000);
    expect(rest.reduce((s, n) => s + n.host.stats.leadersForgotten, 0)).toBeGreaterThan(0);
    // And they work: a proposal commits on both survivors.
    const g = leaderOf(rest, led[0] as string) as RaftGroup;
    await g.propose(Buffer.from('after'));
    for (const n of rest) await waitFor(`node ${n.id} applies`, () => n.machines.get(led[0] as string)!.applied.includes('after'));
  });
});
