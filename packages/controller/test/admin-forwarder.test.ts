// AdminService forwarding (admin-forwarder.ts) on real gRPC servers on
// 127.0.0.1: three controllers over the in-memory quorum and a node with no
// controller, all answering every admin call by forwarding to the active
// controller; and scripted upstreams that show the retry once across a
// controller change, the caller's deadline and cancellation carried along,
// the default bound, no forwarding loops, and errors passed back unchanged.
import * as grpc from '@grpc/grpc-js';
import { bindServer, createEddyServer, ERROR_CODE_KEY, NotControllerError, TIMED_OUT, toGrpcError, loadEddyProto, within, type EddyServer, type wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminForwarder, FORWARDED_KEY, type AdminForwarderOptions } from '../src/grpc/admin-forwarder.js';
import { forwardingAdminHandlers } from '../src/grpc/admin-handlers.js';
import { addControllerServices } from '../src/grpc/add-controller-services.js';
import type { ControllerRef } from '../src/log/metadata-log.js';
import { Controller } from '../src/service/controller.js';
import { createReq, registerReq } from './controller-fixture.js';
import { seededBytes } from './helpers.js';
import { MemoryQuorum } from './memory-quorum.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const v1 = () => loadEddyProto().proto.eddy.v1;

async function listen(): Promise<{ eddy: EddyServer; address: string }> {
  const eddy = createEddyServer();
  const port = await bindServer(eddy.server, '127.0.0.1:0');
  cleanups.push(() => eddy.server.forceShutdown());
  return { eddy, address: `127.0.0.1:${port}` };
}

function forwarder(options: AdminForwarderOptions): AdminForwarder {
  const f = new AdminForwarder(options);
  cleanups.push(() => f.close());
  return f;
}

/** A node with no controller: AdminService forwarded to whatever `view` says is active. */
async function storageNode(view: () => ControllerRef | undefined, options: Partial<AdminForwarderOptions> = {}): Promise<string> {
  const { eddy, address } = await listen();
  eddy.server.addService(v1().AdminService.service, forwardingAdminHandlers(forwarder({ activeController: view, ...options })));
  return address;
}

function adminClient(address: string): grpc.Client {
  const c = new (v1().AdminService)(address, grpc.credentials.createInsecure());
  cleanups.push(() => c.close());
  return c;
}

function call<Res>(address: string, method: string, request: object, options: grpc.CallOptions = {}, metadata = new grpc.Metadata()): Promise<Res> {
  const client = adminClient(address) as unknown as Record<string, (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v: Res) => void) => void>;
  return new Promise((resolve, reject) => client[method]!.call(client, request, metadata, options, (err, value) => (err ? reject(err) : resolve(value))));
}

async function failure(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err as grpc.ServiceError,
  );
}

/** The parts of an error a client sees: status, message and the eddy-* trailers. */
function seen(err: grpc.ServiceError): { code: number; details: string; trailers: Record<string, unknown> } {
  return { code: err.code, details: err.details, trailers: Object.fromEntries(Object.entries(err.metadata.getMap()).filter(([k]) => k.startsWith('eddy-'))) };
}

/** Three controllers on the in-memory quorum, each on its own server and forwarding to the active one. */
async function startQuorum() {
  const servers = await Promise.all([1, 2, 3].map(() => listen()));
  const voters = servers.map((s, i) => ({ id: i + 1, address: s.address }));
  const quorum = new MemoryQuorum(voters);
  const controllers = voters.map((v) => new Controller({ log: quorum.member(v.id), randomBytes: seededBytes(v.id) }));
  for (const c of controllers) await c.start();
  cleanups.push(async () => {
    for (const c of controllers) await c.stop();
  });
  quorum.elect(1);
  await controllers[0]!.idle();
  controllers.forEach((c, i) => addControllerServices(servers[i]!.eddy.server, c, { forwarder: forwarder({ activeController: () => c.activeController() }) }));
  for (let id = 1; id <= 3; id++) await controllers[0]!.registerNode(registerReq(id, `r${id}`));
  return { quorum, controllers, voters };
}

interface Upstream {
  address: string;
  calls: { deadline: number; forwarded: string[]; cancelled: Promise<void> }[];
}

/** A scripted AdminService: CreateTopic answers with `answer(call number)`, or never when it returns undefined. */
async function upstream(answer: (n: number) => { error?: Error; delayMs?: number } | undefined): Promise<Upstream> {
  const { eddy, address } = await listen();
  const up: Upstream = { address, calls: [] };
  eddy.server.addService(v1().AdminService.service, {
    CreateTopic: (call: grpc.ServerUnaryCall<wire.CreateTopicRequest__Output, wire.CreateTopicResponse>, cb: grpc.sendUnaryData<wire.CreateTopicResponse>) => {
      const d = call.getDeadline();
      up.calls.push({
        deadline: d instanceof Date ? d.getTime() : d,
        forwarded: call.metadata.get(FORWARDED_KEY).map(String),
        cancelled: new Promise((resolve) => call.once('cancelled', () => resolve())),
      });
      const a = answer(up.calls.length);
      if (!a) return;
      setTimeout(() => (a.error ? cb(toGrpcError(a.error)) : cb(null, { topic: { name: call.request.name } })), a.delayMs ?? 0);
    },
  });
  return up;
}

const notController = (hint?: ControllerRef) => new NotControllerError('not active here', { details: hint ? { leaderId: hint.id, leaderAddress: hint.address } : {} });

describe('AdminService on every node, forwarded to the active controller', () => {
  it('serves every method through a controller that is not active and through a node with no controller', async () => {
    const { voters } = await startQuorum();
    const [active, follower] = [voters[0]!, voters[1]!];
    const storage = await storageNode(() => active);

    const created = await call<wire.CreateTopicResponse__Output>(follower.address, 'CreateTopic', createReq('via-follower', 2, 1));
    expect(created.topic!.partitions).toHaveLength(2);
    await call(storage, 'CreateTopic', createReq('via-storage', 1, 1));
    for (const address of [follower.address, storage]) {
      const listed = await call<wire.ListTopicsResponse__Output>(address, 'ListTopics', {});
      expect(listed.topics.map((t) => t.name).sort()).toEqual(['via-follower', 'via-storage']);
      const cluster = await call<wire.DescribeClusterResponse__Output>(address, 'DescribeCluster', {});
      expect(cluster.activeControllerId).toBe(1);
    }
    await call(storage, 'CreatePartitions', { topic: 'via-follower', totalCount: 3 });
    await call(follower.address, 'AlterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'via-storage', set: { 'retention.ms': '1000' } });
    const configs = await call<wire.DescribeConfigsResponse__Output>(storage, 'DescribeConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'via-storage', keys: ['retention.ms'] });
    expect(configs.entries.map((e) => e.value)).toEqual(['1000']);
    const topic = await call<wire.DescribeTopicResponse__Output>(follower.address, 'DescribeTopic', { name: 'via-follower' });
    expect(topic.topic!.partitions).toHaveLength(3);
    await call(storage, 'DeleteTopic', { name: 'via-storage' });
    await call(follower.address, 'DeleteTopic', { name: 'via-follower' });
    expect((await call<wire.ListTopicsResponse__Output>(active.address, 'ListTopics', {})).topics).toEqual([]);
  });

  it('passes the active controller\'s errors back unchanged: status, message, eddy-* trailers', async () => {
    const { voters } = await startQuorum();
    const storage = await storageNode(() => voters[0]);
    await call(voters[0]!.address, 'CreateTopic', createReq('taken', 1, 1));
    for (const request of [createReq('taken', 1, 1), createReq('bad name', 1, 1), createReq('too-wide', 1, 9), { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'taken', set: { 'no.such.key': '1' } }]) {
      const method = 'name' in request ? 'CreateTopic' : 'AlterConfigs';
      const direct = seen(await failure(call(voters[0]!.address, method, request)));
      expect(direct.trailers[ERROR_CODE_KEY]).toBeDefined();
      for (const via of [voters[1]!.address, voters[2]!.address, storage]) expect(seen(await failure(call(via, method, request)))).toEqual(direct);
    }
  });

  it('follows a controller change: a stale view is refused with NOT_CONTROLLER and the call is retried once at the new controller', async () => {
    const { quorum, voters, controllers } = await startQuorum();
    const storage = await storageNode(() => voters[0]); // never learns of the change
    quorum.elect(2);
    await controllers[1]!.idle();
    await call(storage, 'CreateTopic', createReq('after-change', 1, 1));
    await call(voters[2]!.address, 'CreateTopic', createReq('through-3', 1, 1)); // 3 knows: no retry needed
    expect((await call<wire.ListTopicsResponse__Output>(voters[1]!.address, 'ListTopics', {})).topics.map((t) => t.name).sort()).toEqual(['after-change', 'through-3']);
  });

  it('forwards a call its own controller refused for losing the active role while serving it', async () => {
    const good = await upstream(() => ({}));
    const { eddy, address } = await listen();
    const f = forwarder({ activeController: () => ({ id: 2, address: good.address }) });
    let served = 0;
    const local = {
      isActive: () => true,
      serve: () => {
        served++;
        return Promise.reject(notController());
      },
    };
    eddy.server.addService(v1().AdminService.service, { CreateTopic: f.handler('CreateTopic', local) });
    const res = await call<wire.CreateTopicResponse__Output>(address, 'CreateTopic', createReq('lost-role'), { deadline: Date.now() + 5_000 });
    expect(res.topic!.name).toBe('lost-role');
    expect([served, good.calls.length]).toEqual([1, 1]);
  });

  it('retries once, at the controller the node knows of now when the refusal names none, with the same deadline', async () => {
    let view: ControllerRef;
    const good = await upstream(() => ({}));
    const stale = await upstream(() => {
      view = { id: 2, address: good.address };
      return { error: notController(), delayMs: 500 };
    });
    view = { id: 1, address: stale.address };
    const node = await storageNode(() => view);
    const deadline = Date.now() + 5_000;
    const res = await call<wire.CreateTopicResponse__Output>(node, 'CreateTopic', createReq('t'), { deadline });
    expect(res.topic!.name).toBe('t');
    expect([stale.calls.length, good.calls.length]).toEqual([1, 1]);
    // The caller's deadline, carried to both attempts: not a fresh one (30 s away), and the
    // retry's not renewed by the 500 ms the first attempt took (the slack is each hop's latency).
    for (const c of [stale.calls[0]!, good.calls[0]!]) expect(Math.abs(c.deadline - deadline)).toBeLessThan(400);
    expect(Math.abs(good.calls[0]!.deadline - stale.calls[0]!.deadline)).toBeLessThan(250);
  });

  it('retries only once, and a forwarded call is answered, never forwarded again', async () => {
    const a = await upstream(() => ({ error: notController({ id: 2, address: b.address }) }));
    const b: Upstream = await upstream(() => ({ error: notController({ id: 1, address: a.address }) }));
    const node = await storageNode(() => ({ id: 1, address: a.address }));
    const err = await failure(call(node, 'CreateTopic', createReq('ping-pong'), { deadline: Date.now() + 5_000 }));
    // The leader's id comes back; its address does not: that is the controller's
    // internal listener, which clients cannot use.
    expect(seen(err)).toEqual({ code: grpc.status.FAILED_PRECONDITION, details: 'not active here', trailers: { [ERROR_CODE_KEY]: 'NOT_CONTROLLER', 'eddy-leader-id': '1' } });
    expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
    expect([...a.calls, ...b.calls].map((c) => c.forwarded)).toEqual([['1'], ['1']]);

    // Real controllers: one that is not active answers a forwarded call itself.
    const { voters } = await startQuorum();
    const marked = new grpc.Metadata();
    marked.set(FORWARDED_KEY, '1');
    const refused = await failure(call(voters[1]!.address, 'CreateTopic', createReq('marked', 1, 1), {}, marked));
    expect(refused.metadata.get(ERROR_CODE_KEY)).toEqual(['NOT_CONTROLLER']);
    expect(refused.metadata.get('eddy-leader-id')).toEqual(['1']);
    const storage = await storageNode(() => voters[0]);
    const noController = await failure(call(storage, 'CreateTopic', createReq('marked', 1, 1), {}, marked));
    expect(noController.metadata.get(ERROR_CODE_KEY)).toEqual(['NOT_CONTROLLER']);
  });

  it('bounds a call whose caller set no deadline, and cancels the forwarded call when its caller cancels', async () => {
    const silent = await upstream(() => undefined);
    const node = await storageNode(() => ({ id: 1, address: silent.address }), { defaultTimeoutMs: 300 });
    const started = Date.now();
    const err = await failure(call(node, 'CreateTopic', createReq('no-deadline')));
    expect(err.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(err.metadata.get(ERROR_CODE_KEY)).toEqual(['TIMEOUT']);
    expect(err.details).toContain(`controller 1 at ${silent.address}`);
    expect(silent.calls[0]!.deadline - started).toBeLessThan(1_000);
    await silent.calls[0]!.cancelled;

    const patient = await storageNode(() => ({ id: 1, address: silent.address }));
    const client = adminClient(patient) as unknown as { CreateTopic(r: object, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void): grpc.ClientUnaryCall };
    const outcome = new Promise<grpc.ServiceError | null>((resolve) => {
      const pending = client.CreateTopic(createReq('cancelled'), { deadline: Date.now() + 10_000 }, resolve);
      const waitForUpstream = setInterval(() => {
        if (silent.calls.length < 2) return;
        clearInterval(waitForUpstream);
        pending.cancel();
      }, 5);
    });
    expect((await outcome)?.code).toBe(grpc.status.CANCELLED);
    // The forwarded call ends with its caller's, long before its 10 s deadline.
    expect(await within(silent.calls[1]!.cancelled, 2_000)).not.toBe(TIMED_OUT);
  });

  it('answers UNAVAILABLE, retriable, for a failure of the hop that carries no Eddy code (a stream reset on the way), not the raw INTERNAL', async () => {
    const { eddy, address } = await listen();
    eddy.server.addService(v1().AdminService.service, {
      CreateTopic: (_call: grpc.ServerUnaryCall<wire.CreateTopicRequest__Output, wire.CreateTopicResponse>, cb: grpc.sendUnaryData<wire.CreateTopicResponse>) =>
        cb({ code: grpc.status.INTERNAL, details: 'Received RST_STREAM with code 2 triggered by internal client error: Stream was already closed or invalid' }),
    });
    const node = await storageNode(() => ({ id: 7, address }));
    const err = await failure(call(node, 'CreateTopic', createReq('reset'), { deadline: Date.now() + 5_000 }));
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
    expect(err.metadata.get(ERROR_CODE_KEY)).toEqual(['UNAVAILABLE']);
    expect(err.details).toContain(`controller 7 at ${address}`);
  });

  it('answers UNAVAILABLE naming an unreachable controller, keeps serving, and waits for a controller while none is known', async () => {
    const gone = await listen();
    const goneAddress = gone.address;
    gone.eddy.server.forceShutdown();
    let view: ControllerRef | undefined = { id: 7, address: goneAddress };
    const good = await upstream(() => ({}));
    const node = await storageNode(() => view);
    const err = await failure(call(node, 'CreateTopic', createReq('nowhere'), { deadline: Date.now() + 5_000 }));
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
    expect(err.metadata.get(ERROR_CODE_KEY)).toEqual(['UNAVAILABLE']);
    expect(err.details).toContain(`controller 7 at ${goneAddress}`);

    view = undefined; // an election
    setTimeout(() => (view = { id: 2, address: good.address }), 200);
    const res = await call<wire.CreateTopicResponse__Output>(node, 'CreateTopic', createReq('after-election'), { deadline: Date.now() + 5_000 });
    expect(res.topic!.name).toBe('after-election');

    view = undefined; // and none within the caller's deadline
    const none = await failure(call(node, 'CreateTopic', createReq('no-election'), { deadline: Date.now() + 300 }));
    expect(none.code).toBe(grpc.status.DEADLINE_EXCEEDED);
  });
});
