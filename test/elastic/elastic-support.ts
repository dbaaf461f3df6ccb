// What the elastic-cluster tests share: a producer that keeps writing keyed,
// idempotent batches with acks=all to every partition until told to stop and
// remembers what was acknowledged, the check that every acknowledged record
// reads back once and in order, and views of the cluster's shape through the
// admin API (as `eddy node list` and `eddy topic describe --json` see it).
import { expect } from 'vitest';
import type { wire } from '@eddy/protocol';
import { keyedBatch, type WireClient } from '../support/wire-client.js';

export interface RunningProducer {
  /** Records acknowledged per partition (values `${p}:${i}` for i below this). */
  readonly acked: number[];
  stop(): Promise<void>;
}

/** Produces batches of `batch` records to every partition in turn until stop(). */
export async function startProducer(w: WireClient, topic: string, partitions: number, batch = 50): Promise<RunningProducer> {
  const producer = await w.initProducerId();
  const acked: number[] = new Array(partitions).fill(0);
  let stopping = false;
  const loops = Array.from({ length: partitions }, async (_, p) => {
    while (!stopping) {
      const i = acked[p] as number;
      const records = Array.from({ length: batch }, (_, j) => ({ key: `k-${p}-${(i + j) % 20}`, value: `${p}:${i + j}` }));
      // produceUntilAcked retries retriable errors (NOT_LEADER, LEADER_NOT_AVAILABLE) with the same sequence: no duplicates.
      const res = await w.produceUntilAcked(topic, p, keyedBatch(records, { ...producer, baseSequence: i }), 120_000);
      expect(BigInt(res.lastOffset) - BigInt(res.baseOffset)).toBe(BigInt(batch - 1));
      acked[p] = i + batch;
    }
  });
  return {
    acked,
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

/** Every acknowledged record of every partition, exactly once, in produce order. */
export async function expectAllAcknowledged(w: WireClient, topic: string, acked: readonly number[]): Promise<void> {
  for (let p = 0; p < acked.length; p++) {
    const records = await w.readAll(topic, p, 0n, 120_000);
    const values = records.map((r) => r.value);
    expect(values.length, `partition ${p}: records read vs acknowledged`).toBe(acked[p]);
    expect(values).toEqual(Array.from({ length: acked[p] as number }, (_, i) => `${p}:${i}`));
    for (let i = 1; i < records.length; i++) expect(records[i]!.offset > records[i - 1]!.offset).toBe(true);
  }
}

export async function listNodes(w: WireClient): Promise<wire.NodeStatus__Output[]> {
  return (await w.admin<wire.ListNodesResponse__Output>('listNodes', {})).nodes;
}

export async function describeTopic(w: WireClient, topic: string): Promise<wire.TopicDescription__Output> {
  return (await w.admin<wire.DescribeTopicResponse__Output>('describeTopic', { name: topic })).topic!;
}

export async function reassignments(w: WireClient): Promise<wire.ReassignmentStatus__Output[]> {
  return (await w.admin<wire.ListPartitionReassignmentsResponse__Output>('listPartitionReassignments', {})).reassignments;
}

/** Every partition settled: no move in progress, as many replicas as the factor, all of them in sync. */
export async function settled(w: WireClient, topic: string, replicationFactor: number): Promise<boolean> {
  const t = await describeTopic(w, topic);
  return t.partitions.every(
    (p) => p.targetReplicas.length === 0 && p.replicas.length === replicationFactor && p.inSyncReplicas.length === replicationFactor && p.leaderId > 0,
  );
}

/** Replicas per node id over a topic's partitions. */
export async function replicaCounts(w: WireClient, topic: string): Promise<Map<number, number>> {
  const t = await describeTopic(w, topic);
  const counts = new Map<number, number>();
  for (const p of t.partitions) for (const r of p.replicas) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}
