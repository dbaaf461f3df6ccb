// What each public RPC needs (docs/architecture.md §7.9): for every method of
// the client-facing services, the ACL permissions a caller must hold, derived
// from the decoded request (Kafka's mapping of requests to operations), and the
// record bytes quotas count. Methods not listed here are refused: a new RPC is
// denied until someone decides what it needs. Internal services
// (ControllerService, RaftService) are not here: only nodes call them.
//
// Decisions made here, where Kafka offers a choice:
// - ListTopics, GetMetadata without topic names and ListGroups need nothing
//   up front; their answers are FILTERED to what the caller may describe
//   (`filter` on the rule). GetMetadata naming topics needs describe on each.
// - CreateTopic needs create on the topic, or create on the cluster (`or`).
// - InitProducerId without a transactional id needs nothing (Kafka 3 lets any
//   producer be idempotent); with one, write on that transactional id.
// - A Subscribe stream is checked per message: its start needs read on the
//   topic, credit messages need nothing more.
// - Node configs (DescribeConfigs/AlterConfigs of a node) are checked on the cluster.
import type * as wire from '../generated/index.js';
import { AclOperation, CLUSTER_RESOURCE_NAME, ResourceType, type AuthorizeRequest, type AuthorizeResult } from './acl.js';

export interface RequiredPermission {
  resourceType: ResourceType;
  name: string;
  operation: AclOperation;
  /** Also satisfied by this permission instead (CreateTopic: create on the cluster). */
  or?: { resourceType: ResourceType; name: string; operation: AclOperation };
}

export interface RpcPermissionRule {
  /** Every permission listed must be allowed; an empty list needs none (any authenticated caller). */
  required(request: unknown): RequiredPermission[];
  /** The answer lists resources of this type: keep only those the caller may perform `operation` on. */
  filter?: { resourceType: ResourceType; operation: AclOperation };
}

type Rule<Req> = { required(request: Req): RequiredPermission[]; filter?: RpcPermissionRule['filter'] };

const need = (resourceType: ResourceType, name: string, operation: AclOperation): RequiredPermission => ({ resourceType, name, operation });
const cluster = (operation: AclOperation): RequiredPermission => need(ResourceType.cluster, CLUSTER_RESOURCE_NAME, operation);
const topic = (name: string, operation: AclOperation) => need(ResourceType.topic, name, operation);
const group = (id: string, operation: AclOperation) => need(ResourceType.group, id, operation);
const none = (): RequiredPermission[] => [];

/** One requirement per distinct resource: a fetch of 100 partitions of one topic checks the topic once. */
function distinct(list: RequiredPermission[]): RequiredPermission[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const key = `${p.resourceType}\u0000${p.name}\u0000${p.operation}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function produce(req: wire.ProduceRequest__Output | null | undefined): RequiredPermission[] {
  return req ? [topic(req.topic, AclOperation.write)] : [];
}

function configResource(type: wire.ConfigResourceType__Output, name: string, operation: AclOperation): RequiredPermission[] {
  return type === 'CONFIG_RESOURCE_TYPE_TOPIC' ? [topic(name, operation)] : [cluster(operation)];
}

const rules = {
  '/eddy.v1.MetadataService/GetMetadata': {
    required: (r: wire.GetMetadataRequest__Output) => distinct(r.topics.map((t) => topic(t, AclOperation.describe))),
    filter: { resourceType: ResourceType.topic, operation: AclOperation.describe },
  },

  '/eddy.v1.ProduceService/Produce': { required: (r: wire.ProduceRequest__Output) => produce(r) },
  '/eddy.v1.ProduceService/ProduceStream': { required: (r: wire.ProduceStreamRequest__Output) => produce(r.request) },
  '/eddy.v1.ProduceService/InitProducerId': {
    required: (r: wire.InitProducerIdRequest__Output) => (r.transactionalId === '' ? [] : [need(ResourceType.transactionalId, r.transactionalId, AclOperation.write)]),
  },

  '/eddy.v1.FetchService/Fetch': { required: (r: wire.FetchRequest__Output) => distinct(r.partitions.map((p) => topic(p.topic, AclOperation.read))) },
  '/eddy.v1.FetchService/Subscribe': { required: (r: wire.SubscribeRequest__Output) => (r.start ? [topic(r.start.topic, AclOperation.read)] : []) },
  '/eddy.v1.FetchService/ListOffsets': { required: (r: wire.ListOffsetsRequest__Output) => distinct(r.partitions.map((p) => topic(p.topic, AclOperation.read))) },

  '/eddy.v1.GroupService/FindCoordinator': { required: (r: wire.FindCoordinatorRequest__Output) => [group(r.groupId, AclOperation.describe)] },
  '/eddy.v1.GroupService/Heartbeat': { required: (r: wire.HeartbeatRequest__Output) => [group(r.groupId, AclOperation.read)] },
  '/eddy.v1.GroupService/CommitOffsets': {
    required: (r: wire.CommitOffsetsRequest__Output) => distinct([group(r.groupId, AclOperation.read), ...r.offsets.map((o) => topic(o.topic, AclOperation.read))]),
  },
  '/eddy.v1.GroupService/FetchOffsets': { required: (r: wire.FetchOffsetsRequest__Output) => [group(r.groupId, AclOperation.read)] },
  '/eddy.v1.GroupService/ListGroups': { required: none, filter: { resourceType: ResourceType.group, operation: AclOperation.describe } },
  '/eddy.v1.GroupService/DescribeGroup': { required: (r: wire.DescribeGroupRequest__Output) => [group(r.groupId, AclOperation.describe)] },
  '/eddy.v1.GroupService/DeleteGroup': { required: (r: wire.DeleteGroupRequest__Output) => [group(r.groupId, AclOperation.delete)] },
  '/eddy.v1.GroupService/ResetOffsets': {
    required: (r: wire.ResetOffsetsRequest__Output) => [group(r.groupId, AclOperation.read), topic(r.topic, AclOperation.read)],
  },

  '/eddy.v1.AdminService/CreateTopic': {
    required: (r: wire.CreateTopicRequest__Output) => [{ ...topic(r.name, AclOperation.create), or: cluster(AclOperation.create) }],
  },
  '/eddy.v1.AdminService/DeleteTopic': { required: (r: wire.DeleteTopicRequest__Output) => [topic(r.name, AclOperation.delete)] },
  '/eddy.v1.AdminService/ListTopics': { required: none, filter: { resourceType: ResourceType.topic, operation: AclOperation.describe } },
  '/eddy.v1.AdminService/DescribeTopic': { required: (r: wire.DescribeTopicRequest__Output) => [topic(r.name, AclOperation.describe)] },
  '/eddy.v1.AdminService/CreatePartitions': { required: (r: wire.CreatePartitionsRequest__Output) => [topic(r.topic, AclOperation.alter)] },
  '/eddy.v1.AdminService/DescribeConfigs': {
    required: (r: wire.DescribeConfigsRequest__Output) => configResource(r.resourceType, r.resourceName, AclOperation.describeConfigs),
  },
  '/eddy.v1.AdminService/AlterConfigs': {
    required: (r: wire.AlterConfigsRequest__Output) => configResource(r.resourceType, r.resourceName, AclOperation.alterConfigs),
  },
  '/eddy.v1.AdminService/DescribeCluster': { required: () => [cluster(AclOperation.describe)] },
  '/eddy.v1.AdminService/CreateUser': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/DeleteUser': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/ListUsers': { required: () => [cluster(AclOperation.describe)] },
  '/eddy.v1.AdminService/CreateAcls': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/DeleteAcls': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/ListAcls': { required: () => [cluster(AclOperation.describe)] },
  '/eddy.v1.AdminService/SetQuota': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/DeleteQuota': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/ListQuotas': { required: () => [cluster(AclOperation.describe)] },
  // The cluster's shape (Kafka: reassignments and broker unregistration need alter on the cluster).
  '/eddy.v1.AdminService/AlterPartitionReassignments': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/ListPartitionReassignments': { required: () => [cluster(AclOperation.describe)] },
  '/eddy.v1.AdminService/Rebalance': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/DecommissionNode': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/RecommissionNode': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/ListNodes': { required: () => [cluster(AclOperation.describe)] },
  '/eddy.v1.AdminService/AddControllerVoter': { required: () => [cluster(AclOperation.alter)] },
  '/eddy.v1.AdminService/RemoveControllerVoter': { required: () => [cluster(AclOperation.alter)] },
} satisfies Record<string, Rule<never>>;

/** The full method path ("/eddy.v1.Service/Method") of every public RPC. */
export type PublicRpcMethod = keyof typeof rules;

/** The rule of every public RPC, keyed by full method path. */
export const RPC_PERMISSIONS: Readonly<Record<PublicRpcMethod, RpcPermissionRule>> = rules as unknown as Record<PublicRpcMethod, RpcPermissionRule>;

/** The services whose methods RPC_PERMISSIONS covers (every method of each). */
export const PUBLIC_RPC_SERVICES = ['MetadataService', 'ProduceService', 'FetchService', 'GroupService', 'AdminService'] as const;

export function rpcPermissionRule(method: string): RpcPermissionRule | undefined {
  return Object.hasOwn(RPC_PERMISSIONS, method) ? RPC_PERMISSIONS[method as PublicRpcMethod] : undefined;
}

/**
 * The permissions a request to `method` needs; undefined for a method not in
 * the table, which the caller must refuse.
 */
export function requiredPermissions(method: string, request: unknown): RequiredPermission[] | undefined {
  return rpcPermissionRule(method)?.required(request);
}

/**
 * Checks every requirement with `check` (typically acl.ts's authorize over the
 * image's ACLs); the first refusal decides. Unknown methods are refused.
 */
export function authorizeRpc(method: string, request: unknown, principal: string, check: (request: AuthorizeRequest) => AuthorizeResult): AuthorizeResult {
  const required = requiredPermissions(method, request);
  if (required === undefined) return { allowed: false, reason: `${method} is not a public method` };
  for (const p of required) {
    const result = check({ principal, resourceType: p.resourceType, resourceName: p.name, operation: p.operation });
    if (result.allowed) continue;
    if (p.or) {
      const alt = check({ principal, resourceType: p.or.resourceType, resourceName: p.or.name, operation: p.or.operation });
      if (alt.allowed) continue;
    }
    return result;
  }
  return { allowed: true, reason: required.length === 0 ? `${method} needs no ACL` : 'allowed' };
}

function recordBytes(r: { key?: Buffer | null; value?: Buffer | null; headers?: readonly { key: string; value?: Buffer | null }[] }): number {
  let n = (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers ?? []) n += Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return n;
}

function produceBytes(req: wire.ProduceRequest__Output | null | undefined): number {
  if (!req) return 0;
  if (req.recordBatch) return req.recordBatch.length;
  let n = 0;
  for (const r of req.records?.records ?? []) n += recordBytes(r);
  return n;
}

/** Bytes of record data a request carries (produce quotas); 0 for other methods. */
export function requestBytes(method: string, request: unknown): number {
  switch (method) {
    case '/eddy.v1.ProduceService/Produce':
      return produceBytes(request as wire.ProduceRequest__Output);
    case '/eddy.v1.ProduceService/ProduceStream':
      return produceBytes((request as wire.ProduceStreamRequest__Output).request);
    default:
      return 0;
  }
}

/** Bytes of record data an answer carries (fetch quotas): Fetch answers and Subscribe stream messages; 0 otherwise. */
export function responseBytes(method: string, response: unknown): number {
  const consumed = (m: { recordBatches?: Buffer | null; records?: readonly Parameters<typeof recordBytes>[0][] }) => {
    let n = m.recordBatches?.length ?? 0;
    for (const r of m.records ?? []) n += recordBytes(r);
    return n;
  };
  switch (method) {
    case '/eddy.v1.FetchService/Fetch': {
      let n = 0;
      for (const p of (response as wire.FetchResponse__Output).partitions ?? []) n += consumed(p);
      return n;
    }
    case '/eddy.v1.FetchService/Subscribe':
      return consumed(response as wire.SubscribeResponse__Output);
    default:
      return 0;
  }
}
