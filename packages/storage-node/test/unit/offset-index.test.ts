import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDEX_INTERVAL_BATCHES, OffsetIndex } from '../../src/partition/offset-index.js';

describe('OffsetIndex', () => {
  it('finds the last point at or before an offset, and by running maximum timestamp', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ count: fc.integer({ min: 1, max: 5 }), gap: fc.integer({ min: 0, max: 3 }), ts: fc.integer({ min: 0, max: 1000 }) }), { minLength: 1, maxLength: 200 }), (batches) => {
        const idx = new OffsetIndex();
        let offset = 0;
        let maxTs = -1;
        let bytes = 0;
        const metas: { offset: number; last: number; index: number }[] = [];
        batches.forEach((b, i) => {
          offset += b.gap;
          idx.onBatch({ offset, index: i + 1, bytesBefore: bytes, maxTimestampBefore: maxTs }, 100);
          metas.push({ offset, last: offset + b.count - 1, index: i + 1 });
          maxTs = Math.max(maxTs, b.ts);
          bytes += 100;
          offset += b.count;
        });
        expect(idx.length).toBe(Math.ceil(batches.length / INDEX_INTERVAL_BATCHES));
        for (const m of metas) {
          const p = idx.floor(m.offset)!;
          expect(p.offset).toBeLessThanOrEqual(m.offset);
          expect(p.index).toBeLessThanOrEqual(m.index);
          expect(m.index - p.index).toBeLessThan(INDEX_INTERVAL_BATCHES);
        }
        for (const ts of [0, 250, 500, 1000]) {
          const p = idx.floorByTimestamp(ts);
          if (p) expect(p.maxTimestampBefore).toBeLessThan(ts);
        }
        const cut = metas[Math.floor(metas.length / 2)]!.offset;
        idx.truncateBefore(cut);
        for (const p of idx.all) expect(p.offset).toBeGreaterThanOrEqual(cut);
      }),
    );
  });
});
