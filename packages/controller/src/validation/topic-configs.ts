// Topic configs: Kafka names and value rules from @eddy/protocol's table; here
// only what the table cannot know (deleting keys that are not settable).
import { InvalidConfigError, isTopicConfigKey, TOPIC_CONFIG_KEYS, validateTopicConfigs } from '@eddy/protocol';

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
