// AlterConfigs: set and delete topic config overrides. Values are validated
// and normalised by @eddy/protocol's table; deleting returns a key to its
// default. Node-level configs come from each node's config file (docs/architecture.md §16)
// and are not altered at run time, nor are internal topics' configs (Eddy sets
// them: __consumer_offsets must stay compacted, never time-retained).
import { InvalidRequestError, type wire } from '@eddy/protocol';
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { refuseInternalTopic } from '../validation/internal-topic.js';
import { validateConfigCombination, validateConfigDeletes, validateConfigs } from '../validation/topic-configs.js';
import { runCommand, type CommandResult } from './command-result.js';
import { unknownTopic } from './delete-topic.js';

export interface AlterConfigsInput {
  resourceType: wire.ConfigResourceType__Output;
  resourceName: string;
  set: Readonly<Record<string, string>>;
  delete: readonly string[];
}

export function alterConfigs(image: MetadataImage, input: AlterConfigsInput): CommandResult<{ changed: number }> {
  return runCommand(() => {
    if (input.resourceType !== 'CONFIG_RESOURCE_TYPE_TOPIC') {
      throw new InvalidRequestError(
        input.resourceType === 'CONFIG_RESOURCE_TYPE_NODE'
          ? 'node configs are read from each node\'s config file at start-up and cannot be altered at run time; edit the file and restart the node'
          : 'resource_type is missing; set it to CONFIG_RESOURCE_TYPE_TOPIC',
      );
    }
    refuseInternalTopic(input.resourceName, 'alter the configs of');
    const topic = image.topicsByName.get(input.resourceName);
    if (!topic) throw unknownTopic(input.resourceName);
    const set = validateConfigs(input.set);
    validateConfigDeletes(input.delete);
    const both = input.delete.find((k) => Object.hasOwn(set, k));
    if (both !== undefined) throw new InvalidRequestError(`config "${both}" is both set and deleted; do one or the other`, { details: { field: both } });
    const current = Object.fromEntries(topic.configs);
    const next: Record<string, string> = { ...current, ...set };
    for (const k of input.delete) delete next[k];
    validateConfigCombination(next, current);
    const out = [
      ...Object.entries(set)
        .filter(([k, v]) => topic.configs.get(k) !== v)
        .map(([k, v]) => records.config('CONFIG_SCOPE_TOPIC', topic.topicId, k, v)),
      ...[...new Set(input.delete)].filter((k) => topic.configs.has(k)).map((k) => records.config('CONFIG_SCOPE_TOPIC', topic.topicId, k, undefined)),
    ];
    return { records: out, value: { changed: out.length } };
  });
}
