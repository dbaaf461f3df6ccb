// Consumer groups end to end on a 3-node cluster of real processes: the
// coordinator on the storage nodes (leader of a __consumer_offsets partition)
// and @eddy/client's group consumer. Two members share 6 partitions, a third
// joins and takes some, no partition is ever owned by two members at once,
// and with commits after processing every record is consumed.
import { Eddy, type Consumer } from '@eddy/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';

let fx: ClusterFixture | undefined;
const clients: Eddy[] = [];
const consumers: Consumer[] = [];
afterAll(async () => {
  for (const c of consumers) await c.close().catch(() => undefined);
  for (const e of clients) await e.close().catch(() => undefined);
  await fx?.close();
});

function key(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

describe('consumer groups', () => {
  it('share partitions among members, move some to a joiner, never to two at once, and consume everything', { timeout: 240_000 }, async () => {
    const topic = `group-readings-${Date.now()}`;
    fx = await startCluster({ nodes: 3, roles: 'combined', topics: [{ name: topic, partitions: 6, replicationFactor: 3 }] });
    const { cluster, client: eddy } = fx;

    const producer = eddy.producer();
    const total = 1200;
    await producer.send({ topic, messages: Array.from({ length: total }, (_, i) => ({ key: `sensor-${i % 40}`, value: String(i) })) });
    await producer.flush();

    const seen = new Set<string>();
    const owners = new Map<string, string>(); // partition -> member name
    let doubleOwned = 0;
    const startMember = (name: string) => {
      const client = new Eddy({ bootstrap: cluster.bootstrap });
      clients.push(client);
      const c = client.consumer({ groupId: 'averages', autoOffsetReset: 'earliest', autoCommitIntervalMs: 200 });
      consumers.push(c);
      c.subscribe({ topics: [topic] });
      void (async () => {
        for await (const m of c) {
          const k = key(m.topic, m.partition);
          const owner = owners.get(k);
          if (owner !== undefined && owner !== name) {
            // Another member read this partition: only allowed once that member released it.
            const other = consumers[['a', 'b', 'c'].indexOf(owner)];
            if (other?.assignment().some((tp) => tp.topic === m.topic && tp.partition === m.partition)) doubleOwned++;
          }
          owners.set(k, name);
          seen.add(m.value!.toString());
        }
      })().catch(() => undefined);
      return c;
    };

    const a = startMember('a');
    const b = startMember('b');
    await waitFor('a and b share the 6 partitions', () => a.assignment().length + b.assignment().length === 6 && a.assignment().length > 0 && b.assignment().length > 0, 90_000);
    await waitFor('every record consumed', () => seen.size === total, 90_000);

    const c = startMember('c');
    await waitFor('the joiner gets partitions', () => c.assignment().length > 0 && a.assignment().length + b.assignment().length + c.assignment().length === 6, 90_000);
    const all = [...a.assignment(), ...b.assignment(), ...c.assignment()].map((tp) => key(tp.topic, tp.partition));
    expect(new Set(all).size).toBe(6);
    expect(doubleOwned).toBe(0);

    // More records after the handover are consumed too.
    await producer.send({ topic, messages: Array.from({ length: 300 }, (_, i) => ({ key: `sensor-${i % 40}`, value: String(total + i) })) });
    await waitFor('records after the join consumed', () => seen.size === total + 300, 90_000);
    await producer.close();

    const described = await eddy.admin().describeGroup('averages');
    expect(described.members).toHaveLength(3);
    expect(doubleOwned).toBe(0);
  });
});
