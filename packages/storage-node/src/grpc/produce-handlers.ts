// ProduceService handlers: translate the wire request, delegate to
// ProduceService, answer errors as gRPC statuses with the Eddy code.
import { InvalidRequestError, UnavailableError, type wire } from '@eddy/protocol';
import type { ProduceService } from '../produce/produce-service.js';
import { unary } from './unary.js';
import { toAcks, toPlainRecords } from './wire-convert.js';

export interface ProducerIdSource {
  /** A fresh producer id and epoch (the server allocates ids in blocks from the controller). */
  next(): Promise<{ producerId: bigint; producerEpoch: number }>;
}

export function produceHandlers(service: ProduceService, producerIds?: ProducerIdSource): wire.ProduceServiceHandlers {
  return {
    Produce: unary(async (req: wire.ProduceRequest__Output): Promise<wire.ProduceResponse> => {
      if (typeof req.topic !== 'string' || req.topic.length === 0) throw new InvalidRequestError('topic is required');
      const out = await service.produce({
        topic: req.topic,
        partition: req.partition,
        acks: toAcks(req.acks),
        timeoutMs: Math.max(0, req.timeoutMs),
        batch: req.payload === 'recordBatch' ? req.recordBatch : undefined,
        records: req.payload === 'records' && req.records ? toPlainRecords(req.records) : undefined,
      });
      return {
        baseOffset: String(out.baseOffset),
        lastOffset: String(out.lastOffset),
        logAppendTimeMs: String(out.logAppendTimeMs),
        logStartOffset: String(out.logStartOffset),
        duplicate: out.duplicate,
      };
    }),
    InitProducerId: unary(async (_req: wire.InitProducerIdRequest__Output): Promise<wire.InitProducerIdResponse> => {
      if (!producerIds) throw new UnavailableError('this node cannot allocate producer ids (no controller connection configured)');
      const { producerId, producerEpoch } = await producerIds.next();
      return { producerId: producerId.toString(), producerEpoch };
    }),
  };
}
