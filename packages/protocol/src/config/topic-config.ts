// Topic configuration keys, with Kafka's names and defaults (docs/architecture.md §16). The
// controller validates with this table, storage nodes apply it, and the CLI
// describes it. Values travel as strings (as in Kafka) and are parsed here.
import { InvalidConfigError } from '../errors/index.js';

export interface TopicConfig {
  'retention.ms': number;
  'retention.bytes': number;
  'cleanup.policy': 'delete' | 'compact' | 'compact,delete';
  'max.message.bytes': number;
  'segment.ms': number;
  'segment.bytes': number;
  'delete.retention.ms': number;
  'message.timestamp.type': 'CreateTime' | 'LogAppendTime';
  'min.compaction.lag.ms': number;
  'remote.storage.enable': boolean;
  'local.retention.ms': number;
  'local.retention.bytes': number;
}

export type TopicConfigKey = keyof TopicConfig;

interface KeySpec<K extends TopicConfigKey> {
  default: TopicConfig[K];
  doc: string;
  parse(raw: string): Parsed<TopicConfig[K]>;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function integer(min: number, max = MAX_SAFE): (raw: string) => Parsed<number> {
  return (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) return { ok: false, reason: `must be a whole number, got "${raw}"` };
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min || n > max) return { ok: false, reason: `must be between ${min} and ${max}, got ${raw}` };
    return { ok: true, value: n };
  };
}

function bool(raw: string): Parsed<boolean> {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
  return { ok: false, reason: `must be true or false, got "${raw}"` };
}

function oneOf<T extends string>(...values: T[]): (raw: string) => Parsed<T> {
  return (raw) => {
    const v = raw.trim();
    return (values as string[]).includes(v)
      ? { ok: true, value: v as T }
      : { ok: false, reason: `must be one of ${values.join(', ')}, got "${raw}"` };
  };
}

export const TOPIC_CONFIG_SPECS: { readonly [K in TopicConfigKey]: KeySpec<K> } = {
  'retention.ms': { default: 604_800_000, doc: 'How long records are kept before deletion, in ms; -1 keeps them forever.', parse: integer(-1) },
  'retention.bytes': { default: -1, doc: 'Largest size a partition may reach before its oldest records are deleted; -1 for no limit.', parse: integer(-1) },
  'cleanup.policy': { default: 'delete', doc: '"delete" removes old records by time and size; "compact" keeps the latest record per key.', parse: oneOf('delete', 'compact', 'compact,delete') },
  'max.message.bytes': { default: 1_048_588, doc: 'Largest record batch a producer may send, in bytes.', parse: integer(1, 64 * 1024 * 1024) },
  'segment.ms': { default: 604_800_000, doc: 'Granularity in time of retention: records are removed in ranges of at most this age span.', parse: integer(1) },
  'segment.bytes': { default: 1_073_741_824, doc: 'Granularity in size of retention: records are removed in ranges of about this size.', parse: integer(1024) },
  'delete.retention.ms': { default: 86_400_000, doc: 'How long tombstones are kept on compacted topics, in ms.', parse: integer(0) },
  'message.timestamp.type': { default: 'CreateTime', doc: '"CreateTime" keeps the producer\'s timestamp; "LogAppendTime" uses the leader\'s clock.', parse: oneOf('CreateTime', 'LogAppendTime') },
  'min.compaction.lag.ms': { default: 0, doc: 'Shortest time a record stays uncompacted, in ms.', parse: integer(0) },
  'remote.storage.enable': { default: false, doc: 'Tiered storage: leaders upload older log ranges to the cluster\'s object store (--remote-storage) and reads below the local log start come from there. Cannot be turned off again.', parse: bool },
  'local.retention.ms': { default: -2, doc: 'Tiered topics: how long records stay on local disk once uploaded, in ms; -2 uses retention.ms, -1 keeps them forever.', parse: integer(-2) },
  'local.retention.bytes': { default: -2, doc: 'Tiered topics: largest size of the local part of a partition once uploaded; -2 uses retention.bytes, -1 for no limit.', parse: integer(-2) },
};

export const TOPIC_CONFIG_KEYS = Object.keys(TOPIC_CONFIG_SPECS) as TopicConfigKey[];

export function isTopicConfigKey(key: string): key is TopicConfigKey {
  return Object.hasOwn(TOPIC_CONFIG_SPECS, key);
}

/**
 * Validates configs given as strings (as a user types them) and returns them
 * normalised. Throws InvalidConfigError naming the first bad key and why.
 */
export function validateTopicConfigs(configs: Readonly<Record<string, string>>): Record<TopicConfigKey, string> {
  const out = {} as Record<TopicConfigKey, string>;
  for (const [key, raw] of Object.entries(configs)) {
    if (!isTopicConfigKey(key)) {
      throw new InvalidConfigError(`unknown topic config "${key}"; known keys: ${TOPIC_CONFIG_KEYS.join(', ')}`, { details: { field: key } });
    }
    const parsed = TOPIC_CONFIG_SPECS[key].parse(String(raw));
    if (!parsed.ok) {
      throw new InvalidConfigError(`invalid value for topic config "${key}": ${parsed.reason}`, { details: { field: key } });
    }
    out[key] = String(parsed.value);
  }
  return out;
}

/** The effective config: defaults overlaid with the topic's (already validated) overrides. */
export function resolveTopicConfig(overrides: Readonly<Record<string, string>> = {}): TopicConfig {
  const out = {} as Record<TopicConfigKey, unknown>;
  for (const key of TOPIC_CONFIG_KEYS) {
    const raw = overrides[key];
    const parsed = raw === undefined ? undefined : TOPIC_CONFIG_SPECS[key].parse(raw);
    out[key] = parsed?.ok ? parsed.value : TOPIC_CONFIG_SPECS[key].default;
  }
  return out as unknown as TopicConfig;
}

/**
 * Checks what single keys cannot: the combination of a topic's effective
 * config, and a change from `before` (Kafka's rules). Throws InvalidConfigError.
 */
export function validateTopicConfigCombination(after: TopicConfig, before?: TopicConfig): void {
  if (after['remote.storage.enable'] && after['cleanup.policy'].includes('compact')) {
    throw new InvalidConfigError(
      `remote.storage.enable=true cannot be combined with cleanup.policy=${after['cleanup.policy']}: compacted topics are not tiered; use cleanup.policy=delete or leave remote storage off`,
      { details: { field: 'remote.storage.enable' } },
    );
  }
  if (before?.['remote.storage.enable'] && !after['remote.storage.enable']) {
    throw new InvalidConfigError(
      'remote.storage.enable cannot be turned off once on: older records of the topic live only in the remote tier; create a new topic without it instead',
      { details: { field: 'remote.storage.enable' } },
    );
  }
  for (const [local, total] of [['local.retention.ms', 'retention.ms'], ['local.retention.bytes', 'retention.bytes']] as const) {
    const l = after[local];
    const t = after[total];
    if (l === -2 || t === -1) continue;
    if (l === -1 || l > t) {
      throw new InvalidConfigError(`${local}=${l} keeps more than ${total}=${t} allows; set ${local} to at most ${t}, or -2 to use ${total}`, { details: { field: local } });
    }
  }
}

/** Local retention of a tiered topic: local.retention.* with -2 meaning retention.*. */
export function localRetention(config: Pick<TopicConfig, 'retention.ms' | 'retention.bytes' | 'local.retention.ms' | 'local.retention.bytes'>): { ms: number; bytes: number } {
  const ms = config['local.retention.ms'] === -2 ? config['retention.ms'] : config['local.retention.ms'];
  const bytes = config['local.retention.bytes'] === -2 ? config['retention.bytes'] : config['local.retention.bytes'];
  return { ms, bytes };
}
