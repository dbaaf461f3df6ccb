// Three real processes (gRPC transport, LevelDB storage with fsync) on
// loopback: SIGKILL the leader, a new one is elected, no committed entry is
// lost, and the killed node restarts from its disk and catches up.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../../test/support/harness.js';
import { KvCluster } from './kv-cluster.js';

let cluster: KvCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function put(c: KvCluster, k: string, v: string): Promise<void> {
  for (;;) {
    const leader = await c.leader();
    const r = await c.call<{ index?: number; error?: string }>(leader, `/put?k=${k}&v=${v}`, 'POST').catch(() => undefined);
    if (r?.status === 200) return;
    await new Promise((res) => setTimeout(res, 20));
  }
}

describe('raft across real processes', () => {
  it('loses no committed entry when the leader is SIGKILLed, and the restarted node catches up', async () => {
    cluster = new KvCluster();
    const c = cluster;
    await c.start(3);
    const acked: string[] = [];
    for (let i = 0; i < 30; i++) {
      await put(c, `k${i}`, `a${i}`);
      acked.push(`k${i}=a${i}`);
    }
    const oldLeader = await c.leader();
    const oldTerm = (await c.status(oldLeader)).term;
    await c.kill(oldLeader);

    const newLeader = await c.leader();
    expect(newLeader.id).not.toBe(oldLeader.id);
    expect((await c.status(newLeader)).term).toBeGreaterThan(oldTerm);
    for (let i = 30; i < 60; i++) {
      await put(c, `k${i}`, `b${i}`);
      acked.push(`k${i}=b${i}`);
    }
    // Every acknowledged write is applied, in order, exactly once, on the survivors.
    for (const n of c.nodes.filter((x) => x.child)) {
      await waitFor(`node ${n.id} applies all`, async () => (await c.call<string[]>(n, '/log')).body.length >= acked.length, 15_000);
      expect((await c.call<string[]>(n, '/log')).body).toEqual(acked);
    }
    const read = await c.call<{ value: string }>(newLeader, '/get?k=k59');
    expect(read.body.value).toBe('b59');

    await c.restart(oldLeader);
    await waitFor('restarted node catches up', async () => (await c.call<string[]>(oldLeader, '/log')).body.length >= acked.length, 20_000);
    expect((await c.call<string[]>(oldLeader, '/log')).body).toEqual(acked);
  });
});
