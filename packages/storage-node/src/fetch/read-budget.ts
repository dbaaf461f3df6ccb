// How many bytes a read may take (issue 17: the memory a client can make a
// node spend on reads; docs/architecture.md §12): the node's caps on Fetch
// and Subscribe, the checks of the sizes a client sends, and the
// batch-by-batch rule that ends a read. Pure: the read loop
// (budgeted-read.ts) asks a ReadBudget how much to read from storage and
// whether to take each batch, so a read stops as soon as its budget is spent
// instead of loading the range a request names.
import { DEFAULT_MAX_DECOMPRESSED_BYTES, InvalidRequestError, MAX_MESSAGE_BYTES, type DecodedRecord } from '@eddy/protocol';

/**
 * Most bytes one Fetch answer carries; larger max_bytes are clamped to it (as
 * Kafka's broker clamps to its fetch.max.bytes). Half the gRPC message limit:
 * the answer's first batch may go over it, and decoded records add framing.
 */
export const MAX_FETCH_BYTES = MAX_MESSAGE_BYTES / 2;

/**
 * Node-wide hard cap on one batch's decompressed size, the one produce checks
 * against (a stored batch fits it): even the first batch of an answer, which
 * is returned whatever the budget, is never decompressed past it.
 */
export const MAX_BATCH_DECODE_BYTES = DEFAULT_MAX_DECOMPRESSED_BYTES;

/**
 * Most Subscribe credit outstanding on one stream; grants above it are
 * clamped. Not below MAX_BATCH_DECODE_BYTES or the 64 MiB ceiling of
 * max.message.bytes, so that any stored batch can still be sent.
 */
export const MAX_SUBSCRIBE_CREDIT_BYTES = 64 * 1024 * 1024;

/** Most bytes in one Subscribe message, beyond its first batch. */
export const MAX_SUBSCRIBE_MESSAGE_BYTES = 1024 * 1024;

/**
 * Bytes a decoded record counts beyond its key, value and headers: its
 * offset, timestamp, leader epoch and framing as a ConsumedRecord on the wire.
 * Without it a batch of a million empty records would count nothing.
 */
export const DECODED_RECORD_OVERHEAD_BYTES = 32;

/**
 * The bytes one read may take, batch by batch, in log order. It stops at
 * `soft` bytes, except that a first batch larger than that is still taken (as
 * Kafka does, so that a large batch never blocks a reader) when it fits
 * `hard`, which is never exceeded — unless `firstUnbounded`: the first batch
 * of a Fetch answer is taken whatever its size.
 */
export class ReadBudget {
  /** Bytes taken so far. */
  used = 0;
  /** Batches taken so far. */
  taken = 0;

  constructor(
    readonly soft: number,
    readonly hard: number,
    readonly firstUnbounded = false,
  ) {}

  /** The largest next batch this budget takes (Infinity: any size). */
  allowance(): number {
    if (this.taken === 0) return this.firstUnbounded ? Number.POSITIVE_INFINITY : Math.max(0, this.hard);
    return Math.max(0, Math.min(this.soft, this.hard) - this.used);
  }

  /**
   * Stored bytes worth reading from storage for what the budget can still
   * take (a read returns its first batch whatever its size); 0: read nothing.
   */
  readAhead(): number {
    const allowance = this.allowance();
    if (allowance <= 0) return 0;
    return Math.max(1, Math.min(allowance, this.soft, this.hard));
  }

  /** Takes the next batch, counted as `bytes`, if the budget allows it. */
  take(bytes: number): boolean {
    if (bytes > this.allowance()) return false;
    this.used += bytes;
    this.taken++;
    return true;
  }
}

/** A size a client sent: 0 or more, else INVALID_REQUEST naming the field. */
export function checkSize(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidRequestError(`${field} must be 0 or more bytes, got ${value}`);
  return value;
}

export interface FetchCaps {
  /** The most one answer carries. */
  maxBytes: number;
}

export const DEFAULT_FETCH_CAPS: FetchCaps = { maxBytes: MAX_FETCH_BYTES };

export interface FetchSizes {
  maxBytes: number;
  minBytes: number;
  partitions: readonly { maxBytes: number }[];
}

export interface FetchBudgets {
  /** Bytes the whole answer may carry. */
  responseBytes: number;
  /** Bytes each partition may carry beyond its first batch, in request order. */
  partitionBytes: number[];
  /** Bytes to wait for before answering. */
  minBytes: number;
}

/**
 * A Fetch's sizes checked (negative ones are refused) and clamped to the
 * answer's cap (what a request can make the node hold); a request's 0 asks
 * for the cap, a partition's 0 for no bound beyond the request's (the wire
 * contract). A request asking less gets less. Like Kafka's broker, a
 * partition asking more than its client's usual 1 MiB gets it: a reader
 * catching up asks for more per round trip.
 */
export function fetchBudgets(sizes: FetchSizes, caps: FetchCaps = DEFAULT_FETCH_CAPS): FetchBudgets {
  const maxBytes = checkSize(sizes.maxBytes, 'max_bytes');
  const minBytes = checkSize(sizes.minBytes, 'min_bytes');
  const responseBytes = maxBytes === 0 ? caps.maxBytes : Math.min(maxBytes, caps.maxBytes);
  const partitionBytes = sizes.partitions.map((p, i) => {
    const asked = checkSize(p.maxBytes, `partitions[${i}].max_bytes`);
    return asked === 0 ? responseBytes : Math.min(asked, responseBytes);
  });
  return { responseBytes, partitionBytes, minBytes };
}

/** Credit outstanding after a grant, clamped to `cap`; a negative grant is refused. */
export function grantCredit(outstanding: number, grant: number, field: string, cap: number = MAX_SUBSCRIBE_CREDIT_BYTES): number {
  checkSize(grant, field);
  return Math.min(cap, outstanding + grant);
}

/** What a decoded record counts: key, value and headers as sent, plus DECODED_RECORD_OVERHEAD_BYTES. */
export function decodedRecordBytes(r: Pick<DecodedRecord, 'key' | 'value' | 'headers'>): number {
  let n = DECODED_RECORD_OVERHEAD_BYTES + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += Buffer.byteLength(h.key, 'utf8') + (h.value?.length ?? 0);
  return n;
}
