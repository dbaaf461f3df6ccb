// Raft messages over gRPC: one long-lived client stream from this node to each
// peer carries every group's messages (RaftService.Send); replies come back
// on the peer's own stream to us. Heartbeats are coalesced per batch, and
// snapshots are cut into chunks and reassembled before Raft sees them.
// Delivery is best effort — Raft retries — so a broken or congested stream
// drops messages rather than queueing without bound.
//
// What arrives is checked before Raft sees it (wire-codec.ts); a request that
// fails, or that the host cannot take, is logged (at most once a second) and
// dropped: nothing a peer sends may throw out of the stream's handler.
// Snapshot reassembly is bounded in bytes, in count per peer and in time.
//
// Log reads (RaftService.ReadLog, log-read.ts) use the same channel to each
// peer: a server stream of spans, each written only once the previous one has
// drained, so a slow reader holds back the reading, not the memory. Replica
// status questions (RaftService.ReplicaStatus, replica-status.ts) are unary
// calls on it, checked as log reads are: node callers only, a group id.
import {
  credentials,
  makeClientConstructor,
  status,
  type ChannelCredentials,
  type Server,
  type ClientWritableStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type ServiceError,
  type UntypedServiceImplementation,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { loadEddyProto, messageCodec, silentLogger, MAX_MESSAGE_BYTES, NODE_RECONNECT_BACKOFF, RateLimitedWarning, type Logger, type wire } from '@eddy/protocol';
import { MessageType, type NodeId, type Snapshot } from '../core/types.js';
import { LogReadError, LogReadRefusal, LogServer, checkLogChunk, type LogChunk, type LogReadRequest, type LogServeOptions, type LogSource } from './log-read.js';
import type { GroupMessage, MessageHandler, Transport } from './transport.js';
import {
  REPLICA_STATUS_TIMEOUT_MS,
  ReplicaStatusError,
  ReplicaStatusRefusal,
  checkReplicaStatus,
  checkReplicaStatusGroup,
  type ReplicaStatus,
  type ReplicaStatusSource,
} from './replica-status.js';
import { logChunkFromWire, logChunkToWire, logReadErrorFromStatus, logReadRequestFromWire, logReadStatus } from './log-read-wire.js';
import {
  crossesNetwork,
  heartbeatFromWire,
  heartbeatToWire,
  isHeartbeat,
  messageFromWire,
  messageToWire,
  nodeIdFromWire,
  snapshotChunkFromWire,
  snapshotConfStateToWire,
} from './wire-codec.js';
import { decodeSendRequest, encodeSendRequest, type SendRequestIn, type SnapshotChunkCodec } from './send-codec.js';

export interface GrpcTransportOptions {
  nodeId: NodeId;
  /** The process's gRPC server; RaftService is added to it (bind and start it yourself). */
  server: Server;
  /** host:port of a peer's gRPC server, or undefined when unknown. */
  resolve(nodeId: NodeId): string | undefined;
  /** Credentials for streams to peers (default plaintext). */
  channelCredentials?: ChannelCredentials;
  /**
   * The node a stream's caller proved it is (its certificate), or undefined
   * when it proved nothing. When set, a stream from a caller that is no node
   * is refused, and a request speaking for another node than the caller is
   * dropped. Unset (plaintext), a caller is whoever it says it is.
   */
  peerNodeId?: (
    call:
      | ServerReadableStream<SendRequestIn, wire.SendResponse>
      | ServerWritableStream<wire.ReadLogRequest__Output, wire.ReadLogResponse>
      | ServerUnaryCall<wire.ReplicaStatusRequest__Output, wire.ReplicaStatusResponse>,
  ) => NodeId | undefined;
  /** Snapshot chunk size in bytes. */
  snapshotChunkBytes?: number;
  /** The largest snapshot accepted from a peer, in bytes (default 1 GiB). */
  maxSnapshotBytes?: number;
  /** A snapshot whose next chunk does not arrive within this many ms is dropped (default 60 s). */
  snapshotIdleMs?: number;
  logger?: Logger;
}

/** Snapshots being reassembled from one peer at once; more drop the oldest. */
const MAX_ASSEMBLIES_PER_PEER = 8;

let raftService: { definition: ServiceDefinition; Client: ReturnType<typeof makeClientConstructor> } | undefined;

/**
 * RaftService as the contract defines it, with Send's requests encoded and
 * decoded by send-codec.ts (the same bytes, without protobufjs's object
 * conversions) on both ends.
 */
function raftServiceOf(): NonNullable<typeof raftService> {
  if (!raftService) {
    const { proto } = loadEddyProto();
    const base = proto.eddy.v1.RaftService.service;
    const chunks: SnapshotChunkCodec = messageCodec<wire.RaftSnapshotChunk, wire.RaftSnapshotChunk__Output>('eddy.v1.RaftSnapshotChunk');
    const send = base.Send as ServiceDefinition[string];
    const definition: ServiceDefinition = {
      ...base,
      Send: {
        ...send,
        requestSerialize: (req: wire.SendRequest) => encodeSendRequest(req, chunks),
        requestDeserialize: (bytes: Buffer) => decodeSendRequest(bytes, chunks),
      },
    };
    raftService = { definition, Client: makeClientConstructor(definition, 'eddy.v1.RaftService') };
  }
  return raftService;
}

interface Peer {
  address: string;
  client: wire.RaftServiceClient;
  stream: ClientWritableStream<wire.SendRequest> | undefined;
  /** No new stream before this time (ms) after a failure. */
  retryAt: number;
  backoffMs: number;
}

interface Assembly {
  from: NodeId;
  parts: Buffer[];
  size: number;
  touchedAt: number;
}

export class GrpcTransport implements Transport {
  private handler: MessageHandler | undefined;
  private readonly peers = new Map<NodeId, Peer>();
  private readonly assemblies = new Map<string, Assembly>();
  private readonly chunkBytes: number;
  private readonly maxSnapshotBytes: number;
  private readonly snapshotIdleMs: number;
  private readonly logger: Logger;
  private readonly dropped: RateLimitedWarning;
  private logServer: LogServer | undefined;
  private replicaStatusSource: ReplicaStatusSource | undefined;
  private closed = false;

  constructor(private readonly options: GrpcTransportOptions) {
    this.chunkBytes = options.snapshotChunkBytes ?? 4 * 1024 * 1024;
    this.maxSnapshotBytes = options.maxSnapshotBytes ?? 1024 * 1024 * 1024;
    this.snapshotIdleMs = options.snapshotIdleMs ?? 60_000;
    this.logger = options.logger ?? silentLogger();
    this.dropped = new RateLimitedWarning(this.logger);
    const handlers = {
      Send: (call: ServerReadableStream<SendRequestIn, wire.SendResponse>, callback: sendUnaryData<wire.SendResponse>) => {
        let caller: NodeId | undefined;
        if (options.peerNodeId) {
          caller = options.peerNodeId(call);
          if (caller === undefined) {
            this.drop(-1, 'a Raft stream from a caller whose certificate names no node');
            callback({ code: status.UNAUTHENTICATED, details: 'RaftService takes streams from Eddy nodes only: present a node certificate (DNS SAN eddy-node-<id>)' });
            return;
          }
        }
        call.on('data', (req: SendRequestIn) => this.onRequest(req, caller));
        call.on('end', () => callback(null, {}));
        call.on('error', () => undefined);
      },
      ReadLog: (call: ServerWritableStream<wire.ReadLogRequest__Output, wire.ReadLogResponse>) => {
        void this.serveLogRead(call);
      },
      ReplicaStatus: (call: ServerUnaryCall<wire.ReplicaStatusRequest__Output, wire.ReplicaStatusResponse>, callback: sendUnaryData<wire.ReplicaStatusResponse>) => {
        this.answerReplicaStatus(call, callback);
      },
    };
    options.server.addService(raftServiceOf().definition, handlers as UntypedServiceImplementation);
  }

  async start(handler: MessageHandler): Promise<void> {
    this.handler = handler;
  }

  /** An empty list is a node-level ping (liveness for quiesced groups). */
  send(to: NodeId, messages: GroupMessage[]): void {
    if (this.closed) return;
    const stream = this.streamTo(to);
    if (!stream) return;
    const heartbeats: wire.CoalescedHeartbeat[] = [];
    const out: wire.RaftMessage[] = [];
    const requests: wire.SendRequest[] = [];
    for (const { group, message } of messages) {
      if (!crossesNetwork(message.type)) {
        this.logger.debug({ to, group, type: message.type }, 'raft transport: not sending a local message kind');
        continue;
      }
      if (isHeartbeat(message)) heartbeats.push(heartbeatToWire(group, message));
      else if (message.type === MessageType.Snap && message.snapshot) {
        for (const chunk of this.chunks(message.snapshot)) {
          requests.push({ fromNode: this.options.nodeId, toNode: to, messages: [messageToWire(group, message, chunk)] });
        }
      } else out.push(messageToWire(group, message));
    }
    if (out.length > 0 || heartbeats.length > 0 || messages.length === 0) requests.unshift({ fromNode: this.options.nodeId, toNode: to, messages: out, heartbeats });
    for (const req of requests) {
      // write() returning false means the stream is buffering; the message is
      // still queued, so only stop adding once the peer is clearly behind.
      if (stream.writableLength > MAX_MESSAGE_BYTES) {
        this.logger.debug({ to }, 'raft transport: peer stream congested; dropping messages');
        return;
      }
      stream.write(req);
    }
  }

  serveLog(source: LogSource, options?: LogServeOptions): void {
    this.logServer = new LogServer(source, options);
  }

  /** The log server (tests read its throttle). */
  get logReads(): LogServer | undefined {
    return this.logServer;
  }

  async *readLog(from: NodeId, request: LogReadRequest): AsyncGenerator<LogChunk> {
    const peer = this.closed ? undefined : this.peerFor(from);
    if (!peer) throw new LogReadError(LogReadRefusal.Unavailable, `no address is known for node ${from}`);
    const call = peer.client.readLog({ fromNode: this.options.nodeId, group: request.group, fromIndex: request.from, toIndex: request.to, maxBytes: request.maxBytes });
    call.on('error', () => undefined); // read through the iterator below
    let next = request.from;
    try {
      for await (const msg of call as AsyncIterable<wire.ReadLogResponse__Output>) {
        const chunk = checkLogChunk(logChunkFromWire(msg), next, request.to);
        next = chunk.last + 1;
        yield chunk;
      }
    } catch (err) {
      throw logReadErrorFromStatus(err, from);
    } finally {
      // Done, failed, or the caller stopped reading: nothing more is wanted.
      call.cancel();
    }
    if (next <= request.to) throw new LogReadError(LogReadRefusal.Unavailable, `node ${from} ended the log read at ${next - 1}, before ${request.to}`);
  }

  serveReplicaStatus(fn: ReplicaStatusSource): void {
    this.replicaStatusSource = fn;
  }

  replicaStatus(peer: NodeId, group: string, timeoutMs = REPLICA_STATUS_TIMEOUT_MS): Promise<ReplicaStatus> {
    return new Promise((resolve, reject) => {
      try {
        checkReplicaStatusGroup(group);
      } catch (err) {
        reject(err as Error);
        return;
      }
      const client = this.closed ? undefined : this.peerFor(peer)?.client;
      if (!client) {
        reject(new ReplicaStatusError(ReplicaStatusRefusal.Unavailable, `no address is known for node ${peer}`));
        return;
      }
      client.replicaStatus({ fromNode: this.options.nodeId, group }, { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (err || !res) {
          reject(replicaStatusErrorFromStatus(err, peer, timeoutMs));
          return;
        }
        try {
          resolve(checkReplicaStatus(res, `node ${peer}`));
        } catch (e) {
          reject(e as Error);
        }
      });
    });
  }

  isReachable(to: NodeId): boolean {
    const p = this.peers.get(to);
    return p !== undefined && p.stream !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.peers.values()) {
      p.stream?.end();
      p.client.close();
    }
    this.peers.clear();
  }

  private *chunks(snap: Snapshot): Generator<wire.RaftSnapshotChunk> {
    const data = Buffer.from(snap.data.buffer, snap.data.byteOffset, snap.data.byteLength);
    const meta = snap.metadata;
    let offset = 0;
    do {
      const part = data.subarray(offset, offset + this.chunkBytes);
      const done = offset + part.length >= data.length;
      yield {
        index: meta.index,
        term: meta.term,
        ...snapshotConfStateToWire(meta.confState),
        offset,
        data: part,
        done,
      };
      offset += part.length;
    } while (offset < data.length);
  }

  /** The channel to a peer at its current address (a new one when the address changed). */
  private peerFor(to: NodeId): Peer | undefined {
    const address = this.options.resolve(to);
    if (!address) return undefined;
    let peer = this.peers.get(to);
    if (peer && peer.address !== address) {
      peer.stream?.end();
      peer.client.close();
      peer = undefined;
    }
    if (!peer) {
      const client = new (raftServiceOf().Client)(address, this.options.channelCredentials ?? credentials.createInsecure(), {
        'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
        'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
        'grpc.keepalive_time_ms': 10_000,
        ...NODE_RECONNECT_BACKOFF,
      }) as unknown as wire.RaftServiceClient;
      peer = { address, client, stream: undefined, retryAt: 0, backoffMs: 50 };
      this.peers.set(to, peer);
    }
    return peer;
  }

  private streamTo(to: NodeId): ClientWritableStream<wire.SendRequest> | undefined {
    const peer = this.peerFor(to);
    if (!peer) return undefined;
    if (peer.stream) return peer.stream;
    const now = Date.now();
    if (now < peer.retryAt) return undefined;
    const p = peer;
    const stream = p.client.send((err) => {
      if (p.stream === stream) p.stream = undefined;
      if (err && !this.closed) {
        p.retryAt = Date.now() + p.backoffMs;
        p.backoffMs = Math.min(p.backoffMs * 2, 1000);
        this.logger.debug({ to, err: err.message }, 'raft transport: stream to peer ended');
      }
    });
    stream.on('error', () => undefined);
    // A stream that carried data successfully resets the backoff.
    stream.once('drain', () => (p.backoffMs = 50));
    p.stream = stream;
    return stream;
  }

  private onRequest(req: SendRequestIn, caller: NodeId | undefined): void {
    const handler = this.handler;
    if (!handler || this.closed) return;
    if (caller !== undefined && req.fromNode !== caller) {
      this.drop(caller, `a request claiming to come from node ${req.fromNode} on node ${caller}'s authenticated stream`);
      return;
    }
    if (req.toNode !== this.options.nodeId) {
      this.drop(req.fromNode, `a request for node ${req.toNode} reached node ${this.options.nodeId}; check peer addresses`);
      return;
    }
    const out: GroupMessage[] = [];
    let from: NodeId;
    try {
      from = nodeIdFromWire(req.fromNode, 'fromNode');
      for (const h of req.heartbeats) out.push(heartbeatFromWire(from, req.toNode, h));
      for (const w of req.messages) {
        const { group, message, chunk } = messageFromWire(w);
        // A node speaks for itself only.
        if (message.from !== from || message.to !== req.toNode) {
          throw new Error(`a message from ${message.from} to ${message.to} on node ${from}'s stream to node ${req.toNode}`);
        }
        if (!chunk) {
          out.push({ group, message });
          continue;
        }
        const snapshot = this.assemble(from, group, chunk);
        if (snapshot) out.push({ group, message: { ...message, snapshot } });
      }
    } catch (err) {
      this.drop(req.fromNode, `a malformed request: ${(err as Error).message}`);
      return;
    }
    try {
      handler(from, out); // even empty: hearing from the peer at all is its liveness
    } catch (err) {
      this.drop(from, `a request the host could not take: ${(err as Error).message}`);
    }
  }

  /**
   * One ReadLog call: the caller's identity, then the request (hostile until
   * checked), then spans as the throttle and the stream's flow control allow.
   * Every failure becomes the call's status; nothing is thrown out of here.
   */
  private async serveLogRead(call: ServerWritableStream<wire.ReadLogRequest__Output, wire.ReadLogResponse>): Promise<void> {
    try {
      if (this.options.peerNodeId) {
        const caller = this.options.peerNodeId(call);
        if (caller === undefined) {
          this.drop(-1, 'a log read from a caller whose certificate names no node');
          call.emit('error', { code: status.UNAUTHENTICATED, details: 'RaftService.ReadLog serves Eddy nodes only: present a node certificate (DNS SAN eddy-node-<id>)' });
          return;
        }
        if (call.request.fromNode !== caller) throw new LogReadError(LogReadRefusal.InvalidRequest, `log read refused: from_node ${call.request.fromNode} is not the caller, node ${caller}`);
      }
      const server = this.logServer;
      if (!server || this.closed) throw new LogReadError(LogReadRefusal.UnknownGroup, `node ${this.options.nodeId} serves no log reads (it hosts no partitions)`);
      const request = logReadRequestFromWire(call.request);
      for await (const chunk of server.serve(request)) {
        if (call.cancelled || call.destroyed) return; // leaving the loop closes the source's read
        if (!call.write(logChunkToWire(chunk))) await drained(call);
      }
      if (!call.cancelled) call.end();
    } catch (err) {
      if (call.cancelled || call.destroyed) return;
      if (!(err instanceof LogReadError)) this.logger.warn({ err, group: call.request.group }, 'raft transport: a log read failed');
      call.emit('error', logReadStatus(err));
    }
  }

  /**
   * One ReplicaStatus call: the caller's identity (as for log reads), the
   * group id (hostile until checked), then the application's answer, checked.
   */
  private answerReplicaStatus(
    call: ServerUnaryCall<wire.ReplicaStatusRequest__Output, wire.ReplicaStatusResponse>,
    callback: sendUnaryData<wire.ReplicaStatusResponse>,
  ): void {
    const refuse = (code: status, details: string): void => callback({ code, details });
    if (this.options.peerNodeId) {
      const caller = this.options.peerNodeId(call);
      if (caller === undefined) {
        this.drop(-1, 'a replica status question from a caller whose certificate names no node');
        refuse(status.UNAUTHENTICATED, 'RaftService.ReplicaStatus serves Eddy nodes only: present a node certificate (DNS SAN eddy-node-<id>)');
        return;
      }
      if (call.request.fromNode !== caller) {
        refuse(status.INVALID_ARGUMENT, `replica status refused: from_node ${call.request.fromNode} is not the caller, node ${caller}`);
        return;
      }
    }
    try {
      nodeIdFromWire(call.request.fromNode, 'from_node');
    } catch {
      refuse(status.INVALID_ARGUMENT, `replica status refused: from_node ${call.request.fromNode} is not a node id`);
      return;
    }
    let group: string;
    try {
      group = checkReplicaStatusGroup(call.request.group);
    } catch (err) {
      refuse(status.INVALID_ARGUMENT, (err as Error).message);
      return;
    }
    const source = this.replicaStatusSource;
    if (!source || this.closed) {
      refuse(status.NOT_FOUND, `node ${this.options.nodeId} hosts no group ${group} (it serves no replica status)`);
      return;
    }
    let answer: ReplicaStatus | undefined;
    try {
      const got = source(group);
      answer = got === undefined ? undefined : checkReplicaStatus(got, `node ${this.options.nodeId}'s application`);
    } catch (err) {
      this.logger.warn({ err, group }, 'raft transport: a replica status question failed');
      refuse(status.UNAVAILABLE, `node ${this.options.nodeId} could not say: ${(err as Error).message}`);
      return;
    }
    if (answer === undefined) {
      refuse(status.NOT_FOUND, `node ${this.options.nodeId} hosts no replica of group ${group}`);
      return;
    }
    callback(null, { complete: answer.complete, bytesMissing: answer.bytesMissing, storageFull: answer.storageFull === true });
  }

  private drop(from: number, why: string): void {
    this.dropped.warn({ from }, `raft transport: dropped ${why}`);
  }

  private assemble(from: NodeId, group: string, chunk: wire.RaftSnapshotChunk__Output): Snapshot | undefined {
    const now = Date.now();
    for (const [k, a] of this.assemblies) if (now - a.touchedAt > this.snapshotIdleMs) this.assemblies.delete(k);
    const { index, term, offset, confState } = snapshotChunkFromWire(chunk);
    const key = `${from}/${group}/${index}/${term}`;
    let a = this.assemblies.get(key);
    if (offset === 0) {
      a = { from, parts: [], size: 0, touchedAt: now };
      this.assemblies.set(key, a);
      const mine = [...this.assemblies].filter(([, x]) => x.from === from);
      // Map order is insertion order: the first are the oldest.
      for (const [k] of mine.slice(0, Math.max(0, mine.length - MAX_ASSEMBLIES_PER_PEER))) this.assemblies.delete(k);
    }
    if (!a || offset !== a.size) {
      this.assemblies.delete(key); // a chunk went missing: drop; the leader resends the snapshot
      return undefined;
    }
    if (a.size + chunk.data.length > this.maxSnapshotBytes) {
      this.assemblies.delete(key);
      throw new Error(`snapshot of group ${group} is over the ${this.maxSnapshotBytes}-byte limit`);
    }
    a.parts.push(chunk.data);
    a.size += chunk.data.length;
    a.touchedAt = now;
    if (!chunk.done) return undefined;
    this.assemblies.delete(key);
    return {
      metadata: { index, term, confState },
      data: Buffer.concat(a.parts, a.size),
    };
  }
}

/** What a failed ReplicaStatus call means to the caller. */
function replicaStatusErrorFromStatus(err: ServiceError | null, peer: NodeId, timeoutMs: number): ReplicaStatusError {
  const code = err?.code;
  const details = err?.details || err?.message || 'no answer';
  const reason: ReplicaStatusRefusal =
    code === status.NOT_FOUND
      ? ReplicaStatusRefusal.UnknownGroup
      : code === status.INVALID_ARGUMENT || code === status.UNAUTHENTICATED
        ? ReplicaStatusRefusal.InvalidRequest
        : code === status.UNIMPLEMENTED
          ? ReplicaStatusRefusal.Unsupported
          : ReplicaStatusRefusal.Unavailable;
  if (code === status.DEADLINE_EXCEEDED) return new ReplicaStatusError(reason, `node ${peer} did not answer a replica status question within ${timeoutMs} ms`);
  return new ReplicaStatusError(reason, `node ${peer}: ${details}`);
}

/** Resolves once a server stream can take more, or has ended (the caller checks which). */
function drained(call: ServerWritableStream<unknown, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('close', done);
      call.off('cancelled', done);
      call.off('error', done);
      resolve();
    };
    call.on('drain', done);
    call.on('close', done);
    call.on('cancelled', done);
    call.on('error', done);
  });
}
