// Where a partition is read from: the start a user or group asked for (an
// offset, 'earliest', 'latest', a time, the committed offset), how seek and
// an out-of-range answer turn into one (pure), and resolving a start into an
// offset (committed offsets from the group, ListOffsets at the leader).
import type { EddyError, wire } from '@eddy/protocol';
import type { ClusterConnection } from '../connection/cluster-connection.js';
import { errorFromInfo } from '../connection/error-info.js';
import type { GroupMember } from './group/group-member.js';
import type { PartitionState } from './partition-state.js';

/** Where to start when no offset is known (or the known one is out of range). */
export const AutoOffsetReset = {
  earliest: 'earliest',
  latest: 'latest',
} as const;
/** One of {@link AutoOffsetReset}. */
export type AutoOffsetReset = (typeof AutoOffsetReset)[keyof typeof AutoOffsetReset];

/** Where `assign` starts a partition. */
export type StartOffset = bigint | number | 'earliest' | 'latest';

/** Where `seek` moves a partition. */
export interface SeekTarget {
  topic: string;
  partition: number;
  /** An offset, 'beginning', 'end' — or use `timestamp`. */
  offset?: bigint | number | 'beginning' | 'end';
  /** The first record at or after this time (ms since the epoch, or a Date). */
  timestamp?: number | Date;
}

/** A start not yet resolved into an offset. */
export type PendingStart = { kind: 'offset'; offset: bigint } | { kind: 'earliest' } | { kind: 'latest' } | { kind: 'timestamp'; ms: number } | { kind: 'committed' };

/** The start of an assigned partition: the one given, else the group's committed offset (in a group) or the reset policy. */
export function startFor(offset: StartOffset | undefined, inGroup: boolean, reset: AutoOffsetReset): PendingStart {
  if (offset === undefined) return inGroup ? { kind: 'committed' } : { kind: reset };
  if (offset === 'earliest' || offset === 'latest') return { kind: offset };
  return { kind: 'offset', offset: BigInt(offset) };
}

/** The start a seek asks for. Throws RangeError when it names neither an offset nor a time. */
export function seekStart(target: SeekTarget): PendingStart {
  if (target.timestamp !== undefined) return { kind: 'timestamp', ms: target.timestamp instanceof Date ? target.timestamp.getTime() : target.timestamp };
  if (target.offset === 'beginning') return { kind: 'earliest' };
  if (target.offset === 'end') return { kind: 'latest' };
  if (target.offset !== undefined) return { kind: 'offset', offset: BigInt(target.offset) };
  throw new RangeError('seek needs an offset or a timestamp');
}

/** Where to go after OFFSET_OUT_OF_RANGE: the bound the error names for the reset policy, else the policy itself. */
export function outOfRangeStart(err: EddyError, reset: AutoOffsetReset): PendingStart {
  const bound = reset === 'earliest' ? err.details.logStartOffset : err.details.logEndOffset;
  return bound !== undefined ? { kind: 'offset', offset: bound } : { kind: reset };
}

/** Forgets a partition's position so that it is resolved again from `start` (the caller drops what was read). */
export function restart(s: PartitionState, start: PendingStart): void {
  s.start = start;
  s.fetchOffset = undefined;
  s.nextOffset = undefined;
  s.caughtUp = false;
}

/** Resolves pending starts into offsets. */
export class Positions {
  constructor(
    private readonly conn: ClusterConnection,
    private readonly group: GroupMember | undefined,
    private readonly autoOffsetReset: AutoOffsetReset,
  ) {}

  /** Resolves the partitions with no fetch offset that are not being resolved already. */
  async resolve(states: readonly PartitionState[]): Promise<void> {
    const todo = states.filter((s) => s.fetchOffset === undefined && !s.resolving);
    if (todo.length === 0) return;
    for (const s of todo) s.resolving = true;
    try {
      const committed = todo.filter((s) => s.start.kind === 'committed');
      if (committed.length > 0) {
        const offsets = this.group ? await this.group.fetchOffsets(committed) : new Map<string, bigint>();
        for (const s of committed) {
          const o = offsets.get(s.key);
          s.start = o !== undefined && o >= 0n ? { kind: 'offset', offset: o } : { kind: this.autoOffsetReset };
          if (o !== undefined && o >= 0n) s.lastCommitted = o;
        }
      }
      await Promise.all(todo.map((s) => this.resolveOne(s)));
    } finally {
      for (const s of todo) s.resolving = false;
    }
  }

  private async resolveOne(s: PartitionState): Promise<void> {
    const generation = s.generation;
    const start = s.start;
    let offset: bigint;
    if (start.kind === 'offset') offset = start.offset;
    else if (start.kind === 'committed') return;
    else {
      const spec = start.kind === 'earliest' ? 'OFFSET_SPEC_EARLIEST' : start.kind === 'latest' ? 'OFFSET_SPEC_LATEST' : 'OFFSET_SPEC_TIMESTAMP';
      const req: wire.ListOffsetsRequest = { partitions: [{ topic: s.topic, partition: s.partition, spec, timestampMs: start.kind === 'timestamp' ? String(start.ms) : '0' }] };
      const resp = await this.conn.leaderCall(s.topic, s.partition, async (c) => {
        const r = await this.conn.unary<wire.ListOffsetsResponse__Output>((o, cb) => c.fetch.listOffsets(req, o, cb));
        const p = r.partitions[0];
        if (p?.error && p.error.code) throw errorFromInfo(p.error, s.topic, s.partition);
        return p;
      });
      offset = resp ? BigInt(resp.offset) : -1n;
      if (offset < 0n) {
        // No record at or after the timestamp: read from the end.
        const end = await this.conn.leaderCall(s.topic, s.partition, (c) =>
          this.conn.unary<wire.ListOffsetsResponse__Output>((o, cb) => c.fetch.listOffsets({ partitions: [{ topic: s.topic, partition: s.partition, spec: 'OFFSET_SPEC_LATEST' }] }, o, cb)),
        );
        offset = BigInt(end.partitions[0]?.offset ?? '0');
      }
    }
    if (s.generation !== generation) return;
    s.fetchOffset = offset;
    s.nextOffset = offset;
  }
}
