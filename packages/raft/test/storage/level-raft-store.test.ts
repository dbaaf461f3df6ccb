// LevelRaftStore.write, the one LevelDB write of every Raft pass, on a real
// LevelDB: an open store hands its batch to classic-level below abstract-level's
// per-operation checks, so these pin down what that path must still do.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EntryType } from '../../src/core/types.js';
import { decodeSnapshotMeta, encodeSnapshotMeta } from '../../src/storage/codec.js';
import { GroupKeys } from '../../src/storage/keys.js';
import { LevelRaftStore, type BatchOp } from '../../src/storage/level-raft-store.js';

const dirs: string[] = [];
const stores: LevelRaftStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(dir: string): Promise<LevelRaftStore> {
  const s = await LevelRaftStore.open({ path: dir });
  stores.push(s);
  return s;
}

function newDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'eddy-store-'));
  dirs.push(d);
  return d;
}

const put = (k: string, v: string): BatchOp => ({ type: 'put', key: Buffer.from(k), value: Buffer.from(v) });
const del = (k: string): BatchOp => ({ type: 'del', key: Buffer.from(k) });

describe('LevelRaftStore.write', () => {
  it('applies puts and deletes in order, and they are there after a reopen', async () => {
    const dir = newDir();
    const store = await open(dir);
    await store.write([put('a', '1'), put('b', '2'), put('c', '3')]);
    // Within one batch a later operation on the same key wins, as in LevelDB.
    await store.write([del('b'), put('c', '4'), put('b', '5'), del('a')]);
    await store.close();

    const reopened = await open(dir);
    const [a, b, c] = await reopened.db.getMany([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);
    expect(a).toBeUndefined();
    expect(b?.toString()).toBe('5');
    expect(c?.toString()).toBe('4');
  });

  it('writes an unsynced batch too (sync: false), and an empty one is a no-op', async () => {
    const dir = newDir();
    const store = await open(dir);
    await store.write([]);
    await store.write([put('k', 'v')], { sync: false });
    expect((await store.db.get(Buffer.from('k')))?.toString()).toBe('v');
  });

  it('refuses a write once closed, with LevelDB’s not-open error, and writes nothing', async () => {
    const dir = newDir();
    const store = await open(dir);
    await store.close();
    await expect(store.write([put('late', 'x')])).rejects.toMatchObject({ code: 'LEVEL_DATABASE_NOT_OPEN' });

    const reopened = await open(dir);
    expect(await reopened.db.get(Buffer.from('late'))).toBeUndefined();
  });
});

describe('a snapshot installed from a peer', () => {
  it('is recorded with it, in the same write, and known after a reopen', async () => {
    const dir = newDir();
    const store = await open(dir);
    const g = await store.openGroup('g');
    expect(g.peerSnapshotIndex).toBe(0);
    const ready = { snapshot: { metadata: { index: 42, term: 3, confState: { voters: [1, 2, 3], learners: [] } }, data: new Uint8Array([7]) }, entries: [] };
    const ops: BatchOp[] = [];
    g.stage(ready, ops);
    await store.write(ops);
    g.commitStaged(ready);
    expect(g.peerSnapshotIndex).toBe(42);
    // A snapshot taken here is not one from a peer.
    const local: BatchOp[] = [];
    g.createSnapshot(42, { voters: [1, 2, 3], learners: [] }, new Uint8Array([8]), local);
    await store.write(local);
    await store.close();
    const again = await open(dir);
    expect((await again.openGroup('g')).peerSnapshotIndex).toBe(42);
    expect((await again.openGroup('fresh')).peerSnapshotIndex).toBe(0);
  });
});

describe('snapshot metadata and the configuration', () => {
  it('reads records written before joint consensus (and before checksums) as plain configurations, in a database from before checksums', () => {
    const old = Buffer.from(JSON.stringify({ index: 7, term: 2, voters: [3, 1, 2], learners: [4] }));
    expect(decodeSnapshotMeta(old, { legacy: true })).toEqual({ index: 7, term: 2, confState: { voters: [1, 2, 3], learners: [4] } });
    // A database created with checksums refuses the unsealed form.
    expect(() => decodeSnapshotMeta(old)).toThrow(/unknown format/);
    // A plain configuration round-trips without the joint fields.
    expect(decodeSnapshotMeta(encodeSnapshotMeta({ index: 7, term: 2, confState: { voters: [1, 2, 3], learners: [4] } }))).toEqual({
      index: 7,
      term: 2,
      confState: { voters: [1, 2, 3], learners: [4] },
    });
    expect(() => decodeSnapshotMeta(Buffer.from(JSON.stringify({ index: 1, term: 1, voters: [1], learners: [1] })), { legacy: true })).toThrow(/learner and a voter/);
  });

  it('keeps a joint configuration across a restart', async () => {
    const dir = newDir();
    let store = await open(dir);
    const g = await store.openGroup('g');
    expect(g.isFresh).toBe(true);
    const joint = { voters: [3, 4, 5], learners: [6], votersOutgoing: [1, 2, 3], learnersNext: [2], autoLeave: true };
    const ready = { snapshot: { metadata: { index: 0, term: 0, confState: { voters: [1, 2, 3], learners: [] } }, data: new Uint8Array(0) }, entries: [] };
    const ops: BatchOp[] = [];
    g.stage(ready, ops);
    await store.write(ops);
    g.commitStaged(ready);
    expect(g.isFresh).toBe(false);
    const entries = [{ term: 1, index: 1, type: EntryType.Normal, data: new Uint8Array(0) }];
    const ops2: BatchOp[] = [];
    g.stage({ entries, hardState: { term: 1, vote: 1, commit: 1 } }, ops2);
    await store.write(ops2);
    g.commitStaged({ entries, hardState: { term: 1, vote: 1, commit: 1 } });
    const ops3: BatchOp[] = [];
    g.createSnapshot(1, joint, new Uint8Array([1]), ops3);
    await store.write(ops3);
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    store = await open(dir);
    const back = await store.openGroup('g');
    expect(back.isFresh).toBe(false);
    expect(back.initialState().confState).toEqual(joint);
  });
});

describe('deleting a range of entries', () => {
  /** Bytes of the files in a directory (LevelDB's tables, logs and manifest). */
  function dirBytes(dir: string): number {
    return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
  }

  it('gives the disk space back: a large deleted range is compacted away at once, not when LevelDB gets to it', async () => {
    const dir = newDir();
    const store = await open(dir);
    const keys = new GroupKeys('p/T1/0');
    // 96 MiB of incompressible entries, then a reopen so they sit in tables, not in the write-ahead log.
    for (let i = 1; i <= 1536; i += 16) {
      await store.write(Array.from({ length: 16 }, (_, j) => ({ type: 'put' as const, key: keys.entry(i + j), value: randomBytes(64 * 1024) })), { sync: false });
    }
    await store.close();
    const reopened = await open(dir);
    const before = dirBytes(dir);
    expect(before).toBeGreaterThan(80 * 1024 * 1024);
    await reopened.deleteEntriesBefore('p/T1/0', 1528);
    // What is left: 9 entries (about 0.6 MiB) and LevelDB's own files.
    expect(dirBytes(dir)).toBeLessThan(8 * 1024 * 1024);
    expect(await reopened.db.get(keys.entry(1527))).toBeUndefined();
    expect((await reopened.db.get(keys.entry(1528)))?.length).toBe(64 * 1024);
  });
});
