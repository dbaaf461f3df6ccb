// Views derived from the image. Whether a partition is offline is not stored:
// it follows from its leader and which nodes are fenced, so fencing a node
// needs one record, not one per partition it hosted.
import { NO_LEADER, type MetadataImage, type NodeState, type PartitionState, type TopicState } from './image.js';

export interface PartitionRef {
  topic: TopicState;
  partition: PartitionState;
}

export function isNodeLive(image: MetadataImage, nodeId: number): boolean {
  const node = image.nodes.get(nodeId);
  return node !== undefined && !node.fenced;
}

/** Unfenced nodes, by id. */
export function liveNodes(image: MetadataImage): NodeState[] {
  return [...image.nodes.values()].filter((n) => !n.fenced).sort((a, b) => a.id - b.id);
}

/** Nodes that may host partitions (no roles given means the combined default). */
export function isStorageNode(node: NodeState): boolean {
  return node.roles.length === 0 || node.roles.includes('NODE_ROLE_STORAGE');
}

/** Unfenced nodes that host partitions. */
export function liveStorageNodes(image: MetadataImage): NodeState[] {
  return liveNodes(image).filter(isStorageNode);
}

/** Where new replicas may go: live storage nodes that are not being decommissioned. */
export function placementCandidates(image: MetadataImage): NodeState[] {
  return liveStorageNodes(image).filter((n) => !n.decommissioning);
}

export function isPartitionOffline(image: MetadataImage, p: PartitionState): boolean {
  return p.leaderId === NO_LEADER || !isNodeLive(image, p.leaderId);
}

export function offlineReplicas(image: MetadataImage, p: PartitionState): number[] {
  return p.replicas.filter((r) => !isNodeLive(image, r));
}

export function isUnderReplicated(image: MetadataImage, p: PartitionState): boolean {
  return p.replicas.some((r) => !isNodeLive(image, r));
}

function* allPartitions(image: MetadataImage): Generator<PartitionRef> {
  for (const topic of image.topicsByName.values()) for (const partition of topic.partitions) yield { topic, partition };
}

export function offlinePartitions(image: MetadataImage): PartitionRef[] {
  return [...allPartitions(image)].filter((r) => isPartitionOffline(image, r.partition));
}

export function underReplicatedPartitions(image: MetadataImage): PartitionRef[] {
  return [...allPartitions(image)].filter((r) => isUnderReplicated(image, r.partition));
}

/** Nodes the partition's move adds (in the target, not yet in the group). Empty when no move. */
export function addingReplicas(p: PartitionState): number[] {
  return p.targetReplicas.filter((r) => !p.replicas.includes(r));
}

/** Nodes the partition's move removes (in the group, not in the target). Empty when no move. */
export function removingReplicas(p: PartitionState): number[] {
  return p.targetReplicas.length === 0 ? [] : p.replicas.filter((r) => !p.targetReplicas.includes(r));
}

export function isReassigning(p: PartitionState): boolean {
  return p.targetReplicas.length > 0;
}

/**
 * A node's place in the cluster's shape, derived: DECOMMISSIONING while a
 * decommissioned node still hosts a replica (in some group or target),
 * DECOMMISSIONED once it hosts none.
 */
export function nodeStateOf(image: MetadataImage, node: NodeState): 'NODE_STATE_ACTIVE' | 'NODE_STATE_DECOMMISSIONING' | 'NODE_STATE_DECOMMISSIONED' {
  if (!node.decommissioning) return 'NODE_STATE_ACTIVE';
  return (image.replicaLoad.get(node.id)?.replicas ?? 0) > 0 ? 'NODE_STATE_DECOMMISSIONING' : 'NODE_STATE_DECOMMISSIONED';
}

/**
 * A topic's replication factor: partition 0's replica count, as in Kafka,
 * where the replication factor is just the replica list's length. A
 * reassignment may change a partition's count; new partitions
 * (CreatePartitions) get this many, and describes show it.
 */
export function replicationFactorOf(topic: TopicState): number {
  return topic.partitions[0]?.replicas.length ?? topic.replicationFactor;
}
