// TLS on a real 3-node cluster: both listeners encrypted, the internal one
// requiring node certificates signed by the cluster CA, and a node id bound to
// its certificate (DNS SAN eddy-node-<id>). A caller without the CA's
// certificate, with an expired one, with a user's certificate, or with another
// node's, gets a clear refusal and changes nothing; certificates reload.
import { connect as tlsConnect } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { Eddy } from '@eddy/client';
import { createCertificateAuthority } from '@eddy/cli/internal';
import type { wire } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, client } from '../support/grpc.js';
import { SecureCluster } from '../support/secure-cluster.js';
import { waitFor } from '../support/harness.js';
import { type ServerProcess } from '../support/server-cluster.js';

let cluster: SecureCluster;

beforeAll(async () => {
  cluster = new SecureCluster({ nodes: 3, tlsReloadMs: 500 });
  await cluster.start();
}, 90_000);

afterAll(async () => {
  await cluster?.stop();
});

function allAlive(): boolean {
  return cluster.nodes.every((n) => n.child !== undefined && n.child.exitCode === null && n.child.signalCode === null);
}

/** The serial number of the certificate a listener presents now. */
function presentedSerial(address: string): Promise<string> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, ca: cluster.authority.pem, servername: 'localhost', ALPNProtocols: ['h2'] }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.destroy();
      resolve(serial);
    });
    socket.once('error', reject);
  });
}

/** Opens a RaftService/Send stream with the given credentials, writes, ends, and answers the server's status. */
function raftSend(target: ServerProcess, creds: grpc.ChannelCredentials, requests: wire.SendRequest[]): Promise<grpc.ServiceError | null> {
  const c = client('RaftService', target.internalAddress, creds) as unknown as grpc.Client & {
    send(cb: (err: grpc.ServiceError | null) => void): grpc.ClientWritableStream<wire.SendRequest>;
  };
  return new Promise((resolve) => {
    const stream = c.send((err) => {
      c.close();
      resolve(err);
    });
    stream.on('error', () => undefined);
    for (const r of requests) stream.write(r);
    stream.end();
  });
}

describe('TLS between nodes and to clients', () => {
  it('forms a cluster over TLS; a client trusting the CA produces and consumes', async () => {
    const eddy = new Eddy({ bootstrap: cluster.bootstrap, tls: { ca: cluster.authority.pem }, retry: { attempts: 10 } });
    try {
      const admin = eddy.admin();
      await waitFor('an active controller', async () => (await admin.describeCluster()).activeControllerId > 0, 30_000);
      await admin.createTopic({ name: 'tls-orders', partitions: 2, replicationFactor: 3 });
      const producer = eddy.producer();
      await producer.send({ topic: 'tls-orders', messages: [{ key: 'a', value: 'over TLS' }] });
      // A consumer group over TLS: coordinator, fetch and commits.
      const consumer = eddy.consumer({ groupId: 'tls-group', autoOffsetReset: 'earliest' });
      consumer.subscribe({ topics: ['tls-orders'] });
      let got: string | undefined;
      for await (const m of consumer) {
        got = m.value?.toString();
        break;
      }
      expect(got).toBe('over TLS');
      await consumer.close();
    } finally {
      await eddy.close();
    }
  });

  it('serves no internal service on the client port', async () => {
    const node = cluster.nodes[0]!;
    const creds = cluster.credentials(await cluster.authority.node(node.id));
    const err = await raftSend({ ...node, internalAddress: node.address }, creds, []);
    expect(err?.code).toBe(grpc.status.UNIMPLEMENTED);
    const cc = client('ControllerService', node.address, creds);
    await expect(call(cc, 'registerNode', { nodeId: node.id, incarnationId: 'x', address: node.address, rack: '', roles: [] })).rejects.toThrow(/does not implement/);
    cc.close();
  });

  it('refuses a plaintext caller, a certificate from another CA and an expired certificate', async () => {
    const node = cluster.nodes[0]!;
    // Plaintext against a TLS port: the handshake never completes.
    const plain = client('MetadataService', node.address);
    await expect(call(plain, 'getMetadata', {}, 3_000)).rejects.toMatchObject({ code: expect.stringMatching(/UNAVAILABLE|TIMEOUT/) });
    plain.close();

    const other = await createCertificateAuthority('Not the cluster CA');
    const forged = await other.node(2);
    // A node certificate signed by another CA: the internal listener refuses the handshake.
    const strangerCreds = grpc.credentials.createSsl(Buffer.from(cluster.authority.pem), Buffer.from(forged.key), Buffer.from(forged.cert));
    const e1 = await raftSend(node, strangerCreds, [{ fromNode: 2, toNode: node.id, messages: [], heartbeats: [] }]);
    expect(e1?.code).toBe(grpc.status.UNAVAILABLE);

    const expired = await cluster.authority.node(2, [], { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    const e2 = await raftSend(node, cluster.credentials(expired), [{ fromNode: 2, toNode: node.id, messages: [], heartbeats: [] }]);
    expect(e2?.code).toBe(grpc.status.UNAVAILABLE);
    expect(allAlive()).toBe(true);
  });

  it('binds a node id to its certificate: a user certificate is no node, and node 2 cannot speak for node 1', async () => {
    const [n1, n2, n3] = cluster.nodes as [ServerProcess, ServerProcess, ServerProcess];

    // Node 2's own certificate, claiming to be node 1.
    const asNode2 = cluster.credentials(await cluster.authority.node(n2.id));
    const cc = client('ControllerService', n3.internalAddress, asNode2);
    for (const [method, req] of [
      ['registerNode', { nodeId: n1.id, incarnationId: 'hijack', address: '127.0.0.1:1', internalAddress: '127.0.0.1:2', rack: '', roles: ['NODE_ROLE_STORAGE'] }],
      ['nodeHeartbeat', { nodeId: n1.id, nodeEpoch: '1', shuttingDown: true }],
      ['reportLeaders', { nodeId: n1.id, nodeEpoch: '1', leaders: [] }],
    ] as const) {
      await expect(call(cc, method, req), method).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining(`node ${n2.id} may not speak for node ${n1.id}`) });
    }
    cc.close();
    // On Raft: node 2's stream claiming node 1's messages is dropped (and logged).
    const err = await raftSend(n3, asNode2, [{ fromNode: n1.id, toNode: n3.id, messages: [], heartbeats: [{ group: '__controller', term: '1000000', commit: 0 }] }]);
    expect(err).toBeNull();
    await waitFor('the drop in node 3\'s log', () => n3.stdout.some((l) => l.includes(`claiming to come from node ${n1.id}`)));

    // A user's certificate, signed by the right CA, is still not a node.
    const alice = cluster.credentials(await cluster.authority.client('alice'));
    const asUser = await raftSend(n3, alice, [{ fromNode: 1, toNode: n3.id, messages: [], heartbeats: [] }]);
    expect(asUser?.code).toBe(grpc.status.UNAUTHENTICATED);
    const ccUser = client('ControllerService', n3.internalAddress, alice);
    await expect(call(ccUser, 'nodeHeartbeat', { nodeId: 1, nodeEpoch: '1', shuttingDown: true })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // The metadata stream carries users' salted credentials: nodes only.
    const watch = (ccUser as unknown as { watchMetadata(req: object): grpc.ClientReadableStream<unknown> }).watchMetadata({ fromVersion: 0 });
    const watchErr = await new Promise<grpc.ServiceError>((resolve) => {
      watch.on('data', () => undefined);
      watch.on('error', resolve);
    });
    expect(watchErr.code).toBe(grpc.status.UNAUTHENTICATED);
    ccUser.close();

    // Nothing changed: node 1 is still registered at its own address and online.
    const eddy = new Eddy({ bootstrap: cluster.bootstrap, tls: { ca: cluster.authority.pem } });
    try {
      const status = await eddy.admin().describeCluster();
      const one = status.nodes.find((n) => n.nodeId === n1.id);
      expect(one).toMatchObject({ address: n1.address, online: true });
    } finally {
      await eddy.close();
    }
    expect(allAlive()).toBe(true);
  });

  it('reloads a rotated certificate without a restart', async () => {
    const node = cluster.nodes[2]!;
    const before = await presentedSerial(node.address);
    const rotated = await cluster.authority.node(node.id);
    cluster.rewriteNodeCertificate(node.id, rotated);
    const after = await waitFor('the new certificate presented', async () => {
      const s = await presentedSerial(node.address);
      return s !== before && s;
    }, 10_000);
    expect(after).not.toBe(before);
    // The node keeps talking to its peers with the new certificate.
    const eddy = new Eddy({ bootstrap: node.address, tls: { ca: cluster.authority.pem } });
    try {
      await eddy.admin().createTopic({ name: 'after-rotation', partitions: 1, replicationFactor: 3 });
    } finally {
      await eddy.close();
    }
    expect(allAlive()).toBe(true);
  });
});
