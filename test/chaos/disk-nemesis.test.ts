// The disk nemeses' damage: only tables and the live write-ahead log change (never CURRENT,
// MANIFEST-*, LOCK or LevelDB's text LOG), a few hundred bytes at most per fault, the log's
// damage in its middle half, the lost tail at most 64 KiB, and a seed repeats the same damage.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corruptStore, loseTail } from './disk-nemesis.js';
import { Rng } from './rng.js';

let root: string;
let dir: string;

function pattern(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** A LevelDB directory's layout (names and sizes; contents do not matter to the damage). */
function store(at: string, logSize = 200_000): void {
  mkdirSync(at, { recursive: true });
  writeFileSync(path.join(at, 'CURRENT'), 'MANIFEST-000004\n');
  writeFileSync(path.join(at, 'MANIFEST-000004'), pattern(2_000, 1));
  writeFileSync(path.join(at, 'LOCK'), '');
  writeFileSync(path.join(at, 'LOG'), 'text log of LevelDB itself\n');
  writeFileSync(path.join(at, '000005.ldb'), pattern(50_000, 2));
  writeFileSync(path.join(at, '000007.ldb'), pattern(90_000, 3));
  writeFileSync(path.join(at, '000011.log'), pattern(logSize, 4));
}

function snapshot(at: string): Map<string, Buffer> {
  return new Map(readdirSync(at).map((name) => [name, readFileSync(path.join(at, name))]));
}

/** Bytes that differ, per file (files compared at the shorter length). */
function changedBytes(before: Map<string, Buffer>, after: Map<string, Buffer>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [name, a] of before) {
    const b = after.get(name)!;
    const diff: number[] = [];
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length > 0) out.set(name, diff);
  }
  return out;
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'eddy-disk-nemesis-'));
  dir = path.join(root, 'raft');
  store(dir);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('corrupt-files damage', () => {
  it('changes a few hundred bytes of tables and the log middle, never LevelDB catalogue files, over many seeds', () => {
    let hitTables = 0;
    let hitLog = 0;
    for (let seed = 1; seed <= 60; seed++) {
      rmSync(dir, { recursive: true, force: true });
      store(dir);
      const before = snapshot(dir);
      const damage = corruptStore(dir, new Rng(seed));
      const changed = changedBytes(before, snapshot(dir));
      expect(damage.length).toBeGreaterThan(0);
      for (const name of changed.keys()) expect(name).toMatch(/^\d+\.(ldb|log)$/);
      const total = [...changed.values()].reduce((n, d) => n + d.length, 0);
      // Every reported byte changed (flipBytes XORs with non-zero values) and nothing else did.
      expect(total).toBe(damage.reduce((n, d) => n + d.length, 0));
      expect(total).toBeLessThanOrEqual(2 * 3 * 160 + 256);
      const log = changed.get('000011.log');
      if (log) {
        hitLog++;
        expect(Math.min(...log)).toBeGreaterThanOrEqual(200_000 / 4);
        expect(Math.max(...log)).toBeLessThan((3 * 200_000) / 4);
      }
      if ([...changed.keys()].some((n) => n.endsWith('.ldb'))) hitTables++;
    }
    // Both places come up under the seeds, not one of them only.
    expect(hitTables).toBeGreaterThan(10);
    expect(hitLog).toBeGreaterThan(10);
  });

  it('repeats the same damage for the same seed', () => {
    const other = path.join(root, 'other');
    store(other);
    const a = corruptStore(dir, new Rng(42)).map((d) => ({ ...d, file: path.basename(d.file) }));
    const b = corruptStore(other, new Rng(42)).map((d) => ({ ...d, file: path.basename(d.file) }));
    expect(b).toEqual(a);
    expect(readFileSync(path.join(other, '000007.ldb')).equals(readFileSync(path.join(dir, '000007.ldb')))).toBe(true);
  });

  it('damages nothing when there is no table and the log has no middle', () => {
    for (const name of readdirSync(dir)) if (name.endsWith('.ldb')) rmSync(path.join(dir, name));
    writeFileSync(path.join(dir, '000011.log'), pattern(100, 4));
    expect(corruptStore(dir, new Rng(1))).toEqual([]);
  });
});

describe('lose-tail damage', () => {
  it('cuts at most 64 KiB off the end of the newest log, and leaves the rest as it was', () => {
    for (let seed = 1; seed <= 20; seed++) {
      rmSync(dir, { recursive: true, force: true });
      store(dir);
      const before = readFileSync(path.join(dir, '000011.log'));
      const cut = loseTail(dir, new Rng(seed))!;
      const after = readFileSync(path.join(dir, '000011.log'));
      expect(cut.length).toBeGreaterThanOrEqual(1);
      expect(cut.length).toBeLessThanOrEqual(64 * 1024);
      expect(after.length).toBe(before.length - cut.length);
      expect(after.equals(before.subarray(0, after.length))).toBe(true);
      expect(statSync(path.join(dir, '000005.ldb')).size).toBe(50_000);
    }
  });

  it('may cut a short log whole, and cuts nothing from an empty one', () => {
    writeFileSync(path.join(dir, '000011.log'), pattern(10, 4));
    const cut = loseTail(dir, new Rng(3))!;
    expect(cut.length).toBeLessThanOrEqual(10);
    writeFileSync(path.join(dir, '000011.log'), Buffer.alloc(0));
    expect(loseTail(dir, new Rng(3))).toBeUndefined();
  });
});
