// eddy produce TOPIC: one record per line of standard input.
import { createInterface } from 'node:readline';
import type { Acks } from '@eddy/client';
import { Option, type Command } from 'commander';
import { UsageError, action, addGlobalOptions, collect, connect, parsePairs, printJson, type GlobalOptions } from './context.js';

interface ProduceOptions extends GlobalOptions {
  key?: string;
  keySeparator?: string;
  header: string[];
  acks: Acks;
}

export function registerProduceCommand(program: Command): void {
  addGlobalOptions(program.command('produce <topic>').description('send each line of standard input as one record'))
    .option('--key <key>', 'the key of every record')
    .option('--key-separator <sep>', 'split each line into key and value at the first <sep>')
    .option('--header <key=value>', 'a header on every record, repeatable', collect, [])
    .addOption(new Option('--acks <acks>', 'durability to wait for').choices(['all', 'leader', 'none']).default('all'))
    .action(
      action('produce', async (topic: string, opts: ProduceOptions) => {
        if (opts.key !== undefined && opts.keySeparator !== undefined) throw new UsageError('use --key or --key-separator, not both');
        const headers = parsePairs('--header', opts.header);
        const eddy = connect(opts);
        const producer = eddy.producer({ acks: opts.acks });
        const started = performance.now();
        let records = 0;
        let bytes = 0;
        const partitions = new Set<number>();
        const inflight = new Set<Promise<void>>();
        let failure: unknown;
        try {
          await eddy.admin().describeTopic(topic); // a clear UNKNOWN_TOPIC before reading any input
          const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
          for await (const line of lines) {
            if (failure) break;
            let key: string | undefined = opts.key;
            let value = line;
            if (opts.keySeparator !== undefined) {
              const at = line.indexOf(opts.keySeparator);
              if (at >= 0) {
                key = line.slice(0, at);
                value = line.slice(at + opts.keySeparator.length);
              }
            }
            records++;
            bytes += Buffer.byteLength(value);
            // The producer batches internally; keep many sends outstanding, bounded by its buffer.
            const p: Promise<void> = producer.send({ topic, messages: [{ key: key ?? null, value, headers }] }).then(
              (meta) => {
                for (const m of meta) partitions.add(m.partition);
                inflight.delete(p);
              },
              (err: unknown) => {
                failure ??= err;
                inflight.delete(p);
              },
            );
            inflight.add(p);
            if (inflight.size >= 10_000) await Promise.race(inflight);
          }
          await Promise.all(inflight);
          await producer.flush();
          if (failure) throw failure;
          const seconds = (performance.now() - started) / 1000;
          const summary = { topic, records, bytes, partitions: partitions.size, seconds: +seconds.toFixed(3), acks: opts.acks };
          if (opts.output === 'json') printJson(summary);
          else process.stderr.write(`produced ${records} record${records === 1 ? '' : 's'} (${bytes} bytes) to ${topic} across ${partitions.size} partition${partitions.size === 1 ? '' : 's'} in ${seconds.toFixed(2)} s\n`);
        } finally {
          await producer.close().catch(() => undefined);
          await eddy.close();
        }
      }),
    );
}
