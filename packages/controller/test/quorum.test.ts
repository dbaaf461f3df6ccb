// Three controllers over one committed log (memory-quorum.ts): every
// controller reaches the same image, failover keeps everything acknowledged,
// only the active controller serves admin operations, node sessions restart on
// the new active controller, and a restarted controller catches up from
// snapshot + log.
import { NotControllerError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { imageToRecords } from '../src/metadata/snapshot.js';
import { Controller } from '../src/service/controller.js';
import type { WatchEvent } from '../src/service/metadata-watch.js';
import { createReq, heartbeatReq, registerReq } from './controller-fixture.js';
import { seededBytes } from './helpers.js';
import { MemoryQuorum } from './memory-quorum.js';

const voters = [1, 2, 3].map((id) => ({ id: 1000 + id, address: `127.0.0.1:${19090 + id}` }));

async function startQuorum() {
  const quorum = new MemoryQuorum(voters);
  const clock = { now: 5_000_000 };
  const make = (id: number) => new Controller({ log: quorum.member(id), clock: () => clock.now, randomBytes: seededBytes(id), sessionTimeoutMs: 1000 });
  const controllers = new Map(voters.map((v) => [v.id, make(v.id)]));
  for (const c of controllers.values()) await c.start();
  quorum.elect(1001);
  await controllers.get(1001)!.idle();
  return { quorum, controllers, clock, make };
}

const same = (a: Controller, b: Controller) => expect(imageToRecords(a.image)).toEqual(imageToRecords(b.image));

describe('a quorum of three controllers', () => {
  it('applies the same records everywhere; followers serve the metadata stream', async () => {
    const { controllers } = await startQuorum();
    const [c1, c2, c3] = [...controllers.values()] as [Controller, Controller, Controller];
    const events: WatchEvent[] = [];
    c3.watchMetadata(0, (e) => events.push(e));
    for (let id = 1; id <= 3; id++) await c1.registerNode(registerReq(id, `r${id}`));
    for (let t = 0; t < 5; t++) await c1.createTopic(createReq(`q-${t}`, 3, 3));
    await c2.idle();
    same(c1, c2);
    same(c1, c3);
    expect(c3.image.topicsByName.size).toBe(5);
    expect(events.flatMap((e) => e.delta?.records ?? []).filter((r) => r.record === 'topicCreated')).toHaveLength(5);
    await expect(c2.createTopic(createReq('from-follower'))).rejects.toBeInstanceOf(NotControllerError);
  });

  it('fails over: nothing acknowledged is lost, the old controller redirects, sessions restart on the new one', async () => {
    const { quorum, controllers, clock } = await startQuorum();
    const c1 = controllers.get(1001)!;
    const c2 = controllers.get(1002)!;
    const epochs = new Map<number, number>();
    for (let id = 1; id <= 3; id++) epochs.set(id, Number((await c1.registerNode(registerReq(id))).nodeEpoch));
    const acked = [];
    for (let t = 0; t < 4; t++) acked.push((await c1.createTopic(createReq(`f-${t}`, 2, 2))).topic!.topicId);

    // The active controller dies mid-stream; an election picks controller 1002 a while later.
    clock.now += 5000;
    quorum.elect(1002);
    const err = await c1.createTopic(createReq('late')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotControllerError);
    expect((err as NotControllerError).details).toEqual({ leaderId: 1002, leaderAddress: '127.0.0.1:19092' });

    for (const id of acked) expect(c2.image.topicNamesById.has(id)).toBe(true);
    await c2.createTopic(createReq('after-failover', 2, 2));
    expect((await c2.describeCluster()).activeControllerId).toBe(1002);

    // Nodes were silent for longer than a session under the old controller, but the
    // new one gives every node a fresh session rather than fencing them all at once.
    expect(await c2.tick(clock.now + 999)).toEqual([]);
    await c2.nodeHeartbeat(heartbeatReq(1, epochs.get(1)!));
    clock.now += 600;
    await c2.nodeHeartbeat(heartbeatReq(1, epochs.get(1)!));
    expect(await c2.tick(clock.now + 500)).toEqual([2, 3]);
    expect(await c1.tick(clock.now + 10_000)).toEqual([]); // not active: fences nothing
    same(c1, c2);
  });

  it('a controller restarted after compaction catches up from snapshot + log', async () => {
    const { quorum, controllers, make } = await startQuorum();
    const c1 = controllers.get(1001)!;
    await c1.registerNode(registerReq(1));
    await c1.createTopic(createReq('before', 2, 1));
    await controllers.get(1003)!.stop();
    await c1.createTopic(createReq('while-down', 1, 1));
    quorum.compact();
    await c1.createTopic(createReq('after-compaction', 3, 1));
    const restarted = make(1003);
    await restarted.start();
    same(c1, restarted);
    expect(restarted.image.version).toBe(c1.image.version);
    expect([...restarted.image.topicsByName.keys()].sort()).toEqual(['after-compaction', 'before', 'while-down']);
  });
});
