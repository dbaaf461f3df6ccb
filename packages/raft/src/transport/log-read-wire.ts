// Log reads (RaftService.ReadLog, log-read.ts) to and from the wire contract:
// the request, checked field by field before anything reads a disk; spans,
// whose numbers are checked like every Raft number from the network; and the
// gRPC status of a refusal, whose reason travels in a trailer so the reader
// acts on data, not on message text.
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import type { wire } from '@eddy/protocol';
import { EntryType, type NodeId } from '../core/types.js';
import { LogReadError, LogReadRefusal, checkLogReadRequest, type LogChunk, type LogReadRequest } from './log-read.js';
import { MAX_RAFT_NUMBER, entryToWire, num } from './wire-codec.js';

/** Trailer naming why a log read was refused (a LogReadRefusal). */
const REFUSAL_TRAILER = 'eddy-log-read-refusal';
/** Trailer with the serving node's log start, when the range began below it. */
const LOG_START_TRAILER = 'eddy-log-start-index';
const REFUSAL_STATUS: Record<LogReadRefusal, status> = {
  [LogReadRefusal.InvalidRequest]: status.INVALID_ARGUMENT,
  [LogReadRefusal.UnknownGroup]: status.NOT_FOUND,
  [LogReadRefusal.BelowLogStart]: status.OUT_OF_RANGE,
  [LogReadRefusal.Unavailable]: status.UNAVAILABLE,
};
const REFUSALS = new Set<string>(Object.values(LogReadRefusal));

/** A received ReadLogRequest, checked field by field; throws LogReadError(InvalidRequest). */
export function logReadRequestFromWire(w: wire.ReadLogRequest__Output): LogReadRequest {
  const index = (v: string, field: string): number => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new LogReadError(LogReadRefusal.InvalidRequest, `log read refused: ${field} is ${v}: not an index from 1 to 2^52`);
    return n;
  };
  return checkLogReadRequest({ group: w.group, from: index(w.fromIndex, 'from_index'), to: index(w.toIndex, 'to_index'), maxBytes: w.maxBytes });
}

export function logChunkToWire(chunk: LogChunk): wire.ReadLogResponse {
  return { firstIndex: chunk.first, lastIndex: chunk.last, entries: chunk.entries.map(entryToWire) };
}

/** A received span with its numbers checked (its order is checkLogChunk's); throws LogReadError(Unavailable). */
export function logChunkFromWire(w: wire.ReadLogResponse__Output): LogChunk {
  try {
    return {
      first: num(w.firstIndex, 'first_index'),
      last: num(w.lastIndex, 'last_index'),
      entries: w.entries.map((e) => ({
        term: num(e.term, 'entry term'),
        index: num(e.index, 'entry index'),
        type: e.type === 'RAFT_ENTRY_TYPE_CONF_CHANGE' ? EntryType.ConfChange : EntryType.Normal,
        data: e.data,
      })),
    };
  } catch (err) {
    throw new LogReadError(LogReadRefusal.Unavailable, `a malformed log read answer: ${(err as Error).message}`);
  }
}

/** The gRPC status answering a failed log read. */
export function logReadStatus(err: unknown): Partial<StatusObject> & { code: status; details: string } {
  const metadata = new Metadata();
  if (err instanceof LogReadError) {
    metadata.set(REFUSAL_TRAILER, err.reason);
    if (err.logStartIndex !== undefined) metadata.set(LOG_START_TRAILER, String(err.logStartIndex));
    return { code: REFUSAL_STATUS[err.reason], details: err.message, metadata };
  }
  metadata.set(REFUSAL_TRAILER, LogReadRefusal.Unavailable);
  return { code: status.UNAVAILABLE, details: `the node could not read its log (${(err as Error)?.message ?? String(err)}); ask another replica or retry`, metadata };
}

/** What a failed ReadLog call (a grpc-js ServiceError, or anything else) means to the reader. */
export function logReadErrorFromStatus(err: unknown, from: NodeId): LogReadError {
  if (err instanceof LogReadError) return err;
  const e = err as { code?: unknown; details?: unknown; message?: unknown; metadata?: unknown };
  const md = e.metadata instanceof Metadata ? e.metadata : undefined;
  const named = md?.get(REFUSAL_TRAILER)[0];
  const reason: LogReadRefusal =
    typeof named === 'string' && REFUSALS.has(named)
      ? (named as LogReadRefusal)
      : e.code === status.NOT_FOUND || e.code === status.UNIMPLEMENTED
        ? LogReadRefusal.UnknownGroup
        : e.code === status.INVALID_ARGUMENT
          ? LogReadRefusal.InvalidRequest
          : LogReadRefusal.Unavailable;
  const start = Number(md?.get(LOG_START_TRAILER)[0]);
  const logStartIndex = reason === LogReadRefusal.BelowLogStart && Number.isSafeInteger(start) && start >= 1 && start <= MAX_RAFT_NUMBER ? start : undefined;
  const details = typeof e.details === 'string' && e.details !== '' ? e.details : String(e.message ?? err);
  return new LogReadError(reason, `node ${from}: ${details}`, logStartIndex);
}
