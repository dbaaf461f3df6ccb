// A storage node's connection to the controller quorum (ControllerService):
// registration, heartbeats that keep its session, leadership reports,
// producer-id blocks and the metadata stream. Calls go to the active
// controller, found by following NOT_CONTROLLER hints; the metadata stream may
// come from any controller.
import { randomUUID } from 'node:crypto';
import { credentials, type ChannelCredentials, type ClientReadableStream } from '@grpc/grpc-js';
import { NODE_RECONNECT_BACKOFF, fromGrpcError, loadEddyProto, type EddyError, type Logger, type wire } from '@eddy/protocol';
import type { ControllerVoter } from '../server-config.js';

/** Controllers named by NOT_CONTROLLER answers are remembered up to this many (a bound against a misbehaving peer). */
const MAX_KNOWN_CONTROLLERS = 16;

/**
 * Options of the channel to each controller. The metadata watch is a server
 * stream this node never writes to, so nothing on it notices a connection that
 * a network cut dropped silently: without pings the watch would wait for
 * deltas forever and this node's metadata would stay stale after the network
 * heals. So the channel pings every 5 s, and a ping unanswered within 5 s
 * closes the connection and the watch reconnects. Eddy's servers (grpc-js)
 * accept pings this often.
 * Reconnects back off as every node-to-node channel's (NODE_RECONNECT_BACKOFF,
 * at most 1 s), so a link that failed during a long partition is back well
 * inside the session timeout (9 s by default) after which the controller
 * fences this node.
 */
export const CONTROLLER_CHANNEL_OPTIONS = {
  'grpc.keepalive_time_ms': 5_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  ...NODE_RECONNECT_BACKOFF,
};

export interface ControllerLinkOptions {
  nodeId: number;
  /** The client listener's advertised address. */
  address: string;
  /** The internal listener's advertised address. */
  internalAddress: string;
  rack: string;
  roles: wire.NodeRole[];
  controllers: readonly ControllerVoter[];
  /** With TLS, this node's certificate: the controllers know the node by it. Default plaintext. */
  channelCredentials?: ChannelCredentials;
  logger: Logger;
}

type Unary = (req: object, opts: { deadline: number }, cb: (err: Error | null, res: unknown) => void) => void;

export class ControllerLink {
  private readonly clients = new Map<number, wire.ControllerServiceClient>();
  private active: number;
  private epoch = '0';
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private watch: ClientReadableStream<wire.WatchMetadataResponse__Output> | undefined;
  private closed = false;
  readonly incarnationId = randomUUID();

  constructor(private readonly options: ControllerLinkOptions) {
    this.active = options.controllers[0]?.id ?? 0;
    this.voters = [...options.controllers];
  }

  /**
   * The controllers this link knows: the --controllers list, plus any a
   * NOT_CONTROLLER answer named with its address (a controller added to the
   * quorum at run time).
   */
  private readonly voters: ControllerVoter[];

  get nodeEpoch(): string {
    return this.epoch;
  }

  /** The controller this node takes for active: where its calls go now, after NOT_CONTROLLER hints and failures moved them. */
  activeController(): ControllerVoter | undefined {
    return this.voters.find((c) => c.id === this.active);
  }

  private client(id: number): wire.ControllerServiceClient {
    let c = this.clients.get(id);
    if (!c) {
      const voter = this.voters.find((v) => v.id === id);
      if (!voter) throw new Error(`unknown controller ${id}`);
      c = new (loadEddyProto().proto.eddy.v1.ControllerService)(voter.address, this.options.channelCredentials ?? credentials.createInsecure(), CONTROLLER_CHANNEL_OPTIONS);
      this.clients.set(id, c);
    }
    return c;
  }

  /** Calls the active controller, following hints and retrying retriable errors until `timeoutMs`. */
  async call<Res>(method: string, request: object, timeoutMs = 30_000): Promise<Res> {
    const deadline = Date.now() + timeoutMs;
    let delay = 50;
    for (;;) {
      try {
        return await new Promise<Res>((resolve, reject) => {
          const fn = (this.client(this.active) as unknown as Record<string, Unary>)[method] as Unary;
          fn.call(this.client(this.active), request, { deadline: Date.now() + 5000 }, (err, res) => (err ? reject(fromGrpcError(err)) : resolve(res as Res)));
        });
      } catch (err) {
        const e = err as EddyError;
        if (this.closed || !e.retriable || Date.now() > deadline) throw err;
        const hint = e.details.leaderId;
        const hintAddress = e.details.leaderAddress;
        if (hint && hintAddress && !this.voters.some((v) => v.id === hint) && this.voters.length < MAX_KNOWN_CONTROLLERS) this.voters.push({ id: hint, address: hintAddress });
        const ids = this.voters.map((c) => c.id);
        this.active = hint && ids.includes(hint) && hint !== this.active ? hint : (ids[(ids.indexOf(this.active) + 1) % ids.length] as number);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 500);
      }
    }
  }

  async register(): Promise<wire.RegisterNodeResponse__Output> {
    const res = await this.call<wire.RegisterNodeResponse__Output>('registerNode', {
      nodeId: this.options.nodeId,
      incarnationId: this.incarnationId,
      address: this.options.address,
      internalAddress: this.options.internalAddress,
      rack: this.options.rack,
      roles: this.options.roles,
    });
    this.epoch = res.nodeEpoch;
    return res;
  }

  /**
   * Heartbeats every intervalMs; registers again if the controller fenced this
   * incarnation. `disk` (free and total bytes of the data volume) rides along
   * for the balancer and `eddy node list`.
   */
  startHeartbeats(intervalMs: number, shuttingDown: () => boolean = () => false, disk: () => { free: number; total: number } | undefined = () => undefined): void {
    const beat = async () => {
      try {
        const d = disk();
        const req: wire.NodeHeartbeatRequest = { nodeId: this.options.nodeId, nodeEpoch: this.epoch, shuttingDown: shuttingDown() };
        if (d) {
          req.diskFreeBytes = d.free;
          req.diskTotalBytes = d.total;
        }
        const res = await this.call<wire.NodeHeartbeatResponse__Output>('nodeHeartbeat', req, intervalMs * 2);
        if (!res.registered) {
          this.options.logger.warn('controller no longer knows this node; registering again');
          await this.register();
        }
      } catch (err) {
        this.options.logger.warn({ err: (err as Error).message }, 'heartbeat to the controller failed');
      }
    };
    let running = false;
    this.heartbeatTimer = setInterval(() => {
      if (running || this.closed) return;
      running = true;
      void beat().finally(() => (running = false));
    }, intervalMs);
  }

  reportLeaders(leaders: wire.PartitionLeader[]): Promise<unknown> {
    return this.call('reportLeaders', { nodeId: this.options.nodeId, nodeEpoch: this.epoch, leaders }, 10_000);
  }

  allocateProducerIds(): Promise<wire.AllocateProducerIdsResponse__Output> {
    return this.call('allocateProducerIds', { nodeId: this.options.nodeId, nodeEpoch: this.epoch });
  }

  /**
   * Follows the metadata stream from any controller, reconnecting after errors
   * from the last version seen. `fromVersion()` tells where to resume.
   */
  watchMetadata(fromVersion: () => number, onEvent: (e: wire.WatchMetadataResponse__Output) => void): void {
    let index = 0;
    const connect = () => {
      if (this.closed) return;
      const id = (this.voters[index++ % this.voters.length] as ControllerVoter).id;
      const stream = this.client(id).watchMetadata({ fromVersion: fromVersion() });
      this.watch = stream;
      stream.on('data', (e: wire.WatchMetadataResponse__Output) => onEvent(e));
      stream.on('error', () => undefined);
      stream.on('close', () => {
        if (this.watch === stream && !this.closed) setTimeout(connect, 200);
      });
    };
    connect();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    this.watch?.cancel();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
