// The call guard on a real gRPC server (loopback): a node that has no metadata
// image yet answers UNAVAILABLE (retriable) where it would otherwise have to
// refuse, and once the image is there the ACLs decide; an oversized request
// is refused before it is decoded.
import * as grpc from '@grpc/grpc-js';
import { bindServer, createEddyServer, fromGrpcError, loadEddyProto, silentLogger, type AclBinding, type EddyError, type QuotaLimits } from '@eddy/protocol';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { Authenticator } from '../src/server/security/authenticator.js';
import { CallGuard } from '../src/server/security/call-guard.js';
import { SecurityMetrics } from '../src/server/security/security-metrics.js';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
});

async function start(view: { ready: boolean; version: number; acls: AclBinding[] }, quotas = new Map<string, QuotaLimits>(), registry = new Registry()): Promise<Wire> {
  const guard = new CallGuard({
    listener: 'client',
    authenticator: new Authenticator({ users: () => new Map(), nodeSanRules: [] }),
    view: { ready: () => view.ready, version: () => view.version, acls: () => view.acls, quotas: () => quotas },
    authorization: true,
    superUsers: [],
    tls: false,
    metrics: new SecurityMetrics(registry),
    audit: silentLogger(),
  });
  const eddy = createEddyServer({ interceptors: [guard.interceptor] });
  eddy.server.addService(loadEddyProto().proto.eddy.v1.AdminService.service, {
    DescribeTopic: (call: grpc.ServerUnaryCall<{ name: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => cb(null, { topic: { name: call.request.name } }),
  });
  eddy.server.addService(loadEddyProto().proto.eddy.v1.ControllerService.service, {
    NodeHeartbeat: (_call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => cb(null, { registered: true }),
  });
  const port = await bindServer(eddy.server, '127.0.0.1:0');
  const client = new (loadEddyProto().proto.eddy.v1.AdminService)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const controller = new (loadEddyProto().proto.eddy.v1.ControllerService)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  stops.push(() => {
    client.close();
    controller.close();
    eddy.server.forceShutdown();
  });
  return {
    describe: (name: string) =>
      new Promise((resolve, reject) => client.describeTopic({ name }, (err, res) => (err ? reject(fromGrpcError(err)) : resolve(res)))),
    heartbeat: () =>
      new Promise((resolve, reject) => controller.nodeHeartbeat({ nodeId: 1, nodeEpoch: '1' }, (err, res) => (err ? reject(fromGrpcError(err)) : resolve(res)))),
  };
}

interface Wire {
  describe(name: string): Promise<unknown>;
  heartbeat(): Promise<unknown>;
}

async function throttledSeconds(registry: Registry): Promise<number> {
  const m = (await registry.getSingleMetric('eddy_quota_throttle_seconds_total')?.get())?.values ?? [];
  return m.reduce((n, v) => n + v.value, 0);
}

const allowDescribe: AclBinding = { principal: 'User:ANONYMOUS', resourceType: 'topic', resourceName: 'orders', patternType: 'literal', operation: 'describe', permission: 'allow' };

describe('the call guard', () => {
  it('answers UNAVAILABLE before the node has metadata, then lets the ACLs decide', async () => {
    const view = { ready: false, version: 0, acls: [] as AclBinding[] };
    const s = await start(view);
    const early = (await s.describe('orders').catch((e: unknown) => e)) as EddyError;
    expect(early.code).toBe('UNAVAILABLE');
    expect(early.retriable).toBe(true);
    view.ready = true;
    view.version = 1;
    await expect(s.describe('orders')).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('no ACL allows User:ANONYMOUS') });
    // A new ACL is a new metadata version: the remembered decision is dropped.
    view.acls = [allowDescribe];
    view.version = 2;
    await expect(s.describe('orders')).resolves.toMatchObject({ topic: { name: 'orders' } });
    await expect(s.describe('payments')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('meters clients against a quota for every user, but never the node protocol', async () => {
    const registry = new Registry();
    // One request a second for everyone: plaintext callers are User:ANONYMOUS, whom User:* covers.
    const s = await start({ ready: true, version: 1, acls: [allowDescribe] }, new Map([['User:*', { requestsPerSec: 1 }]]), registry);
    // The rate is measured over at least 10 s (Kafka's window): 12 calls are 1.2 a second.
    for (let i = 0; i < 12; i++) await s.heartbeat();
    expect(await throttledSeconds(registry)).toBe(0);
    for (let i = 0; i < 11; i++) await s.describe('orders');
    expect(await throttledSeconds(registry)).toBeGreaterThan(0);
  });

  it('refuses a request over its service\'s limit before decoding it', async () => {
    const s = await start({ ready: true, version: 1, acls: [allowDescribe] });
    // A topic name of 5 MiB: AdminService takes 4 MiB.
    await expect(s.describe('x'.repeat(5 * 1024 * 1024))).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE', message: expect.stringContaining('4194304-byte limit') });
  });
});
