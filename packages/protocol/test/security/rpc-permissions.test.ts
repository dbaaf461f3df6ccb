import { describe, expect, it } from 'vitest';
import { loadEddyProto } from '../../src/grpc/loader.js';
import { authorize, type AclBinding } from '../../src/security/acl.js';
import { authorizeRpc, PUBLIC_RPC_SERVICES, requestBytes, requiredPermissions, responseBytes, RPC_PERMISSIONS } from '../../src/security/rpc-permissions.js';

describe('RPC permissions', () => {
  it('covers every method of every public service in proto/, and nothing else', () => {
    const v1 = loadEddyProto().proto.eddy.v1 as unknown as Record<string, { service: Record<string, { path: string }> }>;
    const paths = PUBLIC_RPC_SERVICES.flatMap((s) => Object.values(v1[s]!.service).map((m) => m.path));
    expect(paths.length).toBeGreaterThan(30);
    for (const p of paths) expect(RPC_PERMISSIONS, p).toHaveProperty([p]);
    expect(Object.keys(RPC_PERMISSIONS).sort()).toEqual([...paths].sort());
    for (const internal of Object.values(v1.ControllerService!.service).map((m) => m.path)) expect(requiredPermissions(internal, {})).toBeUndefined();
  });

  it("follows Kafka's mapping", () => {
    expect(requiredPermissions('/eddy.v1.ProduceService/Produce', { topic: 'orders' })).toEqual([{ resourceType: 'topic', name: 'orders', operation: 'write' }]);
    expect(requiredPermissions('/eddy.v1.ProduceService/InitProducerId', { transactionalId: '' })).toEqual([]);
    expect(requiredPermissions('/eddy.v1.ProduceService/InitProducerId', { transactionalId: 'tx' })).toEqual([{ resourceType: 'transactional_id', name: 'tx', operation: 'write' }]);
    expect(requiredPermissions('/eddy.v1.FetchService/Fetch', { partitions: [{ topic: 'a' }, { topic: 'a' }, { topic: 'b' }] })).toEqual([
      { resourceType: 'topic', name: 'a', operation: 'read' },
      { resourceType: 'topic', name: 'b', operation: 'read' },
    ]);
    expect(requiredPermissions('/eddy.v1.FetchService/Subscribe', { start: { topic: 't' } })).toEqual([{ resourceType: 'topic', name: 't', operation: 'read' }]);
    expect(requiredPermissions('/eddy.v1.FetchService/Subscribe', { credit: { bytes: '1' } })).toEqual([]);
    expect(requiredPermissions('/eddy.v1.GroupService/CommitOffsets', { groupId: 'g', offsets: [{ topic: 't' }] })).toEqual([
      { resourceType: 'group', name: 'g', operation: 'read' },
      { resourceType: 'topic', name: 't', operation: 'read' },
    ]);
    expect(requiredPermissions('/eddy.v1.AdminService/AlterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_NODE', resourceName: '1' })).toEqual([{ resourceType: 'cluster', name: 'eddy-cluster', operation: 'alter_configs' }]);
    expect(requiredPermissions('/eddy.v1.AdminService/CreateUser', { name: 'x', password: 'secret' })).toEqual([{ resourceType: 'cluster', name: 'eddy-cluster', operation: 'alter' }]);
    expect(requiredPermissions('/eddy.v1.AdminService/AlterPartitionReassignments', { reassignments: [] })).toEqual([{ resourceType: 'cluster', name: 'eddy-cluster', operation: 'alter' }]);
    expect(requiredPermissions('/eddy.v1.AdminService/DecommissionNode', { nodeId: 1 })).toEqual([{ resourceType: 'cluster', name: 'eddy-cluster', operation: 'alter' }]);
    expect(requiredPermissions('/eddy.v1.AdminService/ListNodes', {})).toEqual([{ resourceType: 'cluster', name: 'eddy-cluster', operation: 'describe' }]);
    expect(RPC_PERMISSIONS['/eddy.v1.AdminService/ListTopics'].filter).toEqual({ resourceType: 'topic', operation: 'describe' });
    expect(requiredPermissions('/eddy.v1.Nope/Nothing', {})).toBeUndefined();
  });

  it('authorizes a request: CreateTopic by topic or by cluster; unknown methods are refused', () => {
    const acls: AclBinding[] = [{ principal: 'User:ops', resourceType: 'cluster', resourceName: 'eddy-cluster', patternType: 'literal', operation: 'create', permission: 'allow' }];
    const check = (r: Parameters<typeof authorize>[1]) => authorize(acls, r);
    expect(authorizeRpc('/eddy.v1.AdminService/CreateTopic', { name: 'x' }, 'User:ops', check).allowed).toBe(true);
    expect(authorizeRpc('/eddy.v1.AdminService/CreateTopic', { name: 'x' }, 'User:dev', check).allowed).toBe(false);
    expect(authorizeRpc('/eddy.v1.AdminService/DeleteTopic', { name: 'x' }, 'User:ops', check).allowed).toBe(false);
    expect(authorizeRpc('/eddy.v1.RaftService/Send', {}, 'User:ops', check)).toMatchObject({ allowed: false, reason: expect.stringMatching(/not a public method/) as unknown });
    expect(authorizeRpc('/eddy.v1.ProduceService/InitProducerId', { transactionalId: '' }, 'User:dev', check).allowed).toBe(true);
  });

  it('counts record bytes of produce requests and fetch answers', () => {
    expect(requestBytes('/eddy.v1.ProduceService/Produce', { topic: 't', recordBatch: Buffer.alloc(100) })).toBe(100);
    expect(requestBytes('/eddy.v1.ProduceService/Produce', { records: { records: [{ key: Buffer.alloc(3), value: Buffer.alloc(10), headers: [{ key: 'ab', value: Buffer.alloc(5) }] }] } })).toBe(20);
    expect(requestBytes('/eddy.v1.ProduceService/ProduceStream', { id: '1', request: { recordBatch: Buffer.alloc(7) } })).toBe(7);
    expect(requestBytes('/eddy.v1.FetchService/Fetch', {})).toBe(0);
    expect(responseBytes('/eddy.v1.FetchService/Fetch', { partitions: [{ recordBatches: Buffer.alloc(40), records: [] }, { recordBatches: Buffer.alloc(0), records: [{ value: Buffer.alloc(2), headers: [] }] }] })).toBe(42);
    expect(responseBytes('/eddy.v1.FetchService/Subscribe', { recordBatches: Buffer.alloc(9), records: [] })).toBe(9);
    expect(responseBytes('/eddy.v1.AdminService/ListTopics', { topics: [] })).toBe(0);
  });
});
