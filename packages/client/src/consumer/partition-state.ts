// What the consumer knows of one assigned partition: where it reads and
// delivers, what was processed and committed, how it is read now (a Fetch
// session or a Subscribe stream) and when to try again after a failure.
import type { PendingStart } from './positions.js';
import type { SubscribeStream } from './subscribe-stream.js';
import { tpKey } from './topic-partition.js';

export interface PartitionState {
  topic: string;
  partition: number;
  key: string;
  /** Bumped by seek, pause, revoke: results of older reads are dropped. */
  generation: number;
  /** Next offset to fetch; undefined until `start` is resolved. */
  fetchOffset: bigint | undefined;
  start: PendingStart;
  resolving: boolean;
  /** Next offset to deliver. */
  nextOffset: bigint | undefined;
  /** One past the last record processed (what a commit writes). */
  processed: bigint | undefined;
  lastCommitted: bigint | undefined;
  paused: boolean;
  stream: SubscribeStream | undefined;
  caughtUp: boolean;
  highWatermark: bigint;
  retryAt: number;
  failures: number;
}

/** A newly assigned partition, to be read from `start`. */
export function newPartitionState(topic: string, partition: number, start: PendingStart): PartitionState {
  return {
    topic, partition, key: tpKey(topic, partition), generation: 0, fetchOffset: undefined, start, resolving: false,
    nextOffset: undefined, processed: undefined, lastCommitted: undefined, paused: false, stream: undefined,
    caughtUp: false, highWatermark: -1n, retryAt: 0, failures: 0,
  };
}
