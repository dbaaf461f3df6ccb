// LevelRaftStore.write, the one LevelDB write of every Raft pass, on a real
// LevelDB: an open store hands its batch to classic-level below abstract-level's
// per-operation checks, so these pin down what that path must still do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
