// What every client command shares: finding the cluster (--bootstrap,
// EDDY_BOOTSTRAP, or the dev cluster's cluster.json), output in tables or
// JSON, and errors as one clear line with a non-zero exit — never a stack
// trace for a user's mistake.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Eddy, EddyClientError, EddyError } from '@eddy/client';
import { Option, type Command } from 'commander';

export class UsageError extends Error {}

export type OutputFormat = 'text' | 'json';

export interface GlobalOptions {
  bootstrap?: string;
  output: OutputFormat;
}

export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('--bootstrap <hosts>', 'cluster nodes, host:port,... (default: $EDDY_BOOTSTRAP, else the dev cluster in ./.eddy)')
    .addOption(new Option('--output <format>', 'text for people, json for scripts (offsets, lags and counts are JSON numbers)').choices(['text', 'json']).default('text'));
}

export function resolveBootstrap(flag: string | undefined): string {
  if (flag) return flag;
  if (process.env.EDDY_BOOTSTRAP) return process.env.EDDY_BOOTSTRAP;
  const file = path.resolve('.eddy', 'cluster.json');
  if (existsSync(file)) {
    const cluster = JSON.parse(readFileSync(file, 'utf8')) as { nodes: { grpcAddress: string }[] };
    return cluster.nodes.map((n) => n.grpcAddress).join(',');
  }
  throw new UsageError('no cluster to talk to: start one with `pnpm dev`, or pass --bootstrap host:port (or set EDDY_BOOTSTRAP)');
}

export function connect(opts: GlobalOptions): Eddy {
  return new Eddy({ bootstrap: resolveBootstrap(opts.bootstrap), clientId: 'eddy-cli', requestTimeoutMs: 10_000, retry: { attempts: 6 } });
}

/** Prints rows as an aligned table. */
export function printTable(headers: string[], rows: (string | number | bigint)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const r of cells) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
}

/**
 * Prints one JSON line. Offsets, lags and counts are numbers, never strings:
 * they stay far below 2^53, so a bigint that slips through is a number too.
 */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
}

/** Runs a command body: one line and a non-zero exit on failure. */
export function action<A extends unknown[]>(name: string, body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      process.stderr.write(`eddy ${name}: ${describeError(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
  };
}

function describeError(err: unknown): string {
  if (err instanceof EddyError) {
    if (err.code === 'UNAVAILABLE' || err.code === 'TIMEOUT') return `${err.code}: ${err.message} — is the cluster running? (start one with \`pnpm dev\`)`;
    return `${err.code}: ${err.message}`;
  }
  if (err instanceof EddyClientError) return `${err.code}: ${err.message} — is the cluster running? (start one with \`pnpm dev\`)`;
  if (err instanceof UsageError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

export function parseIntArg(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** "k=v" pairs from repeated flags. */
export function parsePairs(name: string, values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`${name} takes key=value, got "${v}"`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
