// A minimal wire-level client for cluster tests: admin calls that follow
// NOT_CONTROLLER hints, metadata lookups, and an idempotent per-partition
// producer that resends the same batch bytes (same sequence) after a failure.
// It speaks the gRPC contract directly, so the tests prove the servers, not a
// client library.
import type * as grpc from '@grpc/grpc-js';
import { decodeRecordBatches, encodeRecordBatch, type EddyError, type wire } from '@eddy/protocol';
import { call, client } from './grpc.js';
import type { ServerCluster } from './server-cluster.js';

export class WireClient {
  private readonly channels = new Map<string, grpc.Client>();

  constructor(private readonly cluster: ServerCluster) {}

  private stub(service: Parameters<typeof client>[0], address: string): grpc.Client {
    const key = `${service}@${address}`;
    let c = this.channels.get(key);
    if (!c) this.channels.set(key, (c = client(service, address, this.cluster.clientCredentials())));
    return c;
  }

  private live(): string[] {
    return this.cluster.nodes.filter((n) => n.child).map((n) => n.address);
  }

  async admin<Res>(method: string, request: object, timeoutMs = 30_000): Promise<Res> {
    const deadline = Date.now() + timeoutMs;
    let target = this.live()[0] as string;
    for (;;) {
      try {
        return await call<Res>(this.stub('AdminService', target), method, request, 5000);
      } catch (err) {
        const e = err as EddyError;
        // Move on only for "ask the active controller / try again"; other errors are the answer.
        if (!['NOT_CONTROLLER', 'UNAVAILABLE', 'TIMEOUT'].includes(e.code) || Date.now() > deadline) throw err;
        const live = this.live();
        target = e.details.leaderAddress && live.includes(e.details.leaderAddress) ? e.details.leaderAddress : (live[(live.indexOf(target) + 1) % live.length] as string);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async metadata(topics: string[]): Promise<wire.GetMetadataResponse__Output> {
    let last: unknown;
    for (const address of this.live()) {
      try {
        return await call<wire.GetMetadataResponse__Output>(this.stub('MetadataService', address), 'getMetadata', { topics }, 3000);
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }

  /** Address of a partition's leader per metadata, or undefined when it has none yet. */
  async leaderAddress(topic: string, partition: number): Promise<{ id: number; address: string } | undefined> {
    const md = await this.metadata([topic]);
    const p = md.topics[0]?.partitions.find((x) => x.partition === partition);
    const node = md.nodes.find((n) => n.nodeId === p?.leaderId);
    return node && node.online ? { id: node.nodeId, address: node.address } : undefined;
  }

  async initProducerId(): Promise<{ producerId: bigint; producerEpoch: number }> {
    const res = await call<wire.InitProducerIdResponse__Output>(this.stub('ProduceService', this.live()[0] as string), 'initProducerId', {}, 10_000);
    return { producerId: BigInt(res.producerId), producerEpoch: res.producerEpoch };
  }

  /** Sends one batch to the partition leader until acknowledged; retries resend the same bytes. */
  async produceUntilAcked(topic: string, partition: number, batch: Buffer, timeoutMs = 60_000): Promise<wire.ProduceResponse__Output> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = await this.leaderAddress(topic, partition).catch(() => undefined);
      if (leader) {
        try {
          return await call<wire.ProduceResponse__Output>(this.stub('ProduceService', leader.address), 'produce', { topic, partition, recordBatch: batch, acks: 'ACKS_ALL' }, 5000);
        } catch (err) {
          const e = err as EddyError;
          if (!e.retriable && e.code !== 'UNKNOWN') throw err;
        }
      }
      if (Date.now() > deadline) throw new Error(`produce to ${topic}-${partition} not acknowledged within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Reads a partition from `from` to its high watermark through its leader; returns decoded records at or after `from`. */
  async readAll(topic: string, partition: number, from = 0n, timeoutMs = 30_000): Promise<{ offset: bigint; key: string; value: string }[]> {
    const out: { offset: bigint; key: string; value: string }[] = [];
    const deadline = Date.now() + timeoutMs;
    let next = from;
    for (;;) {
      const leader = await this.leaderAddress(topic, partition);
      // Between an election and the report of its winner, metadata names no live leader: wait, as a client does.
      if (!leader && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!leader) throw new Error(`${topic}-${partition} has no leader`);
      const res = await call<wire.FetchResponse__Output>(this.stub('FetchService', leader.address), 'fetch', { partitions: [{ topic, partition, offset: String(next) }], maxBytes: 4 * 1024 * 1024, format: 'RECORD_FORMAT_BATCHES' }, 10_000);
      const p = res.partitions[0];
      // Metadata can name a former leader for a moment after leadership moved: ask again, as a client follows NOT_LEADER.
      if (p?.error?.code === 'NOT_LEADER' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!p || p.error) throw new Error(`fetch ${topic}-${partition}: ${p?.error?.code} ${p?.error?.message}`);
      for (const batch of decodeRecordBatches(p.recordBatches)) {
        for (const r of batch.records) {
          if (r.offset < next) continue;
          out.push({ offset: r.offset, key: r.key ? r.key.toString() : '', value: r.value ? r.value.toString() : '' });
        }
      }
      next = BigInt(p.nextOffset);
      if (next >= BigInt(p.highWatermark)) return out;
    }
  }

  close(): void {
    for (const c of this.channels.values()) c.close();
    this.channels.clear();
  }
}

export function keyedBatch(records: { key: string; value: string }[], producer?: { producerId: bigint; producerEpoch: number; baseSequence: number }): Buffer {
  const now = Date.now();
  return encodeRecordBatch({
    records: records.map((r) => ({ key: Buffer.from(r.key), value: Buffer.from(r.value), timestamp: now })),
    ...(producer ? { producerId: producer.producerId, producerEpoch: producer.producerEpoch, baseSequence: producer.baseSequence } : {}),
  });
}
