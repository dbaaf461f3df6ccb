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

/** Unfenced nodes that host partitions (placement's candidates). */
export function liveStorageNodes(image: MetadataImage): NodeState[] {
  return liveNodes(image).filter((n) => n.roles.length === 0 || n.roles.includes('NODE_ROLE_STORAGE'));
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
