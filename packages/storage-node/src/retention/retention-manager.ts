// Applies retention in the background (docs/architecture.md §14): on every partition this
// node leads, decide the cut (retention-policy.ts) and propose the log start
// advance through Raft, so every replica agrees on it and then deletes the
// removed entries from its own LevelDB (PartitionReplica maintenance). Also
// runs log compaction on every replica of compacted topics (a local job on
// each replica, as Kafka's log cleaner). Tiered topics keep locally only what
// local.retention.* allows of what is uploaded, and their remote segments go by
// retention.* (docs/architecture.md §14.1).
import { silentLogger, type Logger } from '@eddy/protocol';
import type { PartitionReplica } from '../partition/partition-replica.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import { remoteRetentionCut, tieredLocalCut, type RemoteRetentionCut } from '../remote/tier-retention.js';
import { retentionCut, retentionInputOf, type RetentionCut } from './retention-policy.js';

export interface RetentionManagerOptions {
  replicas: ReplicaManager;
  /** How often partitions are checked. */
  intervalMs?: number;
  clock?: () => number;
  logger?: Logger;
  /** The remote tier (TierManager): removes remote segments through the Raft log, then their objects. */
  tier?: { deleteRemote(r: PartitionReplica, cut: RemoteRetentionCut): Promise<void> };
}

export class RetentionManager {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly inFlight = new WeakSet<PartitionReplica>();
  /** Tiered partitions led here without an object store, already warned about. */
  private readonly warnedNoStore = new WeakSet<PartitionReplica>();
  private readonly clock: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: RetentionManagerOptions) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger();
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .then(() => this.compactOnce())
        .then(() => undefined, () => undefined)
        .finally(() => {
        this.running = undefined;
      });
    }, this.options.intervalMs ?? 30_000);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the partitions led here; returns how many log starts were advanced. */
  async runOnce(): Promise<number> {
    let advanced = 0;
    const now = this.clock();
    for (const r of [...this.options.replicas.replicas()]) {
      if (!r.isLeader || r.isClosed || this.inFlight.has(r)) continue;
      const tiered = r.assignment.config['remote.storage.enable'];
      this.inFlight.add(r);
      try {
        const cut = tiered ? await this.tieredCut(r, now) : retentionCut({ ...retentionInputOf(r.state, now), config: r.assignment.config });
        if (!cut) continue;
        await r.propose({ type: 'advance-log-start', offset: cut.offset, index: cut.index, bytesBefore: cut.bytesBefore });
        advanced++;
        this.logger.info({ partition: r.name, logStartOffset: cut.offset, reason: cut.reason, tiered }, tiered ? 'local retention advanced the local log start' : 'retention advanced the log start');
      } catch (err) {
        this.logger.warn({ err, partition: r.name }, 'retention could not advance the log start');
      } finally {
        this.inFlight.delete(r);
      }
    }
    return advanced;
  }

  /** A tiered partition: removes the remote segments past retention.*, then says where the local log may start. */
  private async tieredCut(r: PartitionReplica, now: number): Promise<RetentionCut | undefined> {
    const tier = this.options.tier;
    if (!tier && !this.warnedNoStore.has(r)) {
      this.warnedNoStore.add(r);
      this.logger.warn({ partition: r.name }, 'the topic is tiered (remote.storage.enable=true) but this node has no object store: nothing is uploaded from here and the log stays on local disk (only retention.* removes data); start every storage node with --remote-storage');
    }
    const remoteCut = tier ? remoteRetentionCut(r.state, r.assignment.config, now) : undefined;
    if (remoteCut) await tier?.deleteRemote(r, remoteCut);
    return tieredLocalCut(r.state, r.assignment.config, now);
  }

  /** Compacts every replica here (leader or not) of a topic with cleanup.policy=compact; returns how many changed. */
  async compactOnce(): Promise<number> {
    let changed = 0;
    const now = this.clock();
    for (const r of [...this.options.replicas.replicas()]) {
      try {
        const out = await r.compact(now);
        if (out && out.rewritten + out.removed > 0) changed++;
      } catch (err) {
        this.logger.warn({ err, partition: r.name }, 'log compaction failed');
      }
    }
    return changed;
  }
}
