// The offset index's stored points carry a CRC-32C: a damaged point is left
// out when loading (derived data: a read then starts at the point before it)
// instead of steering reads to the wrong Raft index or failing the open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LevelRaftStore } from '@eddy/raft';
import { afterEach, expect, it } from 'vitest';
import { IndexStore } from '../../src/partition/index-store.js';

let dir: string | undefined;
let store: LevelRaftStore | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('leaves out a point whose stored value fails its check, and reads the others', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'eddy-index-'));
  store = await LevelRaftStore.open({ path: dir });
  const index = new IndexStore(store, 'p/T/0');
  const points = [
    { offset: 0, index: 3, bytesBefore: 0, maxTimestampBefore: -1 },
    { offset: 100, index: 40, bytesBefore: 9000, maxTimestampBefore: 1700000000000 },
    { offset: 200, index: 77, bytesBefore: 18000, maxTimestampBefore: 1700000000500 },
  ];
  await index.put(points);
  expect(await index.load()).toEqual(points);
  const [op] = index.putOps([points[1]!]);
  const bad = Buffer.from(op!.type === 'put' ? op!.value : Buffer.alloc(0));
  bad[2] = (bad[2] as number) ^ 0x08;
  await store.db.put(op!.key, bad);
  const loaded = await index.load();
  expect([...loaded]).toEqual([points[0], points[2]]);
  expect(loaded.damaged).toBe(1);
});
