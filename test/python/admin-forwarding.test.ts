// Admin calls from a client with no redirect logic — Python's grpcio with stubs
// generated from proto/ — sent to every node of a real cluster: each node
// forwards AdminService to the active controller, and the controller's errors
// come back unchanged (status, message and eddy-* trailers). Covers a
// controller that is not active (combined nodes) and a node with no controller
// at all (role storage).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { wire } from '@eddy/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServerCluster, type ServerProcess } from '../support/server-cluster.js';
import { WireClient } from '../support/wire-client.js';
import { PYTHON, PYTHON_DIR, generatePythonStubs, pythonGrpcAvailable } from './python-stubs.js';

const available = pythonGrpcAvailable('python admin forwarding test');

interface RpcError {
  status: string;
  details: string;
  trailers: Record<string, string>;
}
interface AdminRun {
  created: { address: string; topic: string; created: string | null; error: RpcError | null }[];
  listed: Record<string, string[] | RpcError>;
  errors: Record<'alreadyExists' | 'invalidName', { direct: RpcError | null; forwarded: RpcError | null }>;
}

/** Nodes 1 and 2 combined (the controller quorum), node 3 storage only. */
class MixedRolesCluster extends ServerCluster {
  override spawn(node: ServerProcess): Promise<void> {
    if (node.id === 3) node.roles = 'storage';
    return super.spawn(node);
  }
}

const stubs = mkdtempSync(path.join(tmpdir(), 'eddy-py-admin-'));
let cluster: ServerCluster | undefined;
let wireClient: WireClient | undefined;
beforeAll(() => {
  if (available) generatePythonStubs(stubs);
});
afterEach(async () => {
  wireClient?.close();
  wireClient = undefined;
  await cluster?.stop();
  cluster = undefined;
});
afterAll(() => rmSync(stubs, { recursive: true, force: true }));

/** Runs eddy_admin.py: one topic created through each node, errors through `other` and at the active controller. */
async function runAdmin(c: ServerCluster, prefix: string, pickOther: (activeId: number) => ServerProcess): Promise<{ run: AdminRun; active: ServerProcess; other: ServerProcess }> {
  const client = (wireClient = new WireClient(c));
  // The test's own client finds the active controller (DescribeCluster, following NOT_CONTROLLER like today's clients).
  const described = await client.admin<wire.DescribeClusterResponse__Output>('describeCluster', {});
  const active = c.node(described.activeControllerId);
  const other = pickOther(active.id);
  const out = execFileSync(PYTHON, [path.join(PYTHON_DIR, 'eddy_admin.py'), stubs, prefix, active.address, other.address, ...c.nodes.map((n) => n.address)], { encoding: 'utf8', timeout: 120_000 });
  return { run: JSON.parse(out) as AdminRun, active, other };
}

function expectForwardedLikeDirect(run: AdminRun): void {
  const exists = run.errors.alreadyExists;
  expect(exists.forwarded).toMatchObject({ status: 'ALREADY_EXISTS', trailers: { 'eddy-error-code': 'TOPIC_ALREADY_EXISTS' } });
  expect(exists.forwarded).toEqual(exists.direct);
  const invalid = run.errors.invalidName;
  expect(invalid.forwarded).toMatchObject({ status: 'INVALID_ARGUMENT', trailers: { 'eddy-error-code': 'INVALID_TOPIC_NAME' } });
  expect(invalid.forwarded).toEqual(invalid.direct);
}

describe.skipIf(!available)('admin calls from Python to any node', () => {
  it('creates a topic through each of three combined nodes, and a non-active controller returns the active one\'s errors unchanged', { timeout: 180_000 }, async () => {
    cluster = new ServerCluster({ nodes: 3, roles: 'combined' });
    const c = cluster;
    await c.start();
    const prefix = `py-fwd-combined-${Date.now()}`;
    const { run } = await runAdmin(c, prefix, (activeId) => c.nodes.find((n) => n.id !== activeId)!);

    const topics = c.nodes.map((_, i) => `${prefix}-${i}`);
    expect(run.created).toEqual(c.nodes.map((n, i) => ({ address: n.address, topic: topics[i], created: topics[i], error: null })));
    for (const n of c.nodes) expect(run.listed[n.address], `ListTopics through node ${n.id}`).toEqual(topics);
    expectForwardedLikeDirect(run);
  });

  it('serves AdminService on a storage-only node by forwarding to the active controller', { timeout: 180_000 }, async () => {
    cluster = new MixedRolesCluster({ nodes: 3, controllerIds: [1, 2] });
    const c = cluster;
    await c.start();
    const prefix = `py-fwd-storage-${Date.now()}`;
    const { run, other } = await runAdmin(c, prefix, () => c.node(3));
    expect(other.roles).toBe('storage');

    const topics = c.nodes.map((_, i) => `${prefix}-${i}`);
    expect(run.created).toEqual(c.nodes.map((n, i) => ({ address: n.address, topic: topics[i], created: topics[i], error: null })));
    for (const n of c.nodes) expect(run.listed[n.address], `ListTopics through node ${n.id}`).toEqual(topics);
    expectForwardedLikeDirect(run);
  });
});
