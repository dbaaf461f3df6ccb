// Commands that queue up while an append is in flight go out as one append;
// each still sees the effects of the commands before it, and the committed
// image is the one sequential execution would give.
import { InvalidTopicNameError, TopicAlreadyExistsError, UnknownTopicError } from '@eddy/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRecord } from '../src/metadata/apply-record.js';
import { ImageFork } from '../src/metadata/image-fork.js';
import { MemoryMetadataLog } from '../src/log/memory-metadata-log.js';
import { cloneImage } from '../src/metadata/image.js';
import { records } from '../src/metadata/records.js';
import { imageToRecords } from '../src/metadata/snapshot.js';
import { createReq, startController } from './controller-fixture.js';
import { applyAll, imageWithNodes } from './helpers.js';

describe('group commit', () => {
  it('batches concurrent commands into few appends, with per-command outcomes as if run one by one', async () => {
    const log = new MemoryMetadataLog({ self: { id: 100, address: '127.0.0.1:1' } });
    const { controller } = await startController({}, log);
    for (let id = 1; id <= 3; id++) await controller.registerNode({ nodeId: id, incarnationId: `i${id}`, address: `h:${id}`, internalAddress: '', rack: `r${id}`, roles: [] });
    let appends = 0;
    const append = log.append.bind(log);
    log.append = (rs) => {
      appends++;
      return append(rs);
    };
    const calls = [
      controller.createTopic(createReq('g-a', 3, 3)),
      controller.createTopic(createReq('g-a', 1, 1)), // duplicate of the one before it in the same batch
      controller.createTopic(createReq('bad name', 1, 1)),
      controller.createPartitions({ topic: 'g-a', totalCount: 5, validateOnly: false }), // depends on the first
      controller.alterConfigs({ resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'g-a', set: { 'retention.ms': '5' }, delete: [], validateOnly: false }),
      controller.deleteTopic({ name: 'g-missing' }),
      ...Array.from({ length: 20 }, (_, i) => controller.createTopic(createReq(`g-${i}`, 2, 2))),
    ];
    const results = await Promise.allSettled(calls);
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).constructor : 'ok'));
    expect(reasons.slice(0, 6)).toEqual(['ok', TopicAlreadyExistsError, InvalidTopicNameError, 'ok', 'ok', UnknownTopicError]);
    expect(reasons.slice(6).every((r) => r === 'ok')).toBe(true);
    expect(appends).toBeLessThan(5);
    const topic = controller.image.topicsByName.get('g-a')!;
    expect(topic.partitions).toHaveLength(5);
    expect(topic.configs.get('retention.ms')).toBe('5');
    expect(controller.image.topicsByName.size).toBe(21);
    // Replicas stayed balanced across the batch: 3·3 + 2·3 + 20·2·2 = 95 replicas on 3 nodes.
    const counts = [...controller.image.replicaLoad.values()].map((l) => l.replicas);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('fails every command of a batch whose append fails, and commits none of them', async () => {
    const log = new MemoryMetadataLog({ self: { id: 100, address: '127.0.0.1:1' } });
    const { controller } = await startController({}, log);
    await controller.registerNode({ nodeId: 1, incarnationId: 'i', address: 'h:1', internalAddress: '', rack: '', roles: [] });
    const before = controller.image.version;
    const append = log.append.bind(log);
    log.append = () => Promise.reject(new Error('quorum lost'));
    const results = await Promise.allSettled([controller.createTopic(createReq('f-1', 1, 1)), controller.createTopic(createReq('f-2', 1, 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(controller.image.version).toBe(before);
    log.append = append;
    await controller.createTopic(createReq('f-1', 1, 1));
    expect(controller.image.topicsByName.has('f-1')).toBe(true);
  });
});

describe('ImageFork', () => {
  it('applies records like a deep copy would and never changes the base image', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ k: fc.constant('leader' as const), p: fc.nat(2), leader: fc.integer({ min: 1, max: 3 }), epoch: fc.nat(5) }),
            fc.record({ k: fc.constant('config' as const), v: fc.option(fc.nat(100), { nil: undefined }) }),
            fc.record({ k: fc.constant('fence' as const), node: fc.integer({ min: 1, max: 3 }), on: fc.boolean() }),
            fc.record({ k: fc.constant('grow' as const) }),
            fc.record({ k: fc.constant('reassign' as const), p: fc.nat(2) }),
            fc.record({ k: fc.constant('delete' as const) }),
            fc.record({ k: fc.constant('reregister' as const), node: fc.integer({ min: 1, max: 3 }) }),
            fc.record({ k: fc.constant('nodeConfig' as const), node: fc.integer({ min: 1, max: 3 }), v: fc.nat(9) }),
          ),
          { maxLength: 30 },
        ),
        (ops) => {
          const base = imageWithNodes(3, ['a', 'b']);
          applyAll(base, [records.topicCreated('t', 'T', 2, { 'retention.ms': '1' }), records.partition('T', 0, [1, 2]), records.partition('T', 1, [2, 3]), records.partition('T', 2, [3, 1])]);
          const snapshotBefore = cloneImage(base);
          const fork = new ImageFork(base);
          const copy = cloneImage(base);
          let v = base.version;
          let grown = 3;
          for (const o of ops) {
            const epochOf = (id: number) => fork.image.nodes.get(id)!.epoch;
            const rec =
              o.k === 'leader' ? records.partitionLeader('T', o.p, o.leader, o.epoch)
              : o.k === 'config' ? records.config('CONFIG_SCOPE_TOPIC', 'T', 'retention.ms', o.v === undefined ? undefined : String(o.v))
              : o.k === 'fence' ? (o.on ? records.nodeFenced(o.node, epochOf(o.node)) : records.nodeUnfenced(o.node, epochOf(o.node)))
              : o.k === 'grow' ? records.partition('T', grown++, [1, 3])
              : o.k === 'reassign' ? records.partition('T', o.p, [3, 2])
              : o.k === 'delete' ? records.topicDeleted('t', 'T')
              : o.k === 'reregister' ? records.nodeRegistered({ nodeId: o.node, epoch: v + 1, incarnationId: `n${v}`, address: 'x:1', rack: 'a', roles: [] })
              : records.config('CONFIG_SCOPE_NODE', String(o.node), 'k', String(o.v));
            v++;
            const a = fork.apply(rec, v);
            const b = applyRecord(copy, rec, v);
            expect(a).toEqual(b);
          }
          expect(imageToRecords(fork.image)).toEqual(imageToRecords(copy));
          expect(fork.image.replicaLoad).toEqual(copy.replicaLoad);
          expect(base).toEqual(snapshotBefore);
        },
      ),
    );
  });
});
