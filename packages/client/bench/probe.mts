// Ad-hoc throughput probe against a real 3-node cluster (not a test):
//   npx tsx packages/client/bench/probe.mts /tmp/client-debug.jsonl
// Produces 200,000 keyed 100-byte records one per send() and 500 per send(), then consumes them.
import { Eddy } from '../src/index.js';
import { createLogger } from '@eddy/protocol';
import { createWriteStream } from 'node:fs';
import { waitFor } from '../../../test/support/harness.js';
import { ServerCluster } from '../../../test/support/server-cluster.js';
const cluster = new ServerCluster({ nodes: 3, roles: 'combined' });
await cluster.start();
const eddy = new Eddy({ bootstrap: cluster.bootstrap, logger: createLogger({ level: 'debug', destination: createWriteStream(process.argv[2] ?? '/dev/null') }), });
try {
  const admin = eddy.admin();
  const topic = `perf-${Date.now()}`;
  await admin.createTopic({ name: topic, partitions: 6, replicationFactor: 3 });
  await waitFor('leaders', async () => (await admin.describeTopic(topic)).partitions.every((p) => p.leaderId > 0));
  const producer = eddy.producer({ lingerMs: 5, deliveryTimeoutMs: 20_000 });
  const value = Buffer.alloc(100, 1);
  const N = 200_000;
  // warm-up
  await producer.send({ topic, messages: Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, value })) });
  let t = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < N; i++) sends.push(producer.send({ topic, messages: [{ key: `sensor-${i % 1000}`, value }] }));
  await Promise.all(sends);
  let ms = performance.now() - t;
  console.log(`produce one message per send(): ${N} msgs in ${ms.toFixed(0)} ms = ${Math.round(N / ms * 1000)} msg/s`);
  t = performance.now();
  const sends2: Promise<unknown>[] = [];
  for (let i = 0; i < N; i += 500) sends2.push(producer.send({ topic, messages: Array.from({ length: 500 }, (_, j) => ({ key: `sensor-${(i + j) % 1000}`, value })) }));
  await Promise.all(sends2);
  ms = performance.now() - t;
  console.log(`produce 500 per send(): ${N} msgs in ${ms.toFixed(0)} ms = ${Math.round(N / ms * 1000)} msg/s`);
  const consumer = eddy.consumer();
  await consumer.assign(Array.from({ length: 6 }, (_, partition) => ({ topic, partition, offset: 'earliest' as const })));
  t = performance.now();
  let n = 0;
  const total = 2 * N + 1000;
  for await (const _m of consumer) if (++n === total) break;
  ms = performance.now() - t;
  console.log(`consume: ${total} msgs in ${ms.toFixed(0)} ms = ${Math.round(total / ms * 1000)} msg/s`);
} finally {
  await eddy.close();
  await cluster.stop();
}
