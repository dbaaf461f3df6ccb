// Forwarding of AdminService calls to the active controller (Kafka's KIP-590),
// so a client may send any admin call to any node, controller or not. Owns the
// routing decision for one call (serve here, or forward), the forwarded call
// itself (the caller's remaining deadline, its cancellation, one retry across
// a controller change) and one reusable gRPC client per controller address.
//
// A forwarded call carries FORWARDED_KEY; a node receiving one answers it
// itself and never forwards again, so two nodes with stale views of the
// active controller cannot bounce a call between them: the receiver that is
// not active says NOT_CONTROLLER, and the forwarding node retries once.
import { Client, Metadata, credentials, status as GrpcStatus, type ChannelCredentials, type Deadline, type ServerUnaryCall, type ServiceError, type handleUnaryCall } from '@grpc/grpc-js';
import {
  EddyError,
  ERROR_CODE_KEY,
  MAX_MESSAGE_BYTES,
  NODE_RECONNECT_BACKOFF,
  NotControllerError,
  PRINCIPAL_KEY,
  TimeoutError,
  UnavailableError,
  fromGrpcError,
  loadEddyProto,
  principalOfCall,
  silentLogger,
  toGrpcError,
  type GrpcErrorPayload,
  type Logger,
} from '@eddy/protocol';
import type { ControllerRef } from '../log/metadata-log.js';

/** Metadata key marking a call one node forwarded to another. */
export const FORWARDED_KEY = 'eddy-forwarded';

export const ADMIN_METHODS = [
  'CreateTopic',
  'DeleteTopic',
  'ListTopics',
  'DescribeTopic',
  'CreatePartitions',
  'DescribeConfigs',
  'AlterConfigs',
  'DescribeCluster',
  'CreateUser',
  'DeleteUser',
  'ListUsers',
  'CreateAcls',
  'DeleteAcls',
  'ListAcls',
  'SetQuota',
  'DeleteQuota',
  'ListQuotas',
  'AlterPartitionReassignments',
  'ListPartitionReassignments',
  'Rebalance',
  'DecommissionNode',
  'RecommissionNode',
  'ListNodes',
  'AddControllerVoter',
  'RemoveControllerVoter',
] as const;
export type AdminMethod = (typeof ADMIN_METHODS)[number];

export interface AdminForwarderOptions {
  /** The active controller as this node knows it (its internal listener); undefined while none is known (an election). */
  activeController: () => ControllerRef | undefined;
  /** With TLS, this node's certificate: the controller trusts the principal it forwards. Default plaintext. */
  channelCredentials?: ChannelCredentials;
  /** Bound on a forwarded call whose caller set no deadline. Default 30 s. */
  defaultTimeoutMs?: number;
  /**
   * After a NOT_CONTROLLER without a hint, how long to wait for activeController()
   * to name another controller before retrying the same one. Default 1 s.
   */
  settleMs?: number;
  /** How often to look at activeController() again while waiting. Default 25 ms. */
  pollMs?: number;
  logger?: Logger;
}

/** This node's own controller, when it has one: served here while it is active. */
export interface LocalAdmin<Req, Res> {
  serve(request: Req, call: ServerUnaryCall<Req, Res>): Promise<Res>;
  isActive(): boolean;
}

/** More clients than controllers means addresses changed; the oldest go. */
const MAX_CLIENTS = 16;

export class AdminForwarder {
  private readonly clients = new Map<string, Client>();
  private readonly definition = loadEddyProto().proto.eddy.v1.AdminService.service;
  private readonly defaultTimeoutMs: number;
  private readonly settleMs: number;
  private readonly pollMs: number;
  private readonly logger: Logger;
  private closed = false;

  constructor(private readonly options: AdminForwarderOptions) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
    this.settleMs = options.settleMs ?? 1_000;
    this.pollMs = options.pollMs ?? 25;
    this.logger = options.logger ?? silentLogger();
  }

  /**
   * The gRPC handler of one AdminService method. With `local`: served here while
   * that controller is active (and when it lost the role meanwhile, forwarded);
   * otherwise forwarded. A call forwarded here is always answered here.
   */
  handler<Req, Res>(method: AdminMethod, local?: LocalAdmin<Req, Res>): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      this.route(method, call, local).then(
        (response) => callback(null, response),
        (err: unknown) => callback(err instanceof UpstreamError ? err.payload : toGrpcError(err)),
      );
    };
  }

  /** Closes the clients; calls forwarded after this fail with UNAVAILABLE. */
  close(): void {
    this.closed = true;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private async route<Req, Res>(method: AdminMethod, call: ServerUnaryCall<Req, Res>, local: LocalAdmin<Req, Res> | undefined): Promise<Res> {
    if (call.metadata.get(FORWARDED_KEY).length > 0) {
      if (!local) throw new NotControllerError('this node runs no controller, yet a call was forwarded to it; send the request to a controller');
      return local.serve(call.request, call);
    }
    if (local?.isActive()) {
      try {
        return await local.serve(call.request, call);
      } catch (err) {
        if (!(err instanceof EddyError && err.code === 'NOT_CONTROLLER')) throw err;
        // Lost the active role while serving: the next active controller answers.
      }
    }
    return this.forward(method, call);
  }

  private async forward<Req, Res>(method: AdminMethod, call: ServerUnaryCall<Req, Res>): Promise<Res> {
    const deadline = Math.min(deadlineMs(call.getDeadline()), Date.now() + this.defaultTimeoutMs);
    const first = await this.controller(call, deadline);
    try {
      return await this.send(first, method, call, deadline);
    } catch (err) {
      if (!(err instanceof UpstreamError) || err.code !== 'NOT_CONTROLLER' || call.cancelled || Date.now() >= deadline) throw err;
      // The active controller changed: once more, at the one it names or the one known now.
      const next = err.hint && err.hint.address !== first.address ? err.hint : await this.controller(call, deadline, first.address);
      this.logger.debug({ method, from: first.id, to: next.id }, 'forwarded admin call refused with NOT_CONTROLLER; retrying once');
      return this.send(next, method, call, deadline);
    }
  }

  /**
   * The active controller, waiting (polling, within the deadline) while none is
   * known. With `other`, waits up to settleMs for a controller at another
   * address, then settles for what is known.
   */
  private async controller(call: ServerUnaryCall<unknown, unknown>, deadline: number, other?: string): Promise<ControllerRef> {
    const settleBy = Math.min(deadline, Date.now() + this.settleMs);
    for (;;) {
      if (this.closed) throw new UnavailableError('this node is shutting down; send the request to another node');
      if (call.cancelled) throw new EddyError('UNAVAILABLE', 'the caller cancelled the call');
      const known = this.options.activeController();
      if (known && (other === undefined || known.address !== other || Date.now() >= settleBy)) return known;
      if (Date.now() >= deadline) throw new NotControllerError('no controller is active right now (an election is in progress); retry shortly');
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollMs, Math.max(1, deadline - Date.now()))));
    }
  }

  private send<Req, Res>(target: ControllerRef, method: AdminMethod, call: ServerUnaryCall<Req, Res>, deadline: number): Promise<Res> {
    const def = this.definition[method];
    const metadata = new Metadata();
    metadata.set(FORWARDED_KEY, '1');
    // Who asked: the controller authorizes and audits the call as the caller, not as this node.
    metadata.set(PRINCIPAL_KEY, principalOfCall(call));
    return new Promise<Res>((resolve, reject) => {
      if (call.cancelled) return reject(new EddyError('UNAVAILABLE', 'the caller cancelled the call'));
      let onCancel = (): void => undefined;
      try {
        const upstream = this.client(target.address).makeUnaryRequest(
          def.path,
          def.requestSerialize as (req: Req) => Buffer,
          def.responseDeserialize as (bytes: Buffer) => Res,
          call.request,
          metadata,
          { deadline },
          (err: ServiceError | null, response?: Res) => {
            call.removeListener('cancelled', onCancel);
            if (err) reject(this.upstreamError(err, target));
            else resolve(response as Res);
          },
        );
        onCancel = () => upstream.cancel();
        call.once('cancelled', onCancel);
      } catch (err) {
        reject(err);
      }
    });
  }

  /**
   * The controller's answer, unchanged: status, message and the eddy-* trailers.
   * An error without an Eddy code is not the controller's answer but a failure
   * of this hop (unreachable, out of time, a stream reset on the way): it is
   * told as this hop's, retriable, naming the controller.
   */
  private upstreamError(err: ServiceError, target: ControllerRef): Error {
    const code = err.metadata?.get(ERROR_CODE_KEY)[0];
    if (code === undefined) {
      this.logger.debug({ controller: target.id, err: err.details }, 'could not forward an admin call to the active controller');
      const message = `forwarding to the active controller ${target.id} at ${target.address} failed: ${err.details}`;
      return err.code === GrpcStatus.DEADLINE_EXCEEDED ? new TimeoutError(message, { cause: err }) : new UnavailableError(message, { cause: err });
    }
    const trailers = new Metadata();
    // Not the leader's address: that is the controller's internal listener,
    // which clients cannot use; the leader id lets them look it up.
    if (err.metadata) for (const [key, value] of Object.entries(err.metadata.getMap())) if (key.startsWith('eddy-') && key !== 'eddy-leader-address') trailers.set(key, value);
    const details = fromGrpcError(err).details;
    const hint = details.leaderId !== undefined && details.leaderAddress !== undefined ? { id: details.leaderId, address: details.leaderAddress } : undefined;
    return new UpstreamError({ code: err.code, details: err.details, metadata: trailers }, typeof code === 'string' ? code : undefined, hint);
  }

  private client(address: string): Client {
    let c = this.clients.get(address);
    if (!c) {
      if (this.clients.size >= MAX_CLIENTS) {
        const [oldest, client] = this.clients.entries().next().value as [string, Client];
        client.close();
        this.clients.delete(oldest);
      }
      c = new Client(address, this.options.channelCredentials ?? credentials.createInsecure(), {
        'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
        'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
        ...NODE_RECONNECT_BACKOFF,
      });
      this.clients.set(address, c);
    }
    return c;
  }
}

/** An answer from the controller a call was forwarded to, passed back as it came. */
class UpstreamError extends Error {
  constructor(
    readonly payload: GrpcErrorPayload,
    readonly code: string | undefined,
    readonly hint: ControllerRef | undefined,
  ) {
    super(payload.details);
  }
}

function deadlineMs(deadline: Deadline): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}
