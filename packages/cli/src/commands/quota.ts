// eddy quota set | list | delete: per-principal quotas (docs/architecture.md §7.9).
// A principal over a quota is slowed down (its answers delayed), not refused.
import type { QuotaLimits } from '@eddy/protocol';
import type { Command } from 'commander';
import { action, addGlobalOptions, connect, parseIntArg, printJson, printTable, UsageError, type GlobalOptions } from './context.js';

const MAX = 2 ** 40;

export function registerQuotaCommands(program: Command): void {
  const quota = program.command('quota').description('set, list and delete quotas (bytes/s produced and fetched, requests/s)');

  addGlobalOptions(quota.command('set').description('set quotas of a principal (0 removes one limit; others stay as they are)'))
    .requiredOption('--principal <principal>', 'User:<name>, or User:* for every user without quotas of their own')
    .option('--produce-bytes-per-sec <n>', 'record bytes produced per second')
    .option('--fetch-bytes-per-sec <n>', 'record bytes fetched per second')
    .option('--requests-per-sec <n>', 'requests per second')
    .action(
      action('quota set', async (opts: GlobalOptions & { principal: string; produceBytesPerSec?: string; fetchBytesPerSec?: string; requestsPerSec?: string }) => {
        const limits: QuotaLimits = {};
        if (opts.produceBytesPerSec !== undefined) limits.produceBytesPerSec = parseIntArg('--produce-bytes-per-sec', opts.produceBytesPerSec, 0, MAX);
        if (opts.fetchBytesPerSec !== undefined) limits.fetchBytesPerSec = parseIntArg('--fetch-bytes-per-sec', opts.fetchBytesPerSec, 0, MAX);
        if (opts.requestsPerSec !== undefined) limits.requestsPerSec = parseIntArg('--requests-per-sec', opts.requestsPerSec, 0, MAX);
        if (Object.keys(limits).length === 0) throw new UsageError('give at least one of --produce-bytes-per-sec, --fetch-bytes-per-sec, --requests-per-sec');
        const eddy = connect(opts);
        try {
          const after = await eddy.admin().setQuota(opts.principal, limits);
          if (opts.output === 'json') printJson({ principal: opts.principal, ...after });
          else process.stdout.write(`quotas of ${opts.principal}: ${describe(after)}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );

  addGlobalOptions(quota.command('list').description('list principals with quotas')).action(
    action('quota list', async (opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const quotas = await eddy.admin().listQuotas();
        if (opts.output === 'json') printJson(quotas.map((q) => ({ principal: q.principal, ...q.limits })));
        else {
          const cell = (v: number | undefined) => (v === undefined ? '-' : v);
          printTable(['PRINCIPAL', 'PRODUCE B/S', 'FETCH B/S', 'REQUESTS/S'], quotas.map((q) => [q.principal, cell(q.limits.produceBytesPerSec), cell(q.limits.fetchBytesPerSec), cell(q.limits.requestsPerSec)]));
        }
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(quota.command('delete').description('remove every quota of a principal'))
    .requiredOption('--principal <principal>', 'User:<name> or User:*')
    .action(
      action('quota delete', async (opts: GlobalOptions & { principal: string }) => {
        const eddy = connect(opts);
        try {
          await eddy.admin().deleteQuota(opts.principal);
          if (opts.output === 'json') printJson({ deleted: opts.principal });
          else process.stdout.write(`removed the quotas of ${opts.principal}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );
}

function describe(l: QuotaLimits): string {
  const parts = [
    l.produceBytesPerSec !== undefined && `produce ${l.produceBytesPerSec} B/s`,
    l.fetchBytesPerSec !== undefined && `fetch ${l.fetchBytesPerSec} B/s`,
    l.requestsPerSec !== undefined && `${l.requestsPerSec} requests/s`,
  ].filter(Boolean);
  return parts.length === 0 ? 'none' : parts.join(', ');
}
