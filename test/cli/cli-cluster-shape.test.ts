// The commands of the cluster's shape as a user runs them (child processes of
// the built CLI) against real server processes: three combined nodes and a
// fourth storage node added while they run. `eddy node list` shows it;
// `eddy topic reassign` checks a move (--validate-only), moves a partition to
// the node that had no replica of it, and `eddy topic describe` / `eddy
// cluster status` show the result; a move towards a node that is down stays in
// progress, so both show it moving (TARGET / ADDING / REMOVING, bytes to go),
// and --cancel takes it back; `eddy cluster rebalance --dry-run` prints a plan
// and starts nothing; `eddy node decommission` / `recommission` change the
// node's state; `eddy controller add` / `remove` change the quorum. Bad input
// gets one clear line and exit status 2 before any call; a refusal by the
// controller one line and status 1. Formatting and parsing rules are
// unit-tested in packages/cli/test/cluster-shape-format.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { waitFor } from '../support/harness.js';
import { ServerCluster } from '../support/server-cluster.js';

// Automatic balancing is off (as in python-reassign), so the only moves are
// the test's own: the balancer, running every 10 s while node 4 fills up, may
// move the test's partition again once a move of the test's has finished, or
// reorder it, and the waits below for a given replica list would then never
// end. `cluster rebalance` works without it.
const cluster = new ServerCluster({ nodes: 3, roles: 'combined', serverArgs: () => ['--balancer-interval-ms', '0'] });
const topic = `shape-readings-${Date.now()}`;

beforeAll(async () => {
  await cluster.start();
  await cluster.addNode('storage');
}, 120_000);

afterAll(async () => {
  await cluster.stop();
});

/** `eddy ARGS --bootstrap …`; --json where asked. */
function eddy(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runCli([...args, '--bootstrap', cluster.bootstrap]);
}

async function json<T>(args: string[]): Promise<T> {
  const r = await eddy([...args, '--json']);
  expect(r.status, `eddy ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface NodeJson {
  nodeId: number;
  online: boolean;
  state: string;
  roles: string[];
  replicaCount: number;
  leaderCount: number;
  diskUsedBytes: number;
  diskFreeBytes: number;
  diskTotalBytes: number;
  offlineMs: number;
}

interface PartitionJson {
  partition: number;
  leader: number;
  replicas: number[];
  targetReplicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

interface ReassignJson {
  validateOnly: boolean;
  cancel: boolean;
  reassignments: { topic: string; partition: number; replicas: number[]; targetReplicas: number[]; addingReplicas: number[]; removingReplicas: number[] }[];
}

const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

/** A move of a 3-replica partition on four nodes: keep the first two, swap the third for the node without a replica. */
function swapOne(replicas: readonly number[]): { target: number[]; adding: number; removing: number } {
  const adding = [1, 2, 3, 4].find((id) => !replicas.includes(id))!;
  return { target: [replicas[0]!, replicas[1]!, adding], adding, removing: replicas[2]! };
}

describe('eddy node, topic reassign, cluster rebalance', () => {
  it('lists the four nodes with their roles, states and counts as numbers', { timeout: 60_000 }, async () => {
    const nodes = await waitFor(
      'eddy node list to show four nodes online',
      async () => {
        const list = await json<NodeJson[]>(['node', 'list']);
        return list.length === 4 && list.every((n) => n.online) ? list : undefined;
      },
      30_000,
    );
    expect(nodes.map((n) => n.nodeId)).toEqual([1, 2, 3, 4]);
    expect(nodes[3]!.roles).toEqual(['storage']);
    for (const n of nodes) {
      expect(n.state).toBe('active');
      for (const k of ['replicaCount', 'leaderCount', 'diskUsedBytes', 'diskFreeBytes', 'diskTotalBytes', 'offlineMs'] as const) expect(typeof n[k], k).toBe('number');
    }
    const text = await eddy(['node', 'list']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^ID\s+ADDRESS\s+RACK\s+ONLINE\s+STATE\s+REPLICAS\s+LEADERS\s+DISK USED\s+DISK FREE\s+OFFLINE FOR$/);
  });

  it('refuses a bad replica list before any call, naming the bad token', async () => {
    // No cluster at this address: a call would fail differently (and slowly).
    const r = await runCli(['topic', 'reassign', topic, '--partition', '0', '--replicas', '1,two,3', '--bootstrap', '127.0.0.1:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('eddy topic reassign: --replicas takes node ids separated by commas, like 1,2,4; "two" is not a node id (a whole number from 1)\n');
    const both = await runCli(['topic', 'reassign', topic, '--partition', '0', '--replicas', '1', '--cancel', '--bootstrap', '127.0.0.1:1']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/either --replicas .* or --cancel, not both/);
  });

  it('checks a move with --validate-only and changes nothing', { timeout: 60_000 }, async () => {
    const created = await eddy(['topic', 'create', topic, '--partitions', '1', '--replication-factor', '3']);
    expect(created.status, created.stderr).toBe(0);
    const before = (await json<{ partitions: PartitionJson[] }>(['topic', 'describe', topic])).partitions[0]!;
    expect(before.targetReplicas).toEqual([]);
    const { target, adding } = swapOne(before.replicas);
    const checked = await json<ReassignJson>(['topic', 'reassign', topic, '--partition', '0', '--replicas', target.join(','), '--validate-only']);
    expect(checked.validateOnly).toBe(true);
    expect(checked.reassignments).toHaveLength(1);
    expect(checked.reassignments[0]).toMatchObject({ topic, partition: 0, targetReplicas: target, addingReplicas: [adding] });
    // The validated set was not applied. (The controller's own balancer may move the partition meanwhile; it
    // would pick this exact set only by chance, so the check is on the set, not on the partition staying put.)
    const after = (await json<{ partitions: PartitionJson[] }>(['topic', 'describe', topic])).partitions[0]!;
    expect(after.targetReplicas).not.toEqual(target);
    expect(after.replicas).not.toEqual(target);
  });

  it('moves a partition to the node without a replica; describe and status show where it went', { timeout: 120_000 }, async () => {
    const before = (await json<{ partitions: PartitionJson[] }>(['topic', 'describe', topic])).partitions[0]!;
    const { target, adding, removing } = swapOne(before.replicas);
    const r = await eddy(['topic', 'reassign', topic, '--partition', '0', '--replicas', target.join(',')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${topic} partition 0: moving ${before.replicas.join(',')} → ${target.join(',')} \\(adding ${adding}, removing ${removing}\\)`));

    await waitFor(
      'the move to finish: replicas are the target, nothing moving',
      async () => {
        const p = (await json<{ partitions: PartitionJson[] }>(['topic', 'describe', topic])).partitions[0]!;
        if (p.targetReplicas.length === 0 && sorted(p.replicas).join() === sorted(target).join() && p.leader > 0) return true;
        // Not yet: the timeout's message says where the partition was last seen.
        throw new Error(`last seen replicas ${p.replicas.join(',')}, target ${p.targetReplicas.join(',') || 'none'}, leader ${p.leader}`);
      },
      90_000,
    );
    const status = await json<{ reassigningPartitions: number; reassignments: unknown[]; nodes: { id: number; state: string }[] }>(['cluster', 'status']);
    expect(typeof status.reassigningPartitions).toBe('number');
    expect(status.nodes.map((n) => [n.id, n.state])).toEqual([1, 2, 3, 4].map((id) => [id, 'active']));
    const text = await eddy(['cluster', 'status']);
    expect(text.stdout).toMatch(/^NODE\s+ADDRESS\s+ROLES\s+RACK\s+ONLINE\s+STATE$/m);
  });

  it('cancels with --cancel: the partition ends with no move in progress', { timeout: 90_000 }, async () => {
    // The controller's own balancer may start or finish moves meanwhile, so this asks only what cancel promises.
    const cancelled = await json<ReassignJson>(['topic', 'reassign', topic, '--partition', '0', '--cancel']);
    expect(cancelled.cancel).toBe(true);
    expect(cancelled.reassignments).toMatchObject([{ topic, partition: 0 }]);
    await waitFor(
      'the partition to have no move in progress',
      async () => (await json<{ partitions: PartitionJson[] }>(['topic', 'describe', topic])).partitions[0]!.targetReplicas.length === 0,
      60_000,
    );
  });

  it('shows a move waiting for a node that is down, in describe and status, and cancels it', { timeout: 180_000 }, async () => {
    const describeJson = async () => (await json<{ partitions: PartitionJson[] }>(['topic', 'describe', topic])).partitions[0]!;
    // Off node 4 first, so that node 4 can be the new replica a move waits for.
    const home = await eddy(['topic', 'reassign', topic, '--partition', '0', '--replicas', '1,2,3']);
    expect(home.status, home.stderr).toBe(0);
    await waitFor('the partition to be on nodes 1, 2, 3', async () => {
      const p = await describeJson();
      return p.targetReplicas.length === 0 && p.replicas.join() === '1,2,3';
    }, 90_000);
    await cluster.kill(cluster.node(4));

    const moved = await eddy(['topic', 'reassign', topic, '--partition', '0', '--replicas', '1,2,4']);
    expect(moved.status, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/: moving 1,2,3 → 1,2,4 \(adding 4, removing 3\)/);
    // Node 4 is down, so its replica cannot catch up and the move stays in progress.
    const p = await describeJson();
    expect(p).toMatchObject({ replicas: [1, 2, 3], targetReplicas: [1, 2, 4], addingReplicas: [4], removingReplicas: [3] });
    const text = await eddy(['topic', 'describe', topic]);
    expect(text.stdout).toMatch(/, 1 moving\n/);
    expect(text.stdout).toMatch(/^PARTITION\s+LEADER\s+EPOCH\s+REPLICAS\s+IN-SYNC\s+STATE\s+TARGET\s+ADDING\s+REMOVING$/m);
    expect(text.stdout).toMatch(/^0\s+.*\s1,2,3\s+.*\s1,2,4\s+4\s+3$/m);

    const status = await json<{ reassigningPartitions: number; reassignments: { topic: string; partition: number; targetReplicas: number[]; addingReplicas: number[]; bytesBehind: { node: number; bytes: number }[] }[] }>(['cluster', 'status']);
    expect(status.reassigningPartitions).toBeGreaterThanOrEqual(1);
    const mine = status.reassignments.find((r) => r.topic === topic && r.partition === 0);
    expect(mine).toMatchObject({ targetReplicas: [1, 2, 4], addingReplicas: [4] });
    for (const b of mine!.bytesBehind) expect(typeof b.bytes).toBe('number');
    const statusText = await eddy(['cluster', 'status']);
    expect(statusText.stdout).toMatch(/^moves in progress \(\d+\):$/m);
    expect(statusText.stdout).toMatch(new RegExp(`^${topic}\\s+0\\s+\\d+\\s+1,2,3\\s+1,2,4\\s+4 \\((not reported|caught up|.+ to go)\\)\\s+3$`, 'm'));

    const cancelled = await eddy(['topic', 'reassign', topic, '--partition', '0', '--cancel']);
    expect(cancelled.status, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/: move cancelled; the group returns to 1,2,3/);
    await waitFor('the cancelled move to finish', async () => {
      const q = await describeJson();
      return q.targetReplicas.length === 0 && q.replicas.join() === '1,2,3';
    }, 90_000);

    await cluster.restart(cluster.node(4));
    await waitFor('node 4 to be online again', async () => (await json<NodeJson[]>(['node', 'list'])).find((n) => n.nodeId === 4)?.online === true, 60_000);
  });

  it('prints a rebalance plan with --dry-run and starts nothing', { timeout: 60_000 }, async () => {
    const plan = await json<{ dryRun: boolean; started: boolean; preferredLeaderMoves: number; moves: { topic: string; partition: number; fromReplicas: number[]; toReplicas: number[]; reason: string }[] }>([
      'cluster',
      'rebalance',
      '--dry-run',
    ]);
    expect(plan.dryRun).toBe(true);
    expect(plan.started).toBe(false);
    expect(typeof plan.preferredLeaderMoves).toBe('number');
    for (const m of plan.moves) {
      expect(typeof m.partition).toBe('number');
      expect(['balance', 'decommission', 'heal', 'replication-factor']).toContain(m.reason);
    }
    const text = await eddy(['cluster', 'rebalance', '--dry-run']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/the cluster is balanced|dry run: \d+ moves? planned, none started/);
  });

  it('decommissions node 4 and takes that back', { timeout: 120_000 }, async () => {
    const decommissioned = await json<NodeJson>(['node', 'decommission', '4']);
    expect(decommissioned.nodeId).toBe(4);
    expect(['decommissioning', 'decommissioned']).toContain(decommissioned.state);
    const listed = await json<NodeJson[]>(['node', 'list']);
    expect(['decommissioning', 'decommissioned']).toContain(listed.find((n) => n.nodeId === 4)!.state);

    const back = await eddy(['node', 'recommission', '4']);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^node 4 is active with \d+ replicas?; it may receive replicas again/);
    expect((await json<NodeJson[]>(['node', 'list'])).find((n) => n.nodeId === 4)!.state).toBe('active');
  });

  it('adds a controller to the quorum and removes it again', { timeout: 180_000 }, async () => {
    // A controller-only node started with the quorum's --controllers list, which does not name it.
    const fresh = await cluster.addNode('controller');
    const added = await json<{ voters: { nodeId: number; address: string; active: boolean }[] }>(['controller', 'add', String(fresh.id), '--internal-address', fresh.internalAddress]);
    expect(added.voters.map((v) => v.nodeId)).toEqual([1, 2, 3, fresh.id]);
    expect(added.voters.filter((v) => v.active)).toHaveLength(1);
    const removed = await eddy(['controller', 'remove', String(fresh.id)]);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(new RegExp(`^node ${fresh.id} is no longer a controller voter; the quorum now has 3 voters:\\n`));
    expect(removed.stdout).toMatch(/^NODE\s+ADDRESS\s+ACTIVE$/m);
  });

  it('says what the controller refused in one line with exit status 1', { timeout: 60_000 }, async () => {
    const unknown = await eddy(['node', 'decommission', '99']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^eddy node decommission: UNKNOWN_NODE: .+\n$/);
    const voter = await eddy(['controller', 'remove', '99']);
    expect(voter.status).toBe(1);
    expect(voter.stderr).toMatch(/^eddy controller remove: [A-Z_]+: .+\n$/);
    expect(voter.stderr).not.toMatch(/\n\s+at /);
  });
});
