// The pure rules of what a read may take (issue 17): Kafka's first-batch rule,
// soft and hard limits, the node's caps on Fetch sizes and Subscribe credit,
// and what a decoded record counts.
import type { EddyError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import {
  DECODED_RECORD_OVERHEAD_BYTES,
  decodedRecordBytes,
  fetchBudgets,
  grantCredit,
  MAX_FETCH_BYTES,
  ReadBudget,
} from '../../src/fetch/read-budget.js';

/** Sizes a budget takes, in order, until it refuses one. */
function takes(budget: ReadBudget, sizes: number[]): number[] {
  const out: number[] = [];
  for (const s of sizes) {
    if (!budget.take(s)) break;
    out.push(s);
  }
  return out;
}

function invalid(fn: () => unknown): EddyError {
  try {
    fn();
  } catch (err) {
    return err as EddyError;
  }
  throw new Error('expected INVALID_REQUEST');
}

describe('ReadBudget', () => {
  it('takes batches up to its soft limit', () => {
    expect(takes(new ReadBudget(100, 1000), [40, 40, 40])).toEqual([40, 40]);
    expect(takes(new ReadBudget(100, 1000), [50, 50, 1])).toEqual([50, 50]);
  });

  it('takes a first batch over the soft limit when it fits the hard one, and nothing after it', () => {
    const b = new ReadBudget(100, 1000);
    expect(takes(b, [300, 1])).toEqual([300]);
    expect(b.used).toBe(300);
    expect(b.readAhead()).toBe(0);
  });

  it('never goes past the hard limit', () => {
    expect(takes(new ReadBudget(100, 60), [70])).toEqual([]);
    expect(takes(new ReadBudget(100, 60), [30, 30, 1])).toEqual([30, 30]);
    expect(takes(new ReadBudget(100, 0), [1])).toEqual([]);
    expect(new ReadBudget(100, 0).readAhead()).toBe(0);
  });

  it('takes any first batch when first-unbounded (the first of a Fetch answer), then the soft limit holds', () => {
    const b = new ReadBudget(100, 1000, true);
    expect(b.allowance()).toBe(Number.POSITIVE_INFINITY);
    expect(takes(b, [5000, 1])).toEqual([5000]);
    expect(takes(new ReadBudget(100, 1000, true), [60, 40, 1])).toEqual([60, 40]);
  });

  it('asks storage for no more than it can take', () => {
    const b = new ReadBudget(100, 1000);
    expect(b.readAhead()).toBe(100);
    b.take(30);
    expect(b.readAhead()).toBe(70);
    expect(new ReadBudget(100, 40).readAhead()).toBe(40);
    expect(new ReadBudget(2 ** 31 - 1, 2 ** 53, true).readAhead()).toBe(2 ** 31 - 1);
  });
});

describe('fetchBudgets', () => {
  it('clamps sizes above the answer cap, reads 0 as the cap (for a partition, the request bound), and gives a partition what it asks within the cap', () => {
    const b = fetchBudgets({ maxBytes: 2 ** 31 - 1, minBytes: 2 ** 31 - 1, partitions: [{ maxBytes: 2 ** 31 - 1 }, { maxBytes: 0 }, { maxBytes: 8 << 20 }] });
    expect(b.responseBytes).toBe(MAX_FETCH_BYTES);
    expect(b.partitionBytes).toEqual([MAX_FETCH_BYTES, MAX_FETCH_BYTES, 8 << 20]);
    expect(b.minBytes).toBe(2 ** 31 - 1);
    expect(fetchBudgets({ maxBytes: 0, minBytes: 0, partitions: [] }).responseBytes).toBe(MAX_FETCH_BYTES);
  });

  it('gives a request asking less what it asks', () => {
    const b = fetchBudgets({ maxBytes: 5000, minBytes: 1, partitions: [{ maxBytes: 700 }, { maxBytes: 0 }, { maxBytes: 9000 }] });
    expect(b.responseBytes).toBe(5000);
    expect(b.partitionBytes).toEqual([700, 5000, 5000]);
  });

  it('takes the caps it is given', () => {
    expect(fetchBudgets({ maxBytes: 0, minBytes: 0, partitions: [{ maxBytes: 0 }] }, { maxBytes: 10 })).toMatchObject({ responseBytes: 10, partitionBytes: [10] });
  });

  it('refuses negative sizes with INVALID_REQUEST naming the field', () => {
    for (const [sizes, field] of [
      [{ maxBytes: -1, minBytes: 0, partitions: [] }, 'max_bytes'],
      [{ maxBytes: 0, minBytes: -1, partitions: [] }, 'min_bytes'],
      [{ maxBytes: 0, minBytes: 0, partitions: [{ maxBytes: 1 }, { maxBytes: -(2 ** 31) }] }, 'partitions[1].max_bytes'],
    ] as const) {
      const e = invalid(() => fetchBudgets(sizes));
      expect(e.code).toBe('INVALID_REQUEST');
      expect(e.message).toContain(field);
    }
  });
});

describe('grantCredit', () => {
  it('adds grants, clamped to the cap', () => {
    expect(grantCredit(0, 100, 'credit.bytes', 1000)).toBe(100);
    expect(grantCredit(900, 200, 'credit.bytes', 1000)).toBe(1000);
    expect(grantCredit(0, Number.MAX_SAFE_INTEGER, 'credit.bytes', 1000)).toBe(1000);
    expect(grantCredit(500, Number.MAX_SAFE_INTEGER, 'credit.bytes', 1000)).toBe(1000);
    expect(grantCredit(5, 0, 'credit.bytes', 1000)).toBe(5);
  });

  it('refuses a negative grant', () => {
    const e = invalid(() => grantCredit(100, -1, 'credit.bytes'));
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.message).toContain('credit.bytes');
  });
});

describe('decodedRecordBytes', () => {
  it('counts key, value and headers as sent, plus a fixed overhead', () => {
    expect(decodedRecordBytes({ key: null, value: null, headers: [] })).toBe(DECODED_RECORD_OVERHEAD_BYTES);
    expect(decodedRecordBytes({ key: Buffer.alloc(3), value: Buffer.alloc(10), headers: [{ key: 'hé', value: Buffer.alloc(4) }, { key: 'n', value: null }] })).toBe(
      DECODED_RECORD_OVERHEAD_BYTES + 3 + 10 + 3 + 4 + 1,
    );
  });
});
