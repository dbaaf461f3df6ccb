// eddy consume TOPIC: prints records as they arrive, like tail -f.
import type { ConsumedMessage, Consumer } from '@eddy/client';
import type { Command } from 'commander';
import { UsageError, action, addGlobalOptions, connect, parseIntArg, type GlobalOptions } from './context.js';

interface ConsumeOptions extends GlobalOptions {
  group?: string;
  fromBeginning?: boolean;
  offset?: string;
  fromTime?: string;
  partition?: string;
  maxMessages?: string;
}

function toJson(m: ConsumedMessage): string {
  return JSON.stringify({
    topic: m.topic,
    partition: m.partition,
    offset: Number(m.offset),
    timestamp: Number(m.timestamp),
    key: m.key ? m.key.toString('utf8') : null,
    value: m.value ? m.value.toString('utf8') : null,
    headers: Object.fromEntries(m.headers.map((h) => [h.key, h.value ? h.value.toString('utf8') : null])),
  });
}

export function registerConsumeCommand(program: Command): void {
  addGlobalOptions(program.command('consume <topic>').description('print records of a topic as they arrive, until Ctrl-C or --max-messages'))
    .option('--group <group>', 'read as a member of this consumer group, committing what was printed every 5 s, before a partition moves to another member, and on exit')
    .option('--from-beginning', 'start at the earliest offset (with --group: only where the group has no committed offset)')
    .option('--offset <n>', 'start at this offset (with --partition)')
    .option('--from-time <time>', 'start at the first record at or after this time (ISO 8601 or ms since the epoch)')
    .option('--partition <p>', 'read only this partition')
    .option('--max-messages <n>', 'exit after this many records')
    .action(
      action('consume', async (topic: string, opts: ConsumeOptions) => {
        const starts = [opts.fromBeginning, opts.offset, opts.fromTime].filter((x) => x !== undefined).length;
        if (starts > 1) throw new UsageError('use only one of --from-beginning, --offset and --from-time');
        if (opts.offset !== undefined && opts.partition === undefined) throw new UsageError('--offset needs --partition');
        if (opts.group !== undefined && opts.partition !== undefined) throw new UsageError('--partition reads without a group; drop --group or --partition');
        const max = opts.maxMessages === undefined ? Infinity : parseIntArg('--max-messages', opts.maxMessages, 1);
        let fromTime: number | undefined;
        if (opts.fromTime !== undefined) {
          fromTime = /^\d+$/.test(opts.fromTime) ? Number(opts.fromTime) : Date.parse(opts.fromTime);
          if (Number.isNaN(fromTime)) throw new UsageError(`--from-time takes an ISO 8601 time or ms since the epoch, got "${opts.fromTime}"`);
        }
        const eddy = connect(opts);
        const consumer: Consumer = eddy.consumer({
          ...(opts.group ? { groupId: opts.group } : {}),
          // In a group, only where the group has no committed offset (Kafka's meaning).
          autoOffsetReset: opts.fromBeginning ? 'earliest' : 'latest',
          // What was printed is committed every 5 s, before a partition moves to
          // another member and when leaving, so a new owner continues where this
          // one stopped (the library's auto-commit of processed positions).
          autoCommit: true,
          autoCommitIntervalMs: 5_000,
        });
        let stopping = false;
        const stop = () => {
          stopping = true;
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        let printed = 0;
        try {
          const description = await eddy.admin().describeTopic(topic);
          if (opts.group) {
            consumer.subscribe({ topics: [topic] });
          } else {
            const partitions = opts.partition === undefined ? description.partitions.map((p) => p.partition) : [parseIntArg('--partition', opts.partition, 0, description.partitions.length - 1)];
            const offset = opts.offset !== undefined ? BigInt(parseIntArg('--offset', opts.offset, 0)) : opts.fromBeginning ? 'earliest' : 'latest';
            await consumer.assign(partitions.map((partition) => ({ topic, partition, offset })));
            if (fromTime !== undefined) for (const partition of partitions) consumer.seek({ topic, partition, timestamp: fromTime });
          }
          const iterator = consumer[Symbol.asyncIterator]();
          const stopped = new Promise<void>((resolve) => {
            const timer = setInterval(() => {
              if (stopping) {
                clearInterval(timer);
                resolve();
              }
            }, 100);
            timer.unref();
          });
          // The consumer counts a record processed (what auto-commit writes) once
          // the next one is asked for, or once the iteration is ended by return().
          let waiting = false;
          while (printed < max && !stopping) {
            waiting = true;
            const next = await Promise.race([iterator.next(), stopped.then(() => undefined)]);
            if (!next || next.done) break;
            waiting = false;
            const m = next.value;
            process.stdout.write(opts.output === 'json' ? `${toJson(m)}\n` : `${m.value ? m.value.toString('utf8') : ''}\n`);
            printed++;
          }
          // Stopped while waiting: that next() already counted the last printed
          // record, and the record it may still bring is never printed, so the
          // iteration must not be ended (return() would count that one too).
          if (!waiting) await iterator.return?.();
        } finally {
          await consumer.close().catch(() => undefined);
          await eddy.close();
        }
        if (opts.output !== 'json') process.stderr.write(`consumed ${printed} record${printed === 1 ? '' : 's'}\n`);
      }),
    );
}
