// Python's grpcio against a secure cluster (TLS + ACLs): with the cluster CA
// and a username/password it lists, produces and fetches; without
// credentials, with a wrong password, and over plaintext it is refused with a
// clear status. Proves the security model is usable from another gRPC
// implementation, not only from Eddy's own client.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Eddy } from '@eddy/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecureCluster } from '../support/secure-cluster.js';
import { waitFor } from '../support/harness.js';
import { PYTHON, PYTHON_DIR, generatePythonStubs, pythonGrpcAvailable } from './python-stubs.js';

const available = pythonGrpcAvailable('python secure-cluster test');
const stubs = mkdtempSync(path.join(tmpdir(), 'eddy-py-secure-'));
let cluster: SecureCluster;

beforeAll(async () => {
  if (!available) return;
  generatePythonStubs(stubs);
  cluster = new SecureCluster({ nodes: 3, authorization: true });
  await cluster.start();
  const admin = new Eddy({ bootstrap: cluster.bootstrap, tls: { ca: cluster.authority.pem, ...(await cluster.authority.client('admin')) }, retry: { attempts: 10 } });
  try {
    await waitFor('an active controller', async () => (await admin.admin().describeCluster()).activeControllerId > 0, 30_000);
    await admin.admin().createTopic({ name: 'py-secure', partitions: 1, replicationFactor: 3 });
    await admin.admin().createUser('carol', 'carol-secret-1', { mechanism: 'SCRAM-SHA-512' });
    const allow = (operation: 'read' | 'write' | 'describe') => ({ principal: 'User:carol', resourceType: 'topic', resourceName: 'py-secure', patternType: 'literal', operation, permission: 'allow' }) as const;
    await admin.admin().createAcls([allow('read'), allow('write'), allow('describe')]);
  } finally {
    await admin.close();
  }
}, 90_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(stubs, { recursive: true, force: true });
});

describe.runIf(available)('a Python client on a secure cluster', () => {
  it('works with TLS and a password, and is refused without them', async () => {
    const node = cluster.nodes[0]!;
    const run = () => JSON.parse(execFileSync(PYTHON, [path.join(PYTHON_DIR, 'eddy_secure.py'), stubs, node.address, cluster.caFile, 'carol', 'carol-secret-1', 'py-secure'], { encoding: 'utf8', timeout: 120_000 })) as Record<string, { ok?: unknown; status?: string; code?: string; details?: string }>;
    // The ACLs reach every node through the metadata stream a moment after they commit.
    const out = await waitFor('carol admitted', () => {
      const r = run();
      if (r.produced?.ok === undefined) throw new Error(`the produce was answered ${JSON.stringify(r.produced)} (leader: ${JSON.stringify(r.leader)})`);
      return r;
    });
    // ListTopics lists only what carol may describe.
    expect(out.listed).toEqual({ ok: ['py-secure'] });
    expect(out.fetched).toEqual({ ok: ['from python over TLS'] });
    expect(out.anonymousList).toEqual({ ok: [] });
    expect(out.anonymousProduce).toMatchObject({ status: 'PERMISSION_DENIED', code: 'UNAUTHORIZED', details: expect.stringContaining('User:ANONYMOUS') });
    expect(out.wrongPassword).toMatchObject({ status: 'UNAUTHENTICATED', code: 'UNAUTHENTICATED', details: expect.stringContaining('wrong username or password') });
    expect(out.plaintext?.status).toBe('UNAVAILABLE');
  }, 180_000);
});
