// Topic-partition identities and set helpers shared by the consumer and groups.
import type { wire } from '@eddy/protocol';

/** A partition of a topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** A string key for maps and sets. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function parseTpKey(key: string): TopicPartition {
  const i = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
}

/** Flattens the wire's per-topic lists. */
export function fromTopicPartitions(list: readonly wire.TopicPartitions__Output[]): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const t of list) for (const p of t.partitions) out.push({ topic: t.topic, partition: p });
  return out;
}

/** Groups partitions per topic for the wire, sorted for stable output. */
export function toTopicPartitions(tps: Iterable<TopicPartition>): wire.TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) {
    let list = byTopic.get(tp.topic);
    if (!list) byTopic.set(tp.topic, (list = []));
    list.push(tp.partition);
  }
  return [...byTopic.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}
