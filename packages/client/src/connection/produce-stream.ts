// One pipelined ProduceStream per node: produce requests go out on a single
// long-lived bidi stream, each with an id its answer repeats, instead of one
// unary call (one HTTP/2 stream, headers and trailers) per batch. The stream
// opens on first use and again after it breaks; a break fails every request
// in flight with a retriable error, as a failed unary call would. Deadlines
// are kept here: one timer per stream (on the injected clock) sweeps requests
// past theirs.
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { fromGrpcError, TimeoutError, UnavailableError, type wire } from '@eddy/protocol';
import { systemClock, every, type Clock, type Timer } from '../retry/clock.js';
import { errorFromInfo } from './error-info.js';

interface Pending {
  resolve(res: wire.ProduceResponse__Output): void;
  reject(err: Error): void;
  deadline: number;
  topic: string;
  partition: number;
}

type Stream = ClientDuplexStream<wire.ProduceStreamRequest, wire.ProduceStreamResponse__Output>;

/** How often requests are checked against their deadlines. */
const SWEEP_MS = 100;

export class ProduceStream {
  private stream: Stream | undefined;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private sweeper: Timer | undefined;
  private closed = false;

  constructor(
    private readonly client: wire.ProduceServiceClient,
    private readonly address: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Sends one request; resolves with its answer, rejects with a typed error. Requests are written in call order. */
  send(request: wire.ProduceRequest, timeoutMs: number): Promise<wire.ProduceResponse__Output> {
    if (this.closed) return Promise.reject(new UnavailableError(`the produce stream to ${this.address} is closed`));
    const stream = this.stream ?? this.open();
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, deadline: this.clock.now() + timeoutMs, topic: request.topic ?? '', partition: request.partition ?? 0 });
      this.sweeper ??= every(this.clock, SWEEP_MS, () => this.sweep(), { background: true });
      stream.write({ id, request });
    });
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Fails what is in flight and ends the stream. */
  close(): void {
    this.closed = true;
    this.broken(this.stream, new UnavailableError(`the produce stream to ${this.address} was closed by the client`));
  }

  private open(): Stream {
    const stream: Stream = this.client.produceStream();
    this.stream = stream;
    stream.on('data', (res: wire.ProduceStreamResponse__Output) => this.answer(res));
    stream.on('error', (err: ServiceError) => this.broken(stream, fromGrpcError(err)));
    stream.on('end', () => this.broken(stream, new UnavailableError(`node ${this.address} ended the produce stream; the batch may or may not have been written, retry`)));
    return stream;
  }

  private answer(res: wire.ProduceStreamResponse__Output): void {
    const p = this.pending.get(res.id);
    if (!p) return; // timed out already
    this.pending.delete(res.id);
    if (res.result === 'response' && res.response) p.resolve(res.response);
    else if (res.result === 'error' && res.error) p.reject(errorFromInfo(res.error, p.topic, p.partition));
    else p.reject(new UnavailableError(`node ${this.address} answered produce request ${res.id} with neither a response nor an error`));
    this.idle();
  }

  /** The stream failed or ended: everything sent on it has an unknown fate. */
  private broken(stream: Stream | undefined, err: Error): void {
    if (stream === undefined || stream !== this.stream) return;
    this.stream = undefined;
    stream.cancel();
    const all = [...this.pending.values()];
    this.pending.clear();
    this.idle();
    for (const p of all) p.reject(err);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, p] of this.pending) {
      if (p.deadline > now) continue;
      this.pending.delete(id);
      p.reject(new TimeoutError(`no answer from ${this.address} to a produce request within its deadline; its fate is unknown (idempotent producers may retry safely)`));
    }
    this.idle();
  }

  private idle(): void {
    if (this.pending.size === 0 && this.sweeper !== undefined) {
      this.sweeper.cancel();
      this.sweeper = undefined;
    }
  }
}
