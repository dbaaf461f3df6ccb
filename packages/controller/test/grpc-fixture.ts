// The controller's gRPC services on a real server (127.0.0.1, a random port)
// with the in-memory log, and grpc-js clients of its three services: what the
// gRPC tests (grpc.test.ts, elastic.test.ts) start from, with their shared
// call and error-expectation helpers.
import * as grpc from '@grpc/grpc-js';
import { bindServer, createEddyServer, ERROR_CODE_KEY, fromGrpcError, loadEddyProto, type ErrorCode } from '@eddy/protocol';
import { expect } from 'vitest';
import { addControllerServices } from '../src/grpc/add-controller-services.js';
import type { ControllerOptions } from '../src/service/controller.js';
import { startController, type Fixture } from './controller-fixture.js';

export interface GrpcHarness {
  fixture: Fixture;
  address: string;
  admin: grpc.Client;
  nodes: grpc.Client;
  metadata: grpc.Client;
}

/** Starts the server and its clients; pushes what stops them onto `cleanups` (run in reverse). */
export async function startGrpcController(cleanups: (() => Promise<void> | void)[], options: Partial<ControllerOptions> = {}): Promise<GrpcHarness> {
  const fixture = await startController(options);
  const eddy = createEddyServer();
  addControllerServices(eddy.server, fixture.controller);
  const port = await bindServer(eddy.server, '127.0.0.1:0');
  eddy.setServing('SERVING');
  cleanups.push(() => new Promise<void>((resolve) => eddy.server.tryShutdown(() => resolve())));
  cleanups.push(() => fixture.controller.stop());
  const address = `127.0.0.1:${port}`;
  const v1 = loadEddyProto().proto.eddy.v1;
  const creds = grpc.credentials.createInsecure();
  const admin = new v1.AdminService(address, creds);
  const nodes = new v1.ControllerService(address, creds);
  const metadata = new v1.MetadataService(address, creds);
  cleanups.push(() => {
    admin.close();
    nodes.close();
    metadata.close();
  });
  return { fixture, address, admin, nodes, metadata };
}

/** One unary call by method name. */
export function call<Res>(client: grpc.Client, method: string, request: object): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (client as unknown as Record<string, (r: object, cb: (e: grpc.ServiceError | null, v: Res) => void) => void>)[method]!;
    fn.call(client, request, (err, value) => (err ? reject(err) : resolve(value)));
  });
}

/** The call fails with `code` in its eddy-error-code trailer (and a message matching `message`); answers the error. */
export async function expectEddyError(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<grpc.ServiceError> {
  const err = (await promise.then(
    () => {
      throw new Error(`expected ${code}`);
    },
    (e: unknown) => e,
  )) as grpc.ServiceError;
  expect(err.metadata.get(ERROR_CODE_KEY)).toEqual([code]);
  const eddy = fromGrpcError(err);
  expect(eddy.code).toBe(code);
  if (message) expect(eddy.message).toMatch(message);
  return err;
}
