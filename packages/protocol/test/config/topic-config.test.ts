import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/errors/index.js';
import { TOPIC_CONFIG_KEYS, resolveTopicConfig, validateTopicConfigs } from '../../src/config/index.js';

describe('topic configs', () => {
  it("has Kafka's defaults", () => {
    expect(resolveTopicConfig()).toEqual({
      'retention.ms': 604_800_000,
      'retention.bytes': -1,
      'cleanup.policy': 'delete',
      'max.message.bytes': 1_048_588,
      'segment.ms': 604_800_000,
      'segment.bytes': 1_073_741_824,
      'delete.retention.ms': 86_400_000,
      'message.timestamp.type': 'CreateTime',
      'min.compaction.lag.ms': 0,
      'remote.storage.enable': false,
      'local.retention.ms': -2,
      'local.retention.bytes': -2,
    });
  });

  it('validates and normalises overrides', () => {
    expect(validateTopicConfigs({ 'retention.ms': ' 1000', 'cleanup.policy': 'compact' })).toEqual({ 'retention.ms': '1000', 'cleanup.policy': 'compact' });
    expect(resolveTopicConfig({ 'retention.ms': '1000' })['retention.ms']).toBe(1000);
  });

  it.each([
    [{ 'retention.msec': '1' }, /unknown topic config "retention.msec"/],
    [{ 'retention.ms': 'soon' }, /"retention.ms": must be a whole number, got "soon"/],
    [{ 'retention.ms': '-2' }, /"retention.ms": must be between -1 and/],
    [{ 'max.message.bytes': '0' }, /"max.message.bytes": must be between 1 and/],
    [{ 'cleanup.policy': 'shred' }, /"cleanup.policy": must be one of delete, compact, compact,delete/],
    [{ 'message.timestamp.type': 'Now' }, /must be one of CreateTime, LogAppendTime/],
  ])('rejects %o with a clear INVALID_CONFIG error', (configs, message) => {
    let error: unknown;
    try {
      validateTopicConfigs(configs as Record<string, string>);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).code).toBe('INVALID_CONFIG');
    expect((error as Error).message).toMatch(message);
    expect((error as InvalidConfigError).details.field).toBe(Object.keys(configs)[0]);
  });

  it('documents every key', () => {
    expect(TOPIC_CONFIG_KEYS.length).toBeGreaterThanOrEqual(9);
  });
});
