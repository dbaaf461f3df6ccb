// Wire routing: bootstraps from any node, keeps the metadata cache fresh
// (periodically and whenever an error asks for it), routes partition requests
// to leaders, follows NOT_LEADER / NOT_CONTROLLER hints at once, retries
// retriable errors with backoff and puts a deadline on every call.
import type { CallOptions, ChannelCredentials, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';
import { EddyError, fromGrpcError, LeaderNotAvailableError, UnknownPartitionError, UnknownTopicError, type Logger, type wire } from '@eddy/protocol';
import { ClientClosedError, NoBrokersError } from '../errors.js';
import { every, systemClock, type Clock, type Timer } from '../retry/clock.js';
import { withRetry, type RetryPolicy } from '../retry/retry-policy.js';
import { ChannelPool, type NodeClients } from './channel-pool.js';
import { MetadataCache, type TopicEntry } from './metadata-cache.js';

export interface ClusterConnectionOptions {
  bootstrap: readonly string[];
  clientId: string;
  retry: RetryPolicy;
  logger: Logger;
  requestTimeoutMs: number;
  metadataMaxAgeMs: number;
  clock?: Clock;
  random?: () => number;
  /** TLS and user credentials of every channel; default plaintext. */
  credentials?: ChannelCredentials;
}

type Callback<T> = (err: ServiceError | null, value?: T) => void;

export class ClusterConnection {
  readonly metadata = new MetadataCache();
  readonly pool: ChannelPool;
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly random: () => number;
  private refreshing: Promise<void> | undefined;
  private refreshTimer: Timer | undefined;
  private closed = false;
  private readonly closeController = new AbortController();

  constructor(readonly options: ClusterConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.pool = new ChannelPool(options.credentials, this.clock);
    this.logger = options.logger;
    if (options.bootstrap.length === 0) throw new RangeError('bootstrap must name at least one host:port');
  }

  get signal(): AbortSignal {
    return this.closeController.signal;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Starts the periodic metadata refresh (idempotent). */
  startPeriodicRefresh(): void {
    if (this.refreshTimer || this.closed) return;
    const refresh = (): void => {
      this.refreshMetadata().catch((err: unknown) => this.logger.debug({ err }, 'periodic metadata refresh failed'));
    };
    this.refreshTimer = every(this.clock, this.options.metadataMaxAgeMs, refresh, { background: true });
  }

  /** One unary call with a deadline; gRPC errors become typed Eddy errors. */
  unary<T>(invoke: (options: CallOptions, callback: Callback<T>) => ClientUnaryCall, timeoutMs = this.options.requestTimeoutMs): Promise<T> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    return new Promise<T>((resolve, reject) => {
      invoke({ deadline: grpcDeadline(timeoutMs) }, (err, value) => {
        if (err) reject(fromGrpcError(err));
        else resolve(value as T);
      });
    });
  }

  /** Addresses to try for requests any node can answer: known nodes, then the bootstrap list. */
  candidateAddresses(): string[] {
    return [...new Set([...this.metadata.nodeAddresses(), ...this.options.bootstrap])];
  }

  /**
   * Refreshes metadata from any node. Concurrent callers share one request, so a
   * burst of NOT_LEADER errors costs one GetMetadata.
   */
  refreshMetadata(): Promise<void> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    let lastErr: unknown;
    for (const address of this.candidateAddresses()) {
      try {
        const c = this.pool.get(address);
        const resp = await this.unary<wire.GetMetadataResponse__Output>((o, cb) => c.metadata.getMetadata({ topics: [], includeInternal: false }, o, cb));
        this.metadata.update(resp, this.clock.now(), true);
        return;
      } catch (err) {
        if (this.closed) throw new ClientClosedError();
        // Wrong credentials are wrong at every node: say so, not "no node answered".
        if (err instanceof EddyError && err.code === 'UNAUTHENTICATED') throw err;
        lastErr = err;
        this.logger.debug({ err, address }, 'GetMetadata failed; trying the next node');
      }
    }
    throw new NoBrokersError(this.candidateAddresses(), lastErr);
  }

  /** Metadata no older than metadataMaxAgeMs. */
  async ensureMetadata(): Promise<void> {
    if (this.clock.now() - this.metadata.updatedAt > this.options.metadataMaxAgeMs) await this.refreshMetadata();
  }

  /** The topic's routing entry, refreshing once when it is unknown. Throws UnknownTopicError. */
  async topic(topic: string): Promise<TopicEntry> {
    await this.ensureMetadata();
    let t = this.metadata.topic(topic);
    if (!t) {
      await this.refreshMetadata();
      t = this.metadata.topic(topic);
    }
    if (!t) throw await this.unknownTopic(topic);
    return t;
  }

  /**
   * Why a topic is missing from the metadata: with ACLs on, the answer leaves
   * out topics the caller may not describe, so ask for it by name once — the
   * server then says UNAUTHORIZED — before calling it unknown.
   */
  private async unknownTopic(topic: string): Promise<Error> {
    const address = this.candidateAddresses()[0];
    if (address !== undefined) {
      try {
        const c = this.pool.get(address);
        await this.unary<wire.GetMetadataResponse__Output>((o, cb) => c.metadata.getMetadata({ topics: [topic], includeInternal: false }, o, cb));
      } catch (err) {
        if (err instanceof EddyError && (err.code === 'UNAUTHORIZED' || err.code === 'UNAUTHENTICATED')) return err;
      }
    }
    return new UnknownTopicError(`Topic "${topic}" does not exist; create it first or check the name.`, { details: { topic } });
  }

  /** The clients of the partition's current leader (refreshing metadata once when unknown). */
  async leaderClients(topic: string, partition: number): Promise<NodeClients> {
    await this.ensureMetadata();
    let route = this.metadata.route(topic, partition);
    if (route.kind !== 'leader') {
      await this.refreshMetadata();
      route = this.metadata.route(topic, partition);
    }
    switch (route.kind) {
      case 'leader':
        return this.pool.get(route.address);
      case 'unknown-topic':
        throw await this.unknownTopic(topic);
      case 'unknown-partition':
        throw new UnknownPartitionError(`Topic "${topic}" has ${route.partitionCount} partitions; partition ${partition} does not exist.`, { details: { topic, partition } });
      case 'no-leader':
        throw new LeaderNotAvailableError(undefined, { details: { topic, partition } });
    }
  }

  /**
   * Reacts to a failed call before it is retried: follow a leader hint at once,
   * else refresh metadata when the error asks for it.
   */
  async onPartitionError(topic: string, partition: number, err: unknown): Promise<void> {
    if (!(err instanceof EddyError)) return;
    if (err.code === 'NOT_LEADER' && this.metadata.applyLeaderHint(topic, partition, err.details.leaderId, err.details.leaderAddress)) {
      this.logger.debug({ topic, partition, leaderId: err.details.leaderId }, 'following leader hint');
      return;
    }
    if (err.code === 'UNKNOWN_TOPIC') this.metadata.forgetTopic(topic);
    if (err.refreshMetadata) {
      this.metadata.invalidateLeader(topic, partition);
      await this.refreshMetadata().catch((e: unknown) => this.logger.debug({ err: e }, 'metadata refresh failed'));
    }
  }

  /** Runs `fn` against the partition's leader with retries and re-routing. */
  leaderCall<T>(topic: string, partition: number, fn: (clients: NodeClients) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(
      async () => {
        if (this.closed) throw new ClientClosedError();
        return fn(await this.leaderClients(topic, partition));
      },
      {
        policy: this.options.retry,
        clock: this.clock,
        random: this.random,
        signal: signal ?? this.signal,
        onRetry: (err) => this.onPartitionError(topic, partition, err),
        retryAtOnce: (err) => err instanceof EddyError && err.code === 'NOT_LEADER' && err.details.leaderId !== undefined && err.details.leaderId >= 0,
      },
    );
  }

  /** Runs `fn` on any node (trying others when one is unavailable), with retries. */
  anyNodeCall<T>(fn: (clients: NodeClients) => Promise<T>): Promise<T> {
    let index = 0;
    return withRetry(
      async () => {
        if (this.closed) throw new ClientClosedError();
        const candidates = this.candidateAddresses();
        const address = candidates[index % candidates.length]!;
        return fn(this.pool.get(address));
      },
      {
        policy: this.options.retry,
        clock: this.clock,
        random: this.random,
        signal: this.signal,
        onRetry: () => {
          index++;
        },
      },
    );
  }

  /** Runs `fn` on a specific address with retries (e.g. a group coordinator). */
  nodeCall<T>(address: () => Promise<string>, fn: (clients: NodeClients) => Promise<T>, onRetry?: (err: unknown) => void | Promise<void>): Promise<T> {
    return withRetry(
      async () => {
        if (this.closed) throw new ClientClosedError();
        return fn(this.pool.get(await address()));
      },
      { policy: this.options.retry, clock: this.clock, random: this.random, signal: this.signal, ...(onRetry ? { onRetry } : {}) },
    );
  }

  /**
   * Runs an AdminService call: first at the active controller when known, else any
   * node; NOT_CONTROLLER answers are followed to the hinted controller at once.
   */
  controllerCall<T>(fn: (clients: NodeClients) => Promise<T>): Promise<T> {
    let target: string | undefined;
    let index = 0;
    return withRetry(
      async () => {
        if (this.closed) throw new ClientClosedError();
        if (target === undefined) {
          const ctrl = this.metadata.node(this.metadata.controllerId);
          const candidates = this.candidateAddresses();
          target = ctrl?.address ?? candidates[index % candidates.length]!;
        }
        return fn(this.pool.get(target));
      },
      {
        policy: this.options.retry,
        clock: this.clock,
        random: this.random,
        signal: this.signal,
        retryAtOnce: (err) => err instanceof EddyError && err.code === 'NOT_CONTROLLER' && err.details.leaderAddress !== undefined,
        onRetry: async (err) => {
          if (err instanceof EddyError && err.code === 'NOT_CONTROLLER') {
            const hinted = err.details.leaderAddress ?? (err.details.leaderId !== undefined ? this.metadata.node(err.details.leaderId)?.address : undefined);
            if (hinted) {
              target = hinted;
              return;
            }
          }
          target = undefined;
          index++;
          if (err instanceof EddyError && err.refreshMetadata) await this.refreshMetadata().catch(() => undefined);
        },
      },
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeController.abort(new ClientClosedError());
    this.refreshTimer?.cancel();
    this.pool.close();
  }
}

/**
 * A call's gRPC deadline. grpc-js keeps it with its own timer against the
 * wall clock, so it is the one time here not read from the injected Clock: a
 * fake clock could not move grpc-js's timer, and its origin is arbitrary.
 */
function grpcDeadline(timeoutMs: number): number {
  // eslint-disable-next-line no-restricted-properties -- grpc-js's deadline is on the wall clock
  return Date.now() + timeoutMs;
}
