// SIGTERM to the last of three combined servers, after the other two were
// SIGKILLed and their controller sessions expired: the controller's session
// timer queues commands to fence them, which can never commit (no quorum).
// The server must still stop on its own, with status 0, and without any
// shutdown step running into its bound. Before the fix its controller step
// waited for such a command forever and the process never exited; with only
// the step bounds, that step is logged as left behind, which this test fails on.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('eddy server shutdown', () => {
  it('the last server standing stops on SIGTERM with status 0, no step left behind', async () => {
    fx = await startCluster({ nodes: 3, roles: 'combined', raftTickMs: 50, topics: [{ name: 'left-alone', partitions: 3, replicationFactor: 3 }] });
    const { cluster } = fx;
    fx.wire.close();
    const [last, ...others] = cluster.nodes;
    for (const n of others) await cluster.kill(n);
    // The killed nodes' sessions (9 s) expire.
    await new Promise((r) => setTimeout(r, 12_000));
    const child = last!.child!;
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    last!.child = undefined;
    expect(code).toBe(0);
    expect(last!.stdout.filter((l) => l.includes('did not finish'))).toEqual([]);
  }, 90_000);
});
