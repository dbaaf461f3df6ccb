// Hostile record_batch bytes: every mutation of a valid batch is either
// refused with a client error before anything is written, or (when it only
// touches fields the leader rewrites) stored as a sound batch. The node keeps
// serving throughout.
import fc from 'fast-check';
import { EddyError, decodeRecordBatch } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, readAll } from '../helpers.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = new TestCluster([1], [{ topic: 'fuzz', topicId: 'F1', partitions: [[1]] }]);
  await cluster.start();
  await cluster.waitLeader('fuzz', 0);
});
afterAll(async () => {
  await cluster.stop();
});

const CLIENT_ERRORS = ['CORRUPT_RECORD', 'INVALID_REQUEST', 'UNSUPPORTED_COMPRESSION', 'MESSAGE_TOO_LARGE'];

describe('produce validation', () => {
  it('refuses corrupted batches with a client error and stores only sound ones', async () => {
    const valid = batchOf(['alpha', 'beta', 'gamma'], { keys: ['a', 'b', 'c'] });
    const plane = cluster.nodes[0]!.plane;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat({ max: valid.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat({ max: valid.length }), { nil: undefined }),
        async (flips, cut) => {
          const bad = Buffer.from(valid);
          for (const f of flips) bad[f.at] = (bad[f.at] ?? 0) ^ f.xor;
          const input = cut === undefined ? bad : bad.subarray(0, cut);
          const before = plane.replicas.replica('fuzz', 0).state.highWatermark;
          try {
            const r = await plane.produce.produce({ topic: 'fuzz', partition: 0, acks: 'all', timeoutMs: 5000, batch: input });
            // Accepted: only fields outside the CRC changed, and the leader rewrote them.
            expect(r.baseOffset).toBe(before);
          } catch (err) {
            expect(err).toBeInstanceOf(EddyError);
            expect(CLIENT_ERRORS).toContain((err as EddyError).code);
            expect(plane.replicas.replica('fuzz', 0).state.highWatermark).toBe(before);
          }
        },
      ),
      { numRuns: 200 },
    );
    // Everything stored decodes, with dense offsets, and the node still takes writes.
    const replica = plane.replicas.replica('fuzz', 0);
    const all = await readAll(replica);
    expect(all.map((r) => r.offset)).toEqual(all.map((_, i) => i));
    for (const b of (await replica.read(0, 1 << 20)).batches) expect(() => decodeRecordBatch(b)).not.toThrow();
    const ok = await plane.produce.produce({ topic: 'fuzz', partition: 0, acks: 'all', timeoutMs: 5000, batch: valid });
    expect(ok.baseOffset).toBe(replica.state.highWatermark - 3);
  });
});
