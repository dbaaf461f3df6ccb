// One node's Fetch session: a loop of long-poll Fetch calls for the partitions
// that node leads and that are read by Fetch (not caught up on a stream, not
// paused, not waiting to retry). It ends when the node has no such partition
// left; the consumer starts another when there is work for the node again.
import type { EddyError, wire } from '@eddy/protocol';
import type { ClusterConnection } from '../connection/cluster-connection.js';
import { errorFromInfo } from '../connection/error-info.js';
import type { FetchBuffer } from './fetch-buffer.js';
import type { PartitionState } from './partition-state.js';
import { tpKey } from './topic-partition.js';

export interface FetchLimits {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  maxPartitionBytes: number;
}

/** What a session needs of the consumer around it. */
export interface FetchSessionHost {
  readonly closed: boolean;
  readonly subscribeSupported: boolean;
  readonly buffer: FetchBuffer;
  /** Partitions this node leads that are ready to fetch. */
  fetchableOn(address: string): PartitionState[];
  /** Whether the partition is still assigned (the same state). */
  isAssigned(s: PartitionState): boolean;
  /** Decodes and queues fetched bytes; returns the number of records queued. */
  deliver(s: PartitionState, generation: number, from: bigint, bytes: Buffer): number;
  /** A partition's answer carried an error. */
  onReadError(s: PartitionState, err: EddyError): Promise<void>;
  /** The Fetch call failed as a whole. */
  onCallError(parts: readonly PartitionState[], err: unknown): Promise<void>;
  /** Something changed (a partition caught up): look for work again. */
  kick(): void;
}

/** The Fetch request for these partitions from their fetch offsets (pure). */
export function fetchRequest(parts: readonly PartitionState[], limits: FetchLimits): wire.FetchRequest {
  return {
    partitions: parts.map((s) => ({ topic: s.topic, partition: s.partition, offset: s.fetchOffset!.toString(), maxBytes: limits.maxPartitionBytes })),
    maxWaitMs: limits.maxWaitMs,
    minBytes: limits.minBytes,
    maxBytes: limits.maxBytes,
    format: 'RECORD_FORMAT_BATCHES',
  };
}

export class FetchSession {
  constructor(
    private readonly address: string,
    private readonly conn: ClusterConnection,
    private readonly limits: FetchLimits,
    private readonly host: FetchSessionHost,
  ) {}

  /** Fetches until the node has nothing left to fetch or the consumer closes. */
  async run(): Promise<void> {
    const host = this.host;
    while (!host.closed) {
      if (host.buffer.full) {
        await host.buffer.waitForSpace();
        continue;
      }
      const parts = host.fetchableOn(this.address);
      if (parts.length === 0) return;
      const gens = parts.map((s) => s.generation);
      const offsets = parts.map((s) => s.fetchOffset!);
      const req = fetchRequest(parts, this.limits);
      let resp: wire.FetchResponse__Output;
      try {
        const c = this.conn.pool.get(this.address);
        resp = await this.conn.unary<wire.FetchResponse__Output>((o, cb) => c.fetch.fetch(req, o, cb), this.limits.maxWaitMs + this.conn.options.requestTimeoutMs);
      } catch (err) {
        if (host.closed) return;
        await host.onCallError(parts, err);
        continue;
      }
      const byKey = new Map(parts.map((s, i) => [s.key, i]));
      for (const fp of resp.partitions) {
        const i = byKey.get(tpKey(fp.topic, fp.partition));
        if (i === undefined) continue;
        const s = parts[i]!;
        if (s.generation !== gens[i] || !host.isAssigned(s)) continue;
        // Another node's session (after a leader change) or a stream may have
        // read on from here meanwhile: an answer for an old position is stale,
        // and delivering it would hand out records again.
        if (s.fetchOffset !== offsets[i]) continue;
        if (fp.error && fp.error.code) {
          await host.onReadError(s, errorFromInfo(fp.error, s.topic, s.partition));
          continue;
        }
        s.failures = 0;
        s.highWatermark = BigInt(fp.highWatermark || '0');
        const delivered = host.deliver(s, s.generation, offsets[i]!, fp.recordBatches);
        const next = BigInt(fp.nextOffset || '0');
        if (next > s.fetchOffset!) s.fetchOffset = next;
        if (delivered === 0 && s.fetchOffset! >= s.highWatermark && host.subscribeSupported) s.caughtUp = true;
      }
      if (parts.some((s) => s.caughtUp)) host.kick();
    }
  }
}
