// What storage nodes last told the active controller that does not belong in
// the metadata log: per partition, its leader's view of the Raft group (voters,
// learners, which replicas are caught up, bytes each still lacks, the log's
// size), and per node, its data volume's free and total bytes. These change
// every few seconds; recording them would grow the log for nothing, so they
// live in memory only and are lost on failover (storage nodes report again
// within seconds). Readers check a partition report against the image (same
// leader and leader epoch) before trusting it.
//
// A new leader reports at once, before it has heard from its followers: its
// first report names only itself caught up. For CARRY_IN_SYNC_MS after a
// leadership change the replicas the previous leader last reported in sync
// stay in sync (as a Kafka ISR outlives its leader) unless their node has
// registered again since, so a leader change does not show the partition
// under-replicated for the half second its new leader takes to learn what its
// followers hold.
import type { MetadataImage, PartitionState } from '../metadata/image.js';
import { isNodeLive } from '../metadata/views.js';

export interface PartitionReport {
  leaderId: number;
  leaderEpoch: number;
  voters: readonly number[];
  learners: readonly number[];
  caughtUp: readonly number[];
  /** Per replica other than the leader; only ids in the partition's replicas or target are kept. */
  bytesBehind: ReadonlyMap<number, number>;
  sizeBytes: number;
  /** The log in both tiers (absent from nodes that predate tiered storage). */
  log?: PartitionLogReport;
}

/** Where the partition's log starts and ends, locally and in the remote tier. */
export interface PartitionLogReport {
  logStartOffset: number;
  localLogStartOffset: number;
  highWatermark: number;
  localSizeBytes: number;
  remoteSizeBytes: number;
  remoteSegments: number;
  remoteEndOffset: number;
}

export interface DiskReport {
  freeBytes: number;
  totalBytes: number;
}

/** How long replicas in sync under the previous leader count as in sync under a new one (see the top of this file). */
export const CARRY_IN_SYNC_MS = 3_000;

/** What a new leadership inherits from the previous one's last report. */
interface CarriedInSync {
  leaderId: number;
  leaderEpoch: number;
  /** Replica → its node's registration epoch then: a node that registered again since (it restarted) is not carried. */
  inSync: ReadonlyMap<number, number>;
  until: number;
}

const key = (topicId: string, partition: number) => `${topicId}/${partition}`;

export class PartitionReports {
  private readonly partitions = new Map<string, PartitionReport>();
  private readonly carried = new Map<string, CarriedInSync>();
  private readonly disks = new Map<number, DiskReport>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Forgets everything (on becoming active: another controller's reports are not ours to trust). */
  clear(): void {
    this.partitions.clear();
    this.carried.clear();
    this.disks.clear();
  }

  /** Records a leader's report; `image` is the one it was checked against (for the nodes' registration epochs). */
  setPartition(topicId: string, partition: number, report: PartitionReport, image: MetadataImage): void {
    const k = key(topicId, partition);
    const previous = this.partitions.get(k);
    if (previous && report.leaderEpoch > previous.leaderEpoch) {
      const inSync = new Map<number, number>();
      for (const id of [previous.leaderId, ...previous.caughtUp]) {
        const node = image.nodes.get(id);
        if (node) inSync.set(id, node.epoch);
      }
      this.carried.set(k, { leaderId: report.leaderId, leaderEpoch: report.leaderEpoch, inSync, until: this.clock() + CARRY_IN_SYNC_MS });
    }
    this.partitions.set(k, report);
  }

  /**
   * The replicas the previous leader last reported in sync, while a new
   * leadership (the image's) is younger than CARRY_IN_SYNC_MS, less any whose
   * node has registered again since (a restarted node may have lost or not
   * yet repaired what it held); else none.
   */
  carriedInSync(image: MetadataImage, topicId: string, p: PartitionState): number[] {
    const c = this.carried.get(key(topicId, p.partition));
    if (!c || c.leaderId !== p.leaderId || c.leaderEpoch !== p.leaderEpoch || this.clock() >= c.until) return [];
    const out: number[] = [];
    for (const [id, epoch] of c.inSync) if (image.nodes.get(id)?.epoch === epoch) out.push(id);
    return out;
  }

  setDisk(nodeId: number, report: DiskReport): void {
    if (report.totalBytes <= 0 && report.freeBytes <= 0) this.disks.delete(nodeId);
    else this.disks.set(nodeId, report);
  }

  disk(nodeId: number): DiskReport | undefined {
    return this.disks.get(nodeId);
  }

  /**
   * The partition's report when it comes from the leader the image records,
   * at the recorded leader epoch, and that leader is live: anything else is
   * an old view of the group.
   */
  current(image: MetadataImage, topicId: string, p: PartitionState): PartitionReport | undefined {
    const r = this.partitions.get(key(topicId, p.partition));
    if (!r || r.leaderId !== p.leaderId || r.leaderEpoch !== p.leaderEpoch || !isNodeLive(image, r.leaderId)) return undefined;
    return r;
  }

  /** Last reported size of the partition's log, whoever reported it (0 when never reported). */
  sizeOf(topicId: string, partition: number): number {
    return this.partitions.get(key(topicId, partition))?.sizeBytes ?? 0;
  }

  /** Drops reports of partitions and nodes the image no longer has, so memory follows the image. */
  prune(image: MetadataImage): void {
    for (const k of this.partitions.keys()) {
      const slash = k.lastIndexOf('/');
      const name = image.topicNamesById.get(k.slice(0, slash));
      const topic = name === undefined ? undefined : image.topicsByName.get(name);
      if (!topic?.partitions[Number(k.slice(slash + 1))]) this.partitions.delete(k);
    }
    const now = this.clock();
    for (const [k, c] of this.carried) if (now >= c.until || !this.partitions.has(k)) this.carried.delete(k);
    for (const id of this.disks.keys()) if (!image.nodes.has(id)) this.disks.delete(id);
  }

  get partitionCount(): number {
    return this.partitions.size;
  }
}
