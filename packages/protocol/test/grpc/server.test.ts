// The contract loads, a server built with createEddyServer answers health checks
// and reflection, and Eddy errors survive the trip through gRPC trailers.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterEach, describe, expect, it } from 'vitest';
import { NotLeaderError, OffsetOutOfRangeError, fromGrpcError, toGrpcError } from '../../src/errors/index.js';
import { bindServer, createEddyServer, loadEddyProto } from '../../src/grpc/index.js';
import type { MetadataServiceHandlers } from '../../src/generated/eddy/v1/MetadataService.js';

const require = createRequire(import.meta.url);
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function startServer(handlers: MetadataServiceHandlers) {
  const { proto } = loadEddyProto();
  const eddy = createEddyServer();
  eddy.server.addService(proto.eddy.v1.MetadataService.service, handlers);
  const port = await bindServer(eddy.server, '127.0.0.1:0');
  stops.push(() => new Promise((resolve) => eddy.server.tryShutdown(() => resolve())));
  return { eddy, address: `127.0.0.1:${port}` };
}

function unary<Req, Res>(client: grpc.Client, method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    (client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, v: Res) => void) => void>)[method]!(request, (err, value) =>
      err ? reject(err) : resolve(value),
    );
  });
}

describe('Eddy gRPC server', () => {
  it('loads every service of the contract', () => {
    const v1 = loadEddyProto().proto.eddy.v1;
    for (const name of ['MetadataService', 'ProduceService', 'FetchService', 'AdminService', 'GroupService', 'RaftService', 'ControllerService'] as const) {
      expect(v1[name].service, name).toBeTypeOf('object');
    }
    expect(Object.keys(v1.FetchService.service)).toEqual(['Fetch', 'Subscribe', 'ListOffsets']);
  });

  it('serves a call and carries int64 as strings and bytes as Buffers', async () => {
    const { address } = await startServer({
      GetMetadata: (call, callback) =>
        callback(null, {
          clusterId: 'c1',
          metadataVersion: '9007199254740993', // 2^53 + 1: must not lose precision
          nodes: [{ nodeId: 1, address: 'a:1', rack: 'r', online: true, roles: ['NODE_ROLE_STORAGE'] }],
          topics: call.request.topics.map((name) => ({ name, topicId: 't', partitions: [] })),
          controllerId: -1,
        }),
    });
    const client = new (loadEddyProto().proto.eddy.v1.MetadataService)(address, grpc.credentials.createInsecure());
    stops.push(async () => client.close());
    const res = await unary<object, Record<string, unknown>>(client, 'GetMetadata', { topics: ['x'] });
    expect(res.metadataVersion).toBe('9007199254740993');
    expect(res.topics).toEqual([{ name: 'x', topicId: 't', internal: false, partitions: [] }]);
    expect(res.nodes).toEqual([{ nodeId: 1, address: 'a:1', rack: 'r', online: true, roles: ['NODE_ROLE_STORAGE'], state: 'NODE_STATE_UNSPECIFIED' }]);
  });

  it('turns EddyErrors into statuses with the code and details in trailers, and back', async () => {
    const { address } = await startServer({
      GetMetadata: (call, callback) => {
        const err = call.request.topics[0] === 'range'
          ? new OffsetOutOfRangeError('offset 99 is past the end', { details: { logStartOffset: 3n, logEndOffset: 10n } })
          : new NotLeaderError('node 2 leads orders-0', { details: { leaderId: 2, leaderAddress: '127.0.0.1:9' } });
        callback(toGrpcError(err));
      },
    });
    const client = new (loadEddyProto().proto.eddy.v1.MetadataService)(address, grpc.credentials.createInsecure());
    stops.push(async () => client.close());

    const raw = await unary(client, 'GetMetadata', { topics: ['x'] }).catch((e: grpc.ServiceError) => e);
    expect((raw as grpc.ServiceError).code).toBe(grpc.status.FAILED_PRECONDITION);
    const notLeader = fromGrpcError(raw as grpc.ServiceError);
    expect(notLeader).toBeInstanceOf(NotLeaderError);
    expect(notLeader).toMatchObject({ code: 'NOT_LEADER', retriable: true, message: 'node 2 leads orders-0' });
    expect(notLeader.details).toEqual({ leaderId: 2, leaderAddress: '127.0.0.1:9' });

    const range = fromGrpcError((await unary(client, 'GetMetadata', { topics: ['range'] }).catch((e) => e)) as grpc.ServiceError);
    expect(range).toBeInstanceOf(OffsetOutOfRangeError);
    expect(range.retriable).toBe(false);
    expect(range.details).toEqual({ logStartOffset: 3n, logEndOffset: 10n });
  });

  it('maps a thrown non-Eddy error to INTERNAL / UNKNOWN, and a dead server to UNAVAILABLE', async () => {
    const internal = toGrpcError(new TypeError('boom'));
    expect(internal.code).toBe(grpc.status.INTERNAL);
    expect(fromGrpcError({ code: internal.code, details: internal.details, metadata: internal.metadata }).code).toBe('UNKNOWN');

    const client = new (loadEddyProto().proto.eddy.v1.MetadataService)('127.0.0.1:1', grpc.credentials.createInsecure());
    stops.push(async () => client.close());
    const err = await unary(client, 'GetMetadata', {}).catch((e: grpc.ServiceError) => e);
    expect(fromGrpcError(err as grpc.ServiceError)).toMatchObject({ code: 'UNAVAILABLE', retriable: true });
  });

  it('answers grpc.health.v1 and flips to SERVING', async () => {
    const { eddy, address } = await startServer({ GetMetadata: (_c, cb) => cb(null, {}) });
    const healthProto = require.resolve('grpc-health-check').replace(/build[/\\].*$/, 'proto/health/v1/health.proto');
    const def = grpc.loadPackageDefinition(loadSync(healthProto, { enums: String })) as unknown as {
      grpc: { health: { v1: { Health: typeof grpc.Client } } };
    };
    const health = new def.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
    stops.push(async () => health.close());
    expect(await unary(health, 'check', { service: '' })).toEqual({ status: 'NOT_SERVING' });
    eddy.setServing('SERVING');
    expect(await unary(health, 'check', { service: '' })).toEqual({ status: 'SERVING' });
  });

  it('lists every Eddy service through server reflection', async () => {
    const { address } = await startServer({ GetMetadata: (_c, cb) => cb(null, {}) });
    const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');
    const def = grpc.loadPackageDefinition(loadSync(reflectionProto)) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: typeof grpc.Client } } };
    };
    const client = new def.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure());
    stops.push(async () => client.close());
    const services = await new Promise<string[]>((resolve, reject) => {
      const call = (client as unknown as { serverReflectionInfo(): grpc.ClientDuplexStream<object, { listServicesResponse?: { service: { name: string }[] } }> }).serverReflectionInfo();
      call.on('data', (res: { listServicesResponse?: { service: { name: string }[] } }) => {
        resolve((res.listServicesResponse?.service ?? []).map((s) => s.name));
        call.end();
      });
      call.on('error', reject);
      call.write({ listServices: '' });
    });
    expect(services).toEqual(expect.arrayContaining(['eddy.v1.AdminService', 'eddy.v1.ProduceService', 'eddy.v1.FetchService', 'eddy.v1.GroupService', 'eddy.v1.MetadataService']));
    // The client listener does not even name the internal services.
    expect(services).not.toContain('eddy.v1.RaftService');
    expect(services).not.toContain('eddy.v1.ControllerService');
  });
});
