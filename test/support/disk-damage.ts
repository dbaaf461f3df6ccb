// Damage to a stopped node's LevelDB files, as a failing disk or a lost
// write-back cache does it, for the integrity tests and the chaos nemeses
// (docs/architecture.md §8: every Raft group of a node lives in the one
// LevelDB at `<data dir>/raft`). Only call these while the node is down:
// LevelDB holds its files open and rewrites them while it runs.
//
// LevelDB's files: `*.ldb` sorted tables (immutable once written; compaction
// replaces them), `*.log` the write-ahead log of the memtable not yet flushed
// to a table (the newest one is the live log), MANIFEST-*, CURRENT, LOCK.
// Every function returns what it changed, so a test can say what it did.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readdirSync, readSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** A source of uniform numbers in [0, 1); test/chaos/rng.ts's Rng is one. Default: Math.random. */
export interface RandomSource {
  next(): number;
}

const MATH_RANDOM: RandomSource = { next: Math.random };

/** One run of changed bytes. */
export interface Damage {
  file: string;
  offset: number;
  length: number;
}

export interface TableFile {
  /** Absolute path. */
  path: string;
  name: string;
  size: number;
}

/** The LevelDB directory of a node's data dir (where packages/cli/src/server/eddy-server.ts opens LevelRaftStore). */
export function levelDbDir(dataDir: string): string {
  const dir = path.join(dataDir, 'raft');
  if (!existsSync(path.join(dir, 'CURRENT'))) throw new Error(`${dir} holds no LevelDB (no CURRENT file): is ${dataDir} a node's data dir, and has the node started once?`);
  return dir;
}

/** The sorted tables (`*.ldb`, or `*.sst` of older LevelDB) of a LevelDB directory, largest first. */
export function listTables(dir: string): TableFile[] {
  return filesEndingWith(dir, ['.ldb', '.sst']).sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
}

/** The write-ahead logs (`*.log`, not LevelDB's own text `LOG`) of a LevelDB directory, newest (highest file number) first. */
export function listLogs(dir: string): TableFile[] {
  return filesEndingWith(dir, ['.log']).sort((a, b) => fileNumber(b.name) - fileNumber(a.name));
}

/**
 * XORs `length` bytes of `file` from `offset` with non-zero bytes drawn from
 * `rng`, so every one of them changes, and fsyncs the file. The range must lie
 * inside the file: damage that silently did less than asked proves nothing.
 */
export function flipBytes(file: string, offset: number, length: number, rng: RandomSource = MATH_RANDOM): Damage {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 1) {
    throw new RangeError(`flipBytes(${file}): offset ${offset} and length ${length} must be integers, offset >= 0 and length >= 1`);
  }
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (offset + length > size) throw new RangeError(`flipBytes(${file}): bytes ${offset}..${offset + length} lie beyond its ${size} bytes; ask for a range inside the file`);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, offset);
    for (let i = 0; i < length; i++) buf[i] = (buf[i] as number) ^ (1 + Math.floor(rng.next() * 255));
    writeSync(fd, buf, 0, length, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { file, offset, length };
}

export interface TableDamageOptions {
  /** Bytes flipped in each table, centred on its middle. */
  bytes: number;
  /** How many of the largest tables to damage; default 1. */
  tables?: number;
  rng?: RandomSource;
}

/**
 * Flips `bytes` in the middle of each of the largest `tables` tables — a data
 * block of a table holding entries that were flushed long ago (and so, in a
 * Raft log, most likely committed). Throws when the directory has fewer
 * tables than asked or a table is smaller than the damage.
 */
export function damageTableMiddle(dir: string, options: TableDamageOptions): Damage[] {
  const count = options.tables ?? 1;
  const tables = listTables(dir);
  if (tables.length < count) {
    throw new Error(`${dir} has ${tables.length} table(s), ${count} asked for: write more data first (LevelDB flushes its memtable to a table every ~4 MiB)`);
  }
  return tables.slice(0, count).map((t) => {
    if (t.size < options.bytes) throw new RangeError(`${t.path} has ${t.size} bytes, fewer than the ${options.bytes} to damage`);
    return flipBytes(t.path, Math.floor((t.size - options.bytes) / 2), options.bytes, options.rng);
  });
}

export interface LogDamageOptions {
  /** Bytes flipped. */
  bytes: number;
  /** Bytes left intact after the damaged run; default 0 (the damage ends at the file's end). */
  fromEnd?: number;
  rng?: RandomSource;
}

/**
 * Flips `bytes` near the end of the newest write-ahead log: the most recent
 * writes, those not yet in a table. Throws when there is no log or it is
 * smaller than the damage (a log just rotated is empty: write more first).
 */
export function damageLogTail(dir: string, options: LogDamageOptions): Damage {
  const log = newestLog(dir);
  const fromEnd = options.fromEnd ?? 0;
  if (log.size < options.bytes + fromEnd) {
    throw new RangeError(`${log.path} has ${log.size} bytes, fewer than the ${options.bytes} to damage plus ${fromEnd} to keep after them: write more data first`);
  }
  return flipBytes(log.path, log.size - fromEnd - options.bytes, options.bytes, options.rng);
}

/**
 * Cuts the last `bytes` off the newest write-ahead log, as a crash loses
 * writes a disk acknowledged but had not made durable. Returns the removed
 * range. Throws when the log is shorter than that.
 */
export function truncateLog(dir: string, bytes: number): Damage {
  if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`truncateLog: bytes ${bytes} must be an integer >= 1`);
  const log = newestLog(dir);
  if (log.size < bytes) throw new RangeError(`${log.path} has ${log.size} bytes, fewer than the ${bytes} to cut: write more data first`);
  const fd = openSync(log.path, 'r+');
  try {
    ftruncateSync(fd, log.size - bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { file: log.path, offset: log.size - bytes, length: bytes };
}

function newestLog(dir: string): TableFile {
  const log = listLogs(dir)[0];
  if (!log) throw new Error(`${dir} has no write-ahead log (*.log): is it a LevelDB directory?`);
  return log;
}

function filesEndingWith(dir: string, suffixes: readonly string[]): TableFile[] {
  return readdirSync(dir)
    .filter((name) => suffixes.some((s) => name.endsWith(s)) && /^\d+\./.test(name))
    .map((name) => {
      const p = path.join(dir, name);
      return { path: p, name, size: statSync(p).size };
    });
}

function fileNumber(name: string): number {
  return Number.parseInt(name, 10);
}
