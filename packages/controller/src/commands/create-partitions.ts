// CreatePartitions: raise a topic's partition count; the new partitions are
// placed against the current load, existing ones never move. Internal topics
// never grow: __consumer_offsets' partition count decides where each group lives.
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { assignmentLoad, placementNodes } from '../placement/assignment-load.js';
import { placeReplicas } from '../placement/replica-placement.js';
import { refuseInternalTopic } from '../validation/internal-topic.js';
import { validatePartitionIncrease } from '../validation/partition-count.js';
import { validateReplicationFactor } from '../validation/replication-factor.js';
import { replicationFactorOf } from '../metadata/views.js';
import { runCommand, type CommandResult } from './command-result.js';
import { unknownTopic } from './delete-topic.js';

export interface CreatePartitionsInput {
  topic: string;
  totalCount: number;
}

export function createPartitions(image: MetadataImage, input: CreatePartitionsInput): CommandResult<{ topicId: string; added: number[][] }> {
  return runCommand(() => {
    refuseInternalTopic(input.topic, 'add partitions to');
    const topic = image.topicsByName.get(input.topic);
    if (!topic) throw unknownTopic(input.topic);
    const current = topic.partitions.length;
    validatePartitionIncrease(topic.name, current, input.totalCount, image.partitionCount);
    const nodes = placementNodes(image);
    // As in Kafka, new partitions get as many replicas as partition 0 has now
    // (a reassignment may have changed it since the topic was created).
    const replicationFactor = replicationFactorOf(topic);
    validateReplicationFactor(replicationFactor, nodes.length);
    const added = placeReplicas({
      nodes,
      load: assignmentLoad(image),
      replicationFactor,
      count: input.totalCount - current,
      // Different seed from creation so added partitions do not restart on the same node.
      seed: `${topic.name}/${current}`,
    });
    return {
      records: added.map((replicas, i) => records.partition(topic.topicId, current + i, replicas)),
      value: { topicId: topic.topicId, added },
    };
  });
}
