// One raw Subscribe stream: the server pushes record batches of one partition
// as they are committed, within the byte credit the client grants (initial
// credit with the start message, more as records are consumed). This wraps
// the gRPC call: it parses answers, grants credit and says how the stream
// ended — cleanly, unserved (the server has no Subscribe), or with an error.
import { status, type ClientDuplexStream } from '@grpc/grpc-js';
import { EddyError, toEddyError, type wire } from '@eddy/protocol';

/** Where a stream starts and the credit it starts with. */
export interface SubscribeStart {
  topic: string;
  partition: number;
  offset: bigint;
  initialCreditBytes: number;
}

/** One answer on the stream. */
export interface SubscribeData {
  highWatermark: bigint;
  recordBatches: Buffer;
  /** The offset after the batches (may pass records the batches do not hold). */
  nextOffset: bigint;
}

/** How a stream ended. */
export type SubscribeEnd = { kind: 'ended' } | { kind: 'unimplemented' } | { kind: 'failed'; error: EddyError };

export interface SubscribeHandlers {
  data(data: SubscribeData): void;
  /** Called once, when the stream ends or fails. */
  end(end: SubscribeEnd): void;
}

export class SubscribeStream {
  private readonly call: ClientDuplexStream<wire.SubscribeRequest, wire.SubscribeResponse__Output>;
  private ended = false;

  /** Opens the call; nothing is asked for until {@link start}. */
  constructor(client: wire.FetchServiceClient, handlers: SubscribeHandlers) {
    this.call = client.subscribe();
    this.call.on('data', (resp: wire.SubscribeResponse__Output) =>
      handlers.data({ highWatermark: BigInt(resp.highWatermark || '0'), recordBatches: resp.recordBatches, nextOffset: BigInt(resp.nextOffset || '0') }),
    );
    const end = (e: SubscribeEnd): void => {
      if (this.ended) return;
      this.ended = true;
      handlers.end(e);
    };
    this.call.on('error', (err) => end(endOf(err)));
    this.call.on('end', () => end({ kind: 'ended' }));
  }

  /** Sends the start message. */
  start(start: SubscribeStart): void {
    this.call.write({
      start: { topic: start.topic, partition: start.partition, offset: start.offset.toString(), format: 'RECORD_FORMAT_BATCHES', initialCreditBytes: String(start.initialCreditBytes) },
    });
  }

  /** Lets the server send this many more bytes. */
  grant(bytes: number): void {
    this.call.write({ credit: { bytes: String(bytes) } });
  }

  cancel(): void {
    this.call.cancel();
  }
}

/** A failed stream: UNIMPLEMENTED means the server does not serve Subscribe; anything not a gRPC status is the stream breaking (retriable). */
function endOf(err: unknown): SubscribeEnd {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === status.UNIMPLEMENTED) return { kind: 'unimplemented' };
  const isStatus = err instanceof Error && typeof code === 'number';
  return { kind: 'failed', error: err instanceof EddyError || isStatus ? toEddyError(err) : new EddyError('UNAVAILABLE', String(err)) };
}
