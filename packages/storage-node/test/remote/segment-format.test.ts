// The remote segment object format (docs/architecture.md §14.1): the data part
// is the stored batches byte for byte, the index part's points sit on batch
// boundaries every 64 KiB with the running max timestamp before them, the
// index is checked on decode, and the point lookups give a place to start
// that never skips what a read or a timestamp lookup needs.
import { CorruptRecordError, crc32c, decodeRecordBatch } from '@eddy/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedBaseOffset, storedLastOffset, storedMaxTimestamp } from '../../src/partition/batch-fields.js';
import {
  INDEX_INTERVAL_BYTES,
  INDEX_POINT_BYTES,
  buildSegment,
  decodeSegmentIndex,
  encodeSegmentIndex,
  pointForOffset,
  pointForTimestamp,
  type SegmentIndexPoint,
} from '../../src/remote/segment-format.js';
import { makeBatches, variedSpecs } from './segment-fixtures.js';

function indexOf(built: ReturnType<typeof buildSegment>): SegmentIndexPoint[] {
  return decodeSegmentIndex(built.body.subarray(built.dataBytes, built.dataBytes + built.indexBytes), built.indexCrc);
}

describe('buildSegment', () => {
  const batches = makeBatches(variedSpecs(), 100);
  const built = buildSegment(batches);

  it('stores the batches byte for byte, then the index, and reports the manifest figures', () => {
    const data = Buffer.concat(batches);
    expect(built.dataBytes).toBe(data.length);
    expect(built.body.length).toBe(built.dataBytes + built.indexBytes);
    expect(built.body.subarray(0, built.dataBytes).equals(data)).toBe(true);
    expect(built.indexCrc).toBe(crc32c(built.body.subarray(built.dataBytes)));
    expect(built.baseOffset).toBe(100);
    expect(built.lastOffset).toBe(storedLastOffset(batches[batches.length - 1]!));
    expect(built.maxTimestamp).toBe(Math.max(...batches.map(storedMaxTimestamp)));
    expect(built.batchCount).toBe(batches.length);
    expect(built.dataBytes).toBeGreaterThan(2 * INDEX_INTERVAL_BYTES);
  });

  it('puts an index point on the first batch and then on the first boundary 64 KiB past the previous point', () => {
    const points = indexOf(built);
    expect(points.length).toBeGreaterThan(1);
    let position = 0;
    let maxTs = -1;
    let last: SegmentIndexPoint | undefined;
    let k = 0;
    for (const b of batches) {
      const isPoint = last === undefined || position - last.position >= INDEX_INTERVAL_BYTES;
      if (isPoint) {
        expect(points[k]).toEqual({ baseOffset: storedBaseOffset(b), position, maxTimestampBefore: maxTs });
        last = points[k++];
      }
      maxTs = Math.max(maxTs, storedMaxTimestamp(b));
      position += b.length;
    }
    expect(k).toBe(points.length);
  });

  it('refuses an empty list, offsets that do not increase, and a damaged batch', () => {
    expect(() => buildSegment([])).toThrow(/at least one record batch/);
    const [a, b] = makeBatches([{ records: 3, valueBytes: 10 }, { records: 3, valueBytes: 10 }]);
    expect(() => buildSegment([b!, a!])).toThrow(/not after the previous batch's last offset/);
    expect(() => buildSegment([a!, a!])).toThrow(/not after the previous batch's last offset/);
    const damaged = Buffer.from(b!);
    damaged[damaged.length - 2]! ^= 0x40;
    expect(() => buildSegment([a!, damaged])).toThrow(CorruptRecordError);
    expect(() => buildSegment([a!, damaged])).toThrow(/batch 1 of the segment failed its checks.*must not be uploaded/);
    expect(() => buildSegment([Buffer.concat([a!, b!])])).toThrow(/its own buffer/);
  });
});

describe('decodeSegmentIndex', () => {
  const built = buildSegment(makeBatches(variedSpecs()));
  const index = Buffer.from(built.body.subarray(built.dataBytes));

  it('round-trips the encoded points', () => {
    const points = decodeSegmentIndex(index, built.indexCrc);
    expect(encodeSegmentIndex(points).equals(index)).toBe(true);
  });

  it('refuses a CRC mismatch, a bad length and points out of order', () => {
    const flipped = Buffer.from(index);
    flipped[INDEX_POINT_BYTES + 3]! ^= 1;
    expect(() => decodeSegmentIndex(flipped, built.indexCrc)).toThrow(CorruptRecordError);
    expect(() => decodeSegmentIndex(flipped, built.indexCrc)).toThrow(/CRC mismatch.*damaged/);
    expect(() => decodeSegmentIndex(index, (built.indexCrc + 1) >>> 0)).toThrow(/CRC mismatch/);
    for (const bad of [Buffer.alloc(0), index.subarray(0, index.length - 1), Buffer.concat([index, Buffer.alloc(1)])]) {
      expect(() => decodeSegmentIndex(bad, crc32c(bad))).toThrow(/not a whole positive number of 24-byte points/);
    }
    const swapped = encodeSegmentIndex([
      { baseOffset: 0, position: 0, maxTimestampBefore: -1 },
      { baseOffset: 50, position: 70_000, maxTimestampBefore: 9 },
      { baseOffset: 40, position: 140_000, maxTimestampBefore: 9 },
    ]);
    expect(() => decodeSegmentIndex(swapped, crc32c(swapped))).toThrow(/point 2 .* out of order/);
  });
});

describe('point lookups', () => {
  const arbPoints = fc
    .array(fc.record({ offsetStep: fc.integer({ min: 1, max: 50 }), ts: fc.integer({ min: 0, max: 1000 }) }), { minLength: 1, maxLength: 40 })
    .map((steps) => {
      const points: SegmentIndexPoint[] = [];
      let offset = 10;
      let maxTs = -1;
      steps.forEach((s, i) => {
        points.push({ baseOffset: offset, position: i * INDEX_INTERVAL_BYTES, maxTimestampBefore: maxTs });
        offset += s.offsetStep;
        maxTs = Math.max(maxTs, s.ts);
      });
      return points;
    });

  it('pointForOffset is the last point at or below the offset, else the first', () => {
    fc.assert(
      fc.property(arbPoints, fc.integer({ min: 0, max: 2500 }), (points, offset) => {
        const want = [...points].reverse().find((p) => p.baseOffset <= offset) ?? points[0];
        expect(pointForOffset(points, offset)).toBe(want);
      }),
    );
  });

  it('pointForTimestamp is the last point whose max timestamp before it is below ts, else the first', () => {
    fc.assert(
      fc.property(arbPoints, fc.integer({ min: -1, max: 1100 }), (points, ts) => {
        const want = [...points].reverse().find((p) => p.maxTimestampBefore < ts) ?? points[0];
        expect(pointForTimestamp(points, ts)).toBe(want);
      }),
    );
  });

  it('never skips a record a lookup needs, with non-monotonic timestamps', () => {
    const batches = makeBatches(variedSpecs());
    const built = buildSegment(batches);
    const points = decodeSegmentIndex(built.body.subarray(built.dataBytes), built.indexCrc);
    const positions = new Map<number, number>();
    let pos = 0;
    for (const b of batches) {
      positions.set(storedBaseOffset(b), pos);
      pos += b.length;
    }
    const records = batches.flatMap((b) => decodeRecordBatch(b).records.map((r) => ({ offset: Number(r.offset), ts: Number(r.timestamp), position: positions.get(storedBaseOffset(b))! })));
    for (const ts of [0, 999, 1000, 1200, 3000, 4999, 6000]) {
      const p = pointForTimestamp(points, ts);
      // Nothing before the point reaches ts: the first record at or after ts is at or after the point.
      for (const r of records) if (r.position < p.position) expect(r.ts).toBeLessThan(ts);
    }
    for (const r of records) {
      const p = pointForOffset(points, r.offset);
      expect(p.position).toBeLessThanOrEqual(r.position);
      expect(r.position - p.position).toBeLessThan(INDEX_INTERVAL_BYTES + 64 * 1024);
    }
  });
});
