// Moving replicas from Python's grpcio with stubs generated from proto/ — a
// second gRPC implementation, no Eddy code on the client side: a partition of
// a real 4-node cluster is moved onto the storage-only fourth node through a
// node that is not the controller, the move is followed to completion with
// ListPartitionReassignments, and a malformed replica list is refused with
// INVALID_REPLICA_ASSIGNMENT.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { wire } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { PYTHON, PYTHON_DIR, generatePythonStubs, pythonGrpcAvailable } from './python-stubs.js';

const available = pythonGrpcAvailable('python reassignment test');
const stubs = mkdtempSync(path.join(tmpdir(), 'eddy-py-reassign-'));
let fx: ClusterFixture | undefined;
beforeAll(() => {
  if (available) generatePythonStubs(stubs);
});
afterAll(async () => {
  await fx?.close();
  rmSync(stubs, { recursive: true, force: true });
});

describe.skipIf(!available)('replica moves from Python', () => {
  it('moves a partition onto a new node through any node and follows it to completion', { timeout: 180_000 }, async () => {
    const topic = `py-move-${Date.now()}`;
    // The balancer stays off: only the script moves anything.
    fx = await startCluster({ nodes: 3, serverArgs: () => ['--balancer-interval-ms', '0'], topics: [{ name: topic, partitions: 1, replicationFactor: 3 }] });
    const fourth = await fx.cluster.addNode('storage');
    const described = await fx.wire.admin<wire.DescribeTopicResponse__Output>('describeTopic', { name: topic });
    const before = described.topic!.partitions[0]!.replicas;
    const target = [before[0]!, before[1]!, fourth.id];
    const active = (await fx.wire.admin<wire.DescribeClusterResponse__Output>('describeCluster', {})).activeControllerId;
    const through = fx.cluster.nodes.find((n) => n.id !== active)!;

    const out = execFileSync(PYTHON, [path.join(PYTHON_DIR, 'eddy_reassign.py'), stubs, through.address, topic, target.join(',')], { encoding: 'utf8', timeout: 150_000 });
    const run = JSON.parse(out) as { started: { replicas: number[]; target: number[] }[]; replicas: number[]; inSync: number[]; nodes: { id: number; state: string; replicas: number }[]; refused: { status: string; trailers: Record<string, string> } | null };

    expect(run.started).toEqual([{ replicas: before, target }]);
    expect(run.replicas).toEqual(target);
    expect(run.inSync).toEqual([...target].sort((a, b) => a - b));
    expect(run.nodes.find((n) => n.id === fourth.id)).toMatchObject({ state: 'NODE_STATE_ACTIVE' });
    expect(run.nodes.find((n) => n.id === fourth.id)!.replicas).toBeGreaterThanOrEqual(1);
    expect(run.refused).toMatchObject({ status: 'INVALID_ARGUMENT', trailers: { 'eddy-error-code': 'INVALID_REPLICA_ASSIGNMENT' } });
  });
});
