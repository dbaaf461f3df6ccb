// An idempotent producer's pipelined Produce calls reaching the partition leader
// out of order (docs/architecture.md §11), on 3 real `eddy server` processes: the leader holds
// a batch that arrives ahead of a sequence gap until the missing batch arrives,
// then writes both once, in sequence order; a gap that is never filled ends in
// OUT_OF_ORDER_SEQUENCE with nothing written. Calls go straight to the leader
// with the raw wire contract, so the order of arrival is the test's.
import type * as grpc from '@grpc/grpc-js';
import type { EddyError, wire } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, client } from '../support/grpc.js';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import type { ServerCluster } from '../support/server-cluster.js';
import { keyedBatch, type WireClient } from '../support/wire-client.js';

let fx: ClusterFixture | undefined;
let cluster: ServerCluster;
let w: WireClient;
const stubs: grpc.Client[] = [];
const topic = `reorder-${Date.now()}`;

beforeAll(async () => {
  fx = await startCluster({ nodes: 3, topics: [{ name: topic, partitions: 2, replicationFactor: 3 }] });
  ({ cluster, wire: w } = fx);
}, 60_000);

afterAll(async () => {
  for (const s of stubs) s.close();
  await fx?.close();
});

/** The partition's leader, a Produce stub on it, and its held-batches gauge. */
async function leaderOf(partition: number): Promise<{ produce(batch: Buffer): Promise<wire.ProduceResponse__Output>; held(): Promise<number> }> {
  const leader = await waitFor('a leader', () => w.leaderAddress(topic, partition));
  const stub = client('ProduceService', leader.address);
  stubs.push(stub);
  const metricsUrl = cluster.node(leader.id).metricsUrl!;
  return {
    produce: (batch) => call<wire.ProduceResponse__Output>(stub, 'produce', { topic, partition, recordBatch: batch, acks: 'ACKS_ALL' }, 15_000),
    held: async () => Number(/^eddy_storage_reorder_held_batches (\d+)/m.exec(await (await fetch(metricsUrl)).text())?.[1]),
  };
}

const records = (prefix: string, from: number, n: number): { key: string; value: string }[] => Array.from({ length: n }, (_, i) => ({ key: 'k', value: `${prefix}${from + i}` }));

describe('idempotent batches arriving at the leader out of order', () => {
  it('holds the later batch until the earlier one arrives; both are acknowledged and written once, in sequence order', { timeout: 60_000 }, async () => {
    const leader = await leaderOf(0);
    const producer = await w.initProducerId();
    const later = keyedBatch(records('v', 5, 5), { ...producer, baseSequence: 5 });
    const earlier = keyedBatch(records('v', 0, 5), { ...producer, baseSequence: 0 });

    const laterCall = leader.produce(later);
    laterCall.catch(() => undefined); // awaited below
    // The later batch has reached the leader (a producer the partition has never seen, at sequence 5) and waits.
    await waitFor('the leader holds the later batch', async () => (await leader.held()) === 1);
    const first = await leader.produce(earlier);
    const second = await laterCall;

    expect({ base: Number(first.baseOffset), last: Number(first.lastOffset), duplicate: first.duplicate }).toEqual({ base: 0, last: 4, duplicate: false });
    expect({ base: Number(second.baseOffset), last: Number(second.lastOffset), duplicate: second.duplicate }).toEqual({ base: 5, last: 9, duplicate: false });
    expect(await leader.held()).toBe(0);
    const read = await w.readAll(topic, 0);
    expect(read.map((r) => [Number(r.offset), r.value])).toEqual(Array.from({ length: 10 }, (_, i) => [i, `v${i}`]));

    // Retries are still deduplicated with their original offsets, nothing written twice.
    const replay = await leader.produce(later);
    expect({ base: Number(replay.baseOffset), duplicate: replay.duplicate }).toEqual({ base: 5, duplicate: true });
    expect(await w.readAll(topic, 0)).toHaveLength(10);
  });

  it('answers OUT_OF_ORDER_SEQUENCE when the gap is never filled, and writes nothing of that batch', { timeout: 60_000 }, async () => {
    const leader = await leaderOf(1);
    const producer = await w.initProducerId();
    await leader.produce(keyedBatch(records('c', 0, 3), { ...producer, baseSequence: 0 }));

    // Sequences 3..7 never arrive.
    const gap = await leader.produce(keyedBatch(records('lost', 8, 2), { ...producer, baseSequence: 8 })).catch((e: EddyError) => e);
    expect((gap as EddyError).code).toBe('OUT_OF_ORDER_SEQUENCE');
    expect(await leader.held()).toBe(0);
    expect((await w.readAll(topic, 1)).map((r) => r.value)).toEqual(['c0', 'c1', 'c2']);

    // The producer's state is untouched: its next batch in sequence is written after c2.
    const next = await leader.produce(keyedBatch(records('c', 3, 2), { ...producer, baseSequence: 3 }));
    expect(next.duplicate).toBe(false);
    expect((await w.readAll(topic, 1)).map((r) => r.value)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });
});
