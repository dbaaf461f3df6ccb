// CreateTopic: validate, pick a topic id, place replicas; the records are the
// topic and its partitions, appended as one batch so a topic never exists
// half-created.
import { TopicAlreadyExistsError } from '@eddy/protocol';
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { assignmentLoad, placementNodes } from '../placement/assignment-load.js';
import { placeReplicas } from '../placement/replica-placement.js';
import { validatePartitionCount } from '../validation/partition-count.js';
import { validateReplicationFactor } from '../validation/replication-factor.js';
import { validateConfigCombination, validateConfigs } from '../validation/topic-configs.js';
import { validateTopicName } from '../validation/topic-name.js';
import { runCommand, type CommandResult } from './command-result.js';
import { newTopicId, type RandomBytes } from './topic-id.js';

export interface CreateTopicInput {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Readonly<Record<string, string>>;
  /** Eddy's own topics (e.g. __consumer_offsets) may use the reserved "__" prefix. */
  internal?: boolean;
}

export interface CreatedTopic {
  name: string;
  topicId: string;
  replicationFactor: number;
  configs: Record<string, string>;
  assignment: number[][];
}

export function createTopic(image: MetadataImage, input: CreateTopicInput, randomBytes: RandomBytes): CommandResult<CreatedTopic> {
  return runCommand(() => {
    validateTopicName(input.name, { internal: input.internal ?? false });
    if (image.topicsByName.has(input.name)) {
      throw new TopicAlreadyExistsError(`topic "${input.name}" already exists; choose another name or use the existing topic`, { details: { topic: input.name } });
    }
    validatePartitionCount(input.partitions, image.partitionCount);
    const nodes = placementNodes(image);
    validateReplicationFactor(input.replicationFactor, nodes.length);
    const configs = validateConfigs(input.configs ?? {});
    validateConfigCombination(configs);
    const topicId = newTopicId(image, randomBytes);
    const assignment = placeReplicas({
      nodes,
      load: assignmentLoad(image),
      replicationFactor: input.replicationFactor,
      count: input.partitions,
      seed: input.name,
    });
    return {
      records: [
        records.topicCreated(input.name, topicId, input.replicationFactor, configs),
        ...assignment.map((replicas, p) => records.partition(topicId, p, replicas)),
      ],
      value: { name: input.name, topicId, replicationFactor: input.replicationFactor, configs, assignment },
    };
  });
}
