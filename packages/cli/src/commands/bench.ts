// eddy bench produce | consume | e2e — quick load from the command line against
// any cluster, with a progress line on stderr and a one-line JSON summary on
// stdout. (The repository's `pnpm bench` runs the reproducible benchmarks.)
import type { Command } from 'commander';
import { action, addGlobalOptions, connect, parseIntArg, printJson, type GlobalOptions } from './context.js';

interface BenchOptions extends GlobalOptions {
  records: string;
  size: string;
  rate?: string;
  partitions: string;
}

function progress(label: string, done: number, total: number, startedAt: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / Math.max(0.001, (performance.now() - startedAt) / 1000);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.round(rate)}/s `);
  if (done >= total) process.stderr.write('\n');
}

function quantile(sorted: number[], p: number): number {
  return +(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(2);
}

async function ensureTopic(eddy: ReturnType<typeof connect>, topic: string, partitions: number): Promise<void> {
  const admin = eddy.admin();
  try {
    await admin.describeTopic(topic);
  } catch (err) {
    if ((err as { code?: string }).code !== 'UNKNOWN_TOPIC') throw err;
    await admin.createTopic({ name: topic, partitions, replicationFactor: 3 }).catch(async (e: { code?: string }) => {
      if (e.code === 'NOT_ENOUGH_REPLICAS') await admin.createTopic({ name: topic, partitions, replicationFactor: 1 });
      else if (e.code !== 'TOPIC_ALREADY_EXISTS') throw e;
    });
  }
}

export function registerBenchCommands(program: Command): void {
  const bench = program.command('bench').description('quick load tests: produce, consume, e2e');
  const common = (cmd: Command) =>
    addGlobalOptions(cmd)
      .option('--records <n>', 'records to send or read', '100000')
      .option('--size <bytes>', 'value size', '100')
      .option('--partitions <n>', 'partitions when the topic is created', '6');

  common(bench.command('produce <topic>').description('send records as fast as they are acknowledged (acks=all)')).action(
    action('bench produce', async (topic: string, opts: BenchOptions) => {
      const n = parseIntArg('--records', opts.records, 1);
      const size = parseIntArg('--size', opts.size, 0, 1 << 20);
      const eddy = connect(opts);
      const producer = eddy.producer({ lingerMs: 5 });
      try {
        await ensureTopic(eddy, topic, parseIntArg('--partitions', opts.partitions, 1, 10_000));
        const value = Buffer.alloc(size, 120);
        const started = performance.now();
        let acked = 0;
        const chunk = 1000;
        const inflight: Promise<unknown>[] = [];
        for (let i = 0; i < n; i += chunk) {
          const messages = Array.from({ length: Math.min(chunk, n - i) }, (_, j) => ({ key: `k${(i + j) % 1000}`, value }));
          inflight.push(producer.send({ topic, messages }).then(() => progress('produce', (acked += messages.length), n, started)));
          if (inflight.length >= 64) await inflight.shift();
        }
        await Promise.all(inflight);
        await producer.flush();
        const seconds = (performance.now() - started) / 1000;
        printJson({ bench: 'produce', topic, records: n, valueBytes: size, seconds: +seconds.toFixed(3), recordsPerSec: Math.round(n / seconds), mbPerSec: +((n * size) / seconds / 1e6).toFixed(2) });
      } finally {
        await producer.close();
        await eddy.close();
      }
    }),
  );

  common(bench.command('consume <topic>').description('read records from the beginning as fast as they arrive')).action(
    action('bench consume', async (topic: string, opts: BenchOptions) => {
      const n = parseIntArg('--records', opts.records, 1);
      const eddy = connect(opts);
      const consumer = eddy.consumer({ autoOffsetReset: 'earliest' });
      try {
        const { partitions } = await eddy.admin().describeTopic(topic);
        await consumer.assign(partitions.map((p) => ({ topic, partition: p.partition, offset: 'earliest' as const })));
        const started = performance.now();
        let read = 0;
        let bytes = 0;
        for await (const m of consumer) {
          bytes += m.value?.length ?? 0;
          if (++read % 1000 === 0 || read === n) progress('consume', read, n, started);
          if (read >= n) break;
        }
        const seconds = (performance.now() - started) / 1000;
        printJson({ bench: 'consume', topic, records: read, seconds: +seconds.toFixed(3), recordsPerSec: Math.round(read / seconds), mbPerSec: +(bytes / seconds / 1e6).toFixed(2) });
      } finally {
        await consumer.close();
        await eddy.close();
      }
    }),
  );

  common(bench.command('e2e <topic>').description('latency from send to receipt at a fixed rate'))
    .option('--rate <n>', 'records per second', '1000')
    .action(
      action('bench e2e', async (topic: string, opts: BenchOptions) => {
        const n = parseIntArg('--records', opts.records, 1);
        const rate = parseIntArg('--rate', opts.rate ?? '1000', 1);
        const eddy = connect(opts);
        const producer = eddy.producer({ lingerMs: 0 });
        const consumer = eddy.consumer({ autoOffsetReset: 'latest' });
        try {
          await ensureTopic(eddy, topic, parseIntArg('--partitions', opts.partitions, 1, 10_000));
          const { partitions } = await eddy.admin().describeTopic(topic);
          await consumer.assign(partitions.map((p) => ({ topic, partition: p.partition, offset: 'latest' as const })));
          for (const p of partitions) await consumer.position({ topic, partition: p.partition });
          const latencies: number[] = [];
          const startedAt = performance.now();
          const reading = (async () => {
            for await (const m of consumer) {
              if (!m.value || m.value.length < 8) continue;
              latencies.push(performance.now() - m.value.readDoubleLE(0));
              if (latencies.length % 500 === 0 || latencies.length === n) progress('e2e', latencies.length, n, startedAt);
              if (latencies.length >= n) return;
            }
          })();
          const sends: Promise<unknown>[] = [];
          for (let i = 0; i < n; i++) {
            const wait = startedAt + (i * 1000) / rate - performance.now();
            if (wait > 1) await new Promise((r) => setTimeout(r, wait));
            const value = Buffer.alloc(Math.max(8, parseIntArg('--size', opts.size, 0, 1 << 20)));
            value.writeDoubleLE(performance.now(), 0);
            sends.push(producer.send({ topic, messages: [{ key: `k${i % 100}`, value }] }));
          }
          await Promise.all(sends);
          // Records still in flight get 30 s; the timer must not outlive the run (it held the exit for 30 s).
          let grace: NodeJS.Timeout | undefined;
          await Promise.race([reading, new Promise((r) => (grace = setTimeout(r, 30_000)))]);
          clearTimeout(grace);
          latencies.sort((a, b) => a - b);
          printJson({ bench: 'e2e', topic, rate, records: n, received: latencies.length, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), p999Ms: quantile(latencies, 0.999), maxMs: quantile(latencies, 1) });
        } finally {
          await consumer.close();
          await producer.close();
          await eddy.close();
        }
      }),
    );
}
