// Every validation rule, with the error class it raises and a message that
// says what was wrong and what to do.
import { InvalidConfigError, InvalidPartitionsError, InvalidReplicationFactorError, InvalidTopicNameError, NotEnoughReplicasError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../src/validation/limits.js';
import { validatePartitionCount, validatePartitionIncrease } from '../src/validation/partition-count.js';
import { validateReplicationFactor } from '../src/validation/replication-factor.js';
import { validateConfigDeletes, validateConfigs } from '../src/validation/topic-configs.js';
import { validateTopicName } from '../src/validation/topic-name.js';

describe('topic names', () => {
  it.each(['orders', 'a', 'A.b_c-9', 'x'.repeat(249), '...', '_single', 'a__b'])('accepts %j', (name) => {
    expect(() => validateTopicName(name)).not.toThrow();
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(250), /250 characters.*limit is 249/],
    ['.', /not allowed/],
    ['..', /not allowed/],
    ['has space', /contains " "/],
    ['slash/name', /contains "\/"/],
    ['ünïcode', /use only letters, digits/],
    ['__consumer_offsets', /reserved/],
  ])('rejects %j', (name, message) => {
    expect(() => validateTopicName(name)).toThrow(InvalidTopicNameError);
    expect(() => validateTopicName(name)).toThrow(message);
  });

  it('allows "__" names for internal callers only', () => {
    expect(() => validateTopicName('__consumer_offsets', { internal: true })).not.toThrow();
    expect(() => validateTopicName('__consumer_offsets', { internal: false })).toThrow(InvalidTopicNameError);
  });
});

describe('partition counts', () => {
  it('accepts 1 up to the per-topic limit', () => {
    expect(() => validatePartitionCount(1, 0)).not.toThrow();
    expect(() => validatePartitionCount(LIMITS.maxPartitionsPerTopic, 0)).not.toThrow();
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %d', (n) => {
    expect(() => validatePartitionCount(n, 0)).toThrow(InvalidPartitionsError);
    expect(() => validatePartitionCount(n, 0)).toThrow(/at least 1 partition/);
  });

  it('rejects more than the per-topic limit', () => {
    expect(() => validatePartitionCount(LIMITS.maxPartitionsPerTopic + 1, 0)).toThrow(/exceeds the limit of 10000 per topic/);
  });

  it('rejects going over the cluster-wide cap', () => {
    expect(() => validatePartitionCount(10, LIMITS.maxPartitionsPerCluster - 5)).toThrow(InvalidPartitionsError);
    expect(() => validatePartitionCount(10, LIMITS.maxPartitionsPerCluster - 5)).toThrow(/cluster limit/);
  });

  it('only increases', () => {
    expect(() => validatePartitionIncrease('t', 3, 4, 0)).not.toThrow();
    expect(() => validatePartitionIncrease('t', 3, 3, 0)).toThrow(/must be greater \(partitions can be added, never removed\)/);
    expect(() => validatePartitionIncrease('t', 3, 2, 0)).toThrow(InvalidPartitionsError);
    expect(() => validatePartitionIncrease('t', 3, LIMITS.maxPartitionsPerTopic + 1, 0)).toThrow(/per topic/);
    expect(() => validatePartitionIncrease('t', 3, 13, LIMITS.maxPartitionsPerCluster - 5)).toThrow(/cluster limit/);
  });
});

describe('replication factor', () => {
  it('accepts 1 up to the live nodes', () => {
    expect(() => validateReplicationFactor(1, 1)).not.toThrow();
    expect(() => validateReplicationFactor(3, 3)).not.toThrow();
  });

  it.each([0, -2, 2.5])('rejects %d as invalid', (rf) => {
    expect(() => validateReplicationFactor(rf, 5)).toThrow(InvalidReplicationFactorError);
  });

  it('rejects more than the live nodes as NOT_ENOUGH_REPLICAS', () => {
    expect(() => validateReplicationFactor(3, 2)).toThrow(NotEnoughReplicasError);
    expect(() => validateReplicationFactor(3, 2)).toThrow(/needs 3 live storage nodes but 2 are live \(not counting nodes being decommissioned\); start more nodes or lower/);
  });
});

describe('topic configs', () => {
  it('accepts and normalises Kafka names', () => {
    expect(validateConfigs({ 'retention.ms': ' 1000', 'cleanup.policy': 'compact' })).toEqual({ 'retention.ms': '1000', 'cleanup.policy': 'compact' });
  });

  it('rejects unknown keys and ill-typed values, naming the key', () => {
    expect(() => validateConfigs({ 'retention.mss': '1' })).toThrow(InvalidConfigError);
    expect(() => validateConfigs({ 'retention.mss': '1' })).toThrow(/unknown topic config "retention.mss"/);
    expect(() => validateConfigs({ 'retention.ms': 'soon' })).toThrow(/must be a whole number/);
    expect(() => validateConfigs({ 'cleanup.policy': 'shred' })).toThrow(/must be one of/);
    try {
      validateConfigs({ 'max.message.bytes': '0' });
    } catch (err) {
      expect((err as InvalidConfigError).details.field).toBe('max.message.bytes');
    }
  });

  it('rejects deleting an unknown key', () => {
    expect(() => validateConfigDeletes(['retention.ms'])).not.toThrow();
    expect(() => validateConfigDeletes(['nope'])).toThrow(InvalidConfigError);
  });
});
