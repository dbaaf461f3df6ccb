// The idempotent producer across a partition leader's SIGKILL on a real
// 3-node cluster: sends keep flowing while the leader dies, retries go to the
// new leader (NOT_LEADER hints / metadata refresh), and every acknowledged
// record is in the log exactly once, in send order per key.
import { afterEach, describe, expect, it } from 'vitest';
import { Eddy, type ConsumedMessage, type RecordMetadata } from '../../src/index.js';
import { waitFor } from '../../../../test/support/harness.js';
import { ServerCluster } from '../../../../test/support/server-cluster.js';

let cluster: ServerCluster | undefined;
let client: Eddy | undefined;
afterEach(async () => {
  await client?.close();
  await cluster?.stop();
  cluster = client = undefined;
});

describe('idempotent producer across a leader SIGKILL', () => {
  it('no duplicates and no reordering within a key', async () => {
    cluster = new ServerCluster({ nodes: 3, roles: 'combined' });
    await cluster.start();
    const c = cluster;
    client = new Eddy({ bootstrap: c.bootstrap, requestTimeoutMs: 3_000, retry: { initialDelayMs: 50, maxDelayMs: 500 } });
    const admin = client.admin();
    const topic = `failover-${Date.now()}`;
    await admin.createTopic({ name: topic, partitions: 3, replicationFactor: 3 });
    await waitFor('every partition has a leader', async () => (await admin.describeTopic(topic)).partitions.every((p) => p.leaderId > 0));

    const producer = client.producer({ lingerMs: 2, batchBytes: 16 * 1024 });
    const keys = Array.from({ length: 12 }, (_, i) => `sensor-${i}`);
    const ROUNDS = 400;
    const acked: RecordMetadata[][] = [];
    let sent = 0;
    let ackedAtKill = -1;
    const killer = (async () => {
      await waitFor('a third of the records acknowledged', () => acked.length >= ROUNDS / 3, 60_000);
      const leaderId = (await admin.describeTopic(topic)).partitions[0]!.leaderId;
      await c.kill(c.node(leaderId));
      ackedAtKill = acked.filter(Boolean).length;
      return leaderId;
    })();
    // Sends overlap: up to 20 rounds in flight, each round one record per key.
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < ROUNDS; i++) {
      const round = i;
      const p = producer
        .send({ topic, messages: keys.map((key) => ({ key, value: `${key}:${round}` })) })
        .then((r) => {
          acked[round] = r;
        });
      sent++;
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (inFlight.size >= 20) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const killed = await killer;
    expect(sent).toBe(ROUNDS);
    expect(acked.filter(Boolean)).toHaveLength(ROUNDS);

    // Read every partition from the start with a fresh client (the killed node stays down).
    const consumer = client.consumer({ maxWaitMs: 100 });
    await consumer.assign([0, 1, 2].map((partition) => ({ topic, partition, offset: 'earliest' as const })));
    const byKey = new Map<string, number[]>();
    const iterator = consumer[Symbol.asyncIterator]();
    for (let n = 0; n < ROUNDS * keys.length; n++) {
      const m = (await iterator.next()).value as ConsumedMessage;
      const [key, round] = m.value!.toString().split(':') as [string, string];
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(Number(round));
    }
    for (const key of keys) expect(byKey.get(key)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i));
    // And nothing more: a duplicate appended at the tail would show up here. (Proving an
    // absence needs a window; 1.5 s is many fetch rounds at maxWaitMs 100.)
    const extra = await Promise.race([iterator.next().then((r) => r.value as ConsumedMessage), new Promise<undefined>((r) => setTimeout(() => r(undefined), 1_500))]);
    expect(extra?.value?.toString()).toBeUndefined();
    await consumer.close();
    expect(killed).toBeGreaterThan(0);
    // The leader died while sends were still going on.
    expect(ackedAtKill).toBeGreaterThan(0);
    expect(ackedAtKill).toBeLessThan(ROUNDS);
  });
});
