import { resolveTopicConfig } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import type { IndexPoint } from '../../src/partition/offset-index.js';
import { retentionCut, type RetentionInput } from '../../src/retention/retention-policy.js';

// 10 points, each 10 batches of 100 bytes, timestamps 1000 * batch number.
const points: IndexPoint[] = Array.from({ length: 10 }, (_, i) => ({ offset: i * 10, index: i * 10 + 2, bytesBefore: i * 1000, maxTimestampBefore: i === 0 ? -1 : (i * 10 - 1) * 1000 }));
const base = (config: Record<string, string>, now: number): RetentionInput => ({
  logStartOffset: 0,
  highWatermark: 100,
  lastBatchIndex: 101,
  bytesAppended: 10_000,
  maxTimestamp: 99_000,
  sizeBytes: 10_000,
  points,
  config: resolveTopicConfig(config),
  now,
});

describe('retentionCut', () => {
  it('cuts at the last point before which everything is older than retention.ms', () => {
    expect(retentionCut(base({ 'retention.ms': '50000' }, 100_000))).toEqual({ offset: 50, index: 52, bytesBefore: 5000, reason: 'retention.ms' });
    expect(retentionCut(base({ 'retention.ms': '1000000' }, 100_000))).toBeUndefined();
    // Everything expired: the log becomes empty at the high watermark.
    expect(retentionCut(base({ 'retention.ms': '0' }, 1_000_000))).toMatchObject({ offset: 100, index: 102 });
  });

  it('cuts at the first point that brings the size under retention.bytes', () => {
    expect(retentionCut(base({ 'retention.bytes': '3500', 'retention.ms': '-1' }, 0))).toEqual({ offset: 70, index: 72, bytesBefore: 7000, reason: 'retention.bytes' });
    expect(retentionCut(base({ 'retention.bytes': '20000', 'retention.ms': '-1' }, 0))).toBeUndefined();
  });

  it('does nothing on compact-only topics or past the current log start', () => {
    expect(retentionCut(base({ 'retention.ms': '0', 'cleanup.policy': 'compact' }, 1_000_000))).toBeUndefined();
    expect(retentionCut({ ...base({ 'retention.ms': '50000' }, 100_000), logStartOffset: 60 })).toBeUndefined();
  });
});
