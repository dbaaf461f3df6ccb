// FetchService handlers: Fetch and ListOffsets (unary) and Subscribe (a
// bidi stream driven by a SubscribeSession). Sizes go to the services as
// sent: they refuse negative ones and clamp the rest to the node's caps.
import { InvalidRequestError, toGrpcError, type wire } from '@eddy/protocol';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { FetchService } from '../fetch/fetch-service.js';
import { SubscribeSession } from '../fetch/subscribe-session.js';
import type { StorageMetrics } from '../metrics/storage-metrics.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import { isMalformed, malformedReason } from './malformed.js';
import { unary } from './unary.js';
import { toConsumedRecords, toFetchedPartition, toFormat, toInt, toListedOffset, toSpec } from './wire-convert.js';

export function fetchHandlers(service: FetchService, replicas: ReplicaManager, metrics?: StorageMetrics): wire.FetchServiceHandlers {
  return {
    Fetch: unary(async (req: wire.FetchRequest__Output): Promise<wire.FetchResponse> => {
      const partitions = req.partitions.map((p, i) => ({
        topic: p.topic,
        partition: p.partition,
        offset: toInt(p.offset, `partitions[${i}].offset`),
        maxBytes: p.maxBytes,
      }));
      const out = await service.fetch({
        partitions,
        maxWaitMs: Math.max(0, req.maxWaitMs),
        minBytes: req.minBytes,
        maxBytes: req.maxBytes,
        format: toFormat(req.format),
      });
      return { partitions: out.map(toFetchedPartition) };
    }),
    ListOffsets: unary(async (req: wire.ListOffsetsRequest__Output): Promise<wire.ListOffsetsResponse> => {
      const out = await service.listOffsets(
        req.partitions.map((p, i) => ({ topic: p.topic, partition: p.partition, spec: toSpec(p.spec), timestampMs: toInt(p.timestampMs, `partitions[${i}].timestamp_ms`) })),
      );
      return { partitions: out.map(toListedOffset) };
    }),
    Subscribe: (call: ServerDuplexStream<wire.SubscribeRequest__Output, wire.SubscribeResponse>) => {
      let ended = false;
      const session = new SubscribeSession(
        replicas,
        {
          write: (chunk) => {
            if (ended) return;
            call.write({
              recordBatches: chunk.recordBatches,
              records: toConsumedRecords(chunk.records),
              highWatermark: chunk.highWatermark,
              logStartOffset: chunk.logStartOffset,
              nextOffset: chunk.nextOffset,
            });
          },
          fail: (err) => {
            if (ended) return;
            ended = true;
            call.emit('error', toGrpcError(err));
          },
        },
        metrics,
      );
      call.on('data', (msg: unknown) => {
        try {
          if (isMalformed(msg)) throw new InvalidRequestError(`the message is not a valid protobuf message: ${malformedReason(msg)}`);
          const m = msg as wire.SubscribeRequest__Output;
          if (m.request === 'start' && m.start) {
            const s = m.start;
            session.begin({
              topic: s.topic,
              partition: s.partition,
              offset: toInt(s.offset, 'start.offset'),
              format: toFormat(s.format),
              initialCreditBytes: toInt(s.initialCreditBytes, 'start.initial_credit_bytes'),
            });
          } else if (m.request === 'credit' && m.credit) {
            session.addCredit(toInt(m.credit.bytes, 'credit.bytes'));
          } else {
            throw new InvalidRequestError('a subscribe message carries start or credit');
          }
        } catch (err) {
          session.close();
          if (!ended) {
            ended = true;
            call.emit('error', toGrpcError(err));
          }
        }
      });
      const finish = (): void => {
        session.close();
        if (!ended) {
          ended = true;
          call.end();
        }
      };
      call.on('end', finish);
      call.on('cancelled', () => {
        ended = true;
        session.close();
      });
      call.on('error', () => {
        ended = true;
        session.close();
      });
    },
  };
}
