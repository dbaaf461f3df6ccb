// Consumer behaviours whose server answers are easiest to dictate with FakeNode
// (an in-process TEST DOUBLE storing the client's RecordBatch v2 bytes with
// the real codec): out-of-range resets, pause/resume, eachBatch, Fetch-only
// fallback when Subscribe is not served.
import { afterEach, describe, expect, it } from 'vitest';
import { Eddy } from '../../src/index.js';
import { FakeNode } from '../support/fake-node.js';

let node: FakeNode | undefined;
const clients: Eddy[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  node?.stop();
  node = undefined;
});

async function setup(records: number): Promise<Eddy> {
  node = new FakeNode();
  node.createTopic('t', 1);
  await node.start();
  const c = new Eddy({ bootstrap: node.address, retry: { initialDelayMs: 10, maxDelayMs: 50 } });
  clients.push(c);
  const p = c.producer({ lingerMs: 1 });
  // Several batches, so a fetch from the middle starts inside one.
  for (let i = 0; i < records; i += 5) await p.send({ topic: 't', messages: Array.from({ length: 5 }, (_, j) => ({ value: String(i + j) })) });
  return c;
}

describe('consumer against a fake node', () => {
  it('skips records below the requested offset when a batch starts before it', async () => {
    const c = await setup(20);
    const consumer = c.consumer({ maxWaitMs: 20 });
    await consumer.assign([{ topic: 't', partition: 0, offset: 7 }]);
    const it = consumer[Symbol.asyncIterator]();
    expect(((await it.next()).value as { offset: bigint }).offset).toBe(7n);
    await it.return?.();
  });

  it('resets an out-of-range offset per autoOffsetReset', async () => {
    const c = await setup(10);
    const earliest = c.consumer({ autoOffsetReset: 'earliest', maxWaitMs: 20 });
    await earliest.assign([{ topic: 't', partition: 0, offset: 1000 }]);
    const it = earliest[Symbol.asyncIterator]();
    expect(((await it.next()).value as { offset: bigint }).offset).toBe(0n);
    await it.return?.();

    const latest = c.consumer({ autoOffsetReset: 'latest', maxWaitMs: 20 });
    await latest.assign([{ topic: 't', partition: 0, offset: 1000 }]);
    const it2 = latest[Symbol.asyncIterator]();
    const next = it2.next();
    // Wait for the reset to the log end (10) before producing the record it should see.
    while ((await latest.position({ topic: 't', partition: 0 })) !== 10n) await new Promise((r) => setTimeout(r, 5));
    await c.producer().send({ topic: 't', messages: [{ value: 'new' }] });
    const m = (await next).value as { offset: bigint; value: Buffer };
    expect(m.value.toString()).toBe('new');
    expect(m.offset).toBe(10n);
    await it2.return?.();
  });

  it('eachBatch gets runs of consecutive records; pause stops delivery, resume continues without a gap', async () => {
    const c = await setup(30);
    const consumer = c.consumer({ maxWaitMs: 20 });
    await consumer.assign([{ topic: 't', partition: 0, offset: 'earliest' }]);
    const seen: bigint[] = [];
    let paused = false;
    const run = consumer.run({
      eachMessage: (m) => {
        seen.push(m.offset);
        if (m.offset === 12n) {
          consumer.pause([{ topic: 't', partition: 0 }]);
          paused = true;
        }
      },
    });
    const deadline = Date.now() + 10_000;
    while (!paused) {
      if (Date.now() > deadline) throw new Error('never paused');
      await new Promise((r) => setTimeout(r, 5));
    }
    // Paused: nothing more is delivered (an absence needs a window; 150 ms is several fetch rounds).
    await new Promise((r) => setTimeout(r, 150));
    expect(seen[seen.length - 1]).toBe(12n);
    expect(consumer.paused()).toEqual([{ topic: 't', partition: 0 }]);
    consumer.resume([{ topic: 't', partition: 0 }]);
    while (seen.length < 30) {
      if (Date.now() > deadline) throw new Error(`only ${seen.length} records`);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => BigInt(i)));
    await consumer.close();
    await run;

    const batches = c.consumer({ maxWaitMs: 20 });
    await batches.assign([{ topic: 't', partition: 0, offset: 'earliest' }]);
    const got: bigint[] = [];
    const runBatches = batches.run({
      eachBatch: (b) => {
        for (let i = 1; i < b.messages.length; i++) expect(b.messages[i]!.offset).toBe(b.messages[i - 1]!.offset + 1n);
        got.push(...b.messages.map((m) => m.offset));
      },
    });
    while (got.length < 30) {
      if (Date.now() > deadline) throw new Error(`only ${got.length} records`);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => BigInt(i)));
    await batches.close();
    await runBatches;
  });
});
