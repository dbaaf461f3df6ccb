// The Admin methods of the cluster's shape (reassignments, rebalance,
// decommission, nodes, controller voters) against FakeAdmin, a gRPC server on
// loopback (a TEST DOUBLE; the controller's own tests cover what the answers
// mean): what each method sends, that answers come back as plain objects
// with numbers, that bad input is refused before any call, that a malformed
// answer is one clear error, and that NOT_CONTROLLER is followed.
import type { wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Eddy, EddyError, NodeState } from '../../src/index.js';
import { FakeAdmin } from '../support/fake-admin.js';

const fakes: FakeAdmin[] = [];
const clients: Eddy[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  for (const f of fakes.splice(0)) f.stop();
});

async function fake(setup: (f: FakeAdmin) => void): Promise<FakeAdmin> {
  const f = new FakeAdmin();
  setup(f);
  await f.start();
  fakes.push(f);
  return f;
}

function client(address: string, requestTimeoutMs = 5_000): Eddy {
  const c = new Eddy({ bootstrap: address, requestTimeoutMs, retry: { initialDelayMs: 5, maxDelayMs: 20, attempts: 3 } });
  clients.push(c);
  return c;
}

const moving: wire.ReassignmentStatus = {
  topic: 'orders',
  partition: 2,
  replicas: [1, 2, 3],
  targetReplicas: [1, 2, 4],
  addingReplicas: [4],
  removingReplicas: [3],
  bytesBehind: { 4: '1048576' },
  leaderId: 1,
};

const node4: wire.NodeStatus = {
  nodeId: 4,
  address: '127.0.0.1:9095',
  rack: 'b',
  online: false,
  roles: ['NODE_ROLE_STORAGE'],
  state: 'NODE_STATE_DECOMMISSIONING',
  replicaCount: 7,
  leaderCount: 2,
  diskUsedBytes: '123456789',
  diskFreeBytes: '5000000000',
  diskTotalBytes: '10000000000',
  offlineMs: '61000',
};

describe('Admin: partition reassignments', () => {
  it('sends target replica sets and answers each move with numbers', async () => {
    const f = await fake((s) => s.on<wire.AlterPartitionReassignmentsRequest__Output, wire.AlterPartitionReassignmentsResponse>('AlterPartitionReassignments', () => ({ reassignments: [moving] })));
    const answer = await client(f.address).admin().alterPartitionReassignments([{ topic: 'orders', partition: 2, replicas: [1, 2, 4] }]);
    expect(f.requests<wire.AlterPartitionReassignmentsRequest__Output>('AlterPartitionReassignments')).toEqual([
      { reassignments: [{ topic: 'orders', partition: 2, replicas: [1, 2, 4] }], validateOnly: false },
    ]);
    expect(answer).toEqual([
      { topic: 'orders', partition: 2, replicas: [1, 2, 3], targetReplicas: [1, 2, 4], addingReplicas: [4], removingReplicas: [3], bytesBehind: { 4: 1_048_576 }, leaderId: 1 },
    ]);
  });

  it('passes validateOnly through', async () => {
    const f = await fake((s) => s.on('AlterPartitionReassignments', () => ({ reassignments: [moving] })));
    await client(f.address).admin().alterPartitionReassignments([{ topic: 'orders', partition: 2, replicas: [4, 1, 2] }], { validateOnly: true });
    expect(f.requests<wire.AlterPartitionReassignmentsRequest__Output>('AlterPartitionReassignments')[0]).toMatchObject({ validateOnly: true, reassignments: [{ replicas: [4, 1, 2] }] });
  });

  it('cancels with an empty replica list, as the wire says', async () => {
    const f = await fake((s) => s.on('AlterPartitionReassignments', () => ({ reassignments: [{ ...moving, targetReplicas: [1, 2, 3], addingReplicas: [], removingReplicas: [4] }] })));
    const answer = await client(f.address).admin().cancelPartitionReassignments([{ topic: 'orders', partition: 2 }]);
    expect(f.requests<wire.AlterPartitionReassignmentsRequest__Output>('AlterPartitionReassignments')).toEqual([
      { reassignments: [{ topic: 'orders', partition: 2, replicas: [] }], validateOnly: false },
    ]);
    expect(answer[0]!.removingReplicas).toEqual([4]);
  });

  it('refuses a bad replica list before any call, naming what is wrong', async () => {
    const f = await fake((s) => s.on('AlterPartitionReassignments', () => ({ reassignments: [] })));
    const admin = client(f.address).admin();
    await expect(admin.alterPartitionReassignments([{ topic: 'orders', partition: 0, replicas: [1, 1, 2] }])).rejects.toThrow(/names a node twice: 1,1,2/);
    await expect(admin.alterPartitionReassignments([{ topic: 'orders', partition: 0, replicas: [] }])).rejects.toThrow(/empty; name at least one node/);
    await expect(admin.alterPartitionReassignments([{ topic: 'orders', partition: 0, replicas: [0, 2] }])).rejects.toThrow(/replica of orders\/0 must be a whole number from 1/);
    await expect(admin.alterPartitionReassignments([{ topic: 'orders', partition: -1, replicas: [1] }])).rejects.toThrow(/partition of topic "orders"/);
    await expect(admin.cancelPartitionReassignments([{ topic: '', partition: 0 }])).rejects.toThrow(/names a topic/);
    expect(f.calls).toEqual([]);
  });

  it('surfaces the controller refusal as its typed error', async () => {
    const f = await fake((s) =>
      s.on('AlterPartitionReassignments', () => {
        throw new EddyError('INVALID_REPLICA_ASSIGNMENT', 'node 9 is decommissioning; pick another node');
      }),
    );
    const err = await client(f.address).admin().alterPartitionReassignments([{ topic: 'orders', partition: 0, replicas: [9] }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EddyError);
    expect(err).toMatchObject({ code: 'INVALID_REPLICA_ASSIGNMENT', message: 'node 9 is decommissioning; pick another node', retriable: false });
    // Not retriable: asked once.
    expect(f.calls).toHaveLength(1);
  });

  it('lists moves of the named topics', async () => {
    const f = await fake((s) => s.on('ListPartitionReassignments', () => ({ reassignments: [moving, { ...moving, partition: 3, bytesBehind: {} }] })));
    const listed = await client(f.address).admin().listPartitionReassignments({ topics: ['orders'] });
    expect(f.requests<wire.ListPartitionReassignmentsRequest__Output>('ListPartitionReassignments')).toEqual([{ topics: ['orders'] }]);
    expect(listed.map((r) => [r.partition, r.bytesBehind])).toEqual([
      [2, { 4: 1_048_576 }],
      [3, {}],
    ]);
  });
});

describe('Admin: rebalance', () => {
  it('sends dryRun and maxMoves and answers the plan', async () => {
    const f = await fake((s) =>
      s.on('Rebalance', () => ({
        moves: [{ topic: 'orders', partition: 0, fromReplicas: [1, 2, 3], toReplicas: [1, 2, 5], reason: 'balance' }],
        started: false,
        preferredLeaderMoves: 2,
      })),
    );
    const plan = await client(f.address).admin().rebalance({ dryRun: true, maxMoves: 3 });
    expect(f.requests<wire.RebalanceRequest__Output>('Rebalance')).toEqual([{ dryRun: true, maxMoves: 3 }]);
    expect(plan).toEqual({ moves: [{ topic: 'orders', partition: 0, fromReplicas: [1, 2, 3], toReplicas: [1, 2, 5], reason: 'balance' }], started: false, preferredLeaderMoves: 2 });
  });

  it('asks for the cluster default when maxMoves is not given, and refuses a negative one', async () => {
    const f = await fake((s) => s.on('Rebalance', () => ({ moves: [], started: false, preferredLeaderMoves: 0 })));
    const admin = client(f.address).admin();
    await admin.rebalance();
    expect(f.requests<wire.RebalanceRequest__Output>('Rebalance')).toEqual([{ dryRun: false, maxMoves: 0 }]);
    await expect(admin.rebalance({ maxMoves: -1 })).rejects.toThrow(RangeError);
    expect(f.calls).toHaveLength(1);
  });
});

describe('Admin: nodes', () => {
  it('lists nodes with states, counts and bytes as numbers', async () => {
    const f = await fake((s) => s.on('ListNodes', () => ({ nodes: [node4] })));
    const nodes = await client(f.address).admin().listNodes();
    expect(nodes).toEqual([
      {
        nodeId: 4,
        address: '127.0.0.1:9095',
        rack: 'b',
        online: false,
        roles: ['storage'],
        state: NodeState.decommissioning,
        replicaCount: 7,
        leaderCount: 2,
        diskUsedBytes: 123_456_789,
        diskFreeBytes: 5_000_000_000,
        diskTotalBytes: 10_000_000_000,
        offlineMs: 61_000,
      },
    ]);
  });

  it('reads an unspecified state as unknown', async () => {
    const f = await fake((s) => s.on('ListNodes', () => ({ nodes: [{ ...node4, state: 'NODE_STATE_UNSPECIFIED' }] })));
    expect((await client(f.address).admin().listNodes())[0]!.state).toBe('unknown');
  });

  it('turns a malformed answer into one clear error', async () => {
    const f = await fake((s) => s.on('ListNodes', () => ({ nodes: [{ ...node4, diskUsedBytes: '-5' }] })));
    await expect(client(f.address).admin().listNodes()).rejects.toThrow(/malformed answer: disk_used_bytes of node 4 is "-5"/);
  });

  it('decommissions and recommissions a node, answering its status', async () => {
    const f = await fake((s) =>
      s
        .on<wire.DecommissionNodeRequest__Output, wire.DecommissionNodeResponse>('DecommissionNode', () => ({ node: node4 }))
        .on<wire.RecommissionNodeRequest__Output, wire.RecommissionNodeResponse>('RecommissionNode', () => ({ node: { ...node4, state: 'NODE_STATE_ACTIVE' } })),
    );
    const admin = client(f.address).admin();
    expect((await admin.decommissionNode(4)).state).toBe('decommissioning');
    expect((await admin.recommissionNode(4)).state).toBe('active');
    expect(f.calls).toEqual([
      { method: 'DecommissionNode', request: { nodeId: 4 } },
      { method: 'RecommissionNode', request: { nodeId: 4 } },
    ]);
    await expect(admin.decommissionNode(0)).rejects.toThrow(/node id must be a whole number from 1/);
    await expect(admin.recommissionNode(1.5)).rejects.toThrow(RangeError);
    expect(f.calls).toHaveLength(2);
  });

  it('says NOT_ENOUGH_REPLICAS as the controller worded it', async () => {
    const f = await fake((s) =>
      s.on('DecommissionNode', () => {
        throw new EddyError('NOT_ENOUGH_REPLICAS', 'partition orders/0 needs 3 nodes but only 2 others are active; add a node first');
      }),
    );
    await expect(client(f.address).admin().decommissionNode(3)).rejects.toMatchObject({ code: 'NOT_ENOUGH_REPLICAS', message: expect.stringContaining('add a node first') as unknown });
  });
});

describe('Admin: controller voters', () => {
  it('adds and removes voters, answering the quorum', async () => {
    const quorum = [
      { nodeId: 1, address: '127.0.0.1:9192', active: true },
      { nodeId: 4, address: '127.0.0.1:9195', active: false },
    ];
    const f = await fake((s) => s.on('AddControllerVoter', () => ({ controllers: quorum })).on('RemoveControllerVoter', () => ({ controllers: quorum.slice(0, 1) })));
    const admin = client(f.address).admin();
    expect(await admin.addControllerVoter(4, { internalAddress: '127.0.0.1:9195' })).toEqual(quorum);
    expect(await admin.addControllerVoter(4)).toEqual(quorum);
    expect(await admin.removeControllerVoter(4)).toEqual(quorum.slice(0, 1));
    expect(f.calls.map((c) => [c.method, c.request])).toEqual([
      ['AddControllerVoter', { nodeId: 4, internalAddress: '127.0.0.1:9195' }],
      ['AddControllerVoter', { nodeId: 4, internalAddress: '' }],
      ['RemoveControllerVoter', { nodeId: 4 }],
    ]);
  });

  it('waits longer than the request timeout for a quorum change (the new voter catches up first), unless told', async () => {
    const quorum = [{ nodeId: 4, address: '127.0.0.1:9195', active: false }];
    const slow = () => new Promise<wire.AddControllerVoterResponse>((resolve) => setTimeout(() => resolve({ controllers: quorum }), 400));
    const f = await fake((s) => s.on('AddControllerVoter', slow).on('RemoveControllerVoter', slow));
    const admin = client(f.address, 100).admin();
    expect(await admin.addControllerVoter(4)).toEqual(quorum);
    expect(await admin.removeControllerVoter(4)).toEqual(quorum);
    await expect(admin.addControllerVoter(4, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(admin.removeControllerVoter(4, { timeoutMs: 0 })).rejects.toThrow(RangeError);
  });

  it('refuses an internal address that is not host:port before any call', async () => {
    const f = await fake((s) => s.on('AddControllerVoter', () => ({ controllers: [] })));
    const admin = client(f.address).admin();
    for (const bad of ['127.0.0.1', 'host:0', 'host:70000', 'a b:1', ':9000']) {
      await expect(admin.addControllerVoter(4, { internalAddress: bad })).rejects.toThrow(`internalAddress must be host:port, got "${bad}"`);
    }
    expect(await admin.addControllerVoter(4, { internalAddress: '[::1]:9195' })).toEqual([]);
    expect(f.calls).toHaveLength(1);
  });
});

describe('Admin: routing', () => {
  it('follows NOT_CONTROLLER to the hinted controller', async () => {
    const active = await fake((s) => s.on('ListNodes', () => ({ nodes: [node4] })));
    const standby = await fake((s) => s.on('ListNodes', () => ({ nodes: [] })));
    standby.redirect = { leaderId: 2, leaderAddress: active.address };
    const nodes = await client(standby.address).admin().listNodes();
    expect(nodes.map((n) => n.nodeId)).toEqual([4]);
    expect(standby.calls).toHaveLength(1);
    expect(active.calls).toHaveLength(1);
  });

  it('puts a deadline on every call', async () => {
    const f = await fake((s) => s.on('ListNodes', () => new Promise<never>(() => undefined)));
    const err = await client(f.address, 200).admin().listNodes().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT' });
  });
});
