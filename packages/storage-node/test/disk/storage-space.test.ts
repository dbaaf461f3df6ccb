// The free-space guard and the write gate on a real, small tmpfs (docs/architecture.md §8.1):
// the node turns storage full below the minimum and back only above 1.25
// times it; a LevelDB write that fails for lack of space closes the gate for
// every writer, even after space is back, until the database is reopened;
// the failed write is then done again and nothing acknowledged is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Level } from 'level';
import { mountTmpfs, type Tmpfs } from '../../../../test/support/tmpfs.js';
import { isNoSpaceError } from '../../src/disk/level-write-gate.js';
import { nextLowSpace, StorageSpace } from '../../src/disk/storage-space.js';

const MiB = 1024 * 1024;

describe('nextLowSpace', () => {
  it('turns low below the minimum and back only at the resume threshold', () => {
    expect(nextLowSpace(false, 99, 100, 125)).toBe(true);
    expect(nextLowSpace(false, 100, 100, 125)).toBe(false);
    expect(nextLowSpace(true, 110, 100, 125)).toBe(true);
    expect(nextLowSpace(true, 125, 100, 125)).toBe(false);
    // A minimum of 0 turns the check off.
    expect(nextLowSpace(true, 0, 0, 0)).toBe(false);
  });
});

describe('isNoSpaceError', () => {
  it("knows LevelDB's wording, Node's code and the gate's own refusal, and nothing else", () => {
    expect(isNoSpaceError(Object.assign(new Error('IO error: /d/000010.log: No space left on device'), { code: 'LEVEL_IO_ERROR' }))).toBe(true);
    expect(isNoSpaceError(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    expect(isNoSpaceError(Object.assign(new Error('refused'), { code: 'STORAGE_FULL' }))).toBe(true);
    expect(isNoSpaceError(Object.assign(new Error('IO error: /d/000010.log: Input/output error'), { code: 'LEVEL_IO_ERROR' }))).toBe(false);
    expect(isNoSpaceError(undefined)).toBe(false);
  });
});

describe('StorageSpace on a tmpfs', () => {
  let fs: Tmpfs;
  beforeAll(() => {
    fs = mountTmpfs(32 * MiB);
  });
  afterAll(() => fs?.unmount());

  it('is storage full below the minimum, and not again until 1.25 times it is free', async () => {
    const space = new StorageSpace({ nodeId: 1, dataDir: fs.dir, minFreeBytes: 8 * MiB, intervalMs: 60_000 });
    const changes: boolean[] = [];
    space.onChange((full) => changes.push(full));
    await space.start();
    expect(space.full).toBe(false);
    fs.fill('a', 6 * MiB);
    await space.check();
    expect(space.full).toBe(true);
    expect(space.describe()).toMatch(/node 1 is storage full: \d+\.\d MiB free on its data volume, below its minimum of 8\.0 MiB .*10\.0 MiB are free.*Free space on the volume/);
    fs.unfill('a');
    fs.fill('b', 9 * MiB); // above the minimum, below 1.25 times it
    await space.check();
    expect(space.full).toBe(true);
    fs.unfill('b');
    await space.check();
    expect(space.full).toBe(false);
    expect(changes).toEqual([true, false]);
    space.stop();
  });

  it('closes every write after one fails for lack of space, reopens once space is back, and loses nothing acknowledged', async () => {
    const db = new Level<string, Buffer>(`${fs.dir}/db`, { valueEncoding: 'buffer' });
    await db.open();
    // Minimum 0: no free-space check, so the volume really fills and a write fails.
    // Readings only when the test asks (check(), or a failed write waiting).
    const space = new StorageSpace({ nodeId: 1, dataDir: fs.dir, minFreeBytes: 0, db, intervalMs: 3_600_000 });
    await space.start();
    fs.fill('filler', 2 * MiB);
    const value = Buffer.alloc(64 * 1024, 7);
    const acked: string[] = [];
    let failure: Error | undefined;
    for (let i = 0; failure === undefined; i++) {
      const key = `a${String(i).padStart(6, '0')}`;
      try {
        await db.put(key, value, { sync: true });
        acked.push(key);
      } catch (err) {
        failure = err as Error;
      }
    }
    expect(isNoSpaceError(failure)).toBe(true);
    expect(acked.length).toBeGreaterThan(0);
    expect(space.full).toBe(true);
    expect(space.describe()).toMatch(/a write failed for lack of space \(.*No space left on device/);
    // Reads go on.
    expect(await db.get(acked[0]!)).toEqual(value);

    // Space is back, but until the database is reopened no writer gets through:
    // LevelDB would take the write and lose it at the next open.
    fs.unfill('filler');
    const refused = await db.put('b0', value, { sync: true }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(refused).toBeDefined();
    expect(isNoSpaceError(refused)).toBe(true);
    expect(refused?.message).toMatch(/takes no writes until its disk has space again and its database has been reopened/);
    expect(await db.get('b0')).toBeUndefined();

    // The failed write waits for the reopen, then may be done again.
    expect(await space.retryWrite(failure!)).toBe(true);
    expect(space.full).toBe(false);
    const after: string[] = [];
    for (let i = 0; i < 20; i++) {
      await db.put(`b${i}`, value, { sync: true });
      after.push(`b${i}`);
    }
    // Any other failure is not retried.
    expect(await space.retryWrite(new Error('IO error: /x/000001.log: Input/output error'))).toBe(false);
    space.stop();

    await db.close();
    await db.open();
    const keys = new Set(await db.keys().all());
    expect(acked.filter((k) => !keys.has(k))).toEqual([]);
    expect(after.filter((k) => !keys.has(k))).toEqual([]);
    await db.close();
  });
});
