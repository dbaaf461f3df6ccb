// `pnpm --filter @eddy/controller bench` (or `pnpm bench controller` once
// registered in scripts/bench.mjs): the controller's own costs on the
// in-memory log, i.e. without Raft replication — an upper bound for the
// quorum's throughput and a baseline to compare the Raft-backed log against.
//   1. create 1,000 topics × 6 partitions, RF 3, on 3 storage nodes: topics/s,
//      and when a metadata subscriber (as a storage node) has seen them all;
//   2. an image of 100,000 partitions: heap it takes, and the time to encode
//      it as a snapshot and for a new node to decode and apply it.
import { metadataRecords, type wire } from '@eddy/protocol';
import { MemoryMetadataLog } from '../src/log/memory-metadata-log.js';
import { applyRecord } from '../src/metadata/apply-record.js';
import { emptyImage } from '../src/metadata/image.js';
import { imageToRecords } from '../src/metadata/snapshot.js';
import { Controller } from '../src/service/controller.js';

const TOPICS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = 16;

async function newController(): Promise<Controller> {
  const controller = new Controller({ log: new MemoryMetadataLog({ self: { id: 0, address: '127.0.0.1:0' } }) });
  await controller.start();
  await controller.idle();
  for (let id = 1; id <= 3; id++) {
    await controller.registerNode({ nodeId: id, incarnationId: `i${id}`, address: `127.0.0.1:${9000 + id}`, rack: `r${id}`, roles: ['NODE_ROLE_STORAGE'] });
  }
  return controller;
}

const req = (name: string, partitions: number): wire.CreateTopicRequest__Output => ({ name, partitions, replicationFactor: 3, configs: {}, validateOnly: false });

async function createTopics(): Promise<{ topicsPerSec: number; seenByWatcherMs: number; elapsedMs: number }> {
  const controller = await newController();
  let seen = 0;
  let lastSeenAt = 0;
  controller.watchMetadata(controller.image.version, (e) => {
    if (e.delta?.record?.record === 'topicCreated') {
      seen++;
      lastSeenAt = performance.now();
    }
  });
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOPICS) await controller.createTopic(req(`bench-${next++}`, 6));
    }),
  );
  const elapsedMs = performance.now() - start;
  if (seen !== TOPICS) throw new Error(`watcher saw ${seen} of ${TOPICS} topics`);
  await controller.stop();
  return { topicsPerSec: TOPICS / (elapsedMs / 1000), seenByWatcherMs: lastSeenAt - start, elapsedMs };
}

async function bigImage(): Promise<{ partitions: number; heapMiB: number; encodeMs: number; bytes: number; decodeApplyMs: number }> {
  const before = process.memoryUsage().heapUsed;
  const controller = await newController();
  for (let t = 0; t < 1000; t++) await controller.createTopic(req(`big-${t}`, 100));
  const heapMiB = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  const codec = metadataRecords();
  let start = performance.now();
  const encoded = imageToRecords(controller.image).map((r) => codec.encode(r));
  const encodeMs = performance.now() - start;
  const bytes = encoded.reduce((n, b) => n + b.length, 0);
  start = performance.now();
  const image = emptyImage();
  for (const b of encoded) applyRecord(image, codec.decode(b), 0);
  const decodeApplyMs = performance.now() - start;
  const partitions = image.partitionCount;
  await controller.stop();
  return { partitions, heapMiB, encodeMs, bytes, decodeApplyMs };
}

const create = await createTopics();
const big = await bigImage();
console.table({
  [`create ${TOPICS} topics x6, RF3 (${CONCURRENCY} in flight)`]: { value: `${create.topicsPerSec.toFixed(0)} topics/s`, detail: `${create.elapsedMs.toFixed(0)} ms; watcher had all after ${create.seenByWatcherMs.toFixed(0)} ms` },
  [`image of ${big.partitions} partitions`]: { value: `${big.heapMiB.toFixed(1)} MiB heap (approx.)`, detail: `${(big.bytes / 2 ** 20).toFixed(1)} MiB encoded` },
  'snapshot encode': { value: `${big.encodeMs.toFixed(0)} ms`, detail: '' },
  'new node decode + apply': { value: `${big.decodeApplyMs.toFixed(0)} ms`, detail: '' },
});
console.log(JSON.stringify({ bench: 'controller', log: 'memory', ...create, image: big }));
