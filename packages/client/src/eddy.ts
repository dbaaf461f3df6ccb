// The entry point users construct: holds the connection layer (channels,
// metadata, routing, retry) and hands out producers, consumers and admin
// clients that share it. close() closes everything it handed out.
import { silentLogger, type Logger } from '@eddy/protocol';
import { Admin } from './admin/admin.js';
import { ClusterConnection } from './connection/cluster-connection.js';
import { channelCredentials, type AuthOptions, type TlsOptions } from './connection/security.js';
import { Consumer, type ConsumerOptions } from './consumer/consumer.js';
import { ClientClosedError } from './errors.js';
import { Producer, type ProducerOptions } from './producer/producer.js';
import type { Clock } from './retry/clock.js';
import { resolveRetryPolicy, type RetryPolicy } from './retry/retry-policy.js';

/** Client settings. */
export interface EddyOptions {
  /** Any nodes of the cluster: ["host:port", ...] or "host:port,host:port". */
  bootstrap: readonly string[] | string;
  /** Sent to coordinators and logged by servers. Default "eddy-client". */
  clientId?: string;
  /** How failed calls are retried (only errors marked retriable). */
  retry?: Partial<RetryPolicy>;
  /** A pino logger; default silent. */
  logger?: Logger;
  /** Deadline of each unary call (ms). Default 30000. */
  requestTimeoutMs?: number;
  /** Metadata is refreshed at least this often (ms). Default 300000 (5 min). */
  metadataMaxAgeMs?: number;
  /** Time source (tests). */
  clock?: Clock;
  /** Connect over TLS: the cluster CA, and a client certificate for mutual TLS. Default plaintext. */
  tls?: TlsOptions;
  /** Authenticate as a user (`eddy user create`); needs tls. */
  auth?: AuthOptions;
}

/**
 * A connection to an Eddy cluster. Producers, consumers and admin clients made
 * from it share its channels (one per node) and metadata cache.
 *
 * @example
 * const eddy = new Eddy({ bootstrap: '127.0.0.1:9092' });
 * const producer = eddy.producer();
 * await producer.send({ topic: 'temperature-readings', messages: [{ key: 'sensor-123', value: '32' }] });
 * await eddy.close();
 */
export class Eddy {
  private readonly conn: ClusterConnection;
  private readonly producers = new Set<Producer>();
  private readonly consumers = new Set<Consumer>();
  private closed = false;

  /** Validates the options; connects lazily (on the first request) or on `connect()`. */
  constructor(options: EddyOptions) {
    const bootstrap = (typeof options.bootstrap === 'string' ? options.bootstrap.split(',') : [...options.bootstrap]).map((s) => s.trim()).filter((s) => s.length > 0);
    if (bootstrap.length === 0) throw new RangeError('bootstrap must name at least one host:port');
    const logger = (options.logger ?? silentLogger()).child({ component: 'eddy-client' });
    this.conn = new ClusterConnection({
      bootstrap,
      clientId: options.clientId ?? 'eddy-client',
      retry: resolveRetryPolicy(options.retry),
      logger,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      metadataMaxAgeMs: options.metadataMaxAgeMs ?? 300_000,
      credentials: channelCredentials(options.tls, options.auth),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.conn.startPeriodicRefresh();
  }

  /** Fetches metadata now (optional: every operation connects on demand). */
  async connect(): Promise<void> {
    this.checkOpen();
    await this.conn.refreshMetadata();
  }

  /** A new producer on this client's connections. */
  producer(options: ProducerOptions = {}): Producer {
    this.checkOpen();
    const p = new Producer(this.conn, options);
    this.producers.add(p);
    return p;
  }

  /** A new consumer on this client's connections. */
  consumer(options: ConsumerOptions = {}): Consumer {
    this.checkOpen();
    const c = new Consumer(this.conn, options);
    this.consumers.add(c);
    return c;
  }

  /** An admin client on this client's connections. */
  admin(): Admin {
    this.checkOpen();
    return new Admin(this.conn);
  }

  /** Flushes producers, closes consumers (leaving groups), then closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.producers].map((p) => p.close()));
    await Promise.allSettled([...this.consumers].map((c) => c.close()));
    this.conn.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new ClientClosedError();
  }
}
