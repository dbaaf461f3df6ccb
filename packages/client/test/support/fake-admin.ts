// TEST DOUBLE. An in-process grpc-js server on 127.0.0.1 serving the
// AdminService calls a test gives it (and an empty GetMetadata, which the
// client asks for after changes), recording every request. It lets the
// client's Admin methods be tested for what they send and how they read the
// answers, independently of the controller that serves them for real.
import * as grpc from '@grpc/grpc-js';
import { EddyError, loadEddyProto, toGrpcError, type wire } from '@eddy/protocol';

type Handlers = Partial<wire.AdminServiceHandlers>;
/** A handler body: the answer, or a thrown EddyError. */
export type Answer<Req, Resp> = (request: Req) => Resp | Promise<Resp>;

export class FakeAdmin {
  readonly server = new grpc.Server();
  address = '';
  /** Every AdminService request received: the method and its request. */
  readonly calls: { method: string; request: unknown }[] = [];
  /** Answer every AdminService call with NOT_CONTROLLER and this hint. */
  redirect: { leaderId: number; leaderAddress: string } | undefined;
  private readonly handlers: Handlers = {};

  /** Serves `method` with `answer` (must be called before start). */
  on<Req, Resp>(method: keyof wire.AdminServiceHandlers & string, answer: Answer<Req, Resp>): this {
    const handler: grpc.handleUnaryCall<Req, Resp> = (call, cb) => {
      this.calls.push({ method, request: call.request });
      if (this.redirect) return cb(toGrpcError(new EddyError('NOT_CONTROLLER', undefined, { details: this.redirect })) as unknown as grpc.ServiceError);
      Promise.resolve()
        .then(() => answer(call.request))
        .then(
          (resp) => cb(null, resp),
          (err: unknown) => cb(toGrpcError(err) as unknown as grpc.ServiceError),
        );
    };
    (this.handlers as Record<string, unknown>)[method] = handler;
    return this;
  }

  /** Requests received for one method. */
  requests<Req>(method: string): Req[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request as Req);
  }

  async start(): Promise<void> {
    const v1 = loadEddyProto().proto.eddy.v1;
    const metadata: wire.MetadataServiceHandlers = {
      GetMetadata: (_call, cb) => cb(null, { clusterId: 'fake', metadataVersion: '1', controllerId: 0, nodes: [], topics: [] }),
    };
    this.server.addService(v1.AdminService.service, this.handlers as wire.AdminServiceHandlers);
    this.server.addService(v1.MetadataService.service, metadata);
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.address = `127.0.0.1:${port}`;
  }

  stop(): void {
    this.server.forceShutdown();
  }
}
