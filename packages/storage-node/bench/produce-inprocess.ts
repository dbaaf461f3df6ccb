// In-process produce benchmark: three data planes (RaftHosts on real LevelDB,
// fsync on, MemoryNetwork) in this one process, one RF-3 partition, acks=all,
// a producer keeping `inflight` batches outstanding. Prints records/s, MB/s
// and the write amplification seen in /proc/self/io (all three replicas
// write here, so bytes written are divided by 3 x bytes produced), then the
// catch-up read rate of the whole partition from offset 0 through FetchService.
// Run: pnpm --filter @eddy/storage-node bench:produce [recordBytes] [recordsPerBatch] [seconds]
import { readFileSync } from 'node:fs';
import { encodeRecordBatch } from '@eddy/protocol';
import { TestCluster } from '../test/helpers.js';

const recordBytes = Number(process.argv[2] ?? 1024);
const perBatch = Number(process.argv[3] ?? 100);
const seconds = Number(process.argv[4] ?? 8);
const inflight = 8;

function ioWritten(): number {
  const m = /write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
  return Number(m?.[1] ?? 0);
}

async function main(): Promise<void> {
  const cluster = new TestCluster([1, 2, 3], [{ topic: 'bench', topicId: 'BENCH', partitions: [[1, 2, 3]] }]);
  await cluster.start();
  const { node } = await cluster.waitLeader('bench', 0);
  const value = Buffer.alloc(recordBytes, 0x61);
  const batch = encodeRecordBatch({ records: Array.from({ length: perBatch }, (_, i) => ({ key: Buffer.from(`k${i}`), value, timestamp: Date.now() })) });
  const io0 = ioWritten();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let batches = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await node.plane.produce.produce({ topic: 'bench', partition: 0, acks: 'all', timeoutMs: 10_000, batch });
      batches++;
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  const secs = (performance.now() - t0) / 1000;
  const produced = batches * batch.length;
  const written = ioWritten() - io0;
  const records = batches * perBatch;
  // Catch-up read of everything just written, from offset 0, in the stored-batch format.
  const r0 = performance.now();
  let offset = 0;
  let readBytes = 0;
  const hw = node.plane.replicas.replica('bench', 0).state.highWatermark;
  while (offset < hw) {
    const [p] = await node.plane.fetch.fetch({ partitions: [{ topic: 'bench', partition: 0, offset, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 8 * 1024 * 1024, format: 'batches' });
    if (!p || p.error) throw p?.error ?? new Error('no result');
    readBytes += p.recordBatches.length;
    offset = p.nextOffset;
  }
  const readSecs = (performance.now() - r0) / 1000;
  console.log(
    JSON.stringify({
      recordBytes,
      perBatch,
      inflight,
      seconds: Number(secs.toFixed(2)),
      recordsPerSec: Math.round(records / secs),
      mbPerSec: Number((produced / secs / 1e6).toFixed(1)),
      catchUpMbPerSec: Number((readBytes / readSecs / 1e6).toFixed(1)),
      writeAmplification: Number((written / (3 * produced)).toFixed(2)),
      fsyncPasses: cluster.nodes.map((n) => n.host.stats.writes),
    }),
  );
  await cluster.stop();
}

await main();
