// Which partition a record goes to: the explicit partition if given, Kafka's
// murmur2 key partitioner for keyed records (same partition numbers as a Kafka
// client), and sticky partitioning for keyless ones — all keyless records of a
// topic go to one partition until its batch closes, then another is chosen.
import { partitionForKey } from '@eddy/protocol';

export class StickyPartitioner {
  private readonly sticky = new Map<string, number>();

  constructor(private readonly random: () => number = Math.random) {}

  /** The partition for a record of `topic` (with `count` partitions). */
  partition(topic: string, count: number, key: Uint8Array | null, explicit?: number): number {
    if (explicit !== undefined) return explicit;
    if (key !== null) return partitionForKey(key, count);
    let p = this.sticky.get(topic);
    if (p === undefined || p >= count) {
      p = Math.floor(this.random() * count);
      this.sticky.set(topic, p);
    }
    return p;
  }

  /** A batch of `topic` closed on `partition`: keyless records move to another partition. */
  onBatchClosed(topic: string, partition: number, count: number): void {
    if (this.sticky.get(topic) !== partition) return;
    if (count <= 1) return;
    // A different partition, uniformly among the others.
    const next = (partition + 1 + Math.floor(this.random() * (count - 1))) % count;
    this.sticky.set(topic, next);
  }

  /** The current sticky partition of a topic (tests). */
  current(topic: string): number | undefined {
    return this.sticky.get(topic);
  }
}
