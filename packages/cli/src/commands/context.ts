// What every client command shares: finding the cluster (--bootstrap,
// EDDY_BOOTSTRAP, or the dev cluster's cluster.json), output in tables or
// JSON, and errors as one clear line with a non-zero exit — never a stack
// trace for a user's mistake.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Eddy, EddyClientError, EddyError, type EddyOptions } from '@eddy/client';
import { Option, type Command } from 'commander';

export class UsageError extends Error {}

export type OutputFormat = 'text' | 'json';

export interface GlobalOptions {
  bootstrap?: string;
  output: OutputFormat;
  /** Short for --output json. */
  json?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  user?: string;
  passwordFile?: string;
}

export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('--bootstrap <hosts>', 'cluster nodes, host:port,... (default: $EDDY_BOOTSTRAP, else the dev cluster in ./.eddy)')
    .addOption(new Option('--output <format>', 'text for people, json for scripts (offsets, lags and counts are JSON numbers)').choices(['text', 'json']).default('text'))
    .option('--json', 'the same as --output json')
    // Commands read opts.output alone; --json is folded into it before they run.
    .hook('preAction', (command) => {
      if (command.opts<GlobalOptions>().json) command.setOptionValue('output', 'json');
    })
    .option('--tls-ca <file>', 'connect over TLS, trusting this CA (PEM) ($EDDY_TLS_CA)')
    .option('--tls-cert <file>', 'client certificate (PEM) for mutual TLS; its CN is your user ($EDDY_TLS_CERT)')
    .option('--tls-key <file>', 'the client certificate\'s key (PEM) ($EDDY_TLS_KEY)')
    .option('--user <name>', 'authenticate as this user; the password comes from $EDDY_PASSWORD, --password-file or a prompt ($EDDY_USER)')
    .option('--password-file <file>', 'read the password from this file');
}

/** What `pnpm dev` wrote in ./.eddy/cluster.json, if there is one. */
interface DevClusterFile {
  nodes: { grpcAddress: string }[];
  /** A secure dev cluster: its CA and an admin client certificate. */
  tls?: { ca: string; cert: string; key: string };
}

function devCluster(): DevClusterFile | undefined {
  const file = path.resolve('.eddy', 'cluster.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DevClusterFile) : undefined;
}

export function resolveBootstrap(flag: string | undefined): string {
  if (flag) return flag;
  if (process.env.EDDY_BOOTSTRAP) return process.env.EDDY_BOOTSTRAP;
  const cluster = devCluster();
  if (cluster) return cluster.nodes.map((n) => n.grpcAddress).join(',');
  throw new UsageError('no cluster to talk to: start one with `pnpm dev`, or pass --bootstrap host:port (or set EDDY_BOOTSTRAP)');
}

function readPem(what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read the ${what} file ${file}: ${(err as Error).message}`);
  }
}

/** TLS files and user from flags, else environment, else the dev cluster (when the cluster is the dev cluster). */
export function resolveSecurity(opts: GlobalOptions): Pick<EddyOptions, 'tls' | 'auth'> {
  const dev = !opts.bootstrap && !process.env.EDDY_BOOTSTRAP ? devCluster()?.tls : undefined;
  const ca = opts.tlsCa ?? process.env.EDDY_TLS_CA ?? dev?.ca;
  const user = opts.user ?? process.env.EDDY_USER;
  const explicitCert = opts.tlsCert ?? process.env.EDDY_TLS_CERT;
  const explicitKey = opts.tlsKey ?? process.env.EDDY_TLS_KEY;
  // The dev cluster's admin certificate is the default identity, unless a user is named.
  const cert = explicitCert ?? (user === undefined ? dev?.cert : undefined);
  const key = explicitKey ?? (user === undefined ? dev?.key : undefined);
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together (EDDY_TLS_CERT, EDDY_TLS_KEY)');
  if ((cert !== undefined || user !== undefined) && ca === undefined) {
    throw new UsageError('a client certificate or a user needs TLS: pass --tls-ca <the cluster CA file> (or set EDDY_TLS_CA)');
  }
  const out: Pick<EddyOptions, 'tls' | 'auth'> = {};
  if (ca !== undefined) out.tls = { ca: readPem('CA', ca), ...(cert && key ? { cert: readPem('certificate', cert), key: readPem('key', key) } : {}) };
  if (user !== undefined) {
    const password = opts.passwordFile !== undefined ? readPem('password', opts.passwordFile).toString('utf8').replace(/\r?\n$/, '') : process.env.EDDY_PASSWORD;
    if (password === undefined || password === '') throw new UsageError(`no password for user ${user}: set EDDY_PASSWORD, pass --password-file, or run in a terminal to be asked`);
    out.auth = { username: user, password };
  }
  return out;
}

export function connect(opts: GlobalOptions): Eddy {
  return new Eddy({ bootstrap: resolveBootstrap(opts.bootstrap), clientId: 'eddy-cli', requestTimeoutMs: 10_000, retry: { attempts: 6 }, ...resolveSecurity(opts) });
}

/**
 * Asks for the password on the terminal (not echoed) when a user is named
 * without one; run before the command (commander's preAction hook).
 */
export async function promptPasswordIfNeeded(opts: GlobalOptions): Promise<void> {
  const user = opts.user ?? process.env.EDDY_USER;
  if (user === undefined || opts.passwordFile !== undefined || process.env.EDDY_PASSWORD || !process.stdin.isTTY) return;
  process.env.EDDY_PASSWORD = await readHidden(`password for ${user}: `);
}

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let text = '';
    const onData = (d: Buffer): void => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(text);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        text = ch === '\u007f' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
  });
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
  // A plaintext client cannot tell a TLS-only cluster from a dead one.
  const tlsHint = process.env.EDDY_TLS_CA || process.argv.includes('--tls-ca') ? '' : '; if it uses TLS, pass --tls-ca';
  // The client's own errors (no node answered, closed) first: they are EddyErrors too.
  if (err instanceof EddyClientError) return `${err.code}: ${err.message} — is the cluster running? (start one with \`pnpm dev\`${tlsHint})`;
  if (err instanceof EddyError) {
    if (err.code === 'UNAVAILABLE' || err.code === 'TIMEOUT') return `${err.code}: ${err.message} — is the cluster running? (start one with \`pnpm dev\`${tlsHint})`;
    return `${err.code}: ${err.message}`;
  }
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
