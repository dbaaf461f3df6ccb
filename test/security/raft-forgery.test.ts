// Forged internal traffic against a real 3-node cluster: anyone who reaches a
// node's port can open a RaftService/Send stream and claim to be a peer. Each
// forgery below once killed a process, wedged elections or moved leadership;
// now every one is dropped at the transport: no process dies, the controller
// and its metadata do not change, and the cluster keeps serving.
import type * as grpc from '@grpc/grpc-js';
import type { wire } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/grpc.js';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import type { ServerCluster, ServerProcess } from '../support/server-cluster.js';
import { keyedBatch, type WireClient } from '../support/wire-client.js';

const CONTROLLER_GROUP = '__controller';

let fx: ClusterFixture | undefined;
let cluster: ServerCluster;
let wc: WireClient;

beforeAll(async () => {
  fx = await startCluster({ nodes: 3 });
  ({ cluster, wire: wc } = fx);
  // The servers create the internal topics by themselves shortly after start.
  await waitFor('__consumer_offsets', async () => (await topicNames()).includes('__consumer_offsets'));
}, 60_000);

afterAll(async () => {
  await fx?.close();
});

function describe_(): Promise<wire.DescribeClusterResponse__Output> {
  return wc.admin<wire.DescribeClusterResponse__Output>('describeCluster', {});
}

/** Opens a Send stream to `target`, writes the requests, ends it, and waits for the server's answer. */
async function forge(target: ServerProcess, requests: wire.SendRequest[]): Promise<void> {
  const c = client('RaftService', target.internalAddress) as unknown as grpc.Client & {
    send(cb: (err: grpc.ServiceError | null) => void): grpc.ClientWritableStream<wire.SendRequest>;
  };
  await new Promise<void>((resolve) => {
    const stream = c.send(() => resolve());
    stream.on('error', () => undefined);
    for (const r of requests) stream.write(r);
    stream.end();
  });
  c.close();
}

function msg(type: wire.RaftMessageType, from: number, to: number, extra: Partial<wire.RaftMessage> = {}): wire.RaftMessage {
  return { group: CONTROLLER_GROUP, type, from, to, ...extra };
}

async function topicNames(): Promise<string[]> {
  const listed = await wc.admin<wire.ListTopicsResponse__Output>('listTopics', { includeInternal: true });
  return listed.topics.map((t) => t.name).sort();
}

/** Every node process still running. */
function allAlive(): boolean {
  return cluster.nodes.every((n) => n.child !== undefined && n.child.exitCode === null && n.child.signalCode === null);
}

describe('forged RaftService traffic', () => {
  it('drops proposals, transfer requests, absurd terms, bad appends and garbage snapshots; no node dies and nothing changes', async () => {
    const before = await describe_();
    const active = before.activeControllerId;
    const controller = cluster.node(active);
    const followers = cluster.nodes.filter((n) => n.id !== active);
    const [f1, f2] = followers as [ServerProcess, ServerProcess];
    const topic = `forgery-${Date.now()}`;
    await wc.admin('createTopic', { name: topic, partitions: 1, replicationFactor: 3 });
    // Metadata reaches the node that answers a little after the create commits.
    const topicsBefore = await waitFor('the topic in metadata', async () => {
      const names = await topicNames();
      return names.includes(topic) && names;
    });

    // To the active controller, claiming to be a follower.
    await forge(controller, [
      // An empty proposal: the core throws on it ("empty proposal"), which once killed the process.
      { fromNode: f1.id, toNode: active, messages: [msg('RAFT_MESSAGE_TYPE_PROPOSE', f1.id, active)] },
      // A proposal with an entry: would append garbage to the metadata log.
      {
        fromNode: f1.id,
        toNode: active,
        messages: [msg('RAFT_MESSAGE_TYPE_PROPOSE', f1.id, active, { entries: [{ term: 0, index: 0, type: 'RAFT_ENTRY_TYPE_NORMAL', data: Buffer.from('not a metadata record') }] })],
      },
      // Leadership transfer to the forger.
      { fromNode: f1.id, toNode: active, messages: [msg('RAFT_MESSAGE_TYPE_TRANSFER_LEADER', f1.id, active)] },
      // A term past 2^53: term + 1 === term, and no election could succeed again.
      { fromNode: f1.id, toNode: active, messages: [msg('RAFT_MESSAGE_TYPE_VOTE', f1.id, active, { term: '9007199254740993', logTerm: '9007199254740993', index: '9007199254740993' })] },
      { fromNode: f1.id, toNode: active, heartbeats: [{ group: CONTROLLER_GROUP, term: '18446744073709551615', commit: 1 }] },
      // A message from one node on another node's stream.
      { fromNode: f1.id, toNode: active, messages: [msg('RAFT_MESSAGE_TYPE_APPEND_RESPONSE', f2.id, active, { term: 1 })] },
      // An append whose entries are not contiguous.
      {
        fromNode: f1.id,
        toNode: active,
        messages: [
          msg('RAFT_MESSAGE_TYPE_APPEND', f1.id, active, {
            term: 1,
            index: 1,
            entries: [
              { term: 1, index: 7, type: 'RAFT_ENTRY_TYPE_NORMAL', data: Buffer.alloc(1) },
              { term: 1, index: 3, type: 'RAFT_ENTRY_TYPE_NORMAL', data: Buffer.alloc(1) },
            ],
          }),
        ],
      },
      // Node id 0 and negative ids.
      { fromNode: 0, toNode: active, messages: [msg('RAFT_MESSAGE_TYPE_HEARTBEAT_RESPONSE', 0, active, { term: 1 })] },
      { fromNode: -5, toNode: active, messages: [msg('RAFT_MESSAGE_TYPE_HEARTBEAT_RESPONSE', -5, active, { term: 1 })] },
    ]);

    // To a follower: a TIMEOUT_NOW from the other follower (not its leader) would make it campaign at once.
    for (const term of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
      await forge(f2, [{ fromNode: f1.id, toNode: f2.id, messages: [msg('RAFT_MESSAGE_TYPE_TIMEOUT_NOW', f1.id, f2.id, { term })] }]);
    }
    // A snapshot with a huge term and garbage data, and one whose configuration is empty.
    await forge(f2, [
      {
        fromNode: active,
        toNode: f2.id,
        messages: [
          msg('RAFT_MESSAGE_TYPE_SNAPSHOT', active, f2.id, {
            term: '9007199254740993',
            snapshot: { index: '9007199254740993', term: '9007199254740993', voters: [1, 2, 3], offset: 0, data: Buffer.from('garbage'), done: true },
          }),
        ],
      },
      {
        fromNode: active,
        toNode: f2.id,
        messages: [msg('RAFT_MESSAGE_TYPE_SNAPSHOT', active, f2.id, { term: 1, snapshot: { index: 10, term: 1, voters: [], offset: 0, data: Buffer.from('x'), done: true } })],
      },
    ]);

    // Snapshots that pass every wire check (a plausible term, a real configuration) but whose
    // data no state machine can restore: installed, they would fail the node on every restart.
    await forge(f2, [
      {
        fromNode: active,
        toNode: f2.id,
        messages: [
          msg('RAFT_MESSAGE_TYPE_SNAPSHOT', active, f2.id, {
            term: 1000,
            snapshot: { index: 1_000_000, term: 1000, voters: cluster.nodes.map((n) => n.id), offset: 0, data: Buffer.from('garbage'), done: true },
          }),
        ],
      },
    ]);
    const md = await wc.metadata([topic]);
    const t = md.topics[0]!;
    const p0 = t.partitions[0]!;
    const follower = cluster.node(p0.replicas.find((r) => r !== p0.leaderId)!);
    await forge(follower, [
      {
        fromNode: p0.leaderId,
        toNode: follower.id,
        messages: [
          {
            ...msg('RAFT_MESSAGE_TYPE_SNAPSHOT', p0.leaderId, follower.id, {
              term: 1000,
              snapshot: { index: 1_000_000, term: 1000, voters: [...p0.replicas], offset: 0, data: Buffer.from('{"v":1}'), done: true },
            }),
            group: `p/${t.topicId}/0`,
          },
        ],
      },
    ]);

    // The cluster keeps working: an admin change commits through the same controller.
    const second = `${topic}-after`;
    await wc.admin('createTopic', { name: second, partitions: 1, replicationFactor: 3 });
    const after = await describe_();
    expect(allAlive()).toBe(true);
    expect(after.activeControllerId).toBe(active);
    // The metadata changed by the second topic only, not by a forged entry.
    const topicsAfter = await waitFor('the second topic in metadata', async () => {
      const names = await topicNames();
      return names.includes(second) && names;
    });
    expect(topicsAfter).toEqual([...topicsBefore, second].sort());
    // The partition whose follower was sent a bad snapshot still takes and serves records.
    await wc.produceUntilAcked(topic, 0, keyedBatch([{ key: 'k', value: 'after the forgeries' }]));
    expect((await wc.readAll(topic, 0)).map((r) => r.value)).toContain('after the forgeries');
    for (const n of cluster.nodes) expect(n.stderr.join('')).not.toMatch(/uncaught|empty proposal|FATAL/i);
  });
});
