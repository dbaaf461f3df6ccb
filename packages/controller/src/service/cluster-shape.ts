// Builders of the cluster-shape answers (pure): ListNodes and the status of
// partition moves. They join the image with what the active controller keeps
// in memory (PartitionReports: leader reports and heartbeat disk figures) and
// how long nodes have been offline.
import type { wire } from '@eddy/protocol';
import type { MetadataImage, PartitionState, TopicState } from '../metadata/image.js';
import { addingReplicas, nodeStateOf, removingReplicas } from '../metadata/views.js';
import type { PartitionReports } from './partition-reports.js';

export function reassignmentStatus(image: MetadataImage, topic: TopicState, p: PartitionState, reports: PartitionReports): wire.ReassignmentStatus__Output {
  const adding = addingReplicas(p);
  const report = reports.current(image, topic.topicId, p);
  const bytesBehind: Record<number, string> = {};
  if (report) for (const id of adding) if (report.bytesBehind.has(id)) bytesBehind[id] = String(report.bytesBehind.get(id));
  return {
    topic: topic.name,
    partition: p.partition,
    replicas: [...p.replicas],
    targetReplicas: [...p.targetReplicas],
    addingReplicas: adding,
    removingReplicas: removingReplicas(p),
    bytesBehind,
    leaderId: p.leaderId,
  };
}

/** Moves in progress, by topic name then partition; `topics` empty means every topic (unknown names are the caller's to refuse). */
export function listReassignments(image: MetadataImage, topics: readonly TopicState[], reports: PartitionReports): wire.ReassignmentStatus__Output[] {
  return [...topics]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((t) => t.partitions.filter((p) => p.targetReplicas.length > 0).map((p) => reassignmentStatus(image, t, p, reports)));
}

/**
 * Bytes the moves in progress still have to copy: per adding replica, what
 * its leader last reported it lacks, or the partition's whole size while no
 * report says.
 */
export function reassignmentBytesRemaining(image: MetadataImage, reports: PartitionReports): number {
  let total = 0;
  for (const topic of image.topicsByName.values()) {
    for (const p of topic.partitions) {
      if (p.targetReplicas.length === 0) continue;
      const report = reports.current(image, topic.topicId, p);
      for (const id of addingReplicas(p)) total += report?.bytesBehind.get(id) ?? reports.sizeOf(topic.topicId, p.partition);
    }
  }
  return total;
}

export function nodeStatuses(image: MetadataImage, reports: PartitionReports, offlineMs: (nodeId: number) => number): wire.NodeStatus__Output[] {
  const leaders = new Map<number, number>();
  const used = new Map<number, number>();
  for (const topic of image.topicsByName.values()) {
    for (const p of topic.partitions) {
      if (p.leaderId >= 0) leaders.set(p.leaderId, (leaders.get(p.leaderId) ?? 0) + 1);
      const size = reports.sizeOf(topic.topicId, p.partition);
      if (size === 0) continue;
      const report = reports.current(image, topic.topicId, p);
      // A replica still catching up holds the size less what it lacks.
      for (const id of new Set([...p.replicas, ...p.targetReplicas])) used.set(id, (used.get(id) ?? 0) + Math.max(0, size - (report?.bytesBehind.get(id) ?? 0)));
    }
  }
  return [...image.nodes.values()]
    .sort((a, b) => a.id - b.id)
    .map((n) => {
      const disk = reports.disk(n.id);
      return {
        nodeId: n.id,
        address: n.address,
        rack: n.rack,
        online: !n.fenced,
        roles: [...n.roles],
        state: nodeStateOf(image, n),
        replicaCount: image.replicaLoad.get(n.id)?.replicas ?? 0,
        leaderCount: n.fenced ? 0 : leaders.get(n.id) ?? 0,
        diskUsedBytes: String(used.get(n.id) ?? 0),
        diskFreeBytes: String(disk?.freeBytes ?? 0),
        diskTotalBytes: String(disk?.totalBytes ?? 0),
        offlineMs: String(n.fenced ? offlineMs(n.id) : 0),
      };
    });
}
