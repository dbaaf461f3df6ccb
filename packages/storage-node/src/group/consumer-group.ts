// One consumer group's state on its coordinator, pure (no I/O, no timers; time
// is passed in): members and their epochs, the target assignment, what each
// member may own now (reconciliation), committed offsets, and the records that
// make every change durable in __consumer_offsets. Replaying those records
// (apply*) rebuilds the same state on a new coordinator.
//
// The rule that keeps a partition from being read by two members: the
// coordinator tracks, per member, what it MAY own — what it reported owning at
// its last heartbeat plus what it was told it may own in the answer. A member
// is told to own a partition of its target only when no other member may own
// it. A member loaded from the log (after a failover) may own anything until
// it heartbeats; meanwhile the others keep only what they already own.
//
// Who may act for a member: whoever holds its member id, which is a credential
// (member-id.ts). Members are kept, recorded and described under their public
// ids; requests carry the credential, and a leave, heartbeat or commit whose
// credential matches no member changes nothing.
import { FencedError, InvalidRequestError, UnknownMemberError } from '@eddy/protocol';
import { assign, type PartitionCounts } from './assignor.js';
import { publicMemberId, validateMemberId } from './member-id.js';
import {
  RecordKind,
  encodeGroupValue,
  encodeMemberValue,
  encodeOffsetValue,
  type MemberValue,
  type OffsetValue,
  type OffsetsKey,
} from './offsets-codec.js';
import { compareTpKeys, parseTpKey, tpKey, type TpKey } from './topic-partition-key.js';

export const LEAVE_EPOCH = -1;

/** A record to append to the group's __consumer_offsets partition (value null: tombstone). */
export interface GroupWrite {
  key: OffsetsKey;
  value: Buffer | null;
}

export const GroupStateName = {
  empty: 'GROUP_STATE_EMPTY',
  reconciling: 'GROUP_STATE_RECONCILING',
  stable: 'GROUP_STATE_STABLE',
} as const;
export type GroupStateName = (typeof GroupStateName)[keyof typeof GroupStateName];

export interface Member {
  /** The public id (member-id.ts): never the member's own id, which only the member holds. */
  memberId: string;
  clientId: string;
  subscribedTopics: string[];
  sessionTimeoutMs: number;
  memberEpoch: number;
  target: Set<TpKey>;
  /** What the member may own now; undefined when unknown (loaded from the log, not heard from yet). */
  mayOwn: Set<TpKey> | undefined;
  /** What it reported owning at its last heartbeat (empty when unknown). */
  owned: Set<TpKey>;
  deadline: number;
}

export interface HeartbeatInput {
  /** The member's own id (its credential); empty to join with one the coordinator draws. */
  memberId: string;
  memberEpoch: number;
  clientId: string;
  /** Empty: unchanged (a joining member sends its subscription). */
  subscribedTopics: readonly string[];
  ownedPartitions: ReadonlySet<TpKey>;
  /** Already resolved against the coordinator's default and bounds. */
  sessionTimeoutMs: number;
}

export interface HeartbeatOutcome {
  /** The member's own id, for the member alone (a joiner learns its new one here). */
  memberId: string;
  memberEpoch: number;
  assignment: Set<TpKey>;
  writes: GroupWrite[];
}

export class ConsumerGroup {
  groupEpoch = 0;
  readonly members = new Map<string, Member>();
  readonly offsets = new Map<TpKey, OffsetValue>();
  /** Partition counts the target was computed with; a change recomputes it. */
  private countsSeen = new Map<string, number>();
  /** A group record was written (the group exists even with no members and no offsets). */
  private known = false;

  constructor(readonly groupId: string) {}

  get isEmpty(): boolean {
    return this.members.size === 0;
  }

  /** False once nothing is left of it (no members, offsets or epoch record). */
  get exists(): boolean {
    return this.known || this.members.size > 0 || this.offsets.size > 0;
  }

  state(): GroupStateName {
    if (this.members.size === 0) return GroupStateName.empty;
    for (const m of this.members.values()) {
      if (!m.mayOwn || !sameSet(m.owned, m.target)) return GroupStateName.reconciling;
    }
    return GroupStateName.stable;
  }

  // -------------------------------------------------------------------------
  // replay (a new coordinator reading the partition)

  applyGroupRecord(value: { groupEpoch: number } | null): void {
    if (value) {
      this.groupEpoch = Math.max(this.groupEpoch, value.groupEpoch);
      this.known = true;
    } else {
      this.known = false;
      this.groupEpoch = 0;
      this.members.clear();
    }
  }

  /** `memberId`: the public id the record is keyed by. */
  applyMemberRecord(memberId: string, value: MemberValue | null, now: number): void {
    if (!value) {
      this.members.delete(memberId);
      return;
    }
    this.members.set(memberId, {
      memberId,
      clientId: value.clientId,
      subscribedTopics: [...value.subscribedTopics],
      sessionTimeoutMs: value.sessionTimeoutMs,
      memberEpoch: 0,
      target: new Set(value.target.map(([t, p]) => tpKey(t, p))),
      mayOwn: undefined,
      owned: new Set(),
      deadline: now + value.sessionTimeoutMs,
    });
  }

  applyOffsetRecord(topic: string, partition: number, value: OffsetValue | null): void {
    if (value) this.offsets.set(tpKey(topic, partition), value);
    else this.offsets.delete(tpKey(topic, partition));
  }

  /** After replay: members' epochs are the group's (any epoch the client holds is at most that). */
  finishLoad(now: number): void {
    for (const m of this.members.values()) {
      m.memberEpoch = this.groupEpoch;
      m.deadline = now + m.sessionTimeoutMs;
    }
    for (const m of this.members.values()) for (const t of m.subscribedTopics) this.countsSeen.set(t, -1);
  }

  // -------------------------------------------------------------------------
  // membership

  heartbeat(req: HeartbeatInput, now: number, counts: PartitionCounts, newMemberId: () => string): HeartbeatOutcome {
    validateMemberId(req.memberId);
    const writes: GroupWrite[] = [];
    if (req.memberEpoch === LEAVE_EPOCH) {
      // KIP-848: a leave comes from the member itself. Here that means it names the
      // member's own id; a public id (what DescribeGroup shows) matches no member.
      if (req.memberId === '') throw new InvalidRequestError('a leave (member_epoch -1) must carry the leaving member\'s id, the one its join returned; nothing was changed');
      const id = publicMemberId(req.memberId);
      if (!this.members.has(id)) throw this.unknownMember(req.memberId, 'leaves with the member id its own join returned');
      this.members.delete(id);
      writes.push(this.memberTombstone(id));
      writes.push(...this.recompute(counts, []));
      return { memberId: req.memberId, memberEpoch: LEAVE_EPOCH, assignment: new Set(), writes };
    }
    if (req.memberEpoch < 0) throw new InvalidRequestError(`member_epoch ${req.memberEpoch} is not 0 (join), -1 (leave) or an epoch received`);

    let m = req.memberId ? this.members.get(publicMemberId(req.memberId)) : undefined;
    let own = req.memberId;
    const changed: string[] = [];
    if (req.memberEpoch === 0) {
      if (!m) {
        own = req.memberId || newMemberId();
        const memberId = publicMemberId(own);
        m = {
          memberId,
          clientId: req.clientId,
          subscribedTopics: [],
          sessionTimeoutMs: req.sessionTimeoutMs,
          memberEpoch: 0,
          target: new Set(),
          mayOwn: new Set(),
          owned: new Set(),
          deadline: now + req.sessionTimeoutMs,
        };
        this.members.set(memberId, m);
        changed.push(memberId);
      }
    } else {
      if (!m) throw this.unknownMember(req.memberId, 'rejoins (its session expired or the group moved)');
      if (req.memberEpoch > m.memberEpoch) {
        throw new FencedError(`member ${m.memberId} sent epoch ${req.memberEpoch}, newer than its epoch ${m.memberEpoch}; rejoin`);
      }
    }
    m.deadline = now + req.sessionTimeoutMs;
    if (req.sessionTimeoutMs !== m.sessionTimeoutMs || req.clientId !== m.clientId) {
      m.sessionTimeoutMs = req.sessionTimeoutMs;
      m.clientId = req.clientId;
      if (!changed.includes(m.memberId)) changed.push(m.memberId);
    }
    m.owned = new Set(req.ownedPartitions);
    m.mayOwn = new Set(req.ownedPartitions);
    const subscription = [...new Set(req.subscribedTopics)].sort();
    if ((req.memberEpoch === 0 || subscription.length > 0) && !sameList(subscription, m.subscribedTopics)) {
      m.subscribedTopics = subscription;
      if (!changed.includes(m.memberId)) changed.push(m.memberId);
    }
    const countsChanged = this.countsChanged(counts);
    if (changed.length > 0 || countsChanged) writes.push(...this.recompute(counts, changed));

    const assignment = this.mayOwnNow(m);
    for (const k of assignment) m.mayOwn.add(k);
    m.memberEpoch = this.groupEpoch;
    return { memberId: own, memberEpoch: m.memberEpoch, assignment, writes };
  }

  /** Removes members whose session expired; returns the records to write. */
  expire(now: number, counts: PartitionCounts): { expired: string[]; writes: GroupWrite[] } {
    const expired = [...this.members.values()].filter((m) => m.deadline <= now).map((m) => m.memberId);
    if (expired.length === 0) return { expired, writes: [] };
    const writes: GroupWrite[] = [];
    for (const id of expired) {
      this.members.delete(id);
      writes.push(this.memberTombstone(id));
    }
    writes.push(...this.recompute(counts, []));
    return { expired, writes };
  }

  /**
   * The part of the member's target it may own now: partitions no other member
   * may own. While any other member's ownership is unknown, only what it
   * already reported owning.
   */
  mayOwnNow(m: Member): Set<TpKey> {
    let othersUnknown = false;
    const blocked = new Set<TpKey>();
    for (const o of this.members.values()) {
      if (o === m) continue;
      if (!o.mayOwn) othersUnknown = true;
      else for (const k of o.mayOwn) blocked.add(k);
    }
    const out = new Set<TpKey>();
    for (const k of [...m.target].sort(compareTpKeys)) {
      if (blocked.has(k)) continue;
      if (othersUnknown && !m.owned.has(k)) continue;
      out.add(k);
    }
    return out;
  }

  /** Which member owns each partition (for DescribeGroup): a member that reported it. */
  ownerOf(k: TpKey): string | undefined {
    for (const m of this.members.values()) if (m.owned.has(k)) return m.memberId;
    return undefined;
  }

  // -------------------------------------------------------------------------
  // offsets

  /**
   * Checks that a commit may happen; throws the error the committer gets.
   * A commit without a member id comes from outside the group (an admin tool, a
   * consumer assigning partitions itself), as Kafka allows with generation -1:
   * only while the group has no members, so it never moves an active member's
   * position under it. It can only set offsets an empty group starts from,
   * which ResetOffsets does too.
   */
  validateCommit(memberId: string, memberEpoch: number): void {
    validateMemberId(memberId);
    if (memberId === '') {
      if (this.members.size > 0) throw new UnknownMemberError(`group "${this.groupId}" has active members; commits from outside the group need it empty`);
      return;
    }
    const m = this.members.get(publicMemberId(memberId));
    if (!m) throw this.unknownMember(memberId, 'commits with the member id its join returned, or rejoins');
    if (memberEpoch > m.memberEpoch || memberEpoch <= 0) throw new FencedError(`member ${m.memberId} committed with epoch ${memberEpoch}; its epoch is ${m.memberEpoch}`);
  }

  /**
   * Whether a member (by its own id) may commit an offset for this partition:
   * only while it may own it (reported or granted at its last heartbeat). A late
   * commit from a member that has since released the partition would otherwise
   * move the new owner's committed offset backwards. Unknown ownership (loaded
   * from the log, not heard from yet) allows it.
   */
  mayCommit(memberId: string, key: TpKey): boolean {
    const m = this.members.get(publicMemberId(memberId));
    return m !== undefined && (m.mayOwn === undefined || m.mayOwn.has(key));
  }

  offsetWrite(topic: string, partition: number, value: OffsetValue): GroupWrite {
    return { key: { kind: RecordKind.offset, groupId: this.groupId, topic, partition }, value: encodeOffsetValue(value) };
  }

  /** Tombstones for everything the group has (DeleteGroup; the group must be empty). */
  deleteWrites(): GroupWrite[] {
    const writes: GroupWrite[] = [];
    for (const k of [...this.offsets.keys()].sort(compareTpKeys)) {
      const { topic, partition } = parseTpKey(k);
      writes.push({ key: { kind: RecordKind.offset, groupId: this.groupId, topic, partition }, value: null });
    }
    for (const id of this.members.keys()) writes.push(this.memberTombstone(id));
    writes.push({ key: { kind: RecordKind.group, groupId: this.groupId }, value: null });
    return writes;
  }

  // -------------------------------------------------------------------------

  private countsChanged(counts: PartitionCounts): boolean {
    const topics = new Set<string>();
    for (const m of this.members.values()) for (const t of m.subscribedTopics) topics.add(t);
    for (const t of topics) if ((counts(t) ?? 0) !== this.countsSeen.get(t)) return true;
    return false;
  }

  /** Bumps the group epoch and recomputes the target; records for the epoch and every member whose record changed. */
  private recompute(counts: PartitionCounts, changed: readonly string[]): GroupWrite[] {
    this.groupEpoch++;
    this.known = true;
    this.countsSeen = new Map();
    for (const m of this.members.values()) for (const t of m.subscribedTopics) this.countsSeen.set(t, counts(t) ?? 0);
    const target = assign(
      [...this.members.values()].map((m) => ({ memberId: m.memberId, subscribedTopics: m.subscribedTopics, previous: m.target })),
      counts,
    );
    const writes: GroupWrite[] = [{ key: { kind: RecordKind.group, groupId: this.groupId }, value: encodeGroupValue({ groupEpoch: this.groupEpoch }) }];
    for (const m of [...this.members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : 1))) {
      const next = target.get(m.memberId) ?? new Set<TpKey>();
      if (!sameSet(next, m.target) || changed.includes(m.memberId)) {
        m.target = next;
        writes.push(this.memberWrite(m));
      }
    }
    return writes;
  }

  private memberWrite(m: Member): GroupWrite {
    const value: MemberValue = {
      clientId: m.clientId,
      subscribedTopics: m.subscribedTopics,
      sessionTimeoutMs: m.sessionTimeoutMs,
      target: [...m.target].sort(compareTpKeys).map((k) => {
        const { topic, partition } = parseTpKey(k);
        return [topic, partition];
      }),
    };
    return { key: { kind: RecordKind.member, groupId: this.groupId, memberId: m.memberId }, value: encodeMemberValue(value) };
  }

  private unknownMember(ownId: string, what: string): UnknownMemberError {
    return new UnknownMemberError(
      `no member of group "${this.groupId}" has the member id sent (public id ${publicMemberId(ownId)}); a member ${what}. ` +
        'The ids DescribeGroup shows are public ids: they cannot act for a member. Nothing was changed',
    );
  }

  private memberTombstone(memberId: string): GroupWrite {
    return { key: { kind: RecordKind.member, groupId: this.groupId, memberId }, value: null };
  }
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
