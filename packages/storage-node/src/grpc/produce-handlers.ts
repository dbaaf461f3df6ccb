// ProduceService handlers: translate the wire request, delegate to
// ProduceService, answer errors as gRPC statuses with the Eddy code (Produce)
// or as ErrorInfo under the request's id (ProduceStream).
import { InvalidRequestError, toEddyError, toErrorInfo, toGrpcError, UnavailableError, type wire } from '@eddy/protocol';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { ProduceOutput, ProduceService } from '../produce/produce-service.js';
import { isMalformed, malformedReason } from './malformed.js';
import { unary } from './unary.js';
import { toAcks, toPlainRecords } from './wire-convert.js';

export interface ProducerIdSource {
  /** A fresh producer id and epoch (the server allocates ids in blocks from the controller). */
  next(): Promise<{ producerId: bigint; producerEpoch: number }>;
}

/** Validates and delegates one ProduceRequest (both methods). */
function produce(service: ProduceService, req: wire.ProduceRequest__Output): Promise<ProduceOutput> {
  if (typeof req.topic !== 'string' || req.topic.length === 0) throw new InvalidRequestError('topic is required');
  return service.produce({
    topic: req.topic,
    partition: req.partition,
    acks: toAcks(req.acks),
    timeoutMs: Math.max(0, req.timeoutMs),
    batch: req.payload === 'recordBatch' ? req.recordBatch : undefined,
    records: req.payload === 'records' && req.records ? toPlainRecords(req.records) : undefined,
  });
}

function toProduceResponse(out: ProduceOutput): wire.ProduceResponse {
  return {
    baseOffset: out.baseOffset,
    lastOffset: out.lastOffset,
    logAppendTimeMs: out.logAppendTimeMs,
    logStartOffset: out.logStartOffset,
    duplicate: out.duplicate,
  };
}

/**
 * How much may be in flight (proposed, not yet answered): on one ProduceStream
 * before the server stops reading it, and across all of this node's unary
 * Produce calls before it refuses more with a retriable UNAVAILABLE.
 */
export interface ProduceLimits {
  /** Requests (default 1,024 per stream, 4,096 for unary calls). */
  maxRequests: number;
  /** Their record-batch bytes (default 64 MiB per stream, 256 MiB for unary calls). */
  maxBytes: number;
}

const DEFAULT_STREAM_LIMITS: ProduceLimits = { maxRequests: 1024, maxBytes: 64 * 1024 * 1024 };
const DEFAULT_UNARY_LIMITS: ProduceLimits = { maxRequests: 4096, maxBytes: 256 * 1024 * 1024 };

function requestBytes(req: wire.ProduceRequest__Output | null): number {
  if (!req) return 0;
  if (req.payload === 'recordBatch') return req.recordBatch?.byteLength ?? 0;
  let n = 0;
  for (const r of req.records?.records ?? []) n += (r.key?.byteLength ?? 0) + (r.value?.byteLength ?? 0);
  return n;
}

export function produceHandlers(
  service: ProduceService,
  producerIds?: ProducerIdSource,
  streamLimits: ProduceLimits = DEFAULT_STREAM_LIMITS,
  unaryLimits: ProduceLimits = DEFAULT_UNARY_LIMITS,
): wire.ProduceServiceHandlers {
  // Unary calls cannot be paused like a stream: each is read in full before the
  // handler runs. Past the limit they are refused (nothing proposed), so a
  // client with unbounded concurrency cannot make the node hold without bound.
  let unaryInFlight = 0;
  let unaryInFlightBytes = 0;
  return {
    Produce: unary(async (req: wire.ProduceRequest__Output): Promise<wire.ProduceResponse> => {
      const bytes = requestBytes(req);
      if (unaryInFlight >= unaryLimits.maxRequests || (unaryInFlight > 0 && unaryInFlightBytes + bytes > unaryLimits.maxBytes)) {
        throw new UnavailableError(
          `this node already has ${unaryInFlight} Produce calls (${unaryInFlightBytes} bytes) in flight, its limit is ${unaryLimits.maxRequests} calls or ${unaryLimits.maxBytes} bytes; ` +
            'nothing was written: retry after a short back-off, or use ProduceStream, which waits instead of refusing',
        );
      }
      unaryInFlight++;
      unaryInFlightBytes += bytes;
      try {
        return toProduceResponse(await produce(service, req));
      } finally {
        unaryInFlight--;
        unaryInFlightBytes -= bytes;
      }
    }),
    ProduceStream: (call: ServerDuplexStream<wire.ProduceStreamRequest__Output, wire.ProduceStreamResponse>) => {
      let ended = false;
      let halfClosed = false;
      let inFlight = 0;
      let inFlightBytes = 0;
      // Back-pressure: past the limits the server stops reading the stream (the
      // client's writes then wait on HTTP/2 flow control) until half is answered.
      const full = (): boolean => inFlight >= streamLimits.maxRequests || inFlightBytes >= streamLimits.maxBytes;
      const finish = (): void => {
        if (!ended) {
          ended = true;
          call.end();
        }
      };
      const answer = (res: wire.ProduceStreamResponse, bytes: number): void => {
        inFlight--;
        inFlightBytes -= bytes;
        if (call.isPaused() && inFlight <= streamLimits.maxRequests / 2 && inFlightBytes <= streamLimits.maxBytes / 2) call.resume();
        if (!ended) call.write(res);
        if (halfClosed && inFlight === 0) finish();
      };
      call.on('data', (msg: unknown) => {
        if (ended) return;
        if (isMalformed(msg)) {
          // Its id is unknown, so nothing can answer it: the stream ends.
          ended = true;
          call.emit('error', toGrpcError(new InvalidRequestError(`a ProduceStream message is not a valid protobuf message: ${malformedReason(msg)}; the stream is closed, open a new one`)));
          return;
        }
        const m = msg as wire.ProduceStreamRequest__Output;
        const id = m.id;
        let result: Promise<ProduceOutput>;
        const bytes = requestBytes(m.request);
        inFlight++;
        inFlightBytes += bytes;
        if (full()) call.pause();
        try {
          // Called synchronously, so requests are proposed in the order they arrived.
          if (!m.request) throw new InvalidRequestError(`ProduceStream request ${id} carries no request; set request`);
          result = produce(service, m.request);
        } catch (err) {
          result = Promise.reject(err);
        }
        result.then(
          (out) => answer({ id, response: toProduceResponse(out) }, bytes),
          (err: unknown) => answer({ id, error: toErrorInfo(toEddyError(err)) }, bytes),
        );
      });
      call.on('end', () => {
        // The client sends no more; what is in flight is still answered.
        halfClosed = true;
        if (inFlight === 0) finish();
      });
      call.on('cancelled', () => {
        ended = true;
      });
      call.on('error', () => {
        ended = true;
      });
    },
    InitProducerId: unary(async (_req: wire.InitProducerIdRequest__Output): Promise<wire.InitProducerIdResponse> => {
      if (!producerIds) throw new UnavailableError('this node cannot allocate producer ids (no controller connection configured)');
      const { producerId, producerEpoch } = await producerIds.next();
      return { producerId: producerId.toString(), producerEpoch };
    }),
  };
}
