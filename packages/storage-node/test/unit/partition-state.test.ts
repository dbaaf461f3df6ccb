import { encodeRecordBatch, rewriteBatchHeader } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { encodeBatchEntry, encodeCommandEntry } from '../../src/partition/entry-codec.js';
import { PartitionState } from '../../src/partition/partition-state.js';

function entry(base: number, count: number, idem?: { pid: bigint; seq: number; epoch?: number }): Buffer {
  const batch = encodeRecordBatch({
    records: Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`v${i}`), timestamp: 1000 + base })),
    ...(idem ? { producerId: idem.pid, producerEpoch: idem.epoch ?? 0, baseSequence: idem.seq } : {}),
  });
  const e = encodeBatchEntry(batch);
  rewriteBatchHeader(e.subarray(1), { baseOffset: BigInt(base) });
  return e;
}

describe('PartitionState', () => {
  it('applies batches, hides duplicates and regressions, and advances the log start by command', () => {
    const s = new PartitionState();
    expect(s.apply(1, new Uint8Array(0))).toEqual({ kind: 'ignored' }); // leader no-op
    expect(s.apply(2, entry(0, 3, { pid: 1n, seq: 0 }))).toMatchObject({ kind: 'appended', baseOffset: 0, lastOffset: 2 });
    expect(s.apply(3, entry(3, 3, { pid: 1n, seq: 0 }))).toEqual({ kind: 'duplicate', baseOffset: 0, lastOffset: 2 });
    expect(s.apply(4, entry(6, 1, { pid: 1n, seq: 9 }))).toMatchObject({ kind: 'rejected', code: 'OUT_OF_ORDER_SEQUENCE' });
    expect(s.apply(5, entry(6, 1))).toMatchObject({ kind: 'rejected', code: 'UNAVAILABLE' }); // offset below the end
    expect(s.apply(6, entry(8, 2))).toMatchObject({ kind: 'appended', baseOffset: 8 });
    expect([s.highWatermark, s.endOffset, [...s.skipped]]).toEqual([10, 10, [3, 4, 5]]);
    expect(s.apply(6, entry(10, 1))).toEqual({ kind: 'ignored' }); // delivered again after a restart
    expect(s.apply(7, encodeCommandEntry({ type: 'advance-log-start', offset: 8, index: 6, bytesBefore: 1 }))).toMatchObject({ kind: 'log-start-advanced', offset: 8 });
    expect([s.logStartOffset, s.logStartIndex, [...s.skipped]]).toEqual([8, 6, []]);
    expect(s.apply(8, encodeCommandEntry({ type: 'advance-log-start', offset: 50, index: 9, bytesBefore: 1 }))).toEqual({ kind: 'ignored' }); // beyond the high watermark

    const copy = PartitionState.fromSnapshot(s.toSnapshot());
    expect([copy.appliedIndex, copy.highWatermark, copy.logStartOffset, copy.sizeBytes]).toEqual([s.appliedIndex, s.highWatermark, s.logStartOffset, s.sizeBytes]);
    expect(copy.producers.check(1n, 0, 0, 3)).toMatchObject({ kind: 'duplicate' });
  });

  it('ignores entries it cannot read instead of failing the group', () => {
    const s = new PartitionState();
    expect(s.apply(1, Buffer.from([0x01, 1, 2, 3]))).toMatchObject({ kind: 'rejected', code: 'CORRUPT_RECORD' });
    expect(s.apply(2, Buffer.from([0x02, 0x7b]))).toEqual({ kind: 'ignored' });
    expect(s.highWatermark).toBe(0);
  });
});

describe('PartitionState.fromSnapshot', () => {
  it('refuses data that does not hold a partition state, so a bad snapshot from a peer is never installed', () => {
    const good = JSON.parse(new PartitionState().toSnapshot().toString('utf8')) as Record<string, unknown>;
    expect(() => PartitionState.fromSnapshot(Buffer.from(JSON.stringify(good)))).not.toThrow();
    for (const bad of ['garbage', '{"v":1}', 'null', JSON.stringify({ ...good, v: 2 }), JSON.stringify({ ...good, highWatermark: '7' }), JSON.stringify({ ...good, skipped: [1.5] }), JSON.stringify({ ...good, producers: [['p', { epoch: 0 }]] })]) {
      expect(() => PartitionState.fromSnapshot(Buffer.from(bad))).toThrow(/partition snapshot/);
    }
  });
});
