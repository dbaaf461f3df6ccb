// Partition counts: at least one, at most the per-topic and cluster-wide limits.
import { InvalidPartitionsError } from '@eddy/protocol';
import { LIMITS } from './limits.js';

/** For a new topic: `clusterPartitions` is how many partitions the cluster already holds. */
export function validatePartitionCount(count: number, clusterPartitions: number): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidPartitionsError(`partition count ${count} is invalid; a topic needs at least 1 partition`);
  }
  if (count > LIMITS.maxPartitionsPerTopic) {
    throw new InvalidPartitionsError(`partition count ${count} exceeds the limit of ${LIMITS.maxPartitionsPerTopic} per topic; use fewer partitions`);
  }
  checkClusterCap(count, clusterPartitions);
}

/** For CreatePartitions: the new total must exceed the current count (partitions never shrink). */
export function validatePartitionIncrease(topic: string, current: number, total: number, clusterPartitions: number): void {
  if (!Number.isInteger(total) || total <= current) {
    throw new InvalidPartitionsError(
      `topic "${topic}" has ${current} partitions; the new total ${total} must be greater (partitions can be added, never removed)`,
    );
  }
  if (total > LIMITS.maxPartitionsPerTopic) {
    throw new InvalidPartitionsError(`partition count ${total} exceeds the limit of ${LIMITS.maxPartitionsPerTopic} per topic; use fewer partitions`);
  }
  checkClusterCap(total - current, clusterPartitions);
}

function checkClusterCap(added: number, clusterPartitions: number): void {
  if (clusterPartitions + added > LIMITS.maxPartitionsPerCluster) {
    throw new InvalidPartitionsError(
      `the cluster holds ${clusterPartitions} partitions; adding ${added} would exceed the cluster limit of ${LIMITS.maxPartitionsPerCluster}; delete unused topics or use fewer partitions`,
    );
  }
}
