// RaftService.ReplicaStatus between GrpcTransports on real sockets (and on
// the MemoryNetwork): what a caller gets (the application's answer), an
// unknown group and a node serving none (NOT_FOUND), hostile requests (a clear
// status, and the server keeps answering), a caller speaking for another node
// than the one it proved it is, and peers that are unreachable or silent.
// Also a snapshot taken in a joint configuration, which must arrive joint.
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { Metadata, Server, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { bindServer, loadEddyProto, type wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType, message, type ConfState, type NodeId } from '../../src/core/types.js';
import { GrpcTransport, type GrpcTransportOptions } from '../../src/transport/grpc-transport.js';
import { MemoryNetwork } from '../../src/transport/memory-transport.js';
import { ReplicaStatusError, ReplicaStatusRefusal, type ReplicaStatus } from '../../src/transport/replica-status.js';
import type { GroupMessage } from '../../src/transport/transport.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** The caller identity a test's "certificate" names: metadata, since these sockets are plaintext. */
const CALLER = 'x-test-caller-node';
const callerFromMetadata = (call: { metadata: Metadata }): NodeId | undefined => {
  const v = call.metadata.get(CALLER)[0];
  return typeof v === 'string' ? Number(v) : undefined;
};

async function node(id: number, peers: Map<number, string>, extra: Partial<GrpcTransportOptions> = {}): Promise<{ transport: GrpcTransport; address: string; server: Server }> {
  const server = new Server();
  const transport = new GrpcTransport({ nodeId: id, server, resolve: (n) => peers.get(n), ...extra });
  const port = await bindServer(server, '127.0.0.1:0');
  const address = `127.0.0.1:${port}`;
  peers.set(id, address);
  open.push({
    close: async () => {
      await transport.close();
      server.forceShutdown();
    },
  });
  return { transport, address, server };
}

/**
 * The application's answers: group 'p/T/0' is backfilling (and says nothing of
 * storage, as an older node), 'p/T/1' complete on a node that is storage full,
 * nothing else hosted.
 */
const statuses = (group: string): ReplicaStatus | undefined =>
  group === 'p/T/0' ? { complete: false, bytesMissing: 123_456_789_012 } : group === 'p/T/1' ? { complete: true, bytesMissing: 0, storageFull: true } : undefined;

/** A raw ReplicaStatus call, as any caller on the internal listener could make it. */
function rawReplicaStatus(address: string, request: wire.ReplicaStatusRequest, caller?: number): Promise<{ code: number; details: string; response?: wire.ReplicaStatusResponse__Output }> {
  const { proto } = loadEddyProto();
  const client = new proto.eddy.v1.RaftService(address, credentials.createInsecure());
  open.push({ close: async () => client.close() });
  const md = new Metadata();
  if (caller !== undefined) md.set(CALLER, String(caller));
  return new Promise((resolve) => {
    client.replicaStatus(request, md, { deadline: Date.now() + 5000 }, (err: ServiceError | null, response?: wire.ReplicaStatusResponse__Output) => {
      if (err) resolve({ code: err.code, details: err.details });
      else resolve({ code: status.OK, details: '', response });
    });
  });
}

async function refusal(p: Promise<unknown>): Promise<ReplicaStatusError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ReplicaStatusError);
    return err as ReplicaStatusError;
  }
  throw new Error('the call was not refused');
}

describe('RaftService.ReplicaStatus over gRPC', () => {
  it("answers with the application's status, NOT_FOUND for a group it does not host", async () => {
    const peers = new Map<number, string>();
    const server = await node(1, peers);
    const client = await node(2, peers);
    // Before the application serves: every group is unknown.
    expect(await refusal(client.transport.replicaStatus(1, 'p/T/0'))).toMatchObject({ reason: ReplicaStatusRefusal.UnknownGroup });
    server.transport.serveReplicaStatus(statuses);
    expect(await client.transport.replicaStatus(1, 'p/T/0')).toEqual({ complete: false, bytesMissing: 123_456_789_012, storageFull: false });
    expect(await client.transport.replicaStatus(1, 'p/T/1')).toEqual({ complete: true, bytesMissing: 0, storageFull: true });
    const unknown = await refusal(client.transport.replicaStatus(1, 'p/T/9'));
    expect(unknown.reason).toBe(ReplicaStatusRefusal.UnknownGroup);
    expect(unknown.message).toMatch(/node 1 hosts no replica of group p\/T\/9/);
    // A bad group id is refused before anything is sent.
    expect(await refusal(client.transport.replicaStatus(1, ''))).toMatchObject({ reason: ReplicaStatusRefusal.InvalidRequest });
  });

  it('answers hostile requests with a clear status and keeps answering', async () => {
    const peers = new Map<number, string>();
    const server = await node(1, peers);
    let asked = 0;
    server.transport.serveReplicaStatus((g) => {
      asked++;
      return statuses(g);
    });
    const ok = { fromNode: 2, group: 'p/T/0' };
    const cases: [string, wire.ReplicaStatusRequest, number, RegExp][] = [
      ['no group', { ...ok, group: '' }, status.INVALID_ARGUMENT, /group id of 1 to 512/],
      ['a group id with a NUL', { ...ok, group: 'p/T\u0000/0' }, status.INVALID_ARGUMENT, /characters/],
      ['a group id with a space', { ...ok, group: 'p/T /0' }, status.INVALID_ARGUMENT, /characters/],
      ['a long group id', { ...ok, group: 'p/'.repeat(400) }, status.INVALID_ARGUMENT, /group id of 1 to 512/],
      ['from_node 0', { ...ok, fromNode: 0 }, status.INVALID_ARGUMENT, /from_node 0 is not a node id/],
      ['a negative from_node', { ...ok, fromNode: -7 }, status.INVALID_ARGUMENT, /from_node -7/],
      ['an unknown group', { ...ok, group: 'p/U/0' }, status.NOT_FOUND, /no replica of group p\/U\/0/],
    ];
    for (const [what, req, code, details] of cases) {
      const got = await rawReplicaStatus(server.address, req);
      expect({ what, code: got.code }).toEqual({ what, code });
      expect(got.details, what).toMatch(details);
    }
    expect(asked).toBe(1); // only the well-formed question reached the application
    expect(await rawReplicaStatus(server.address, ok)).toMatchObject({ code: status.OK, response: { complete: false, bytesMissing: '123456789012', storageFull: false } });
  });

  it('takes questions only from nodes, each speaking for itself (as ReadLog)', async () => {
    const peers = new Map<number, string>();
    const server = await node(1, peers, { peerNodeId: callerFromMetadata });
    server.transport.serveReplicaStatus(statuses);
    const ok = { fromNode: 2, group: 'p/T/1' };
    const noNode = await rawReplicaStatus(server.address, ok);
    expect(noNode.code).toBe(status.UNAUTHENTICATED);
    expect(noNode.details).toMatch(/node certificate/);
    const other = await rawReplicaStatus(server.address, { ...ok, fromNode: 3 }, 2);
    expect(other.code).toBe(status.INVALID_ARGUMENT);
    expect(other.details).toMatch(/from_node 3 is not the caller, node 2/);
    expect(await rawReplicaStatus(server.address, ok, 2)).toMatchObject({ code: status.OK, response: { complete: true, bytesMissing: '0', storageFull: true } });
  });

  it('rejects when the peer is unknown, unreachable, silent, or answers nonsense', async () => {
    const peers = new Map<number, string>();
    const client = await node(2, peers);
    // No address known.
    expect(await refusal(client.transport.replicaStatus(9, 'p/T/0'))).toMatchObject({ reason: ReplicaStatusRefusal.Unavailable });
    // Nothing listening: a port that was bound, then closed.
    const gone = await node(3, peers);
    await gone.transport.close();
    await new Promise<void>((r) => gone.server.tryShutdown(() => r()));
    expect(await refusal(client.transport.replicaStatus(3, 'p/T/0', 5000))).toMatchObject({ reason: ReplicaStatusRefusal.Unavailable });
    // A socket that accepts and never speaks: the deadline ends the wait.
    const sockets: Socket[] = [];
    const silent: NetServer = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    open.push({
      close: async () => {
        for (const s of sockets) s.destroy();
        await new Promise((r) => silent.close(r));
      },
    });
    peers.set(4, `127.0.0.1:${(silent.address() as { port: number }).port}`);
    const started = Date.now();
    const timedOut = await refusal(client.transport.replicaStatus(4, 'p/T/0', 300));
    expect(timedOut.reason).toBe(ReplicaStatusRefusal.Unavailable);
    expect(timedOut.message).toMatch(/did not answer a replica status question within 300 ms/);
    expect(Date.now() - started).toBeLessThan(4000);
    // An application answer that is not a status is not sent as one.
    const odd = await node(5, peers);
    odd.transport.serveReplicaStatus(() => ({ complete: false, bytesMissing: -1 }));
    expect(await refusal(client.transport.replicaStatus(5, 'p/T/0'))).toMatchObject({ reason: ReplicaStatusRefusal.Unavailable });
    odd.transport.serveReplicaStatus(() => ({ complete: true, bytesMissing: 0, storageFull: 'yes' as unknown as boolean }));
    expect(await refusal(client.transport.replicaStatus(5, 'p/T/0'))).toMatchObject({ reason: ReplicaStatusRefusal.Unavailable });
    odd.transport.serveReplicaStatus(() => {
      throw new Error('disk on fire');
    });
    const threw = await refusal(client.transport.replicaStatus(5, 'p/T/0'));
    expect(threw.reason).toBe(ReplicaStatusRefusal.Unavailable);
    expect(threw.message).toMatch(/disk on fire/);
  });
});

describe('ReplicaStatus on the MemoryNetwork', () => {
  it('answers through its links: a cut link fails it', async () => {
    const net = new MemoryNetwork();
    const a = net.transport(1);
    const b = net.transport(2);
    await a.start(() => undefined);
    await b.start(() => undefined);
    expect(await refusal(b.replicaStatus!(1, 'p/T/0'))).toMatchObject({ reason: ReplicaStatusRefusal.UnknownGroup });
    a.serveReplicaStatus!(statuses);
    expect(await b.replicaStatus!(1, 'p/T/0')).toEqual({ complete: false, bytesMissing: 123_456_789_012, storageFull: false });
    expect(await refusal(b.replicaStatus!(1, 'p/T/9'))).toMatchObject({ reason: ReplicaStatusRefusal.UnknownGroup });
    expect(await refusal(b.replicaStatus!(1, 'p/T\u0000/0'))).toMatchObject({ reason: ReplicaStatusRefusal.InvalidRequest });
    net.partition(1, 2);
    expect(await refusal(b.replicaStatus!(1, 'p/T/0'))).toMatchObject({ reason: ReplicaStatusRefusal.Unavailable });
    // Cut while the question is under way.
    net.heal();
    const pending = b.replicaStatus!(1, 'p/T/1');
    net.partition(1, 2);
    expect(await refusal(pending)).toMatchObject({ reason: ReplicaStatusRefusal.Unavailable });
    net.heal();
    expect(await b.replicaStatus!(1, 'p/T/1')).toEqual({ complete: true, bytesMissing: 0, storageFull: true });
    await a.close();
    expect(await refusal(b.replicaStatus!(1, 'p/T/1'))).toMatchObject({ reason: ReplicaStatusRefusal.Unavailable });
  });
});

describe('snapshots over gRPC', () => {
  it('carry a joint configuration whole, across chunks', async () => {
    const peers = new Map<number, string>();
    const leader = await node(1, peers, { snapshotChunkBytes: 1000 });
    const follower = await node(2, peers);
    const got: GroupMessage[] = [];
    await leader.transport.start(() => undefined);
    await follower.transport.start((_, ms) => got.push(...ms));
    const confState: ConfState = { voters: [1, 2, 4], learners: [5], votersOutgoing: [1, 2, 3], learnersNext: [3], autoLeave: true };
    const data = Buffer.alloc(4500, 7);
    leader.transport.send(2, [{ group: 'p/T/0', message: message({ type: MessageType.Snap, from: 1, to: 2, term: 3, snapshot: { metadata: { index: 40, term: 3, confState }, data } }) }]);
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toHaveLength(1);
    const snap = got[0]!.message.snapshot!;
    expect(snap.metadata).toEqual({ index: 40, term: 3, confState });
    expect(Buffer.from(snap.data)).toEqual(data);
  });
});
