// Random sequences of commands (fast-check): whatever runs, the image stays
// consistent — replica load matches the partitions, partitions sit on distinct
// registered nodes, counts add up — and a snapshot rebuilds it exactly.
import fc from 'fast-check';
import { metadataRecords } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { allocateProducerIds } from '../src/commands/allocate-producer-ids.js';
import { alterConfigs } from '../src/commands/alter-configs.js';
import type { CommandResult } from '../src/commands/command-result.js';
import { createPartitions } from '../src/commands/create-partitions.js';
import { createTopic } from '../src/commands/create-topic.js';
import { deleteTopic } from '../src/commands/delete-topic.js';
import { fenceNode, nodeHeartbeat } from '../src/commands/node-heartbeat.js';
import { registerNode } from '../src/commands/register-node.js';
import { reportLeaders } from '../src/commands/report-leaders.js';
import { emptyImage, type MetadataImage } from '../src/metadata/image.js';
import { alterPartitionReassignments } from '../src/commands/reassign-partitions.js';
import { imageFromRecords, imageToRecords } from '../src/metadata/snapshot.js';
import { applyAll, seededBytes } from './helpers.js';

const names = ['a', 'b', 'c', 'd'];
const op = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), node: fc.integer({ min: 1, max: 5 }), inc: fc.constantFrom('x', 'y'), rack: fc.constantFrom('r1', 'r2') }),
  fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom(...names), partitions: fc.integer({ min: 1, max: 6 }), rf: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), name: fc.constantFrom(...names) }),
  fc.record({ kind: fc.constant('grow' as const), name: fc.constantFrom(...names), by: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ kind: fc.constant('fence' as const), node: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('heartbeat' as const), node: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('leader' as const), name: fc.constantFrom(...names), partition: fc.nat(5), pick: fc.nat(2), epoch: fc.nat(4) }),
  fc.record({ kind: fc.constant('config' as const), name: fc.constantFrom(...names), value: fc.option(fc.integer({ min: -1, max: 10_000 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('pids' as const), node: fc.integer({ min: 1, max: 5 }) }),
  // An operator's reorder (the preferred leader changes, the order is pinned).
  fc.record({ kind: fc.constant('reorder' as const), name: fc.constantFrom(...names), partition: fc.nat(5) }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function run(image: MetadataImage, o: Op, random: ReturnType<typeof seededBytes>): CommandResult<unknown> | undefined {
  const epoch = (id: number) => image.nodes.get(id)?.epoch ?? 0;
  switch (o.kind) {
    case 'register':
      return registerNode(image, { nodeId: o.node, incarnationId: o.inc, address: `h:${o.node}`, rack: o.rack, roles: ['NODE_ROLE_STORAGE'] });
    case 'create':
      return createTopic(image, { name: o.name, partitions: o.partitions, replicationFactor: o.rf }, random);
    case 'delete':
      return deleteTopic(image, o.name);
    case 'grow':
      return createPartitions(image, { topic: o.name, totalCount: (image.topicsByName.get(o.name)?.partitions.length ?? 0) + o.by });
    case 'fence':
      return { ok: true, records: fenceNode(image, o.node, epoch(o.node)), value: undefined };
    case 'heartbeat':
      return nodeHeartbeat(image, { nodeId: o.node, epoch: epoch(o.node), shuttingDown: false });
    case 'leader': {
      const topic = image.topicsByName.get(o.name);
      const p = topic?.partitions[o.partition];
      if (!topic || !p) return undefined;
      const leader = p.replicas[o.pick % p.replicas.length]!;
      return reportLeaders(image, { nodeId: leader, epoch: epoch(leader), leaders: [{ topicId: topic.topicId, partition: o.partition, leaderId: leader, leaderEpoch: o.epoch }] });
    }
    case 'config':
      return alterConfigs(image, {
        resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC',
        resourceName: o.name,
        set: o.value === undefined ? {} : { 'retention.ms': String(o.value) },
        delete: o.value === undefined ? ['retention.ms'] : [],
      });
    case 'pids':
      return allocateProducerIds(image, { nodeId: o.node, epoch: epoch(o.node) });
    case 'reorder': {
      const p = image.topicsByName.get(o.name)?.partitions[o.partition];
      if (!p || p.targetReplicas.length > 0) return undefined;
      return alterPartitionReassignments(image, [{ topic: o.name, partition: o.partition, replicas: [...p.replicas].reverse() }]);
    }
  }
}

function checkInvariants(image: MetadataImage): void {
  let partitions = 0;
  const load = new Map<number, { replicas: number; leaders: number }>();
  for (const topic of image.topicsByName.values()) {
    expect(image.topicNamesById.get(topic.topicId)).toBe(topic.name);
    topic.partitions.forEach((p, i) => {
      partitions++;
      expect(p.partition).toBe(i);
      expect(p.replicas).toHaveLength(topic.replicationFactor);
      expect(new Set(p.replicas).size).toBe(p.replicas.length);
      for (const r of p.replicas) expect(image.nodes.has(r)).toBe(true);
      if (p.leaderId !== -1) expect(p.replicas).toContain(p.leaderId);
      p.replicas.forEach((r, j) => {
        const l = load.get(r) ?? { replicas: 0, leaders: 0 };
        l.replicas++;
        if (j === 0) l.leaders++;
        load.set(r, l);
      });
    });
  }
  expect(image.partitionCount).toBe(partitions);
  expect(image.topicNamesById.size).toBe(image.topicsByName.size);
  expect(Object.fromEntries(image.replicaLoad)).toEqual(Object.fromEntries(load));
}

describe('random command sequences', () => {
  it('keep the image consistent, and snapshots rebuild it exactly (through the codec)', () => {
    const codec = metadataRecords();
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const image = emptyImage();
        const random = seededBytes(seed);
        for (const o of ops) {
          const result = run(image, o, random);
          if (result?.ok) applyAll(image, result.records);
          checkInvariants(image);
        }
        const decoded = imageToRecords(image).map((r) => codec.decode(codec.encode(r)));
        expect(imageFromRecords(decoded, image.version)).toEqual(image);
      }),
      { numRuns: 150 },
    );
  });
});
