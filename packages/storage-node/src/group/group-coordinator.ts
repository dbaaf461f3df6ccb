// The group coordinator of one storage node (docs/architecture.md §13): for every partition of
// __consumer_offsets this node leads, it loads the groups of that partition by
// reading it from its log start, then serves their heartbeats, commits and
// admin calls, writing every change as records through the partition's Raft
// log (like a produce, acks=all) before answering. It watches leadership on a
// timer: it drops a partition's groups when it stops leading it, and loads
// them again when it leads it (a failover). The same timer expires members.
//
// No request can wedge it: input its records could not hold is refused before
// it changes anything, a write that fails drops the partition's memory (the
// next tick reloads it from the log), and loading skips, with a warning, any
// batch or record it cannot decode rather than failing the partition's groups
// for good.
import { randomUUID } from 'node:crypto';
import {
  EddyError,
  FencedError,
  GroupNotEmptyError,
  InvalidRequestError,
  NotCoordinatorError,
  UnavailableError,
  UnknownGroupError,
  UnknownMemberError,
  UnknownTopicError,
  decodeRecordBatch,
  encodeRecordBatch,
  partitionForKey,
  readBatchHeader,
  silentLogger,
  TIMED_OUT,
  within,
  type ErrorDetails,
  type Logger,
} from '@eddy/protocol';
import type { PartitionCatalog } from '../catalog/partition-catalog.js';
import type { PartitionReplica } from '../partition/partition-replica.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import type { PartitionCounts } from './assignor.js';
import { ConsumerGroup, type GroupStateName, type GroupWrite, type HeartbeatInput, type Member } from './consumer-group.js';
import { publicMemberId } from './member-id.js';
import {
  CONSUMER_OFFSETS_TOPIC,
  RecordKind,
  decodeGroupValue,
  decodeKey,
  decodeMemberValue,
  decodeOffsetValue,
  encodeKey,
  type MemberValue,
  type OffsetValue,
} from './offsets-codec.js';
import { compareTpKeys, parseTpKey, tpKey, type TpKey } from './topic-partition-key.js';

/** Which offset ListOffsets-like lookups ask for. */
export type OffsetQuery = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'timestamp'; timestampMs: number };

export interface GroupCoordinatorOptions {
  nodeId: number;
  /** The data plane's replicas (dataPlane.replicas): __consumer_offsets partitions are hosted there. */
  replicas: ReplicaManager;
  catalog: PartitionCatalog;
  logger?: Logger;
  clock?: () => number;
  /** Leader of a partition this node hosts no replica of (from the metadata image): FindCoordinator and NOT_COORDINATOR hints. */
  leaderHint?: (topic: string, partition: number) => number | undefined;
  /**
   * Offsets of partitions not hosted here (ListOffsets on their leaders), for
   * lag and ResetOffsets. Without it, only partitions hosted here are known.
   */
  listOffsets?: (topic: string, partition: number, query: OffsetQuery) => Promise<number | undefined>;
  /** Default 10 s: used when a member asks for 0. */
  defaultSessionTimeoutMs?: number;
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  /**
   * Told to members; default 250 ms. Members only learn of a new target at a
   * heartbeat, so a leave or a join waits up to one interval per round (pnpm
   * bench consumer-group); heartbeats that change nothing write nothing.
   */
  heartbeatIntervalMs?: number;
  /** Leadership watch and session expiry; default 250 ms. */
  tickMs?: number;
  /** Replication wait for the coordinator's writes; default 5 s. */
  writeTimeoutMs?: number;
  newMemberId?: () => string;
}

interface LoadedPartition {
  partition: number;
  replica: PartitionReplica;
  term: number;
  ready: boolean;
  groups: Map<string, ConsumerGroup>;
}

export interface GroupSummaryOutput {
  groupId: string;
  state: GroupStateName;
  memberCount: number;
  coordinatorId: number;
}

export interface PartitionLagOutput {
  topic: string;
  partition: number;
  committedOffset: bigint;
  highWatermark: bigint;
  lag: bigint;
  memberId: string;
}

export interface GroupLagOutput {
  groupId: string;
  topic: string;
  partition: number;
  lag: bigint;
}

export interface GroupDescription {
  groupId: string;
  state: GroupStateName;
  groupEpoch: number;
  coordinatorId: number;
  members: { memberId: string; clientId: string; memberEpoch: number; subscribedTopics: string[]; assignment: TpKey[] }[];
  offsets: PartitionLagOutput[];
}

export interface CommitInput {
  groupId: string;
  memberId: string;
  memberEpoch: number;
  offsets: { topic: string; partition: number; offset: bigint; metadata: string }[];
}

export interface CommittedOffsetOutput {
  topic: string;
  partition: number;
  offset: bigint;
  metadata: string;
}

export interface ResetInput {
  groupId: string;
  topic: string;
  partitions: number[];
  to: { kind: 'earliest' } | { kind: 'latest' } | { kind: 'offset'; offset: bigint } | { kind: 'timestamp'; timestampMs: number };
}

const MAX_METADATA_BYTES = 4096;
/** Group ids are keys of __consumer_offsets records (at most 65,535 bytes there); far more than any real id needs. */
export const MAX_GROUP_ID_BYTES = 1024;
/** Kafka's (and the controller's) longest topic name: a commit for a longer one names no topic. */
const MAX_TOPIC_NAME_LENGTH = 249;

export class GroupCoordinator {
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly loaded = new Map<number, LoadedPartition>();
  private timer: NodeJS.Timeout | undefined;
  private readonly defaultSessionTimeoutMs: number;
  private readonly minSessionTimeoutMs: number;
  private readonly maxSessionTimeoutMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly writeTimeoutMs: number;
  private readonly newMemberId: () => string;
  private readonly counts: PartitionCounts;

  constructor(private readonly options: GroupCoordinatorOptions) {
    this.logger = options.logger ?? silentLogger();
    this.clock = options.clock ?? Date.now;
    this.defaultSessionTimeoutMs = options.defaultSessionTimeoutMs ?? 10_000;
    this.minSessionTimeoutMs = options.minSessionTimeoutMs ?? 1_000;
    this.maxSessionTimeoutMs = options.maxSessionTimeoutMs ?? 300_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 250;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
    this.newMemberId = options.newMemberId ?? randomUUID;
    this.counts = (topic) => options.catalog.topic(topic)?.partitionCount;
  }

  /** Starts watching __consumer_offsets leadership (call after the data plane started). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 250);
    this.timer.unref();
    this.tick();
  }

  /** Stops the timer and forgets every group (they live on in the log). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.loaded.clear();
  }

  /** One pass: load partitions led here, drop ones no longer led, expire members. Exposed for tests. */
  tick(): void {
    const seen = new Set<number>();
    for (const r of this.options.replicas.replicas()) {
      if (r.assignment.topic !== CONSUMER_OFFSETS_TOPIC) continue;
      const p = r.assignment.partition;
      seen.add(p);
      const lp = this.loaded.get(p);
      if (!r.isLeader || r.isClosed) {
        if (lp) this.unload(lp, 'no longer the leader');
        continue;
      }
      if (lp && (lp.replica !== r || lp.term !== r.leaderEpoch)) this.unload(lp, 'a new leader term');
      if (!this.loaded.has(p)) void this.load(r);
    }
    for (const lp of this.loaded.values()) if (!seen.has(lp.partition)) this.unload(lp, 'replica gone');
    const now = this.clock();
    for (const lp of this.loaded.values()) {
      if (!lp.ready) continue;
      for (const g of lp.groups.values()) {
        const { expired, writes } = g.expire(now, this.counts);
        if (expired.length === 0) continue;
        this.logger.info({ groupId: g.groupId, expired }, 'group members expired (no heartbeat within their session timeout)');
        this.write(lp, writes).catch((err: unknown) => this.logger.warn({ err, groupId: g.groupId }, 'could not write member expiry'));
      }
    }
  }

  private unload(lp: LoadedPartition, why: string): void {
    if (this.loaded.get(lp.partition) === lp) this.loaded.delete(lp.partition);
    this.logger.info({ partition: lp.partition, why }, 'group coordinator: unloaded __consumer_offsets partition');
  }

  /** Rebuilds the groups of a partition this node now leads, from its log start to its high watermark. */
  private async load(r: PartitionReplica): Promise<void> {
    const lp: LoadedPartition = { partition: r.assignment.partition, replica: r, term: r.leaderEpoch, ready: false, groups: new Map() };
    this.loaded.set(lp.partition, lp);
    try {
      // Wait until this leader applied everything committed before its term.
      const deadline = this.clock() + 30_000;
      for (;;) {
        try {
          r.ensureReadable();
          break;
        } catch (err) {
          if (!(err instanceof EddyError) || !err.retriable || this.clock() > deadline || this.loaded.get(lp.partition) !== lp) throw err;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      // A barrier through the log: once it is committed, so is every earlier entry
      // (a write of this term that timed out but may still commit is then visible).
      const barrier = encodeRecordBatch({ records: [{ key: encodeKey({ kind: RecordKind.group, groupId: '' }), value: null, timestamp: this.clock() }] });
      await r.append(barrier, readBatchHeader(barrier), { acks: 'all', timeoutMs: this.writeTimeoutMs });
      const now = this.clock();
      let offset = r.state.logStartOffset;
      const end = r.state.highWatermark;
      let records = 0;
      let skipped = 0;
      while (offset < end) {
        const res = await r.read(offset, 1024 * 1024);
        if (res.batches.length === 0) break;
        for (const b of res.batches) {
          let decoded;
          try {
            decoded = decodeRecordBatch(b).records;
          } catch (err) {
            // Only the coordinator writes here, so this is damage, not a group's state:
            // skipping it keeps every other group of the partition available.
            skipped++;
            this.logger.warn({ err, partition: lp.partition, offset }, 'skipping an undecodable __consumer_offsets batch');
            continue;
          }
          for (const rec of decoded) {
            if (Number(rec.offset) < offset || rec.key === null) continue;
            this.replay(lp, rec.key, rec.value, now);
            records++;
          }
        }
        offset = res.nextOffset;
      }
      for (const g of lp.groups.values()) g.finishLoad(this.clock());
      if (this.loaded.get(lp.partition) !== lp || !r.isLeader || r.leaderEpoch !== lp.term) return;
      lp.ready = true;
      this.logger.info({ partition: lp.partition, groups: lp.groups.size, records, skippedBatches: skipped }, 'group coordinator: loaded __consumer_offsets partition');
    } catch (err) {
      this.logger.warn({ err, partition: lp.partition }, 'group coordinator: could not load __consumer_offsets partition; retrying');
      if (this.loaded.get(lp.partition) === lp) this.loaded.delete(lp.partition);
    }
  }

  private replay(lp: LoadedPartition, key: Uint8Array, value: Uint8Array | null, now: number): void {
    let k;
    try {
      k = decodeKey(key);
    } catch (err) {
      this.logger.warn({ err, partition: lp.partition }, 'skipping an unreadable __consumer_offsets record');
      return;
    }
    let g = lp.groups.get(k.groupId);
    if (!g) lp.groups.set(k.groupId, (g = new ConsumerGroup(k.groupId)));
    try {
      if (k.kind === RecordKind.offset) g.applyOffsetRecord(k.topic, k.partition, value ? decodeOffsetValue(value) : null);
      else if (k.kind === RecordKind.group) g.applyGroupRecord(value ? decodeGroupValue(value) : null);
      else g.applyMemberRecord(k.memberId, value ? this.boundedMember(decodeMemberValue(value)) : null, now);
    } catch (err) {
      this.logger.warn({ err, groupId: k.groupId }, 'skipping an unreadable __consumer_offsets value');
    }
    if (!g.exists) lp.groups.delete(k.groupId);
  }

  /** A loaded member's session timeout within this coordinator's bounds, so it expires like any member. */
  private boundedMember(value: MemberValue): MemberValue {
    return { ...value, sessionTimeoutMs: Math.min(this.maxSessionTimeoutMs, Math.max(this.minSessionTimeoutMs, value.sessionTimeoutMs)) };
  }

  /**
   * Appends records through the partition's Raft log; on any failure (encoding
   * included: memory already changed) the partition reloads from the log.
   */
  private async write(lp: LoadedPartition, writes: readonly GroupWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const timestamp = this.clock();
    try {
      const batch = encodeRecordBatch({ records: writes.map((w) => ({ key: encodeKey(w.key), value: w.value, timestamp })) });
      await lp.replica.append(batch, readBatchHeader(batch), { acks: 'all', timeoutMs: this.writeTimeoutMs });
    } catch (err) {
      // Memory may now be ahead of the log: forget it; the next tick reloads what was written.
      this.unload(lp, 'a write failed');
      if (err instanceof EddyError && err.code === 'NOT_LEADER') throw this.notCoordinator(lp.partition, 'lost leadership of its __consumer_offsets partition');
      throw err;
    }
  }

  // -------------------------------------------------------------------------
  // routing

  private offsetsPartitionOf(groupId: string): number {
    if (groupId === '') throw new InvalidRequestError('group_id is empty');
    if (Buffer.byteLength(groupId, 'utf8') > MAX_GROUP_ID_BYTES) throw new InvalidRequestError(`group_id is longer than ${MAX_GROUP_ID_BYTES} bytes; use a shorter group id`);
    const n = this.options.catalog.topic(CONSUMER_OFFSETS_TOPIC)?.partitionCount;
    if (!n) throw new UnavailableError(`the internal topic ${CONSUMER_OFFSETS_TOPIC} does not exist yet; retry shortly`);
    return partitionForKey(Buffer.from(groupId, 'utf8'), n);
  }

  private leaderOf(partition: number): number | undefined {
    for (const r of this.options.replicas.replicas()) {
      if (r.assignment.topic === CONSUMER_OFFSETS_TOPIC && r.assignment.partition === partition && !r.isClosed) {
        return r.leaderId > 0 ? r.leaderId : undefined;
      }
    }
    const hint = this.options.leaderHint?.(CONSUMER_OFFSETS_TOPIC, partition);
    return hint !== undefined && hint > 0 ? hint : undefined;
  }

  private notCoordinator(partition: number, why: string): EddyError {
    const leaderId = this.leaderOf(partition);
    const details: ErrorDetails = { topic: CONSUMER_OFFSETS_TOPIC, partition };
    if (leaderId !== undefined && leaderId !== this.options.nodeId) {
      details.leaderId = leaderId;
      const address = this.options.catalog.nodeAddress(leaderId);
      if (address !== undefined) details.leaderAddress = address;
    }
    return new NotCoordinatorError(`node ${this.options.nodeId} is not the coordinator: ${why}`, { details });
  }

  /** The loaded partition of a group's coordinator, or the retriable error the caller gets. */
  private route(groupId: string): LoadedPartition {
    const p = this.offsetsPartitionOf(groupId);
    const lp = this.loaded.get(p);
    if (lp?.ready && lp.replica.isLeader && lp.replica.leaderEpoch === lp.term) return lp;
    if (lp && lp.replica.isLeader) throw new UnavailableError(`group coordinator: loading ${CONSUMER_OFFSETS_TOPIC}-${p}; retry shortly`);
    throw this.notCoordinator(p, `it does not lead ${CONSUMER_OFFSETS_TOPIC}-${p}`);
  }

  private group(lp: LoadedPartition, groupId: string, create: boolean): ConsumerGroup | undefined {
    let g = lp.groups.get(groupId);
    if (!g && create) lp.groups.set(groupId, (g = new ConsumerGroup(groupId)));
    return g;
  }

  // -------------------------------------------------------------------------
  // the service

  /** Any node answers: the leader of the group's __consumer_offsets partition. */
  findCoordinator(groupId: string): { nodeId: number; address: string } {
    const p = this.offsetsPartitionOf(groupId);
    const leaderId = this.leaderOf(p);
    if (leaderId === undefined) throw new UnavailableError(`${CONSUMER_OFFSETS_TOPIC}-${p} has no known leader; retry shortly`);
    return { nodeId: leaderId, address: this.options.catalog.nodeAddress(leaderId) ?? '' };
  }

  async heartbeat(req: Omit<HeartbeatInput, 'sessionTimeoutMs'> & { groupId: string; sessionTimeoutMs: number }): Promise<{ memberId: string; memberEpoch: number; heartbeatIntervalMs: number; sessionTimeoutMs: number; assignment: TpKey[] }> {
    const lp = this.route(req.groupId);
    const sessionTimeoutMs =
      req.sessionTimeoutMs > 0 ? Math.min(this.maxSessionTimeoutMs, Math.max(this.minSessionTimeoutMs, req.sessionTimeoutMs)) : this.defaultSessionTimeoutMs;
    const existing = lp.groups.has(req.groupId);
    // A leave from a group that does not exist fails in g.heartbeat like any unknown member's, and the group is not kept.
    const g = this.group(lp, req.groupId, true) as ConsumerGroup;
    let out;
    try {
      out = g.heartbeat({ ...req, sessionTimeoutMs }, this.clock(), this.counts, this.newMemberId);
    } catch (err) {
      if (!existing && !g.exists) lp.groups.delete(req.groupId);
      throw err;
    }
    await this.write(lp, out.writes);
    return {
      memberId: out.memberId,
      memberEpoch: out.memberEpoch,
      heartbeatIntervalMs: Math.max(1, Math.min(this.heartbeatIntervalMs, Math.floor(sessionTimeoutMs / 3))),
      sessionTimeoutMs,
      assignment: [...out.assignment].sort(compareTpKeys),
    };
  }

  async commitOffsets(req: CommitInput): Promise<{ topic: string; partition: number; error?: EddyError }[]> {
    const lp = this.route(req.groupId);
    const g = this.group(lp, req.groupId, false);
    if (g) g.validateCommit(req.memberId, req.memberEpoch);
    else if (req.memberId !== '') throw new UnknownMemberError(`group "${req.groupId}" does not exist, so it has no member with this id; rejoin`);
    const results: { topic: string; partition: number; error?: EddyError }[] = [];
    const accepted: { topic: string; partition: number; value: OffsetValue }[] = [];
    const now = this.clock();
    for (const o of req.offsets) {
      if (o.offset < 0n || !Number.isInteger(o.partition) || o.partition < 0 || o.topic === '' || o.topic.length > MAX_TOPIC_NAME_LENGTH) {
        results.push({ topic: o.topic, partition: o.partition, error: new InvalidRequestError(`cannot commit offset ${o.offset} for "${o.topic}" partition ${o.partition}`) });
      } else if (g && req.memberId !== '' && !g.mayCommit(req.memberId, tpKey(o.topic, o.partition))) {
        results.push({ topic: o.topic, partition: o.partition, error: new FencedError(`member ${publicMemberId(req.memberId)} of group "${req.groupId}" does not own "${o.topic}" partition ${o.partition} (it was reassigned); the offset was not committed`) });
      } else if (Buffer.byteLength(o.metadata, 'utf8') > MAX_METADATA_BYTES) {
        results.push({ topic: o.topic, partition: o.partition, error: new InvalidRequestError(`commit metadata is longer than ${MAX_METADATA_BYTES} bytes`) });
      } else {
        accepted.push({ topic: o.topic, partition: o.partition, value: { offset: o.offset, metadata: o.metadata, commitTimestamp: now } });
        results.push({ topic: o.topic, partition: o.partition });
      }
    }
    const target = g ?? (this.group(lp, req.groupId, true) as ConsumerGroup);
    await this.write(lp, accepted.map((a) => target.offsetWrite(a.topic, a.partition, a.value)));
    // Visible only once durable: a fetch never returns an offset a failover could lose.
    for (const a of accepted) target.applyOffsetRecord(a.topic, a.partition, a.value);
    if (!target.exists) lp.groups.delete(req.groupId);
    return results;
  }

  fetchOffsets(groupId: string, partitions: { topic: string; partition: number }[]): CommittedOffsetOutput[] {
    const lp = this.route(groupId);
    const g = lp.groups.get(groupId);
    const keys = partitions.length > 0 ? partitions.map((p) => tpKey(p.topic, p.partition)) : [...(g?.offsets.keys() ?? [])].sort(compareTpKeys);
    return keys.map((k) => {
      const { topic, partition } = parseTpKey(k);
      const v = g?.offsets.get(k);
      return { topic, partition, offset: v ? v.offset : -1n, metadata: v?.metadata ?? '' };
    });
  }

  /**
   * Lag of every committed offset of the groups coordinated here (for the
   * eddy_group_lag_records metric): high watermark minus committed offset, per
   * partition. A partition whose high watermark is not known within
   * `lookupTimeoutMs` is left out rather than reported wrong.
   */
  async lag(lookupTimeoutMs = 1_000): Promise<GroupLagOutput[]> {
    const wanted: { groupId: string; topic: string; partition: number; committed: bigint }[] = [];
    for (const lp of this.loaded.values()) {
      if (!lp.ready) continue;
      for (const g of lp.groups.values()) {
        for (const [k, v] of g.offsets) {
          const { topic, partition } = parseTpKey(k);
          wanted.push({ groupId: g.groupId, topic, partition, committed: v.offset });
        }
      }
    }
    // One lookup per partition, however many groups read it.
    const hws = new Map<TpKey, Promise<number | undefined>>();
    for (const w of wanted) {
      const k = tpKey(w.topic, w.partition);
      if (!hws.has(k)) hws.set(k, withTimeout(this.offsetOf(w.topic, w.partition, { kind: 'latest' }, true), lookupTimeoutMs).catch(() => undefined));
    }
    const out: GroupLagOutput[] = [];
    for (const w of wanted) {
      const hw = await hws.get(tpKey(w.topic, w.partition));
      if (hw === undefined) continue;
      const lag = BigInt(hw) - w.committed;
      out.push({ groupId: w.groupId, topic: w.topic, partition: w.partition, lag: lag > 0n ? lag : 0n });
    }
    return out;
  }

  /** Groups coordinated by this node (not the whole cluster's: ask every node for that). */
  listGroups(): GroupSummaryOutput[] {
    const out: GroupSummaryOutput[] = [];
    for (const lp of this.loaded.values()) {
      if (!lp.ready) continue;
      for (const g of lp.groups.values()) {
        if (g.exists) out.push({ groupId: g.groupId, state: g.state(), memberCount: g.members.size, coordinatorId: this.options.nodeId });
      }
    }
    return out.sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    const lp = this.route(groupId);
    const g = lp.groups.get(groupId);
    if (!g?.exists) throw new UnknownGroupError(`group "${groupId}" does not exist`);
    const members = [...g.members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
    const keys = new Set<TpKey>(g.offsets.keys());
    const holder = new Map<TpKey, Member>();
    for (const m of members) for (const k of m.target) {
      keys.add(k);
      holder.set(k, m);
    }
    const offsets: PartitionLagOutput[] = [];
    for (const k of [...keys].sort(compareTpKeys)) {
      const { topic, partition } = parseTpKey(k);
      const committed = g.offsets.get(k)?.offset ?? -1n;
      const hw = await this.offsetOf(topic, partition, { kind: 'latest' }, true).catch(() => undefined);
      const highWatermark = hw === undefined ? -1n : BigInt(hw);
      const lag = committed >= 0n && highWatermark >= 0n ? (highWatermark > committed ? highWatermark - committed : 0n) : -1n;
      offsets.push({ topic, partition, committedOffset: committed, highWatermark, lag, memberId: g.ownerOf(k) ?? '' });
    }
    return {
      groupId,
      state: g.state(),
      groupEpoch: g.groupEpoch,
      coordinatorId: this.options.nodeId,
      members: members.map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        memberEpoch: m.memberEpoch,
        subscribedTopics: [...m.subscribedTopics],
        assignment: [...m.target].sort(compareTpKeys),
      })),
      offsets,
    };
  }

  async deleteGroup(groupId: string): Promise<void> {
    const lp = this.route(groupId);
    const g = lp.groups.get(groupId);
    if (!g?.exists) throw new UnknownGroupError(`group "${groupId}" does not exist`);
    if (!g.isEmpty) throw new GroupNotEmptyError(`group "${groupId}" has ${g.members.size} active member(s)`);
    await this.write(lp, g.deleteWrites());
    lp.groups.delete(groupId);
  }

  async resetOffsets(req: ResetInput): Promise<CommittedOffsetOutput[]> {
    const lp = this.route(req.groupId);
    const existing = lp.groups.get(req.groupId);
    if (existing && !existing.isEmpty) throw new GroupNotEmptyError(`group "${req.groupId}" has ${existing.members.size} active member(s); stop its consumers first`);
    const info = this.options.catalog.topic(req.topic);
    if (!info) throw new UnknownTopicError(`topic "${req.topic}" does not exist`, { details: { topic: req.topic } });
    const partitions = req.partitions.length > 0 ? [...new Set(req.partitions)].sort((a, b) => a - b) : Array.from({ length: info.partitionCount }, (_, i) => i);
    for (const p of partitions) {
      if (!Number.isInteger(p) || p < 0 || p >= info.partitionCount) throw new InvalidRequestError(`topic "${req.topic}" has no partition ${p}`);
    }
    const out: CommittedOffsetOutput[] = [];
    for (const p of partitions) {
      let offset: bigint;
      if (req.to.kind === 'offset') {
        if (req.to.offset < 0n) throw new InvalidRequestError(`offset ${req.to.offset} is negative`);
        offset = req.to.offset;
      } else {
        const q: OffsetQuery = req.to.kind === 'timestamp' ? { kind: 'timestamp', timestampMs: req.to.timestampMs } : { kind: req.to.kind };
        const found = await this.offsetOf(req.topic, p, q);
        if (found === undefined) throw new UnavailableError(`offsets of ${req.topic}-${p} are not known on node ${this.options.nodeId}; retry, or reset to an explicit offset`);
        offset = BigInt(found);
      }
      out.push({ topic: req.topic, partition: p, offset, metadata: '' });
    }
    // Re-check after the lookups: a member may have joined meanwhile.
    const g = this.group(lp, req.groupId, true) as ConsumerGroup;
    if (!g.isEmpty) throw new GroupNotEmptyError(`group "${req.groupId}" gained members; stop its consumers first`);
    const now = this.clock();
    const values = out.map((o) => ({ o, value: { offset: o.offset, metadata: '', commitTimestamp: now } }));
    await this.write(lp, values.map(({ o, value }) => g.offsetWrite(o.topic, o.partition, value)));
    for (const { o, value } of values) g.applyOffsetRecord(o.topic, o.partition, value);
    return out;
  }

  /**
   * A partition's earliest/latest/by-timestamp offset: from the replica hosted
   * here when it leads (or no listOffsets is given), else from the leader via
   * listOffsets; with allowStale, a hosted follower's slightly older view when
   * the leader does not answer. Undefined when none knows.
   */
  private async offsetOf(topic: string, partition: number, q: OffsetQuery, allowStale = false): Promise<number | undefined> {
    let replica: PartitionReplica | undefined;
    try {
      replica = this.options.replicas.replica(topic, partition);
    } catch {
      replica = undefined;
    }
    const local = async (r: PartitionReplica): Promise<number> => {
      if (q.kind === 'earliest') return r.state.logStartOffset;
      if (q.kind === 'latest') return r.state.highWatermark;
      const found = await r.offsetForTimestamp(q.timestampMs);
      return found ? found.offset : r.state.highWatermark;
    };
    const hosted = replica && !replica.isClosed ? replica : undefined;
    if (hosted && (hosted.isLeader || !this.options.listOffsets)) return local(hosted);
    const remote = await this.options.listOffsets?.(topic, partition, q).catch(() => undefined);
    // The leader unknown or unreachable (e.g. just after a failover): a follower's slightly older view.
    // Only for lag (describe, metrics), never for a reset that writes the offset.
    if (remote === undefined && hosted && allowStale) return local(hosted);
    return remote;
  }
}

/** p's value, or undefined when it has not settled within ms (the timer never holds the process). */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  const r = await within(p, ms, { unref: true });
  return r === TIMED_OUT ? undefined : r;
}
