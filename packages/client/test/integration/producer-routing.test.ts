// Producer batching, back-pressure and re-routing, and admin's NOT_CONTROLLER
// following, against FakeNode (an in-process TEST DOUBLE that stores the
// client's RecordBatch v2 bytes with the real codec). The same paths run
// against real processes in cluster-*.test.ts; here the peer's answers
// (hints, delays) can be dictated.
import { afterEach, describe, expect, it } from 'vitest';
import { Eddy } from '../../src/index.js';
import { FakeNode } from '../support/fake-node.js';

const nodes: FakeNode[] = [];
const clients: Eddy[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  for (const n of nodes.splice(0)) n.stop();
});

async function fakeNode(topic: string, partitions: number): Promise<FakeNode> {
  const n = new FakeNode();
  n.createTopic(topic, partitions);
  await n.start();
  nodes.push(n);
  return n;
}

function client(bootstrap: string): Eddy {
  const c = new Eddy({ bootstrap, requestTimeoutMs: 5_000, retry: { initialDelayMs: 10, maxDelayMs: 100 } });
  clients.push(c);
  return c;
}

describe('producer against a fake node', () => {
  it('batches many sends to one partition into few Produce requests, with consecutive offsets', async () => {
    const n = await fakeNode('t', 1);
    const producer = client(n.address).producer({ lingerMs: 20 });
    const sends = Array.from({ length: 1000 }, (_, i) => producer.send({ topic: 't', messages: [{ value: `v${i}` }] }));
    const results = (await Promise.all(sends)).map((r) => r[0]!.offset);
    expect(results).toEqual(Array.from({ length: 1000 }, (_, i) => BigInt(i)));
    expect(n.produceRequests.length).toBeLessThanOrEqual(3);
    expect(n.produceRequests.reduce((a, r) => a + r.records, 0)).toBe(1000);
  });

  it('lets batches grow while the partition\'s in-flight window is full', async () => {
    const n = await fakeNode('t', 1);
    n.produceDelayMs = 100;
    const producer = client(n.address).producer({ lingerMs: 0, maxInFlightPerPartition: 1 });
    await producer.send({ topic: 't', messages: [{ value: 'warm-up' }] }); // metadata and producer id
    const first = producer.send({ topic: 't', messages: [{ value: 'first' }] });
    await new Promise((r) => setTimeout(r, 20));
    // One request is on the wire; these 50 sends, each in its own turn, wait in one open batch.
    const rest: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      rest.push(producer.send({ topic: 't', messages: [{ value: `v${i}` }] }));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([first, ...rest]);
    expect(n.produceRequests.map((r) => r.records)).toEqual([1, 1, 50]);
  });

  it('sends a batch that opened while the window was full once its linger ends, with no later send to wake it', async () => {
    const n = await fakeNode('t', 1);
    n.produceDelayMs = 150;
    const producer = client(n.address).producer({ lingerMs: 100, maxInFlightPerPartition: 1 });
    await producer.send({ topic: 't', messages: [{ value: 'warm-up' }] });
    const first = producer.send({ topic: 't', messages: [{ value: 'a' }] });
    await new Promise((r) => setTimeout(r, 200)); // 'a' is on the wire until about 250 ms; 'b' lingers until 300 ms
    const second = producer.send({ topic: 't', messages: [{ value: 'b' }] });
    const outcome = await Promise.race([Promise.all([first, second]).then(() => 'sent'), new Promise((r) => setTimeout(() => r('stuck'), 3000))]);
    expect(outcome).toBe('sent');
    expect(n.produceRequests.map((r) => r.records)).toEqual([1, 1, 1]);
  });

  it('closes a batch at batchBytes; keyless records switch partition when their batch closes', async () => {
    const n = await fakeNode('t', 4);
    const producer = client(n.address).producer({ lingerMs: 1000, batchBytes: 1024 });
    const value = 'x'.repeat(200);
    const sends = Array.from({ length: 20 }, () => producer.send({ topic: 't', messages: [{ value }] }));
    await producer.flush();
    const parts = (await Promise.all(sends)).map((r) => r[0]!.partition);
    // Runs of the same partition (sticky), more than one partition used.
    expect(new Set(parts).size).toBeGreaterThan(1);
    for (const r of n.produceRequests) expect(r.records).toBeLessThanOrEqual(5);
    let switches = 0;
    for (let i = 1; i < parts.length; i++) if (parts[i] !== parts[i - 1]) switches++;
    expect(switches).toBeLessThan(parts.length / 2);
  });

  it('waits (back-pressure) when maxBufferedBytes is reached, and never holds much more', async () => {
    const n = await fakeNode('t', 1);
    n.produceDelayMs = 30;
    const producer = client(n.address).producer({ lingerMs: 0, batchBytes: 2048, maxBufferedBytes: 4096 });
    let maxBuffered = 0;
    const value = 'y'.repeat(500);
    for (let i = 0; i < 40; i++) {
      void producer.send({ topic: 't', messages: [{ value }] });
      maxBuffered = Math.max(maxBuffered, producer.bufferedBytes);
    }
    // Awaiting each send also waits for buffer space.
    for (let i = 0; i < 40; i++) {
      await producer.send({ topic: 't', messages: [{ value }] });
      maxBuffered = Math.max(maxBuffered, producer.bufferedBytes);
    }
    await producer.flush();
    expect(maxBuffered).toBeLessThanOrEqual(4096 + 600);
    expect(n.produceRequests.reduce((a, r) => a + r.records, 0)).toBe(80);
  });

  it('follows a NOT_LEADER hint at once and keeps sending to the new leader', async () => {
    const a = await fakeNode('t', 1);
    const b = await fakeNode('t', 1);
    a.redirectProduce = { leaderId: 2, leaderAddress: b.address };
    const producer = client(a.address).producer({ lingerMs: 1 });
    const [r1] = await producer.send({ topic: 't', messages: [{ key: 'sensor-123', value: 'one' }] });
    const [r2] = await producer.send({ topic: 't', messages: [{ key: 'sensor-123', value: 'two' }] });
    expect([r1!.offset, r2!.offset]).toEqual([0n, 1n]);
    expect(a.produceRequests).toHaveLength(1);
    expect(b.produceRequests).toHaveLength(2);
  });

  it('fails a batch with TIMEOUT after deliveryTimeoutMs, then continues the partition under a fresh producer id', async () => {
    const n = await fakeNode('t', 1);
    // The node keeps claiming another node leads (and that node is itself): a retry loop.
    n.redirectProduce = { leaderId: 1, leaderAddress: n.address };
    const producer = client(n.address).producer({ lingerMs: 1, deliveryTimeoutMs: 300 });
    await expect(producer.send({ topic: 't', messages: [{ value: 'lost' }] })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(n.produceRequests.length).toBeGreaterThan(1);
    expect(new Set(n.produceRequests.map((r) => r.baseSequence))).toEqual(new Set([0]));
    n.redirectProduce = undefined;
    const [r] = await producer.send({ topic: 't', messages: [{ value: 'after' }] });
    expect(r!.offset).toBe(0n);
    const last = n.produceRequests[n.produceRequests.length - 1]!;
    expect(last.producerId).toBe(2n);
    expect(last.baseSequence).toBe(0);
    expect(n.initProducerIdCalls).toBe(2);
  });

  it('fails messages held for a fresh producer id after deliveryTimeoutMs when none can be had, and close() returns', async () => {
    const n = await fakeNode('t', 1);
    n.redirectProduce = { leaderId: 1, leaderAddress: n.address };
    const producer = client(n.address).producer({ lingerMs: 1, deliveryTimeoutMs: 300 });
    const first = producer.send({ topic: 't', messages: [{ value: 'lost' }] });
    while (n.produceRequests.length === 0) await new Promise((r) => setTimeout(r, 5));
    // The partition starts over once this batch times out, but no new producer id can be had.
    n.initProducerIdUnavailable = true;
    await expect(first).rejects.toMatchObject({ code: 'TIMEOUT' });
    const held = producer.send({ topic: 't', messages: [{ value: 'held' }] });
    await expect(held).rejects.toMatchObject({ code: 'TIMEOUT' });
    await producer.close();
    expect(n.produceRequests.every((r) => r.producerId === 1n)).toBe(true);
  });

  it('puts a partition\'s pipelined batches on the wire in sequence order even when one leader lookup is slow', async () => {
    const n = await fakeNode('t', 1);
    n.produceDelayMs = 200;
    const eddy = client(n.address);
    const producer = eddy.producer({ lingerMs: 0, maxInFlightPerPartition: 4 });
    await producer.send({ topic: 't', messages: [{ value: 'warm-up' }] });
    // The next lookup waits as a metadata refresh would; later ones answer at once.
    const conn = (eddy as unknown as { conn: { leaderClients(topic: string, partition: number): Promise<unknown> } }).conn;
    const lookup = conn.leaderClients.bind(conn);
    let slow = true;
    conn.leaderClients = async (topic, partition) => {
      if (slow) {
        slow = false;
        await new Promise((r) => setTimeout(r, 100));
      }
      return lookup(topic, partition);
    };
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 4; i++) {
      sends.push(producer.send({ topic: 't', messages: [{ value: `v${i}` }] }));
      await new Promise((r) => setTimeout(r, 10)); // each send closes its own batch and goes out
    }
    await Promise.all(sends);
    // Arrival order at the node is the order the calls left (one HTTP/2 connection, tiny requests).
    const sent = n.produceRequests.slice(1).map((r) => r.baseSequence);
    expect(sent).toEqual([1, 2, 3, 4]);
  });

  it('rejects sends to unknown topics with the typed error, and sends after close', async () => {
    const n = await fakeNode('t', 1);
    const c = client(n.address);
    const producer = c.producer();
    await expect(producer.send({ topic: 'nope', messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
    await producer.close();
    await expect(producer.send({ topic: 't', messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });
});

describe('admin against fake nodes', () => {
  it('follows NOT_CONTROLLER to the hinted controller', async () => {
    const a = await fakeNode('t', 1);
    const b = await fakeNode('t', 1);
    a.redirectAdmin = { leaderId: 2, leaderAddress: b.address };
    const cluster = await client(a.address).admin().describeCluster();
    expect(cluster.clusterId).toBe(`fake@${b.address}`);
  });
});
