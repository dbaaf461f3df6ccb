// Users, ACLs and quotas end to end: the eddy CLI (child processes) against a
// real three-node cluster. Credentials never come back out (neither from the
// CLI nor from ListUsers on the wire), refusals are one clear line, and a user
// created before the active controller is killed is still there afterwards,
// and after every node restarted: it lives in the controller's Raft log.
import type { wire } from '@eddy/protocol';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { call, client } from '../support/grpc.js';
import { waitFor } from '../support/harness.js';
import { ServerCluster } from '../support/server-cluster.js';

let cluster: ServerCluster;
const clients: grpc.Client[] = [];

beforeAll(async () => {
  cluster = new ServerCluster({ nodes: 3 });
  await cluster.start();
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await cluster?.stop();
});

const live = () => cluster.nodes.filter((n) => n.child).map((n) => n.address).join(',');

async function eddy(args: string[], input?: string) {
  return runCli([...args, '--bootstrap', live()], input);
}

async function json<T>(args: string[]): Promise<T> {
  const r = await eddy([...args, '--output', 'json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** ListUsers over the wire from a node that may not be the controller (forwarded). */
async function listUsersRaw(): Promise<wire.ListUsersResponse__Output> {
  const node = cluster.nodes.find((n) => n.child)!;
  const c = client('AdminService', node.address);
  clients.push(c);
  return call<wire.ListUsersResponse__Output>(c, 'listUsers', {});
}

describe('eddy user / acl / quota against a real cluster', () => {
  it('manages users, ACLs and quotas; credentials never come back out and survive a controller failover and a full restart', { timeout: 240_000 }, async () => {
    const created = await eddy(['user', 'create', 'alice', '--password-stdin'], 'correct horse battery staple\n');
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/created user alice \(SCRAM-SHA-256\); its principal is User:alice/);
    const bob = await eddy(['user', 'create', 'bob', '--mechanism', 'SCRAM-SHA-512', '--password-stdin', '--output', 'json'], 'pencil\n');
    expect(JSON.parse(bob.stdout)).toEqual({ name: 'bob', mechanisms: ['SCRAM-SHA-512'] });

    const again = await eddy(['user', 'create', 'alice', '--password-stdin'], 'other\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^eddy user create: USER_ALREADY_EXISTS: user "alice" already has a SCRAM-SHA-256 credential/);
    const noPassword = await eddy(['user', 'create', 'carol']);
    expect([noPassword.status, noPassword.stderr]).toEqual([2, expect.stringMatching(/EDDY_NEW_PASSWORD/) as unknown]);
    const badName = await eddy(['user', 'create', 'bad name', '--password-stdin'], 'x\n');
    expect(badName.stderr).toMatch(/INVALID_REQUEST: user name "bad name" may only contain/);

    expect(await json(['user', 'list'])).toEqual([
      { name: 'alice', mechanisms: ['SCRAM-SHA-256'] },
      { name: 'bob', mechanisms: ['SCRAM-SHA-512'] },
    ]);
    const raw = await listUsersRaw();
    for (const u of raw.users) expect(Object.keys(u).sort()).toEqual(['mechanisms', 'name']);
    expect(JSON.stringify(raw)).not.toMatch(/salt|key|horse/i);

    // ACLs
    const added = await eddy(['acl', 'add', '--principal', 'User:alice', '--topic', 'orders.', '--prefixed', '--operation', 'read,describe']);
    expect(added.stdout).toMatch(/added 2 bindings \(0 already present\)/);
    expect((await eddy(['acl', 'add', '--principal', 'User:alice', '--topic', 'orders.', '--prefixed', '--operation', 'read'])).stdout).toMatch(/added 0 bindings \(1 already present\)/);
    expect((await eddy(['acl', 'add', '--principal', 'User:*', '--cluster', '--operation', 'describe', '--deny'])).status).toBe(0);
    const badOp = await eddy(['acl', 'add', '--principal', 'User:alice', '--group', 'g', '--operation', 'write']);
    expect([badOp.status, badOp.stderr]).toEqual([1, expect.stringMatching(/INVALID_REQUEST: .*operation write does not apply to group resources; use one of read, delete, describe, all/) as unknown]);
    expect(await json(['acl', 'list', '--principal', 'User:alice'])).toEqual([
      { principal: 'User:alice', resourceType: 'topic', resourceName: 'orders.', patternType: 'prefixed', operation: 'read', permission: 'allow' },
      { principal: 'User:alice', resourceType: 'topic', resourceName: 'orders.', patternType: 'prefixed', operation: 'describe', permission: 'allow' },
    ]);
    expect(await json<unknown[]>(['acl', 'list'])).toHaveLength(3);
    const removed = await json<{ removed: { operation: string }[] }>(['acl', 'remove', '--principal', 'User:alice', '--topic', 'orders.', '--prefixed', '--operation', 'describe']);
    expect(removed.removed.map((b) => b.operation)).toEqual(['describe']);
    expect(await json<unknown[]>(['acl', 'list', '--topic', 'orders.'])).toHaveLength(1);

    // Quotas
    expect((await eddy(['quota', 'set', '--principal', 'User:alice', '--produce-bytes-per-sec', '1048576', '--requests-per-sec', '100'])).stdout).toMatch(/quotas of User:alice: produce 1048576 B\/s, 100 requests\/s/);
    expect((await eddy(['quota', 'set', '--principal', 'User:*', '--fetch-bytes-per-sec', '5000000'])).status).toBe(0);
    expect((await eddy(['quota', 'set', '--principal', 'User:alice', '--requests-per-sec', '0'])).status).toBe(0);
    expect(await json(['quota', 'list'])).toEqual([
      { principal: 'User:*', fetchBytesPerSec: 5000000 },
      { principal: 'User:alice', produceBytesPerSec: 1048576 },
    ]);
    const badQuota = await eddy(['quota', 'set', '--principal', 'alice', '--produce-bytes-per-sec', '5']);
    expect(badQuota.stderr).toMatch(/INVALID_REQUEST: principal "alice" must be "User:<name>"/);
    expect((await eddy(['quota', 'delete', '--principal', 'User:*'])).status).toBe(0);

    // Failover: kill the active controller; the other two still know alice, and take changes.
    const status = await json<{ activeController: number }>(['cluster', 'status']);
    const active = cluster.node(status.activeController);
    await cluster.kill(active);
    const afterFailover = await waitFor('a new active controller to answer user list', async () => {
      const r = await eddy(['user', 'list', '--output', 'json']);
      return r.status === 0 ? (JSON.parse(r.stdout) as { name: string }[]) : undefined;
    }, 60_000);
    expect(afterFailover.map((u) => u.name)).toEqual(['alice', 'bob']);
    expect((await eddy(['user', 'delete', 'bob'])).stdout).toMatch(/deleted user bob/);
    const gone = await eddy(['user', 'delete', 'bob']);
    expect(gone.stderr).toMatch(/UNKNOWN_USER/);
    await cluster.restart(active);

    // Every node down and up again: the image is rebuilt from the Raft log (and snapshots) on disk.
    await Promise.all(cluster.nodes.map((n) => cluster.kill(n)));
    await Promise.all(cluster.nodes.map((n) => cluster.restart(n)));
    const afterRestart = await waitFor('the restarted cluster to answer user list', async () => {
      const r = await eddy(['user', 'list', '--output', 'json']);
      return r.status === 0 ? (JSON.parse(r.stdout) as unknown[]) : undefined;
    }, 60_000);
    expect(afterRestart).toEqual([{ name: 'alice', mechanisms: ['SCRAM-SHA-256'] }]);
    expect(await json(['acl', 'list', '--principal', 'User:alice'])).toHaveLength(1);
    expect(await json(['quota', 'list'])).toEqual([{ principal: 'User:alice', produceBytesPerSec: 1048576 }]);
  });
});
