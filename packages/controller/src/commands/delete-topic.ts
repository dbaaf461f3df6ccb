// DeleteTopic: one record; storage nodes drop the replicas when they see it.
// Internal topics are never deleted (validation/internal-topic.ts).
import { UnknownTopicError } from '@eddy/protocol';
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { refuseInternalTopic } from '../validation/internal-topic.js';
import { runCommand, type CommandResult } from './command-result.js';

export function deleteTopic(image: MetadataImage, name: string): CommandResult<{ topicId: string }> {
  return runCommand(() => {
    refuseInternalTopic(name, 'delete');
    const topic = image.topicsByName.get(name);
    if (!topic) throw unknownTopic(name);
    return { records: [records.topicDeleted(topic.name, topic.topicId)], value: { topicId: topic.topicId } };
  });
}

export function unknownTopic(name: string): UnknownTopicError {
  return new UnknownTopicError(`topic "${name}" does not exist; check the name (eddy topic list) or create it first`, { details: { topic: name } });
}
