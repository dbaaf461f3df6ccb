// The metadata image: the cluster's shape as of one version of the metadata
// log (docs/architecture.md §7). Every controller holds one and reaches the same one by
// applying the same records in the same order (apply-record.ts); storage nodes
// hold a copy fed by the watch stream. The image is mutated in place by
// applyRecord only; commands read it and never write it.
import type { AclBinding, QuotaLimits, ScramCredential, ScramMechanism, wire } from '@eddy/protocol';

export type MetadataRecord = wire.MetadataRecord__Output;
export type NodeRole = wire.NodeRole__Output;

/** No leader: the partition's Raft group has not reported one, or lost it. */
export const NO_LEADER = -1;

export interface NodeState {
  id: number;
  /** Grows with every registration; requests carrying an older epoch come from a superseded process. */
  epoch: number;
  incarnationId: string;
  /** Where clients reach the node (its client listener). */
  address: string;
  /** Where peers reach the node (its internal listener); '' when address serves both. */
  internalAddress: string;
  rack: string;
  roles: NodeRole[];
  /** True when the node's session expired or it shut down: it shows offline and leads nothing. */
  fenced: boolean;
  /** An operator asked for the node to be emptied (NodeDecommissionRecord): it gets no new replicas. */
  decommissioning: boolean;
  configs: Map<string, string>;
}

export interface PartitionState {
  partition: number;
  /** The replica set the partition's Raft group has, preferred leader first. */
  replicas: number[];
  /**
   * Non-empty while a reassignment moves the group to this set (preferred
   * leader first); every node in replicas or targetReplicas hosts a replica.
   */
  targetReplicas: number[];
  /**
   * The order (of the target while one is set) is an operator's, from a
   * reassignment: the balancer's leader phase does not reorder it.
   */
  orderPinned: boolean;
  leaderId: number;
  leaderEpoch: number;
}

export interface TopicState {
  name: string;
  topicId: string;
  replicationFactor: number;
  /** Overrides only (validated Kafka names); defaults live in @eddy/protocol's table. */
  configs: Map<string, string>;
  /** Indexed by partition number; dense from 0. */
  partitions: PartitionState[];
}

/** A SCRAM user: one credential per mechanism. Replaced, never mutated, when a record changes it. */
export interface UserState {
  name: string;
  credentials: ReadonlyMap<ScramMechanism, ScramCredential>;
}

export interface MetadataImage {
  /** The version of the last applied record (0 before any). */
  version: number;
  clusterId: string;
  nodes: Map<number, NodeState>;
  topicsByName: Map<string, TopicState>;
  /** topic id → name: records address topics by id so a re-created name is never confused with the old topic. */
  topicNamesById: Map<string, string>;
  /** The first producer id not yet handed out. */
  nextProducerId: bigint;
  /** Running total, so counting partitions stays O(1) for metrics and the cluster cap. */
  partitionCount: number;
  /**
   * Replicas and preferred leaderships per node id, kept as records apply so
   * placement does not walk every partition per create. A node counts a
   * replica for every partition in whose replicas or target it is (it hosts
   * one, or a move is bringing one to it); the preferred leader is the first
   * of the target while a move is in progress, else the first replica.
   * Nodes hosting nothing are absent.
   */
  replicaLoad: Map<number, ReplicaLoad>;
  /** SCRAM users by name (at most LIMITS.maxUsers). */
  users: Map<string, UserState>;
  /** ACL bindings by aclBindingKey, in the order they were added (at most LIMITS.maxAcls). Bindings are never mutated. */
  acls: Map<string, AclBinding>;
  /** Quotas by principal ("User:*": the default for users); values are replaced, never mutated (at most LIMITS.maxQuotas). */
  quotas: Map<string, QuotaLimits>;
  /**
   * Internal listeners of controllers added at run time (ControllerRegistrationRecord),
   * by node id; the quorum's first voters are known from every node's --controllers.
   * Replaced, never mutated.
   */
  controllerAddresses: Map<number, string>;
}

export interface ReplicaLoad {
  replicas: number;
  leaders: number;
}

export function emptyImage(): MetadataImage {
  return {
    version: 0,
    clusterId: '',
    nodes: new Map(),
    topicsByName: new Map(),
    topicNamesById: new Map(),
    nextProducerId: 0n,
    partitionCount: 0,
    replicaLoad: new Map(),
    users: new Map(),
    acls: new Map(),
    quotas: new Map(),
    controllerAddresses: new Map(),
  };
}

export function topicById(image: MetadataImage, topicId: string): TopicState | undefined {
  const name = image.topicNamesById.get(topicId);
  return name === undefined ? undefined : image.topicsByName.get(name);
}

/** A deep copy: tests and validate-only paths apply records to it without touching the original. */
export function cloneImage(image: MetadataImage): MetadataImage {
  const nodes = new Map<number, NodeState>();
  for (const [id, n] of image.nodes) nodes.set(id, { ...n, roles: [...n.roles], configs: new Map(n.configs) });
  const topicsByName = new Map<string, TopicState>();
  for (const [name, t] of image.topicsByName) {
    topicsByName.set(name, {
      ...t,
      configs: new Map(t.configs),
      partitions: t.partitions.map((p) => ({ ...p, replicas: [...p.replicas], targetReplicas: [...p.targetReplicas] })),
    });
  }
  const replicaLoad = new Map<number, ReplicaLoad>();
  for (const [id, l] of image.replicaLoad) replicaLoad.set(id, { ...l });
  // Users, bindings and quota values are replaced on change, never mutated: copying the maps suffices.
  return { ...image, nodes, topicsByName, topicNamesById: new Map(image.topicNamesById), replicaLoad, users: new Map(image.users), acls: new Map(image.acls), quotas: new Map(image.quotas), controllerAddresses: new Map(image.controllerAddresses) };
}
