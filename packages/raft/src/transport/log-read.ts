// Reading a group's committed log from a peer (RaftService.ReadLog), the part
// both transports share. A replica whose application keeps its data in the
// Raft log (a partition) and that was rebuilt from a leader snapshot lacks
// the entries below that snapshot; it asks a peer for them with a LogRead.
//
// The serving side: a LogSource (the application's: it knows where its log
// starts and what it has applied) yields the range in spans, and a LogServer
// checks the request and throttles every stream it serves with one token
// bucket, so backfills cannot starve the node's own traffic. The transport
// writes one span per message and waits on the stream's flow control before
// asking for the next, so a range is never held in memory whole.
//
// A span [first, last] says "these are all the entries I hold between first
// and last": an index of the span without an entry is one the serving node's
// log compaction removed. Spans follow each other without a gap.
import type { Entry } from '../core/types.js';
import { MAX_GROUP_ID_LENGTH, MAX_RAFT_NUMBER } from './wire-codec.js';

export interface LogReadRequest {
  group: string;
  /** First and last index wanted (inclusive). */
  from: number;
  to: number;
  /** Entry bytes per span (a span holds at least one entry). */
  maxBytes: number;
}

/** Indexes [first, last]; `entries` are every entry the server holds among them, in order. */
export interface LogChunk {
  first: number;
  last: number;
  entries: Entry[];
}

/** Why a log read was refused; the caller acts on the reason, never on the message. */
export const LogReadRefusal = {
  /** A request field is out of bounds: fix the caller. */
  InvalidRequest: 'invalid-request',
  /** The serving node does not host the group (any more): ask another replica. */
  UnknownGroup: 'unknown-group',
  /** The range starts below the serving node's log start (retention removed it): start at `logStartIndex`. */
  BelowLogStart: 'below-log-start',
  /** Not now: the server has not applied the range, lacks part of it itself, or is unreachable. Retry or ask another replica. */
  Unavailable: 'unavailable',
} as const;
export type LogReadRefusal = (typeof LogReadRefusal)[keyof typeof LogReadRefusal];

export class LogReadError extends Error {
  override readonly name = 'LogReadError';

  constructor(
    readonly reason: LogReadRefusal,
    message: string,
    /** With BelowLogStart: the first index the server holds. */
    readonly logStartIndex?: number,
  ) {
    super(message);
  }
}

/** Entry bytes per span, at most: a bigger budget is refused rather than silently cut. */
export const MAX_LOG_READ_BYTES = 8 * 1024 * 1024;
/** ... and at least (smaller budgets only multiply messages). */
export const MIN_LOG_READ_BYTES = 1024;
/** Group ids are "__controller" or "p/<topic id>/<partition>": ASCII letters, digits and a few marks. */
const GROUP_ID_CHARS = /^[A-Za-z0-9._\-/]+$/;

/** Why a group id from the network is not one a peer may ask about, or undefined when it may be. */
export function groupIdProblem(group: unknown): string | undefined {
  if (typeof group !== 'string' || group.length === 0 || group.length > MAX_GROUP_ID_LENGTH) return `a group id of 1 to ${MAX_GROUP_ID_LENGTH} characters is required`;
  if (!GROUP_ID_CHARS.test(group)) return 'the group id holds characters no group id has (letters, digits, . _ - / only)';
  return undefined;
}

/** Checks a request from the network field by field; throws LogReadError(InvalidRequest) saying what is wrong. */
export function checkLogReadRequest(req: LogReadRequest): LogReadRequest {
  const bad = (what: string): never => {
    throw new LogReadError(LogReadRefusal.InvalidRequest, `log read refused: ${what}`);
  };
  const groupProblem = groupIdProblem(req.group);
  if (groupProblem !== undefined) bad(groupProblem);
  const index = (v: number, field: string): void => {
    if (!Number.isSafeInteger(v) || v < 1 || v > MAX_RAFT_NUMBER) bad(`${field} is ${String(v)}: not an index from 1 to 2^52`);
  };
  index(req.from, 'from_index');
  index(req.to, 'to_index');
  if (req.to < req.from) bad(`to_index ${req.to} is below from_index ${req.from}; ask for from <= to (both inclusive)`);
  if (!Number.isSafeInteger(req.maxBytes) || req.maxBytes < MIN_LOG_READ_BYTES || req.maxBytes > MAX_LOG_READ_BYTES) {
    bad(`max_bytes is ${String(req.maxBytes)}: ask for ${MIN_LOG_READ_BYTES} to ${MAX_LOG_READ_BYTES} bytes per message`);
  }
  return req;
}

/**
 * Checks a span received from a peer against what was asked: it starts where
 * the last one ended, stays in the range, and its entries are in order inside
 * it. Throws LogReadError(Unavailable): a peer that sends otherwise is not
 * one to copy a log from.
 */
export function checkLogChunk(chunk: LogChunk, expectedFirst: number, to: number): LogChunk {
  const bad = (what: string): never => {
    throw new LogReadError(LogReadRefusal.Unavailable, `a log read answer ${what}; ask another replica`);
  };
  if (chunk.first !== expectedFirst) bad(`starts at ${chunk.first}, not at ${expectedFirst}`);
  if (chunk.last < chunk.first || chunk.last > to) bad(`spans [${chunk.first}, ${chunk.last}], outside [${expectedFirst}, ${to}]`);
  let prev = chunk.first - 1;
  for (const e of chunk.entries) {
    if (e.index <= prev || e.index > chunk.last) bad(`holds entry ${e.index} after ${prev} in the span [${chunk.first}, ${chunk.last}]`);
    prev = e.index;
  }
  return chunk;
}

/** What a node serves log reads from: the application that keeps its data in its groups' logs. */
export interface LogSource {
  /**
   * Yields the committed entries [from, to] of a group in spans of about
   * `maxBytes`, from disk, or throws LogReadError. The request is checked.
   */
  read(request: LogReadRequest): AsyncIterable<LogChunk>;
}

export interface LogServeOptions {
  /** Bytes per second for all log reads this node serves together; 0 or absent: unlimited. */
  bytesPerSecond?: number;
  /** Milliseconds now (tests inject a clock). */
  clock?: () => number;
  /** Waits `ms` (tests inject one that moves their clock). */
  sleep?: (ms: number) => Promise<void>;
}

/** The bytes a span costs against the throttle: its entries' data. */
export function chunkBytes(chunk: LogChunk): number {
  let n = 0;
  for (const e of chunk.entries) n += e.data.byteLength;
  return n;
}

/**
 * A token bucket shared by every stream a node serves: tokens are bytes,
 * refilled at `bytesPerSecond` up to one second's worth. A taker reserves its
 * bytes at once (the bucket may go into debt) and waits until the debt is
 * paid, so concurrent streams queue fairly and the node never grants more
 * than one second's worth plus the rate times the time elapsed.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Bytes granted so far (for tests and metrics). */
  granted = 0;

  constructor(
    readonly bytesPerSecond: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`a token bucket needs a positive rate, got ${bytesPerSecond}`);
    this.tokens = bytesPerSecond;
    this.last = clock();
  }

  /** One second's worth: what the bucket holds when full. */
  get capacity(): number {
    return this.bytesPerSecond;
  }

  /** Resolves once `bytes` may be sent. */
  async take(bytes: number): Promise<void> {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000);
    this.last = now;
    this.tokens -= bytes;
    if (this.tokens < 0) await this.sleep(Math.ceil((-this.tokens * 1000) / this.bytesPerSecond));
    this.granted += bytes;
  }
}

/**
 * A node's serving side of log reads: checks each request, reads it from the
 * source and holds each span back until the node's throttle lets it go.
 */
export class LogServer {
  readonly throttle: TokenBucket | undefined;

  constructor(
    private readonly source: LogSource,
    options: LogServeOptions = {},
  ) {
    const rate = options.bytesPerSecond ?? 0;
    this.throttle = rate > 0 ? new TokenBucket(rate, options.clock, options.sleep) : undefined;
  }

  /** The spans of a (hostile) request, throttled. Throws LogReadError. */
  async *serve(request: LogReadRequest): AsyncGenerator<LogChunk> {
    const req = checkLogReadRequest(request);
    for await (const chunk of this.source.read(req)) {
      await this.throttle?.take(chunkBytes(chunk));
      yield chunk;
    }
  }
}
