// The metadata stream's replay window: the missed records as one delta when the
// caller's version is inside it, the image otherwise; a committed batch is one
// delta; broken subscribers are dropped.
import { describe, expect, it } from 'vitest';
import { applyRecord } from '../src/metadata/apply-record.js';
import { emptyImage } from '../src/metadata/image.js';
import { records } from '../src/metadata/records.js';
import { MetadataWatch, type WatchEvent } from '../src/service/metadata-watch.js';

function setup(limit: number) {
  const image = emptyImage();
  const watch = new MetadataWatch(() => image, limit);
  const commit = (n: number) => {
    for (let i = 0; i < n; i++) {
      const r = records.producerIds(1, BigInt(image.version + 1) * 10n);
      applyRecord(image, r, image.version + 1);
      watch.batchApplied(image.version, [r]);
    }
  };
  const collect = (from: number) => {
    const events: WatchEvent[] = [];
    watch.subscribe(from, (e) => events.push(e));
    return events;
  };
  return { image, watch, commit, collect };
}

const shape = (events: WatchEvent[]) => events.map((e) => (e.event === 'image' ? `image@${e.image!.version}` : `delta@${e.delta!.version}x${e.delta!.records.length}`));

describe('MetadataWatch', () => {
  it('version 0 gets the image, then deltas as they commit', () => {
    const { commit, collect } = setup(10);
    commit(2);
    const events = collect(0);
    commit(2);
    expect(shape(events)).toEqual(['image@2', 'delta@3x1', 'delta@4x1']);
  });

  it('a version inside the replay window gets the missed records in one delta; the current version gets none', () => {
    const { commit, collect } = setup(10);
    commit(5);
    expect(shape(collect(2))).toEqual(['delta@5x3']);
    expect(shape(collect(5))).toEqual([]);
  });

  it('a version older than the window, or newer than the image, gets the image', () => {
    const { commit, collect } = setup(2);
    commit(10); // keeps between 2 and 4 records
    expect(shape(collect(1))).toEqual(['image@10']);
    expect(shape(collect(99))).toEqual(['image@10']);
    expect(shape(collect(8))).toEqual(['delta@10x2']);
  });

  it('drops a subscriber that throws, and imageReplaced sends everyone the new image', () => {
    const { watch, commit, collect } = setup(10);
    watch.subscribe(0, (e) => {
      if (e.event === 'delta') throw new Error('stream closed');
    });
    const good = collect(0);
    expect(watch.subscribers).toBe(2);
    commit(1);
    expect(watch.subscribers).toBe(1);
    watch.imageReplaced();
    expect(shape(good)).toEqual(['image@0', 'delta@1x1', 'image@1']);
  });

  it('records committed together arrive as one delta, in order', () => {
    const { image, watch, collect } = setup(10);
    const events = collect(0);
    const batch = [records.producerIds(1, 10n), records.producerIds(1, 20n), records.producerIds(1, 30n)];
    batch.forEach((r, i) => applyRecord(image, r, i + 1));
    watch.batchApplied(3, batch);
    expect(shape(events)).toEqual(['image@0', 'delta@3x3']);
    expect(events[1]!.delta!.records).toEqual(batch);
  });

  it('unsubscribing stops deliveries', () => {
    const { watch, commit } = setup(10);
    const events: WatchEvent[] = [];
    const stop = watch.subscribe(0, (e) => events.push(e));
    stop();
    commit(3);
    expect(events).toHaveLength(1);
    expect(watch.subscribers).toBe(0);
  });
});
