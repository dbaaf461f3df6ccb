// Three controller processes (Raft over gRPC, LevelDB with fsync): topics
// created through the admin API survive a SIGKILL of the active controller,
// admin operations succeed again within seconds, and the restarted controller
// catches up from its disk and the quorum.
import type { EddyError, wire } from '@eddy/protocol';
import type * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { call, client } from '../support/grpc.js';
import { waitFor } from '../support/harness.js';
import { ServerCluster, type ServerProcess } from '../support/server-cluster.js';

let cluster: ServerCluster | undefined;
const clients: grpc.Client[] = [];
let heartbeats: NodeJS.Timeout | undefined;
afterEach(async () => {
  clearInterval(heartbeats);
  for (const c of clients.splice(0)) c.close();
  await cluster?.stop();
  cluster = undefined;
});

function admin(node: ServerProcess): grpc.Client {
  const c = client('AdminService', node.address);
  clients.push(c);
  return c;
}

const REDIRECT = new Set(['NOT_CONTROLLER', 'UNAVAILABLE', 'TIMEOUT']);

/** Sends an admin call to whichever controller is active, following NOT_CONTROLLER hints like a client would. */
async function adminCall<Res>(c: ServerCluster, method: string, request: object, timeoutMs = 20_000): Promise<Res> {
  const deadline = Date.now() + timeoutMs;
  let target = c.nodes.find((n) => n.child) as ServerProcess;
  for (;;) {
    try {
      return await call<Res>(admin(target), method, request, 3000);
    } catch (err) {
      const e = err as EddyError;
      // Only "ask someone else / try again" errors move on; NOT_ENOUGH_REPLICAS and
      // the like are the active controller's answer.
      if (!REDIRECT.has(e.code) || Date.now() > deadline) throw err;
      const hinted = e.details.leaderId ? c.nodes.find((n) => n.id === e.details.leaderId && n.child) : undefined;
      const alive = c.nodes.filter((n) => n.child);
      target = hinted ?? alive[(alive.indexOf(target) + 1) % alive.length] ?? target;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function activeController(c: ServerCluster): Promise<ServerProcess> {
  const res = await adminCall<wire.DescribeClusterResponse__Output>(c, 'describeCluster', {});
  return c.node(res.activeControllerId);
}

describe('controller quorum across real processes', () => {
  it('keeps every acknowledged topic through a SIGKILL of the active controller, and the restarted controller catches up', { timeout: 180_000 }, async () => {
    cluster = new ServerCluster({ nodes: 3, roles: 'controller' });
    const c = cluster;
    await c.start();

    // Three storage nodes (this test speaks their protocol) register and keep heartbeating.
    const storage = [101, 102, 103];
    const epochs = new Map<number, string>();
    const controllerCall = async <Res>(method: string, req: object): Promise<Res> => {
      const active = await activeController(c);
      const cc = client('ControllerService', active.internalAddress);
      clients.push(cc);
      return call<Res>(cc, method, req, 3000);
    };
    for (const id of storage) {
      const res = await waitFor(`register ${id}`, () =>
        controllerCall<wire.RegisterNodeResponse__Output>('registerNode', { nodeId: id, incarnationId: `inc-${id}`, address: `127.0.0.1:${20000 + id}`, rack: `r${id % 2}`, roles: ['NODE_ROLE_STORAGE'] }),
      );
      epochs.set(id, res.nodeEpoch);
    }
    heartbeats = setInterval(() => {
      for (const id of storage) void controllerCall('nodeHeartbeat', { nodeId: id, nodeEpoch: epochs.get(id) }).catch(() => undefined);
    }, 500);

    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await adminCall<wire.CreateTopicResponse__Output>(c, 'createTopic', { name: `orders-${i}`, partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '60000' } });
      expect(res.topic?.partitions).toHaveLength(6);
      created.push(`orders-${i}`);
    }
    // Bad input changes nothing.
    await expect(adminCall(c, 'createTopic', { name: 'bad name!', partitions: 1, replicationFactor: 1 })).rejects.toMatchObject({ code: 'INVALID_TOPIC_NAME' });
    await expect(adminCall(c, 'createTopic', { name: 'too-many-replicas', partitions: 1, replicationFactor: 4 })).rejects.toMatchObject({ code: 'NOT_ENOUGH_REPLICAS' });

    const victim = await activeController(c);
    await c.kill(victim);
    // adminCall gives up after 20 s: the quorum answers again within seconds.
    const after = await adminCall<wire.CreateTopicResponse__Output>(c, 'createTopic', { name: 'after-failover', partitions: 3, replicationFactor: 3 });
    expect(after.topic?.name).toBe('after-failover');
    created.push('after-failover');

    const listed = await adminCall<wire.ListTopicsResponse__Output>(c, 'listTopics', {});
    expect(listed.topics.map((t) => t.name).sort()).toEqual([...created].sort());
    const described = await adminCall<wire.DescribeTopicResponse__Output>(c, 'describeTopic', { name: 'orders-0' });
    expect(described.topic?.configs).toEqual({ 'retention.ms': '60000' });
    for (const p of described.topic?.partitions ?? []) expect(new Set(p.replicas).size).toBe(3);

    // The restarted controller catches up: once it is the active one, it serves everything.
    await c.restart(victim);
    const version = (await adminCall<wire.DescribeClusterResponse__Output>(c, 'describeCluster', {})).metadataVersion;
    const metadataClient = client('MetadataService', victim.address);
    clients.push(metadataClient);
    await waitFor('restarted controller catches up', async () => {
      const md = await call<wire.GetMetadataResponse__Output>(metadataClient, 'getMetadata', {});
      return Number(md.metadataVersion) >= Number(version) && md.topics.length === created.length;
    });
  });

  it('hands the active role to another controller on SIGTERM, before exiting', async () => {
    cluster = new ServerCluster({ nodes: 3, roles: 'controller', logLevel: 'info' });
    const c = cluster;
    await c.start();
    const victim = await activeController(c);
    await c.kill(victim, 'SIGTERM');
    // The stopping controller reports that another one leads before it exited
    // (a leadership transfer, not an election after its death).
    // The hand-over itself may take up to 5 s (handOver(5000)), and the machine may be busy.
    const report = await waitFor('the hand-over report', () => victim.stdout.find((l) => l.includes('active controller role handed over')), 30_000);
    expect(JSON.parse(report)).toMatchObject({ handedOver: true });
    // The quorum goes on under the new active controller.
    const next = await activeController(c);
    expect(next.id).not.toBe(victim.id);
    await expect(adminCall(c, 'createTopic', { name: 'no-storage-yet', partitions: 1, replicationFactor: 1 })).rejects.toMatchObject({ code: 'NOT_ENOUGH_REPLICAS' });
  });
});
