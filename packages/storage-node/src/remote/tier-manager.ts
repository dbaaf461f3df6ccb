// The remote tier of one storage node (docs/architecture.md §14.1). On every
// tiered partition this node leads it uploads the next segment once it is
// due (segment.bytes of committed data, or segment.ms since data began to
// wait), then records it through the partition's Raft log; it deletes the
// objects of segments retention removed from the manifest, objects nothing
// can reference any more (orphans: an upload cut short by a crash, a refused
// one), and a deleted topic's objects. Reads go through `reads`, shared by
// every replica here.
import { randomBytes } from 'node:crypto';
import { silentLogger, type Logger } from '@eddy/protocol';
import type { PartitionReplica } from '../partition/partition-replica.js';
import type { RemoteRetentionCut } from './tier-retention.js';
import { parseSegmentKey, partitionPrefix, segmentKey, type RemoteSegment } from './remote-segment.js';
import { RemoteReads } from './remote-reads.js';
import { buildSegment } from './segment-format.js';
import type { RemoteStore } from './store/remote-store.js';

/** Largest segment uploaded, whatever segment.bytes says: a segment is built in memory. */
export const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

/** What the tier reports (RemoteMetrics). */
export interface TierMetrics {
  uploaded(bytes: number): void;
  fetched(bytes: number, seconds: number): void;
  deleted(reason: 'retention' | 'orphan' | 'topic-deleted', count?: number): void;
  failed(op: 'upload' | 'fetch' | 'delete' | 'list'): void;
  setLagSource(fn: () => { bytes: number; offsets: number }): void;
  setRemoteBytesSource(fn: () => number): void;
}

export interface TierManagerOptions {
  store: RemoteStore;
  /** The replicas hosted here (ReplicaManager.replicas). */
  replicas: () => Iterable<PartitionReplica>;
  metrics?: TierMetrics;
  logger?: Logger;
  clock?: () => number;
  /** How often uploads are looked for; default 1 s. */
  intervalMs?: number;
  /** How often a leader lists its partitions' objects for orphans; default 5 min (and once soon after it starts leading). */
  cleanupIntervalMs?: number;
  /** Cap on a segment's size; default MAX_SEGMENT_BYTES. */
  maxSegmentBytes?: number;
  /** Uploads in flight on this node at once; default 2. */
  concurrency?: number;
  /** Bytes of remote data the read-ahead cache holds; default 64 MiB. */
  cacheBytes?: number;
}

interface PartitionTierState {
  /** When committed data was first seen waiting for upload (segment.ms counts from here). */
  pendingSince: number;
  /** No upload before this (back-off after a failure). */
  retryAt: number;
  failures: number;
  uploading: boolean;
  /** Leader term this node last cleaned orphans in, and when. */
  cleanedTerm: number;
  cleanedAt: number;
  /** The term this node was last seen leading in, and since when (the first clean-up waits a little). */
  term: number;
  leaderSince: number;
}

export class TierManager {
  readonly reads: RemoteReads;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly states = new WeakMap<PartitionReplica, PartitionTierState>();
  /** Keys being uploaded here and not yet in (or refused from) a manifest: never orphans. */
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private active = 0;
  private stopped = false;

  constructor(private readonly options: TierManagerOptions) {
    this.logger = options.logger ?? silentLogger();
    this.clock = options.clock ?? Date.now;
    const metrics = options.metrics;
    this.reads = new RemoteReads(options.store, {
      ...(options.cacheBytes !== undefined ? { cacheBytes: options.cacheBytes } : {}),
      ...(metrics ? { onFetch: (bytes: number, seconds: number) => metrics.fetched(bytes, seconds), onError: () => metrics.failed('fetch') } : {}),
    });
    metrics?.setLagSource(() => this.lag());
    metrics?.setRemoteBytesSource(() => {
      let n = 0;
      for (const r of this.tiered()) n += r.state.remoteSizeBytes;
      return n;
    });
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
    await this.options.store.close();
  }

  /** Tiered partitions led here, able to serve reads (their state is the committed one). */
  private *tiered(): Generator<PartitionReplica> {
    for (const r of this.options.replicas()) {
      if (!r.isOpen || r.isClosed || !r.isLeader || !r.assignment.config['remote.storage.enable']) continue;
      try {
        r.ensureReadable();
      } catch {
        continue;
      }
      yield r;
    }
  }

  private stateOf(r: PartitionReplica): PartitionTierState {
    let s = this.states.get(r);
    if (!s) {
      const now = this.clock();
      s = { pendingSince: 0, retryAt: 0, failures: 0, uploading: false, cleanedTerm: -1, cleanedAt: 0, term: -1, leaderSince: now };
      this.states.set(r, s);
    }
    return s;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    void p.finally(() => this.running.delete(p)).catch(() => undefined);
    return p;
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.clock();
    for (const r of this.tiered()) {
      const s = this.stateOf(r);
      if (s.term !== r.leaderEpoch) {
        // A new term here: segment.ms and the first clean-up count from now.
        s.term = r.leaderEpoch;
        s.leaderSince = now;
        s.pendingSince = 0;
      }
      if (!s.uploading && this.active < (this.options.concurrency ?? 2) && now >= s.retryAt && this.due(r, s, now)) {
        this.track(this.uploadWhileDue(r, s));
      }
      const interval = this.options.cleanupIntervalMs ?? 300_000;
      // Soon after taking over (what a crashed leader left behind), then every interval.
      const firstDue = s.cleanedTerm !== r.leaderEpoch && now - s.leaderSince >= Math.min(interval, 10_000);
      if (firstDue || (s.cleanedAt > 0 && now - s.cleanedAt >= interval)) {
        s.cleanedTerm = r.leaderEpoch;
        s.cleanedAt = now;
        this.track(this.cleanOrphans(r)).catch(() => undefined);
      }
    }
  }

  /** Bytes of committed data not yet remote, and the segment size to upload. */
  private pending(r: PartitionReplica): { bytes: number; offsets: number; target: number } {
    const st = r.state;
    const next = st.remoteNext;
    const target = Math.min(r.assignment.config['segment.bytes'], this.options.maxSegmentBytes ?? MAX_SEGMENT_BYTES);
    return { bytes: Math.max(0, st.bytesAppended - next.bytesBefore), offsets: Math.max(0, st.highWatermark - next.offset), target };
  }

  /** A segment is due: a whole segment's worth waits, or data has waited segment.ms. */
  private due(r: PartitionReplica, s: PartitionTierState, now: number): boolean {
    const p = this.pending(r);
    if (p.bytes === 0) {
      s.pendingSince = 0;
      return false;
    }
    if (s.pendingSince === 0) s.pendingSince = now;
    if (r.heldFromIndex > r.state.remoteNext.index) return false; // the backfill has not copied that range here yet
    return p.bytes >= p.target || now - s.pendingSince >= r.assignment.config['segment.ms'];
  }

  /** Committed data due for upload and not yet remote, over the tiered partitions led here (upload lag). */
  lag(): { bytes: number; offsets: number } {
    const now = this.clock();
    let bytes = 0;
    let offsets = 0;
    for (const r of this.tiered()) {
      const s = this.stateOf(r);
      if (!this.due(r, s, now)) continue;
      const p = this.pending(r);
      bytes += p.bytes;
      offsets += p.offsets;
    }
    return { bytes, offsets };
  }

  /** Uploads every due segment now, one per partition at a time (tests, and the loop). */
  async runOnce(): Promise<number> {
    let n = 0;
    const now = this.clock();
    for (const r of [...this.tiered()]) {
      const s = this.stateOf(r);
      while (!this.stopped && !s.uploading && this.due(r, s, this.clock()) && now >= s.retryAt) {
        if (!(await this.upload(r, s))) break;
        n++;
      }
    }
    return n;
  }

  /** Uploads segment after segment while they are due (a producer faster than one segment a tick is caught up with). */
  private async uploadWhileDue(r: PartitionReplica, s: PartitionTierState): Promise<void> {
    for (;;) {
      const uploaded = await this.upload(r, s);
      if (!uploaded || this.stopped || !r.isLeader || r.isClosed || !this.due(r, s, this.clock())) return;
    }
  }

  /** Builds, stores and records the partition's next segment; true when it joined the manifest. */
  private async upload(r: PartitionReplica, s: PartitionTierState): Promise<boolean> {
    s.uploading = true;
    this.active++;
    let key: string | undefined;
    try {
      const st = r.state;
      const next = st.remoteNext;
      const { target } = this.pending(r);
      const batches: Buffer[] = [];
      let bytes = 0;
      let lastIndex = 0;
      await r.scanBatches(next.index, st.appliedIndex, (e, batch) => {
        batches.push(batch);
        bytes += batch.length;
        lastIndex = e.index;
        return bytes < target;
      });
      if (batches.length === 0) return false;
      const built = buildSegment(batches);
      const term = r.leaderEpoch;
      const { topicId, partition } = r.assignment;
      key = segmentKey(topicId, partition, built.baseOffset, built.lastOffset, term, randomBytes(8).toString('hex'));
      const segment: RemoteSegment = {
        key,
        baseOffset: built.baseOffset,
        lastOffset: built.lastOffset,
        baseIndex: next.index,
        lastIndex,
        bytesBefore: next.bytesBefore,
        dataBytes: built.dataBytes,
        indexBytes: built.indexBytes,
        indexCrc: built.indexCrc,
        maxTimestamp: built.maxTimestamp,
        term,
      };
      this.inFlight.add(key);
      await this.options.store.put(key, built.body);
      const out = await r.propose({ type: 'add-remote-segment', segment });
      if (out?.kind !== 'remote-segment-added') {
        // Refused when applied (the range is remote already): nothing references the object.
        this.logger.warn({ partition: r.name, key, reason: out?.kind === 'ignored' ? out.reason : out?.kind }, 'remote segment refused; deleting its object');
        await this.deleteObjects([key], 'orphan');
        return false;
      }
      this.options.metrics?.uploaded(built.dataBytes);
      if (s.failures > 0) this.logger.info({ partition: r.name, failures: s.failures }, 'remote uploads resumed');
      s.failures = 0;
      s.pendingSince = this.pending(r).bytes > 0 ? this.clock() : 0;
      this.logger.debug({ partition: r.name, key, baseOffset: built.baseOffset, lastOffset: built.lastOffset, bytes: built.dataBytes }, 'remote segment uploaded');
      return true;
    } catch (err) {
      // The object may be stored and its command may still commit: never deleted here (orphan clean-up decides).
      s.failures++;
      s.retryAt = this.clock() + Math.min(30_000, 1000 * 2 ** Math.min(s.failures - 1, 5));
      this.options.metrics?.failed('upload');
      if (s.failures === 1 || s.failures % 10 === 0) {
        this.logger.warn({ partition: r.name, store: this.options.store.description, failures: s.failures, err: (err as Error).message }, 'remote upload failed; local data is kept and the upload is retried');
      }
      return false;
    } finally {
      if (key !== undefined) this.inFlight.delete(key);
      s.uploading = false;
      this.active--;
    }
  }

  /**
   * Deletes the partition's objects nothing references or can reference any
   * more: not in the manifest, and either wholly below the remote tier's end
   * (a segment only ever joins at the end) or uploaded in an older term (this
   * leader has applied everything committed before its term, so no command of
   * an older term can still add one). Leader only, after its term's first entry.
   */
  async cleanOrphans(r: PartitionReplica): Promise<number> {
    r.ensureReadable();
    const { topicId, partition } = r.assignment;
    const term = r.leaderEpoch;
    const orphans: string[] = [];
    try {
      for await (const o of this.options.store.list(partitionPrefix(topicId, partition))) {
        const named = parseSegmentKey(o.key);
        if (!named || this.inFlight.has(o.key)) continue;
        const st = r.state;
        if (st.remoteSegments.some((s) => s.key === o.key)) continue;
        if (named.lastOffset < st.remoteEnd.endOffset || named.term < term) orphans.push(o.key);
      }
    } catch (err) {
      this.options.metrics?.failed('list');
      this.logger.warn({ partition: r.name, err: (err as Error).message }, 'could not list remote objects for clean-up; trying again later');
      return 0;
    }
    // Checked again against the manifest as it is now (a segment may have joined while listing).
    const keys = new Set(r.state.remoteSegments.map((s) => s.key));
    const gone = orphans.filter((k) => !keys.has(k) && !this.inFlight.has(k));
    if (gone.length > 0) {
      this.logger.info({ partition: r.name, objects: gone.length }, 'deleting orphaned remote objects');
      await this.deleteObjects(gone, 'orphan');
    }
    return gone.length;
  }

  /** Retention removes remote segments: through the Raft log first, then their objects. */
  async deleteRemote(r: PartitionReplica, cut: RemoteRetentionCut): Promise<void> {
    const out = await r.propose({ type: 'delete-remote-segments', beforeOffset: cut.beforeOffset });
    if (out?.kind !== 'remote-segments-deleted') return;
    this.logger.info({ partition: r.name, segments: out.segments.length, beforeOffset: cut.beforeOffset, reason: cut.reason }, 'retention removed remote segments');
    await this.deleteObjects(out.segments.map((s) => s.key), 'retention');
  }

  /** A deleted topic's partition: every object under its prefix goes (every node that hosted it tries; deletes are idempotent). */
  partitionDeleted(topicId: string, partition: number): void {
    const run = async () => {
      const keys: string[] = [];
      for await (const o of this.options.store.list(partitionPrefix(topicId, partition))) keys.push(o.key);
      await this.deleteObjects(keys, 'topic-deleted');
    };
    this.track(run()).catch((err: unknown) => {
      this.options.metrics?.failed('list');
      this.logger.warn({ topicId, partition, err: (err as Error).message }, 'could not delete a deleted topic\'s remote objects');
    });
  }

  private async deleteObjects(keys: readonly string[], reason: 'retention' | 'orphan' | 'topic-deleted'): Promise<void> {
    for (const key of keys) {
      try {
        await this.options.store.delete(key);
        this.reads.forget(key);
        // Counted as each object goes, so the counter never trails the bucket by more than one delete.
        this.options.metrics?.deleted(reason);
      } catch (err) {
        // Left for the orphan clean-up, which finds it again.
        this.options.metrics?.failed('delete');
        this.logger.warn({ key, err: (err as Error).message }, 'could not delete a remote object; clean-up will try again');
      }
    }
  }
}
