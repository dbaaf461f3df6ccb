// Authentication, ACLs, quotas and the audit log on a real 3-node cluster with
// TLS and --authorization on: User:admin (a client certificate) is the super
// user; everyone else needs an ACL, and gets a clear refusal without one.
import type * as grpc from '@grpc/grpc-js';
import { Eddy, type AclBinding } from '@eddy/client';
import { channelCredentials } from '@eddy/client/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/grpc.js';
import { SecureCluster } from '../support/secure-cluster.js';
import { waitFor } from '../support/harness.js';
import { keyedBatch } from '../support/wire-client.js';

let cluster: SecureCluster;
let admin: Eddy;
const clients: Eddy[] = [];

beforeAll(async () => {
  cluster = new SecureCluster({ nodes: 3, authorization: true, logLevel: 'info' });
  await cluster.start();
  admin = new Eddy({ bootstrap: cluster.bootstrap, tls: { ca: cluster.authority.pem, ...(await cluster.authority.client('admin')) }, retry: { attempts: 10 } });
  await waitFor('an active controller', async () => (await admin.admin().describeCluster()).activeControllerId > 0, 30_000);
  await admin.admin().createTopic({ name: 'orders', partitions: 1, replicationFactor: 3 });
  await admin.admin().createUser('alice', 'alice-secret-1');
}, 90_000);

afterAll(async () => {
  for (const c of [admin, ...clients]) await c?.close();
  await cluster?.stop();
});

function as(username: string, password: string): Eddy {
  const c = new Eddy({ bootstrap: cluster.bootstrap, tls: { ca: cluster.authority.pem }, auth: { username, password }, retry: { attempts: 2 } });
  clients.push(c);
  return c;
}

const acl = (b: Partial<AclBinding> & Pick<AclBinding, 'operation'>): AclBinding => ({
  principal: 'User:alice',
  resourceType: 'topic',
  resourceName: 'orders',
  patternType: 'literal',
  permission: 'allow',
  ...b,
});

async function metric(name: string): Promise<number> {
  let total = 0;
  for (const n of cluster.nodes) {
    const text = await (await fetch(n.metricsUrl!)).text();
    for (const line of text.split('\n')) if (line.startsWith(name)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

describe('authorization with ACLs', () => {
  it('refuses a wrong password and a user without ACLs, and admits her once an ACL allows it', async () => {
    await expect(as('alice', 'not-her-password').producer().send({ topic: 'orders', messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(as('mallory', 'whatever').admin().listTopics()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // TLS without a certificate or a password: ANONYMOUS, which no ACL names.
    const anonymous = new Eddy({ bootstrap: cluster.bootstrap, tls: { ca: cluster.authority.pem }, retry: { attempts: 2 } });
    clients.push(anonymous);
    await expect(anonymous.admin().createTopic({ name: 'anon', partitions: 1, replicationFactor: 1 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const alice = as('alice', 'alice-secret-1');
    const producer = alice.producer();
    await expect(producer.send({ topic: 'orders', messages: [{ value: 'before the ACL' }] })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('no ACL allows User:alice'),
    });
    expect(await metric('eddy_authorization_denials_total')).toBeGreaterThan(0);
    expect(await metric('eddy_authentication_failures_total')).toBeGreaterThan(0);

    await admin.admin().createAcls([acl({ operation: 'write' }), acl({ operation: 'describe' })]);
    await waitFor('the ACL to reach the nodes', async () => {
      try {
        await producer.send({ topic: 'orders', messages: [{ value: 'with the ACL' }] });
        return true;
      } catch {
        return false;
      }
    });
  });

  it('applies a revoked ACL to a connection already open', async () => {
    const alice = as('alice', 'alice-secret-1');
    const producer = alice.producer();
    await admin.admin().createAcls([acl({ operation: 'write' }), acl({ operation: 'describe' })]);
    await waitFor('alice may write', async () => producer.send({ topic: 'orders', messages: [{ value: 'open' }] }).then(() => true, () => false));
    const removed = await admin.admin().deleteAcls([{ principal: 'User:alice', resourceType: 'topic', resourceName: 'orders', operation: 'write' }]);
    expect(removed.length).toBe(1);
    // The same client, the same channel: the next request is refused.
    await waitFor('the revocation on the open connection', async () =>
      producer.send({ topic: 'orders', messages: [{ value: 'after revoke' }] }).then(() => false, (err: { code?: string }) => err.code === 'UNAUTHORIZED'),
    );
  });

  it('stops an open Subscribe stream at its next credit once its read ACL is revoked', async () => {
    await admin.admin().createAcls([acl({ operation: 'read' })]);
    await admin.producer().send({ topic: 'orders', messages: [{ value: 'to subscribe to' }] });
    const node = cluster.nodes[0]!;
    const creds = channelCredentials({ ca: cluster.authority.pem }, { username: 'alice', password: 'alice-secret-1' });
    const md = await admin.admin().describeTopic('orders');
    const leader = cluster.nodes.find((n) => n.id === md.partitions[0]!.leaderId) ?? node;
    const fetchClient = client('FetchService', leader.address, creds) as unknown as { subscribe(): grpc.ClientDuplexStream<object, unknown> };
    const open = async (): Promise<{ stream: grpc.ClientDuplexStream<object, unknown>; data: Promise<void>; error: Promise<grpc.ServiceError> }> => {
      const stream = fetchClient.subscribe();
      const data = new Promise<void>((resolve) => stream.once('data', () => resolve()));
      const error = new Promise<grpc.ServiceError>((resolve) => stream.once('error', resolve));
      stream.write({ start: { topic: 'orders', partition: 0, offset: 0, format: 'RECORD_FORMAT_BATCHES', initialCreditBytes: 1 << 20 } });
      return { stream, data, error };
    };
    // Allowed: the stream opens and delivers (the read ACL may take a moment to reach the node).
    const s = await waitFor('a delivering stream', async () => {
      const o = await open();
      const first = await Promise.race([o.data.then(() => 'data' as const), o.error.then(() => 'error' as const)]);
      if (first === 'data') return o;
      return false;
    });
    await admin.admin().deleteAcls([{ principal: 'User:alice', resourceType: 'topic', resourceName: 'orders', operation: 'read' }]);
    // More credit on the same stream, until the revocation has reached the node.
    const timer = setInterval(() => s.stream.write({ credit: { bytes: 1024 } }), 100);
    try {
      const err = await s.error;
      expect(err.metadata.get('eddy-error-code')[0]).toBe('UNAUTHORIZED');
    } finally {
      clearInterval(timer);
    }
  });

  it('refuses one ProduceStream request by its id and keeps serving the stream', async () => {
    await admin.admin().createTopic({ name: 'secret', partitions: 1, replicationFactor: 3 });
    await admin.admin().createAcls([acl({ operation: 'write' })]);
    const creds = channelCredentials({ ca: cluster.authority.pem }, { username: 'alice', password: 'alice-secret-1' });
    const md = await admin.admin().describeTopic('orders');
    const leader = cluster.nodes.find((n) => n.id === md.partitions[0]!.leaderId) ?? cluster.nodes[0]!;
    const producer = client('ProduceService', leader.address, creds) as unknown as { produceStream(): grpc.ClientDuplexStream<object, { id: string; error?: { code: string }; response?: unknown }> };
    const batch = keyedBatch([{ key: 'k', value: 'v' }]);
    // Alice may write "orders" (once the ACL reaches the node), never "secret".
    await waitFor('alice may write orders', async () => {
      const stream = producer.produceStream();
      const answers = new Map<string, { error?: { code: string }; response?: unknown }>();
      const ended = new Promise<unknown>((resolve) => {
        stream.on('error', resolve);
        stream.on('end', () => resolve(undefined));
      });
      stream.on('data', (a) => {
        answers.set(a.id, a);
        if (answers.size === 2) stream.end();
      });
      stream.write({ id: '1', request: { topic: 'secret', partition: 0, acks: 'ACKS_ALL', recordBatch: batch } });
      stream.write({ id: '2', request: { topic: 'orders', partition: 0, acks: 'ACKS_ALL', recordBatch: batch } });
      // Bounded: a stream that stalls after the refusal fails the check below instead of hanging.
      const err = await Promise.race([ended, new Promise((r) => setTimeout(() => r(new Error(`the stream stalled; answers: ${JSON.stringify([...answers])}`)), 5000))]);
      if (answers.get('2')?.error?.code === 'UNAUTHORIZED') return false; // the ACL has not arrived yet
      expect(err).toBeUndefined();
      expect(answers.get('1')?.error?.code).toBe('UNAUTHORIZED');
      expect(answers.get('2')?.response).toBeDefined();
      return true;
    });
  });

  it('lets a deny win over an allow, and a prefixed allow cover many topics', async () => {
    await admin.admin().createTopic({ name: 'orders-eu', partitions: 1, replicationFactor: 3 });
    await admin.admin().createAcls([
      acl({ operation: 'write', resourceName: 'orders-', patternType: 'prefixed' }),
      acl({ operation: 'describe', resourceName: 'orders-', patternType: 'prefixed' }),
    ]);
    const producer = as('alice', 'alice-secret-1').producer();
    await waitFor('the prefixed ACL', async () => producer.send({ topic: 'orders-eu', messages: [{ value: 'eu' }] }).then(() => true, () => false));
    await admin.admin().createAcls([acl({ operation: 'write', resourceName: 'orders-eu', permission: 'deny' })]);
    await waitFor('the deny', async () =>
      producer.send({ topic: 'orders-eu', messages: [{ value: 'denied' }] }).then(() => false, (err: { code?: string }) => err.code === 'UNAUTHORIZED'),
    );
  });

  it('never lets a client write an internal topic, not even a super user', async () => {
    await expect(admin.admin().deleteTopic('__consumer_offsets')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('throttles a user over her quota by delaying answers, without refusing any', async () => {
    await admin.admin().createUser('bob', 'bob-secret-12');
    await admin.admin().createTopic({ name: 'metered', partitions: 1, replicationFactor: 3 });
    await admin.admin().createAcls([
      acl({ principal: 'User:bob', resourceName: 'metered', operation: 'write' }),
      acl({ principal: 'User:bob', resourceName: 'metered', operation: 'describe' }),
    ]);
    await admin.admin().setQuota('User:bob', { produceBytesPerSec: 20_000 });
    const producer = as('bob', 'bob-secret-12').producer();
    await waitFor('bob may write', async () => producer.send({ topic: 'metered', messages: [{ value: 'hi' }] }).then(() => true, () => false));
    const before = await metric('eddy_quota_throttle_seconds_total{principal="User:bob"}');
    const value = 'x'.repeat(10_000);
    // 400 KB against 20 KB/s: the throttle must hold answers back; every send still succeeds.
    for (let i = 0; i < 40; i++) await producer.send({ topic: 'metered', messages: [{ value }] });
    const after = await metric('eddy_quota_throttle_seconds_total{principal="User:bob"}');
    expect(after).toBeGreaterThan(before);
  }, 120_000);

  it('writes an audit line with the principal for every admin change', async () => {
    await admin.admin().createTopic({ name: 'audited', partitions: 1, replicationFactor: 1 });
    await waitFor('the audit line', () =>
      cluster.nodes.some((n) => n.stdout.some((l) => l.includes('"audit":true') && l.includes('"principal":"User:admin"') && l.includes('topic:audited'))),
    );
  });
});
