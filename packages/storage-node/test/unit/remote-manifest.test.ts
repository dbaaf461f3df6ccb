// The remote tier's manifest in the replicated partition state, and the
// retention of tiered partitions (both pure).
import { encodeRecordBatch, resolveTopicConfig, rewriteBatchHeader, validateTopicConfigCombination } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { encodeBatchEntry, encodeCommandEntry } from '../../src/partition/entry-codec.js';
import { PartitionState } from '../../src/partition/partition-state.js';
import { parseSegmentKey, segmentKey, type RemoteSegment } from '../../src/remote/remote-segment.js';
import { remoteRetentionCut, tieredLocalCut } from '../../src/remote/tier-retention.js';

const BATCH_RECORDS = 4;

function entry(base: number, timestamp: number): Buffer {
  const batch = encodeRecordBatch({ records: Array.from({ length: BATCH_RECORDS }, (_, i) => ({ key: null, value: Buffer.alloc(100, i), timestamp })) });
  const e = encodeBatchEntry(batch);
  rewriteBatchHeader(e.subarray(1), { baseOffset: BigInt(base) });
  return e;
}

/** A state with `n` batches at Raft indexes 1..n (offsets 4 per batch, timestamps 1000 + 100 * i). */
function stateWith(n: number): { st: PartitionState; sizes: number[] } {
  const st = new PartitionState();
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = entry(i * BATCH_RECORDS, 1000 + 100 * i);
    sizes.push(e.length - 1);
    expect(st.apply(i + 1, e)).toMatchObject({ kind: 'appended' });
  }
  return { st, sizes };
}

/** The segment of batches [from, to] (0-based) of stateWith. */
function segment(sizes: number[], from: number, to: number, term = 1): RemoteSegment {
  const before = sizes.slice(0, from).reduce((a, b) => a + b, 0);
  const data = sizes.slice(from, to + 1).reduce((a, b) => a + b, 0);
  return {
    key: segmentKey('t1', 0, from * BATCH_RECORDS, (to + 1) * BATCH_RECORDS - 1, term, 'ab12'),
    baseOffset: from * BATCH_RECORDS,
    lastOffset: (to + 1) * BATCH_RECORDS - 1,
    baseIndex: from + 1,
    lastIndex: to + 1,
    bytesBefore: before,
    dataBytes: data,
    indexBytes: 20,
    indexCrc: 7,
    maxTimestamp: 1000 + 100 * to,
    term,
  };
}

describe('the remote manifest in PartitionState', () => {
  it('adds segments only where the remote tier ends, over committed batches', () => {
    const { st, sizes } = stateWith(10);
    let index = 10;
    const add = (seg: RemoteSegment) => st.apply(++index, encodeCommandEntry({ type: 'add-remote-segment', segment: seg }));
    expect(add(segment(sizes, 0, 3))).toMatchObject({ kind: 'remote-segment-added' });
    // The same range again (a deposed leader's upload), an overlap, and a gap are refused.
    expect(add(segment(sizes, 0, 3))).toMatchObject({ kind: 'ignored' });
    expect(add(segment(sizes, 2, 5))).toMatchObject({ kind: 'ignored' });
    expect(add(segment(sizes, 5, 6))).toMatchObject({ kind: 'ignored' });
    // Beyond the committed log.
    expect(add({ ...segment(sizes, 4, 9), lastOffset: 40, lastIndex: 10 })).toMatchObject({ kind: 'ignored' });
    expect(add(segment(sizes, 4, 6))).toMatchObject({ kind: 'remote-segment-added' });
    expect(st.remoteSegments.map((s) => [s.baseOffset, s.lastOffset])).toEqual([[0, 15], [16, 27]]);
    expect(st.remoteNext).toEqual({ index: 8, offset: 28, bytesBefore: sizes.slice(0, 7).reduce((a, b) => a + b, 0) });
    expect(st.remoteSizeBytes).toBe(sizes.slice(0, 7).reduce((a, b) => a + b, 0));
    expect(st.remoteSegmentFor(17)?.baseOffset).toBe(16);
    expect(st.remoteSegmentFor(28)).toBeUndefined();

    // Local retention moves the local start into the uploaded range: the log still starts at 0.
    const cut = sizes.slice(0, 5).reduce((a, b) => a + b, 0);
    expect(st.apply(++index, encodeCommandEntry({ type: 'advance-log-start', offset: 20, index: 6, bytesBefore: cut }))).toMatchObject({ kind: 'log-start-advanced' });
    expect([st.earliestOffset, st.logStartOffset, st.totalSizeBytes, st.sizeBytes]).toEqual([0, 20, sizes.reduce((a, b) => a + b, 0), sizes.slice(5).reduce((a, b) => a + b, 0)]);

    // Every replica restores the manifest from a snapshot.
    const copy = PartitionState.fromSnapshot(st.toSnapshot());
    expect(copy.remoteSegments).toEqual(st.remoteSegments);
    expect(copy.remoteNext).toEqual(st.remoteNext);
    expect(copy.remoteSizeBytes).toBe(st.remoteSizeBytes);
    expect(copy.earliestOffset).toBe(0);

    // Retention removes leading segments; the log then starts where the next one does.
    const out = st.apply(++index, encodeCommandEntry({ type: 'delete-remote-segments', beforeOffset: 16 }));
    expect(out).toMatchObject({ kind: 'remote-segments-deleted' });
    expect(out.kind === 'remote-segments-deleted' && out.segments.map((s) => s.baseOffset)).toEqual([0]);
    expect(st.earliestOffset).toBe(16);
    expect(st.remoteSizeBytes).toBe(sizes.slice(4, 7).reduce((a, b) => a + b, 0));
    // A segment still continues at the old end, not at the first one left.
    expect(add(segment(sizes, 7, 9))).toMatchObject({ kind: 'remote-segment-added' });
  });

  it('refuses command entries that do not parse as a command (hostile leader data)', () => {
    const { st, sizes } = stateWith(3);
    const bad = { ...segment(sizes, 0, 1), lastOffset: -1 };
    expect(st.apply(4, encodeCommandEntry({ type: 'add-remote-segment', segment: bad }))).toEqual({ kind: 'ignored' });
    expect(st.apply(5, Buffer.from([0x02, ...Buffer.from('{"type":"delete-remote-segments","beforeOffset":"x"}')]))).toEqual({ kind: 'ignored' });
    expect(st.remoteSegments).toEqual([]);
  });

  it('names segment objects so clean-up can read offsets and term back', () => {
    const key = segmentKey('t1', 3, 100, 199, 7, '0f0f');
    expect(key.startsWith('t1/3/')).toBe(true);
    expect(parseSegmentKey(key)).toEqual({ baseOffset: 100, lastOffset: 199, term: 7 });
    expect(parseSegmentKey('t1/3/other-file.txt')).toBeUndefined();
  });
});

describe('retention of tiered partitions', () => {
  const config = (over: Record<string, string>) => resolveTopicConfig({ 'remote.storage.enable': 'true', ...over });

  it('keeps locally everything not yet uploaded, whatever local.retention says', () => {
    const { st, sizes } = stateWith(10);
    for (const [i, p] of [[3, 4], [6, 7]] as const) st.index.load([...st.index.all, { offset: i * BATCH_RECORDS, index: p, bytesBefore: sizes.slice(0, i).reduce((a, b) => a + b, 0), maxTimestampBefore: 1000 + 100 * (i - 1) }]);
    const cfg = config({ 'local.retention.bytes': '0' });
    expect(tieredLocalCut(st, cfg, 10_000)).toBeUndefined(); // nothing uploaded: nothing leaves the disk
    st.apply(11, encodeCommandEntry({ type: 'add-remote-segment', segment: segment(sizes, 0, 4) }));
    // Up to the end of the remote tier (offset 20), not further.
    expect(tieredLocalCut(st, cfg, 10_000)).toMatchObject({ offset: 20, index: 6 });
  });

  it('cuts at the remote end\'s own Raft index, even where an index point names a later one', () => {
    // Batches 0-4 at Raft indexes 1-5, their segment recorded at 6, batches 5-9 at 7-11.
    const { st, sizes } = stateWith(5);
    st.apply(6, encodeCommandEntry({ type: 'add-remote-segment', segment: segment(sizes, 0, 4) }));
    for (let i = 5; i < 10; i++) st.apply(i + 2, entry(i * BATCH_RECORDS, 1000 + 100 * i));
    const before = sizes.reduce((a, b) => a + b, 0);
    st.index.load([{ offset: 20, index: 7, bytesBefore: before, maxTimestampBefore: 1400 }]);
    // A cut at index 7 would put the log start past the tier's next index (6) and refuse the next segment.
    expect(tieredLocalCut(st, config({ 'local.retention.bytes': '0' }), 10_000)).toMatchObject({ offset: 20, index: 6 });
  });

  it('applies retention.ms to the whole log: remote segments and the local part', () => {
    const { st, sizes } = stateWith(10);
    st.apply(11, encodeCommandEntry({ type: 'add-remote-segment', segment: segment(sizes, 0, 2) }));
    st.apply(12, encodeCommandEntry({ type: 'add-remote-segment', segment: segment(sizes, 3, 5) }));
    const cfg = config({ 'retention.ms': '1000' });
    // Batches of timestamps 1000..1900; now 2450 keeps those at or after 1450 (batches 5..9).
    const cut = remoteRetentionCut(st, cfg, 2450);
    expect(cut).toMatchObject({ beforeOffset: 12, reason: 'retention.ms' });
    expect(cut?.segments.map((s) => s.baseOffset)).toEqual([0]);
    expect(remoteRetentionCut(st, cfg, 1500)).toBeUndefined();
  });

  it('applies retention.bytes to both tiers together', () => {
    const { st, sizes } = stateWith(10);
    st.apply(11, encodeCommandEntry({ type: 'add-remote-segment', segment: segment(sizes, 0, 2) }));
    st.apply(12, encodeCommandEntry({ type: 'add-remote-segment', segment: segment(sizes, 3, 5) }));
    const total = sizes.reduce((a, b) => a + b, 0);
    // Whole segments go while at least retention.bytes remain after them.
    const first = sizes[0]! + sizes[1]! + sizes[2]!;
    expect(remoteRetentionCut(st, config({ 'retention.bytes': String(total - first) }), 0)?.segments.map((s) => s.baseOffset)).toEqual([0]);
    expect(remoteRetentionCut(st, config({ 'retention.bytes': String(total - first + 1) }), 0)).toBeUndefined();
    expect(remoteRetentionCut(st, config({ 'retention.bytes': String(total) }), 0)).toBeUndefined();
    expect(remoteRetentionCut(st, config({ 'retention.bytes': '0' }), 0)?.segments.length).toBe(2);
  });
});

describe('topic config combinations', () => {
  it('refuses tiering a compacted topic, local retention above total, and turning tiering off', () => {
    const check = (after: Record<string, string>, before?: Record<string, string>) => () => validateTopicConfigCombination(resolveTopicConfig(after), before && resolveTopicConfig(before));
    expect(check({ 'remote.storage.enable': 'true', 'cleanup.policy': 'compact' })).toThrow(/compacted topics are not tiered/);
    expect(check({ 'remote.storage.enable': 'true', 'retention.ms': '1000', 'local.retention.ms': '5000' })).toThrow(/local.retention.ms=5000 keeps more than retention.ms=1000/);
    expect(check({ 'retention.bytes': '100', 'local.retention.bytes': '-1' })).toThrow(/local.retention.bytes/);
    expect(check({}, { 'remote.storage.enable': 'true' })).toThrow(/cannot be turned off/);
    expect(check({ 'remote.storage.enable': 'true', 'local.retention.bytes': '1000' })).not.toThrow();
    expect(check({ 'remote.storage.enable': 'true' }, {})).not.toThrow();
  });
});
