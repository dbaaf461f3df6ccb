// disk-damage.ts changes exactly the bytes it reports, and every one of them,
// on files laid out as a LevelDB directory is (names and sizes; the contents
// are irrelevant to the helpers).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { damageLogTail, damageTableMiddle, flipBytes, levelDbDir, listLogs, listTables, truncateLog } from './disk-damage.js';

let root: string;
let dir: string;

function pattern(size: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff));
}

/** Offsets where `after` differs from `before` (same length). */
function changed(before: Buffer, after: Buffer): number[] {
  expect(after.length).toBe(before.length);
  const out: number[] = [];
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) out.push(i);
  return out;
}

function range(from: number, length: number): number[] {
  return Array.from({ length }, (_, i) => from + i);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'eddy-disk-damage-'));
  dir = path.join(root, 'raft');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'CURRENT'), 'MANIFEST-000004\n');
  writeFileSync(path.join(dir, 'MANIFEST-000004'), pattern(100, 1));
  writeFileSync(path.join(dir, 'LOG'), 'text log of LevelDB itself\n');
  writeFileSync(path.join(dir, '000005.ldb'), pattern(10_000, 2));
  writeFileSync(path.join(dir, '000007.ldb'), pattern(30_000, 3));
  writeFileSync(path.join(dir, '000009.ldb'), pattern(20_000, 4));
  writeFileSync(path.join(dir, '000003.log'), pattern(500, 5));
  writeFileSync(path.join(dir, '000010.log'), pattern(4_000, 6));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('disk damage helpers', () => {
  it('find the LevelDB directory of a data dir and say when there is none', () => {
    expect(levelDbDir(root)).toBe(dir);
    expect(() => levelDbDir(dir)).toThrow(/no LevelDB/);
  });

  it('list tables largest first and logs newest first, leaving LevelDB\'s text LOG out', () => {
    expect(listTables(dir).map((t) => [t.name, t.size])).toEqual([
      ['000007.ldb', 30_000],
      ['000009.ldb', 20_000],
      ['000005.ldb', 10_000],
    ]);
    expect(listLogs(dir).map((l) => l.name)).toEqual(['000010.log', '000003.log']);
  });

  it('flipBytes changes every byte of the range and nothing else', () => {
    const file = path.join(dir, '000005.ldb');
    const before = readFileSync(file);
    // A source that always draws 0 still must not leave a byte unchanged (XOR with 1, not 0).
    expect(flipBytes(file, 100, 64, { next: () => 0 })).toEqual({ file, offset: 100, length: 64 });
    expect(changed(before, readFileSync(file))).toEqual(range(100, 64));
    const again = readFileSync(file);
    flipBytes(file, 9_990, 10, { next: () => 0.999_999 });
    expect(changed(again, readFileSync(file))).toEqual(range(9_990, 10));
  });

  it('flipBytes refuses a range outside the file instead of doing less', () => {
    const file = path.join(dir, '000005.ldb');
    const before = readFileSync(file);
    expect(() => flipBytes(file, 9_995, 10)).toThrow(/beyond its 10000 bytes/);
    expect(() => flipBytes(file, -1, 10)).toThrow(RangeError);
    expect(() => flipBytes(file, 0, 0)).toThrow(RangeError);
    expect(changed(before, readFileSync(file))).toEqual([]);
  });

  it('damageTableMiddle flips the middle of the largest tables only', () => {
    const files = ['000005.ldb', '000007.ldb', '000009.ldb'].map((n) => path.join(dir, n));
    const before = files.map((f) => readFileSync(f));
    const damage = damageTableMiddle(dir, { bytes: 512, tables: 2 });
    expect(damage).toEqual([
      { file: files[1], offset: (30_000 - 512) / 2, length: 512 },
      { file: files[2], offset: (20_000 - 512) / 2, length: 512 },
    ]);
    expect(changed(before[0]!, readFileSync(files[0]!))).toEqual([]);
    expect(changed(before[1]!, readFileSync(files[1]!))).toEqual(range((30_000 - 512) / 2, 512));
    expect(changed(before[2]!, readFileSync(files[2]!))).toEqual(range((20_000 - 512) / 2, 512));
    expect(() => damageTableMiddle(dir, { bytes: 16, tables: 4 })).toThrow(/has 3 table\(s\), 4 asked for/);
  });

  it('damageLogTail flips bytes at the end of the newest log', () => {
    const newest = path.join(dir, '000010.log');
    const older = path.join(dir, '000003.log');
    const [beforeNewest, beforeOlder] = [readFileSync(newest), readFileSync(older)];
    expect(damageLogTail(dir, { bytes: 100 })).toEqual({ file: newest, offset: 3_900, length: 100 });
    expect(changed(beforeNewest, readFileSync(newest))).toEqual(range(3_900, 100));
    const mid = readFileSync(newest);
    expect(damageLogTail(dir, { bytes: 50, fromEnd: 1_000 })).toEqual({ file: newest, offset: 2_950, length: 50 });
    expect(changed(mid, readFileSync(newest))).toEqual(range(2_950, 50));
    expect(changed(beforeOlder, readFileSync(older))).toEqual([]);
    expect(() => damageLogTail(dir, { bytes: 4_001 })).toThrow(/fewer than the 4001 to damage/);
  });

  it('truncateLog cuts the tail of the newest log and keeps the rest as it was', () => {
    const newest = path.join(dir, '000010.log');
    const before = readFileSync(newest);
    expect(truncateLog(dir, 1_500)).toEqual({ file: newest, offset: 2_500, length: 1_500 });
    expect(readFileSync(newest).equals(before.subarray(0, 2_500))).toBe(true);
    expect(() => truncateLog(dir, 2_501)).toThrow(/fewer than the 2501 to cut/);
  });
});
