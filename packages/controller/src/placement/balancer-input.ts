// The balancer's view of the cluster, read from the image and what the active
// controller remembers (partition sizes from leader reports, how long nodes
// have been offline). Kept apart from the planner so the planner stays a pure
// function of plain data.
import { isInternalTopic } from '@eddy/protocol';
import type { MetadataImage } from '../metadata/image.js';
import { isStorageNode } from '../metadata/views.js';
import type { BalancerInput, BalancerNode, BalancerPartition } from './balancer.js';

export interface BalancerSettings {
  maxConcurrentMoves: number;
  nodeReplacementTimeoutMs: number;
  defaultReplicationFactor: number;
  /** Fraction of the mean disk use per node below which disk differences are left alone. */
  diskTolerance?: number;
  /** Disk differences below this many bytes are left alone whatever the mean. */
  diskToleranceFloorBytes?: number;
}

/** Disk differences under 10% of the mean use, or under 64 MiB, are not worth a move. */
export const DEFAULT_DISK_TOLERANCE = 0.1;
export const DEFAULT_DISK_TOLERANCE_FLOOR_BYTES = 64 * 1024 * 1024;

export function balancerInput(
  image: MetadataImage,
  settings: BalancerSettings,
  sizeOf: (topicId: string, partition: number) => number,
  offlineMs: (nodeId: number) => number,
): BalancerInput {
  const nodes: BalancerNode[] = [...image.nodes.values()]
    .filter(isStorageNode)
    .sort((a, b) => a.id - b.id)
    .map((n) => ({ id: n.id, rack: n.rack, live: !n.fenced, decommissioning: n.decommissioning, offlineMs: n.fenced ? offlineMs(n.id) : 0 }));
  const partitions: BalancerPartition[] = [];
  let totalBytes = 0;
  for (const topic of image.topicsByName.values()) {
    const internal = isInternalTopic(topic.name);
    for (const p of topic.partitions) {
      const sizeBytes = sizeOf(topic.topicId, p.partition);
      const set = p.targetReplicas.length > 0 ? p.targetReplicas : p.replicas;
      totalBytes += sizeBytes * set.length;
      partitions.push({ topic: topic.name, partition: p.partition, replicas: p.replicas, targetReplicas: p.targetReplicas, orderPinned: p.orderPinned, leaderId: p.leaderId, sizeBytes, internal });
    }
  }
  const mean = nodes.length === 0 ? 0 : totalBytes / nodes.length;
  const diskToleranceBytes = Math.max(settings.diskToleranceFloorBytes ?? DEFAULT_DISK_TOLERANCE_FLOOR_BYTES, mean * (settings.diskTolerance ?? DEFAULT_DISK_TOLERANCE));
  return {
    nodes,
    partitions,
    maxConcurrentMoves: settings.maxConcurrentMoves,
    nodeReplacementTimeoutMs: settings.nodeReplacementTimeoutMs,
    defaultReplicationFactor: settings.defaultReplicationFactor,
    diskToleranceBytes,
  };
}
