import { describe, expect, it } from 'vitest';
import { TIMED_OUT, within } from '../../src/async/within.js';

const later = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('within', () => {
  it('gives the value of a promise that settles in time', async () => {
    expect(await within(later(5, 'done'), 1_000)).toBe('done');
  });

  it('gives TIMED_OUT for one that does not', async () => {
    expect(await within(later(1_000, 'late'), 10)).toBe(TIMED_OUT);
    expect(await within(new Promise(() => undefined), 10, { unref: true })).toBe(TIMED_OUT);
  });

  it('passes a rejection in time through', async () => {
    await expect(within(Promise.reject(new Error('boom')), 1_000)).rejects.toThrow('boom');
  });
});
