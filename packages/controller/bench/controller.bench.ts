// `pnpm --filter @eddy/controller bench [topics]` (or `pnpm bench controller`
// once registered in scripts/bench.mjs):
//   1. create 1,000 topics × 6 partitions, RF 3, on 3 storage nodes: topics/s,
//      and when a metadata subscriber (as a storage node would) has seen them
//      all — on the in-memory log (the controller's own cost, an upper bound)
//      and on 3 controllers over @eddy/raft (in-process network, LevelDB with
//      fsync), the subscriber then on a follower controller;
//   2. an image of 100,000 partitions: heap it takes, and the time to encode
//      it as a snapshot and for a new node to decode and apply it.
import { metadataRecords, type wire } from '@eddy/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LevelRaftStore, MemoryNetwork, RaftHost } from '@eddy/raft';
import { MemoryMetadataLog } from '../src/log/memory-metadata-log.js';
import { RaftMetadataLog } from '../src/log/raft-metadata-log.js';
import { applyRecord } from '../src/metadata/apply-record.js';
import { emptyImage } from '../src/metadata/image.js';
import { imageToRecords } from '../src/metadata/snapshot.js';
import { Controller } from '../src/service/controller.js';

const TOPICS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = 16;

async function registerStorage(controller: Controller): Promise<void> {
  for (let id = 1; id <= 3; id++) {
    await controller.registerNode({ nodeId: id, incarnationId: `i${id}`, address: `127.0.0.1:${9000 + id}`, internalAddress: '', rack: `r${id}`, roles: ['NODE_ROLE_STORAGE'] });
  }
}

async function newController(): Promise<Controller> {
  const controller = new Controller({ log: new MemoryMetadataLog({ self: { id: 0, address: '127.0.0.1:0' } }) });
  await controller.start();
  await controller.idle();
  await registerStorage(controller);
  return controller;
}

interface Quorum {
  active: Controller;
  follower: Controller;
  stop(): Promise<void>;
}

/** Three controllers over @eddy/raft in one process: in-memory network, LevelDB (fsync) in a temp directory. */
async function raftQuorum(): Promise<Quorum> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-controller-bench-'));
  const network = new MemoryNetwork();
  const voters = [1, 2, 3].map((id) => ({ id, address: `127.0.0.1:${19000 + id}` }));
  const members = await Promise.all(
    voters.map(async (self) => {
      const store = await LevelRaftStore.open({ path: path.join(dir, String(self.id)), fsync: true });
      const host = new RaftHost({ nodeId: self.id, store, transport: network.transport(self.id), tickMs: 20 });
      await host.start();
      const controller = new Controller({ log: new RaftMetadataLog({ host, self, voters }) });
      await controller.start();
      return { controller, host, store };
    }),
  );
  const deadline = Date.now() + 20_000;
  let active: Controller | undefined;
  while (!(active = members.find((m) => m.controller.isActive())?.controller)) {
    if (Date.now() > deadline) throw new Error('no active controller within 20 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  await active.idle();
  await registerStorage(active);
  const follower = members.find((m) => m.controller !== active)!.controller;
  return {
    active,
    follower,
    async stop() {
      for (const m of members) {
        await m.controller.stop();
        await m.host.stop();
        await m.store.close();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const req = (name: string, partitions: number): wire.CreateTopicRequest__Output => ({ name, partitions, replicationFactor: 3, configs: {}, validateOnly: false });

interface CreateResult {
  topicsPerSec: number;
  seenByWatcherMs: number;
  elapsedMs: number;
}

async function createTopics(active: Controller, watched: Controller): Promise<CreateResult> {
  let seen = 0;
  let lastSeenAt = 0;
  watched.watchMetadata(watched.image.version, (e) => {
    const created = e.delta?.records.filter((r) => r.record === 'topicCreated').length ?? 0;
    if (created > 0) {
      seen += created;
      lastSeenAt = performance.now();
    }
  });
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOPICS) await active.createTopic(req(`bench-${next++}`, 6));
    }),
  );
  const elapsedMs = performance.now() - start;
  const deadline = Date.now() + 30_000;
  while (seen < TOPICS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  if (seen !== TOPICS) throw new Error(`watcher saw ${seen} of ${TOPICS} topics`);
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

const memory = await newController();
const onMemory = await createTopics(memory, memory);
await memory.stop();
const quorum = await raftQuorum();
const onRaft = await createTopics(quorum.active, quorum.follower);
await quorum.stop();
const big = await bigImage();
const row = (r: CreateResult) => ({ value: `${r.topicsPerSec.toFixed(0)} topics/s`, detail: `${r.elapsedMs.toFixed(0)} ms; subscriber had all after ${r.seenByWatcherMs.toFixed(0)} ms` });
console.table({
  [`create ${TOPICS} topics x6, RF3, in-memory log`]: row(onMemory),
  [`same, 3 controllers on @eddy/raft`]: row(onRaft),
  [`image of ${big.partitions} partitions`]: { value: `${big.heapMiB.toFixed(1)} MiB heap (approx.)`, detail: `${(big.bytes / 2 ** 20).toFixed(1)} MiB encoded` },
  'snapshot encode': { value: `${big.encodeMs.toFixed(0)} ms`, detail: '' },
  'new node decode + apply': { value: `${big.decodeApplyMs.toFixed(0)} ms`, detail: '' },
});
console.log(JSON.stringify({ bench: 'controller', topics: TOPICS, concurrency: CONCURRENCY, memory: onMemory, raft: onRaft, image: big }));
