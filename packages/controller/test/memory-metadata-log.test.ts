// The in-memory log: commits in order, survives the protobuf codec, catches a
// restarted state machine up from snapshot + entries, refuses when not active.
import { NotControllerError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import type { CommittedBatch, MetadataStateMachine } from '../src/log/metadata-log.js';
import { MemoryMetadataLog } from '../src/log/memory-metadata-log.js';
import { applyRecord } from '../src/metadata/apply-record.js';
import { emptyImage, type MetadataImage } from '../src/metadata/image.js';
import { records } from '../src/metadata/records.js';
import { imageFromRecords, snapshotOf, type MetadataSnapshot } from '../src/metadata/snapshot.js';

class Recorder implements MetadataStateMachine {
  image: MetadataImage = emptyImage();
  batches: CommittedBatch[] = [];
  restores: MetadataSnapshot[] = [];
  leadershipChanges = 0;
  apply(batch: CommittedBatch): void {
    this.batches.push(batch);
    batch.records.forEach((r, i) => applyRecord(this.image, r, batch.firstVersion + i));
  }
  restore(snapshot: MetadataSnapshot): void {
    this.restores.push(snapshot);
    this.image = imageFromRecords(snapshot.records, snapshot.version);
  }
  snapshot(): MetadataSnapshot {
    return snapshotOf(this.image);
  }
  leadershipChanged(): void {
    this.leadershipChanges++;
  }
}

const self = { id: 1, address: '127.0.0.1:9093' };

describe('MemoryMetadataLog', () => {
  it('commits appends in order with consecutive versions, applied before append resolves', async () => {
    const log = new MemoryMetadataLog({ self });
    const sm = new Recorder();
    await log.start(sm);
    const [a, b] = await Promise.all([
      log.append([records.clusterId('c'), records.topicCreated('t', 'T', 1, {})]),
      log.append([records.partition('T', 0, [1])]),
    ]);
    expect([a, b]).toEqual([2, 3]);
    expect(sm.batches.map((x) => x.firstVersion)).toEqual([1, 3]);
    expect(sm.image.version).toBe(3);
    expect(sm.image.topicsByName.get('t')!.partitions).toHaveLength(1);
    // Records came back through the codec: int64 fields are strings, oneof names set.
    expect(sm.batches[0]!.records[0]).toMatchObject({ record: 'clusterId', clusterId: { clusterId: 'c' } });
  });

  it('catches a restarted state machine up from its snapshot and the entries after it', async () => {
    const log = new MemoryMetadataLog({ self });
    const first = new Recorder();
    await log.start(first);
    await log.append([records.clusterId('c'), records.topicCreated('t', 'T', 1, {})]);
    log.compact();
    await log.append([records.partition('T', 0, [1])]);
    await log.stop();

    const second = new Recorder();
    await log.start(second);
    expect(second.restores).toHaveLength(1);
    expect(second.restores[0]!.version).toBe(2);
    expect(second.batches.map((b) => b.firstVersion)).toEqual([3]);
    expect(second.image).toEqual(first.image);
  });

  it('refuses appends and read barriers when not active, naming the active controller', async () => {
    const log = new MemoryMetadataLog({ self });
    const sm = new Recorder();
    await log.start(sm);
    log.setActive(false, { id: 2, address: '10.0.0.2:9093' });
    expect(log.isActive()).toBe(false);
    expect(log.activeController()).toEqual({ id: 2, address: '10.0.0.2:9093' });
    const err = await log.append([records.clusterId('x')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotControllerError);
    expect((err as NotControllerError).details).toEqual({ leaderId: 2, leaderAddress: '10.0.0.2:9093' });
    await expect(log.readBarrier()).rejects.toBeInstanceOf(NotControllerError);
    log.setActive(true);
    await expect(log.readBarrier()).resolves.toBeUndefined();
    expect(sm.leadershipChanges).toBe(3);
  });
});
