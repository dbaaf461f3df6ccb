// Local disk work of one partition replica, one job at a time: snapshots that
// keep the group's in-memory Raft cache bounded, deletion of the entries
// retention moved the log start past, and log compaction
// (cleanup.policy=compact). Each replica does its own: none of it is
// replicated.
import type { Logger } from '@eddy/protocol';
import type { BatchOp, LevelRaftStore, RaftGroup, RaftHost } from '@eddy/raft';
import type { PartitionAssignment } from '../catalog/partition-catalog.js';
import { encodeBatchEntry } from './entry-codec.js';
import { entryKey, entryValue } from './group-keyspace.js';
import type { IndexStore } from './index-store.js';
import { compactBatch, noteLatest } from './log-compactor.js';
import type { ApplyOutcome, PartitionState } from './partition-state.js';
import type { ReplicaReads } from './replica-reads.js';

/** The Raft cache of a group is trimmed (snapshot) when it holds more entries than this. */
export const CACHE_TRIM_ENTRIES = 4096;
/**
 * ... or when this many bytes of entries were applied since the last trim: with
 * 1 MiB batches, 4,096 entries would keep 4 GiB of one partition in memory.
 */
export const CACHE_TRIM_BYTES = 64 * 1024 * 1024;
/** A follower further behind than this is not waited for when trimming (it will need a snapshot). */
export const MAX_FOLLOWER_LAG_KEPT = 50_000;
/** Delay before retrying a deletion held back by a follower. */
const MAINTENANCE_RETRY_MS = 200;

/** What maintenance sees of its replica (PartitionReplica). */
export interface MaintainedReplica {
  readonly name: string;
  readonly groupId: string;
  /** The partition's Raft group; only read once `isOpen`. */
  readonly group: RaftGroup<ApplyOutcome>;
  readonly isOpen: boolean;
  readonly isClosed: boolean;
  /** The applied state; replaced when a snapshot is restored, so read it each time. */
  readonly state: PartitionState;
  readonly assignment: PartitionAssignment;
}

export interface MaintenanceDeps {
  host: RaftHost;
  store: LevelRaftStore;
  indexStore: IndexStore;
  reads: ReplicaReads;
  logger: Logger;
  /** See ReplicaDeps.cacheTrimEntries / cacheTrimBytes. */
  cacheTrimEntries?: number | undefined;
  cacheTrimBytes?: number | undefined;
  /** See ReplicaDeps.maxFollowerLagKept. */
  maxFollowerLagKept?: number | undefined;
}

export class ReplicaMaintenance {
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  /** Entries of the group's log below this index are deleted from LevelDB. */
  private deletedBefore = 0;
  /** High watermark of the last compaction: nothing new to compact until it moves. */
  private compactedAtHw = -1;
  /** Entry bytes applied since the Raft cache was last trimmed (an estimate of what it holds). */
  private appliedBytesSinceTrim = 0;

  constructor(
    private readonly replica: MaintainedReplica,
    private readonly deps: MaintenanceDeps,
  ) {}

  /** Entries of `bytes` were applied: they are in the Raft cache until the next trim. */
  noteApplied(bytes: number): void {
    this.appliedBytesSinceTrim += bytes;
  }

  /** After an apply: trims the cache once it is full. */
  applied(): void {
    if (this.replica.isOpen && this.cacheFull(this.replica.group)) this.schedule();
  }

  /** Queues a maintenance pass (at most one waits at a time). */
  schedule(): void {
    if (this.queued || this.replica.isClosed) return;
    this.queued = true;
    void this.exclusive(() => {
      this.queued = false;
      return this.maintain();
    }).catch((err: unknown) => this.deps.logger.warn({ err, partition: this.replica.name }, 'partition maintenance failed'));
  }

  /** Settles once the job running now and those queued before have finished. */
  idle(): Promise<void> {
    return this.running;
  }

  /**
   * Compacts this replica's log (cleanup.policy=compact): keeps the latest
   * record per key, drops tombstones older than delete.retention.ms. Local to
   * each replica, as Kafka's log cleaner: only entries below the group's
   * snapshot are rewritten, which Raft never reads or sends again.
   */
  async compact(now: number): Promise<{ rewritten: number; removed: number } | undefined> {
    const config = this.replica.assignment.config;
    if (this.replica.isClosed || !config['cleanup.policy'].includes('compact')) return undefined;
    const hw = this.replica.state.highWatermark;
    if (hw === this.compactedAtHw) return undefined;
    return this.exclusive(async () => {
      const snapIndex = await this.snapshot(true);
      const st = this.replica.state;
      const groupId = this.replica.groupId;
      const end = st.appliedIndex;
      const latest = new Map<string, number>();
      await this.deps.reads.scanBatches(st.logStartIndex, end, (_e, b) => noteLatest(b, latest));
      const rules = { latest, tombstonesBefore: now - config['delete.retention.ms'], notBefore: now - config['min.compaction.lag.ms'] };
      const ops: BatchOp[] = [];
      let rewritten = 0;
      let touchedUpTo = 0;
      let removed = 0;
      await this.deps.reads.scanBatches(st.logStartIndex, Math.min(snapIndex, end), (e, b) => {
        const out = compactBatch(b, rules);
        if (out === undefined) return;
        touchedUpTo = e.index;
        if (out === null) {
          removed++;
          ops.push({ type: 'del', key: entryKey(groupId, e.index) });
        } else {
          rewritten++;
          ops.push({ type: 'put', key: entryKey(groupId, e.index), value: entryValue(e.index, e.term, encodeBatchEntry(out)) });
        }
      });
      // Raft must no longer send what this pass rewrites or removes to a follower as appends.
      if (touchedUpTo > 0) this.replica.group.storage.retireEntriesBefore(touchedUpTo + 1, ops);
      await this.deps.store.write(ops);
      this.compactedAtHw = hw;
      if (ops.length > 0) this.deps.logger.info({ partition: this.replica.name, rewritten, removed }, 'log compacted');
      return { rewritten, removed };
    });
  }

  /** The group's in-memory Raft cache should be trimmed (by entries, or by bytes applied since the last trim). */
  private cacheFull(g: RaftGroup<ApplyOutcome>): boolean {
    return g.storage.cachedEntries > (this.deps.cacheTrimEntries ?? CACHE_TRIM_ENTRIES) || this.appliedBytesSinceTrim > (this.deps.cacheTrimBytes ?? CACHE_TRIM_BYTES);
  }

  /** Runs local disk work one job at a time (snapshots, deletions, compaction). */
  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.running.then(job);
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Snapshots the group as far as allowed, so older entries leave the Raft cache; returns the snapshot index. */
  private async snapshot(force: boolean): Promise<number> {
    const g = this.replica.group;
    const st = this.replica.state;
    // At the applied index, but never past what a live follower still needs from the leader's log
    // (followers() is empty on a follower).
    let target = st.appliedIndex;
    const last = g.lastIndex;
    const lagKept = this.deps.maxFollowerLagKept ?? MAX_FOLLOWER_LAG_KEPT;
    for (const f of g.followers()) if (last - f.match <= lagKept) target = Math.min(target, f.match);
    const snapIndex = g.storage.snapshotIndex;
    const needDelete = st.logStartIndex > Math.max(this.deletedBefore, snapIndex + 1);
    if ((force || needDelete || this.cacheFull(g)) && target > snapIndex) {
      this.appliedBytesSinceTrim = 0;
      await this.deps.host.compact(this.replica.groupId, target, st.toSnapshot());
    }
    return g.storage.snapshotIndex;
  }

  private async maintain(): Promise<void> {
    if (this.replica.isClosed || !this.replica.isOpen) return;
    const snapIndex = await this.snapshot(false);
    const deleteBefore = Math.min(this.replica.state.logStartIndex, snapIndex + 1);
    if (deleteBefore > this.deletedBefore) {
      await this.deps.store.deleteEntriesBefore(this.replica.groupId, deleteBefore);
      await this.deps.indexStore.deleteBefore(this.replica.state.logStartOffset);
      this.deletedBefore = deleteBefore;
    }
    if (this.deletedBefore < this.replica.state.logStartIndex && !this.replica.isClosed) {
      // A follower still needs entries the log start has passed (leader side): try again shortly.
      setTimeout(() => this.schedule(), MAINTENANCE_RETRY_MS).unref?.();
    }
  }
}
