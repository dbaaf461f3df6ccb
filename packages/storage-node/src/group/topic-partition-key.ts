// Topic-partition keys ("topic\0partition") used by the group coordinator's
// maps and sets, and their conversion to and from the wire's TopicPartitions.
import type { wire } from '@eddy/protocol';

export type TpKey = string;

export function tpKey(topic: string, partition: number): TpKey {
  return `${topic}\u0000${partition}`;
}

export function parseTpKey(key: TpKey): { topic: string; partition: number } {
  const i = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
}

/** Sorted by topic, then partition: responses and records are deterministic. */
export function compareTpKeys(a: TpKey, b: TpKey): number {
  const x = parseTpKey(a);
  const y = parseTpKey(b);
  return x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition;
}

export function toWireTopicPartitions(keys: Iterable<TpKey>): wire.TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const k of [...keys].sort(compareTpKeys)) {
    const { topic, partition } = parseTpKey(k);
    let ps = byTopic.get(topic);
    if (!ps) byTopic.set(topic, (ps = []));
    ps.push(partition);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}

export function fromWireTopicPartitions(tps: readonly wire.TopicPartitions__Output[]): Set<TpKey> {
  const out = new Set<TpKey>();
  for (const tp of tps) for (const p of tp.partitions) out.add(tpKey(tp.topic, p));
  return out;
}
