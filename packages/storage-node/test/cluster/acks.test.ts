// What each acks level waits for, on a leader cut off from its followers:
// acks=leader answers once the batch is fsynced on the leader (and that batch
// is lost when the majority elects another leader, as documented); acks=all
// never answers success without a majority.
import { EddyError } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  cluster?.net.heal();
  await cluster?.stop();
  cluster = undefined;
});

describe('acks', () => {
  it('acks=leader answers when durable on the leader; acks=all waits for a majority', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'acks', topicId: 'A1', partitions: [[1, 2, 3]] }]);
    await cluster.start();
    await cluster.produce({ topic: 'acks', partition: 0, batch: batchOf(['committed']) });
    const { node, replica } = await cluster.waitLeader('acks', 0);
    const hw = replica.state.highWatermark;
    cluster.net.isolate(node.id, cluster.ids);
    const all = node.plane.produce.produce({ topic: 'acks', partition: 0, acks: 'all', timeoutMs: 2_000, batch: batchOf(['never-acked']) }).catch((e: unknown) => e);
    const leader = await node.plane.produce.produce({ topic: 'acks', partition: 0, acks: 'leader', timeoutMs: 2_000, batch: batchOf(['fragile']) });
    expect(leader).toMatchObject({ baseOffset: hw + 1, duplicate: false });
    expect(replica.state.highWatermark).toBe(hw); // answered without being committed
    const allErr = await all;
    expect(allErr).toBeInstanceOf(EddyError);
    expect(['TIMEOUT', 'UNAVAILABLE']).toContain((allErr as EddyError).code);

    const others = cluster.nodes.filter((n) => n !== node);
    await waitFor('the majority elects a leader', () => others.some((n) => n.plane.replicas.replica('acks', 0).isLeader));
    await cluster.produce({ topic: 'acks', partition: 0, batch: batchOf(['after']) });
    cluster.net.heal();
    await waitFor('old leader rejoins', () => node.plane.replicas.replica('acks', 0).state.highWatermark > hw);
    const l = await cluster.waitLeader('acks', 0);
    expect((await readAll(l.replica)).map((r) => r.value)).toEqual(['committed', 'after']);
  });
});
