// Topic configs: Kafka names and value rules from @eddy/protocol's table; here
// only what the table cannot know (deleting keys that are not settable, and
// combinations: tiered storage with compaction, local retention above total).
import { InvalidConfigError, isTopicConfigKey, resolveTopicConfig, TOPIC_CONFIG_KEYS, validateTopicConfigCombination, validateTopicConfigs } from '@eddy/protocol';

/** Returns the configs normalised; throws InvalidConfigError naming the bad key. */
export function validateConfigs(configs: Readonly<Record<string, string>>): Record<string, string> {
  return validateTopicConfigs(configs);
}

export function validateConfigDeletes(keys: readonly string[]): void {
  for (const key of keys) {
    if (!isTopicConfigKey(key)) {
      throw new InvalidConfigError(`cannot delete unknown topic config "${key}"; known keys: ${TOPIC_CONFIG_KEYS.join(', ')}`, { details: { field: key } });
    }
  }
}

/** Refuses an effective config (overrides as stored, after the change) that combines keys badly or turns tiering off. */
export function validateConfigCombination(after: Readonly<Record<string, string>>, before?: Readonly<Record<string, string>>): void {
  validateTopicConfigCombination(resolveTopicConfig(after), before === undefined ? undefined : resolveTopicConfig(before));
}
