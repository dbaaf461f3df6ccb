// @eddy/client against a real 3-node cluster of `eddy server --roles combined`
// processes: the admin client creates a topic, the producer sends keyed
// temperature readings (batched, idempotent, across 6 partitions), and
// consumers read them back in per-partition order via Fetch and Subscribe.
import { afterEach, describe, expect, it } from 'vitest';
import { Eddy, jsonSerde, stringSerde, type ConsumedMessage } from '../../src/index.js';
import { waitFor } from '../../../../test/support/harness.js';
import { ServerCluster } from '../../../../test/support/server-cluster.js';

interface Reading {
  sensorId: string;
  temperature: number;
  unit: string;
  recordedAt: string;
}

let cluster: ServerCluster | undefined;
let client: Eddy | undefined;
afterEach(async () => {
  await client?.close();
  await cluster?.stop();
  cluster = client = undefined;
});

const readings = jsonSerde<Reading>();

async function collect(it: AsyncIterable<ConsumedMessage>, n: number, timeoutMs = 30_000): Promise<ConsumedMessage[]> {
  const out: ConsumedMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  for await (const m of it) {
    out.push(m);
    if (out.length >= n) break;
    if (Date.now() > deadline) throw new Error(`only ${out.length} of ${n} records within ${timeoutMs} ms`);
  }
  return out;
}

describe('@eddy/client on a real 3-node cluster', () => {
  it('creates a topic, produces keyed records and consumes them back in per-partition order', async () => {
    cluster = new ServerCluster({ nodes: 3, roles: 'combined' });
    await cluster.start();
    client = new Eddy({ bootstrap: cluster.bootstrap, clientId: 'client-it', requestTimeoutMs: 10_000 });
    const admin = client.admin();
    const topic = `temperature-readings-${Date.now()}`;
    const created = await admin.createTopic({ name: topic, partitions: 6, replicationFactor: 3 });
    expect(created.partitions).toHaveLength(6);
    // createTopic waited for leaders (waitForLeaders): producing needs no wait of its own.
    expect((await admin.describeTopic(topic)).partitions.every((p) => p.leaderId > 0)).toBe(true);
    expect((await admin.listTopics()).map((t) => t.name)).toContain(topic);

    const producer = client.producer({ lingerMs: 5, compression: 'lz4' });
    const sensors = Array.from({ length: 20 }, (_, i) => `sensor-${100 + i}`);
    const perSensor = 50;
    const sends: Promise<unknown>[] = [];
    const sentAt = new Map<string, number>();
    for (let i = 0; i < perSensor; i++) {
      for (const sensorId of sensors) {
        const value: Reading = { sensorId, temperature: i, unit: 'C', recordedAt: new Date(1_700_000_000_000 + i * 1000).toISOString() };
        sends.push(producer.send({ topic, messages: [{ key: sensorId, value: readings.serialize(value) as Buffer, headers: { source: 'it' } }] }));
        sentAt.set(`${sensorId}:${i}`, i);
      }
    }
    const results = (await Promise.all(sends)) as { topic: string; partition: number; offset: bigint }[][];
    const total = sensors.length * perSensor;
    expect(results.flat()).toHaveLength(total);
    // A key always lands on one partition.
    const partitionOf = new Map<string, number>();
    results.forEach((r, i) => {
      const sensorId = sensors[i % sensors.length]!;
      const p = partitionOf.get(sensorId);
      if (p !== undefined) expect(r[0]!.partition).toBe(p);
      partitionOf.set(sensorId, r[0]!.partition);
      expect(r[0]!.offset >= 0n).toBe(true);
    });
    await producer.flush();

    // Read everything back from the beginning of every partition.
    const consumer = client.consumer({ autoOffsetReset: 'earliest', maxWaitMs: 200 });
    await consumer.assign(Array.from({ length: 6 }, (_, partition) => ({ topic, partition, offset: 'earliest' as const })));
    const got = await collect(consumer, total);
    expect(got).toHaveLength(total);
    // Per partition: offsets strictly increase; per key: readings in send order; no duplicates.
    const lastOffset = new Map<number, bigint>();
    const lastTemp = new Map<string, number>();
    for (const m of got) {
      const prev = lastOffset.get(m.partition);
      if (prev !== undefined) expect(m.offset > prev).toBe(true);
      lastOffset.set(m.partition, m.offset);
      const r = readings.deserialize(m.value!);
      expect(stringSerde.deserialize(m.key!)).toBe(r.sensorId);
      expect(m.partition).toBe(partitionOf.get(r.sensorId));
      expect(r.temperature).toBe((lastTemp.get(r.sensorId) ?? -1) + 1);
      lastTemp.set(r.sensorId, r.temperature);
      expect(m.headers.map((h) => [h.key, h.value?.toString()])).toEqual([['source', 'it']]);
    }
    await consumer.close();
  });

  it('tails live records after catching up (Subscribe), seeks by offset, by timestamp and to the end', async () => {
    cluster = new ServerCluster({ nodes: 3, roles: 'combined' });
    await cluster.start();
    client = new Eddy({ bootstrap: cluster.bootstrap, requestTimeoutMs: 10_000 });
    const admin = client.admin();
    const topic = `live-${Date.now()}`;
    await admin.createTopic({ name: topic, partitions: 1, replicationFactor: 3 });
    await waitFor('the partition has a leader', async () => (await admin.describeTopic(topic)).partitions[0]!.leaderId > 0);
    const producer = client.producer({ lingerMs: 1 });
    // One batch per record, each with its own CreateTime a second apart.
    const T = 1_700_000_000_000;
    const first = [];
    for (let i = 0; i < 10; i++) first.push(...(await producer.send({ topic, messages: [{ key: 'sensor-123', value: `old-${i}`, timestamp: T + i * 1000 }] })));
    for (let i = 1; i < 10; i++) expect(first[i]!.offset > first[i - 1]!.offset).toBe(true);

    const consumer = client.consumer({ maxWaitMs: 100 });
    await consumer.assign([{ topic, partition: 0, offset: 'earliest' }]);
    const iterator = consumer[Symbol.asyncIterator]();
    const next = async (): Promise<ConsumedMessage> => (await iterator.next()).value as ConsumedMessage;
    for (let i = 0; i < 10; i++) expect((await next()).value!.toString()).toBe(`old-${i}`);
    // Caught up: the partition moves to a Subscribe stream and new records arrive over it.
    await waitFor('a live Subscribe stream', () => consumer.liveStreamCount === 1);
    for (let round = 0; round < 3; round++) {
      await producer.send({ topic, messages: [{ key: 'sensor-123', value: `live-${round}` }] });
      expect((await next()).value!.toString()).toBe(`live-${round}`);
    }
    // Seek back to an offset: records are re-read from there.
    consumer.seek({ topic, partition: 0, offset: first[7]!.offset });
    expect((await next()).value!.toString()).toBe('old-7');
    // Seek to a time: the first record at or after it (ListOffsets with a timestamp).
    consumer.seek({ topic, partition: 0, timestamp: new Date(T + 4500) });
    const byTime = await next();
    expect(byTime.value!.toString()).toBe('old-5');
    expect(byTime.timestamp).toBe(BigInt(T + 5000));
    // Seek to the end: only records produced afterwards are read.
    consumer.seek({ topic, partition: 0, offset: 'end' });
    const end = await consumer.position({ topic, partition: 0 });
    expect(end > first[9]!.offset + 3n).toBe(true);
    await producer.send({ topic, messages: [{ value: 'after-end' }] });
    expect((await next()).value!.toString()).toBe('after-end');
    await iterator.return?.();
    await consumer.close();
  });
});
