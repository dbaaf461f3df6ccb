import { partitionForKey, type RecordInput } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { BATCH_OVERHEAD_BYTES, RecordAccumulator, StickyPartitioner, estimateRecordBytes } from '../../src/internal.js';

const rec = (value: string, key: string | null = null): RecordInput => ({ key: key === null ? null : Buffer.from(key), value: Buffer.from(value), timestamp: 0 });

describe('RecordAccumulator', () => {
  it('keeps records of one partition in one batch until linger expires', () => {
    const acc = new RecordAccumulator<number>({ lingerMs: 5, batchBytes: 1 << 20 });
    for (let i = 0; i < 10; i++) expect(acc.append('t', 0, 'all', rec(`v${i}`), i, 30, 100 + (i % 3))).toBeUndefined();
    expect(acc.nextDeadline()).toBe(105);
    expect(acc.drainReady(104)).toEqual([]);
    const ready = acc.drainReady(105);
    expect(ready).toHaveLength(1);
    expect(ready[0]!.refs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ready[0]!.bytes).toBe(BATCH_OVERHEAD_BYTES + 300);
    expect(acc.nextDeadline()).toBeUndefined();
  });

  it('keeps a ready batch open while its partition cannot send, and leaves it out of the deadline', () => {
    const acc = new RecordAccumulator<number>({ lingerMs: 1, batchBytes: 1 << 20 });
    acc.append('t', 0, 'all', rec('a'), 0, 30, 100);
    acc.append('t', 1, 'all', rec('b'), 1, 30, 100);
    const busy = (_topic: string, partition: number): boolean => partition !== 0;
    expect(acc.nextDeadline(busy)).toBe(101);
    expect(acc.drainReady(101, busy).map((b) => b.refs)).toEqual([[1]]);
    expect(acc.nextDeadline(busy)).toBeUndefined();
    // The held batch keeps filling; it goes out whole once its partition can send.
    acc.append('t', 0, 'all', rec('c'), 2, 30, 102);
    expect(acc.drainReady(103).map((b) => b.refs)).toEqual([[0, 2]]);
  });

  it('closes a batch when the next record would pass batchBytes; the record starts the next batch', () => {
    const acc = new RecordAccumulator<number>({ lingerMs: 1000, batchBytes: BATCH_OVERHEAD_BYTES + 100 });
    expect(acc.append('t', 0, 'all', rec('a'), 0, 50, 0)).toBeUndefined();
    expect(acc.append('t', 0, 'all', rec('b'), 1, 50, 0)).toBeUndefined();
    const closed = acc.append('t', 0, 'all', rec('c'), 2, 50, 1);
    expect(closed?.refs).toEqual([0, 1]);
    expect(acc.drainAll().map((b) => b.refs)).toEqual([[2]]);
  });

  it('a record larger than batchBytes gets a batch of its own', () => {
    const acc = new RecordAccumulator<number>({ lingerMs: 1000, batchBytes: 200 });
    acc.append('t', 0, 'all', rec('a'), 0, 10, 0);
    expect(acc.append('t', 0, 'all', rec('big'), 1, 5000, 0)?.refs).toEqual([0]);
    // The big batch is full at once: ready without waiting for linger.
    expect(acc.drainReady(0).map((b) => b.refs)).toEqual([[1]]);
  });

  it('keeps partitions and acks levels apart', () => {
    const acc = new RecordAccumulator<number>({ lingerMs: 0, batchBytes: 1 << 20 });
    acc.append('t', 0, 'all', rec('a'), 0, 10, 0);
    acc.append('t', 1, 'all', rec('b'), 1, 10, 0);
    acc.append('t', 0, 'none', rec('c'), 2, 10, 0);
    acc.append('u', 0, 'all', rec('d'), 3, 10, 0);
    expect(acc.drainReady(0).map((b) => [b.topic, b.partition, b.acks, b.refs])).toEqual([
      ['t', 0, 'all', [0]],
      ['t', 1, 'all', [1]],
      ['t', 0, 'none', [2]],
      ['u', 0, 'all', [3]],
    ]);
  });

  it('estimates record size from key, value and headers', () => {
    expect(estimateRecordBytes({ key: null, value: Buffer.alloc(100), timestamp: 0 })).toBeGreaterThanOrEqual(100);
    expect(estimateRecordBytes({ key: Buffer.alloc(10), value: Buffer.alloc(100), headers: [{ key: 'h', value: Buffer.alloc(50) }], timestamp: 0 })).toBeGreaterThan(160);
  });
});

describe('StickyPartitioner', () => {
  it('keyed records use Kafka murmur2, whatever the sticky state', () => {
    const p = new StickyPartitioner(() => 0);
    const key = Buffer.from('sensor-123');
    expect(p.partition('t', 6, key)).toBe(partitionForKey(key, 6));
    p.onBatchClosed('t', partitionForKey(key, 6), 6);
    expect(p.partition('t', 6, key)).toBe(partitionForKey(key, 6));
  });

  it('an explicit partition wins', () => {
    expect(new StickyPartitioner().partition('t', 6, Buffer.from('k'), 4)).toBe(4);
  });

  it('keyless records stick to one partition until its batch closes, then switch to another', () => {
    const randoms = [0.5, 0.0, 0.99];
    const p = new StickyPartitioner(() => randoms.shift() ?? 0);
    const first = p.partition('t', 4, null);
    expect(first).toBe(2);
    for (let i = 0; i < 100; i++) expect(p.partition('t', 4, null)).toBe(first);
    // A batch of another partition closing does not move the sticky partition.
    p.onBatchClosed('t', 0, 4);
    expect(p.partition('t', 4, null)).toBe(first);
    p.onBatchClosed('t', first, 4);
    const second = p.partition('t', 4, null);
    expect(second).not.toBe(first);
    p.onBatchClosed('t', second, 4);
    expect(p.partition('t', 4, null)).not.toBe(second);
  });

  it('with one partition, stays on it', () => {
    const p = new StickyPartitioner();
    expect(p.partition('t', 1, null)).toBe(0);
    p.onBatchClosed('t', 0, 1);
    expect(p.partition('t', 1, null)).toBe(0);
  });
});
