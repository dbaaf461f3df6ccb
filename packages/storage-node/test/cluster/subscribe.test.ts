// Subscribe sessions on a replicated partition: committed batches are pushed
// as they commit within the credit granted, and the stream ends with
// NOT_LEADER when leadership moves, so the client reconnects to the new leader.
import { decodeRecordBatch, iterateBatches, type EddyError } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { DECODED_RECORD_OVERHEAD_BYTES } from '../../src/fetch/read-budget.js';
import { SubscribeSession, type SubscribeChunk } from '../../src/fetch/subscribe-session.js';
import { TestCluster, batchOf, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('subscribe', () => {
  it('pushes commits within credit and ends with NOT_LEADER when leadership moves', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'live', topicId: 'S1', partitions: [[1, 2, 3]] }]);
    await cluster.start();
    const { node } = await cluster.waitLeader('live', 0);
    const chunks: SubscribeChunk[] = [];
    let failed: EddyError | undefined;
    const session = new SubscribeSession(node.plane.replicas, { write: (c) => chunks.push(c), fail: (e) => (failed = e) });
    // Format records: credit counts decoded bytes (a 2-byte value and the per-record overhead).
    const size = 2 + DECODED_RECORD_OVERHEAD_BYTES;
    session.begin({ topic: 'live', partition: 0, offset: 0, format: 'records', initialCreditBytes: size * 3 });
    for (let i = 0; i < 5; i++) await cluster.produce({ topic: 'live', partition: 0, batch: batchOf([`e${i}`]) });
    await waitFor('three pushed', () => chunks.flatMap((c) => c.records).length === 3);
    expect(session.sentBytes).toBeLessThanOrEqual(size * 3);
    session.addCredit(size * 100);
    await waitFor('all five pushed', () => chunks.flatMap((c) => c.records).length === 5);
    expect(chunks.flatMap((c) => c.records).map((r) => r.value?.toString())).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(chunks.every((c) => c.recordBatches.length === 0 || [...iterateBatches(c.recordBatches)].every((b) => decodeRecordBatch(b)))).toBe(true);

    expect(await node.plane.transferLeaderships(5_000)).toBe(0);
    await waitFor('the stream ends', () => failed);
    expect(failed?.code).toBe('NOT_LEADER');
    session.close();
  });
});
