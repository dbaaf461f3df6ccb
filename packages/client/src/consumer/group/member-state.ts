// The consumer-group member's state machine in the KIP-848 model, pure (no I/O,
// no timers): it builds heartbeats, and turns each heartbeat answer's target
// assignment into decisions — which partitions to start reading and which to
// stop. The rules that keep a partition from being read by two members:
// - a partition counts as owned from the moment the consumer may read it
//   (being started) until it has stopped reading it;
// - a partition to revoke stays "owned" until the consumer has stopped reading
//   it and committed its offsets (`revoked()`); only then does the next
//   heartbeat leave it out, letting the coordinator hand it to someone else;
// - revocations are acted on before new assignments.
import type { wire } from '@eddy/protocol';
import { fromTopicPartitions, parseTpKey, toTopicPartitions, tpKey, type TopicPartition } from '../topic-partition.js';

/** Lifecycle of a member. */
export const MemberPhase = {
  /** Not in the group; the next heartbeat joins (epoch 0). */
  unjoined: 'unjoined',
  /** In the group; owned partitions match the target. */
  stable: 'stable',
  /** Acting on a new target (revoking or starting partitions). */
  reconciling: 'reconciling',
  /** Leaving (the next heartbeat carries epoch -1). */
  leaving: 'leaving',
  /** Left; no more heartbeats. */
  left: 'left',
} as const;
/** One of {@link MemberPhase}. */
export type MemberPhase = (typeof MemberPhase)[keyof typeof MemberPhase];

/** What the consumer must do after a heartbeat answer. */
export interface Reconciliation {
  /** Stop reading, commit, then call `revoked()`. Done before `assign`. */
  revoke: TopicPartition[];
  /** Start reading, then call `assigned()`. */
  assign: TopicPartition[];
}

export const LEAVE_EPOCH = -1;

export class MemberState {
  memberId = '';
  memberEpoch = 0;
  phase: MemberPhase = MemberPhase.unjoined;
  heartbeatIntervalMs = 3_000;
  /** The session timeout the coordinator says is in effect; 0 until it says (older servers never do). */
  sessionTimeoutMs = 0;
  private readonly owned = new Set<string>();
  /** Partitions of the latest target that are not yet owned (being started). */
  private readonly starting = new Set<string>();
  /** Partitions being revoked (still owned until revoked()). */
  private readonly revoking = new Set<string>();
  private target = new Set<string>();
  private subscription: string[] = [];
  private subscriptionSent = false;

  /** Sets the topics the member subscribes to; sent with the next heartbeat. */
  subscribe(topics: readonly string[]): void {
    this.subscription = [...new Set(topics)].sort();
    this.subscriptionSent = false;
  }

  get subscribedTopics(): readonly string[] {
    return this.subscription;
  }

  /** The next heartbeat's request. */
  heartbeat(groupId: string, clientId: string, sessionTimeoutMs: number): wire.HeartbeatRequest {
    const joining = this.memberEpoch === 0;
    const req: wire.HeartbeatRequest = {
      groupId,
      memberId: this.memberId,
      memberEpoch: this.phase === MemberPhase.leaving ? LEAVE_EPOCH : this.memberEpoch,
      clientId,
      // Partitions being started count as owned: the coordinator must not hand
      // them to another member while this one may already be reading them.
      ownedPartitions: toTopicPartitions([...new Set([...this.owned, ...this.starting])].map(parseTpKey)),
      sessionTimeoutMs,
    };
    if (joining || !this.subscriptionSent) req.subscribedTopics = this.subscription;
    return req;
  }

  /** Applies a heartbeat answer; returns what the consumer must change. */
  onHeartbeat(resp: wire.HeartbeatResponse__Output, sentSubscription: boolean): Reconciliation {
    if (this.phase === MemberPhase.leaving || this.phase === MemberPhase.left) return { revoke: [], assign: [] };
    if (sentSubscription) this.subscriptionSent = true;
    this.memberId = resp.memberId;
    this.memberEpoch = resp.memberEpoch;
    if (resp.heartbeatIntervalMs > 0) this.heartbeatIntervalMs = resp.heartbeatIntervalMs;
    if (resp.sessionTimeoutMs > 0) this.sessionTimeoutMs = resp.sessionTimeoutMs;
    this.target = new Set(fromTopicPartitions(resp.assignment).map((tp) => tpKey(tp.topic, tp.partition)));
    const revoke: TopicPartition[] = [];
    for (const k of this.owned) {
      if (!this.target.has(k) && !this.revoking.has(k)) {
        this.revoking.add(k);
        revoke.push(parseTpKey(k));
      }
    }
    const assign: TopicPartition[] = [];
    for (const k of this.target) {
      if (!this.owned.has(k) && !this.starting.has(k)) {
        this.starting.add(k);
        assign.push(parseTpKey(k));
      }
    }
    this.updatePhase();
    return { revoke, assign };
  }

  /** The consumer stopped reading (and committed) these partitions. */
  revoked(tps: readonly TopicPartition[]): void {
    for (const tp of tps) {
      const k = tpKey(tp.topic, tp.partition);
      this.owned.delete(k);
      this.revoking.delete(k);
    }
    this.updatePhase();
  }

  /** The consumer started reading these partitions. Ones no longer in the target are returned to revoke. */
  assigned(tps: readonly TopicPartition[]): TopicPartition[] {
    const stale: TopicPartition[] = [];
    for (const tp of tps) {
      const k = tpKey(tp.topic, tp.partition);
      if (!this.starting.delete(k)) continue;
      this.owned.add(k);
      if (!this.target.has(k)) {
        this.revoking.add(k);
        stale.push(tp);
      }
    }
    this.updatePhase();
    return stale;
  }

  /**
   * The coordinator no longer knows this member (UNKNOWN_MEMBER, FENCED): every
   * partition is lost at once (no commit: another member may own them now) and
   * the member rejoins with epoch 0.
   */
  fenced(): TopicPartition[] {
    const lost = [...new Set([...this.owned, ...this.starting])].map(parseTpKey);
    this.owned.clear();
    this.starting.clear();
    this.revoking.clear();
    this.target.clear();
    this.memberEpoch = 0;
    this.subscriptionSent = false;
    this.phase = MemberPhase.unjoined;
    return lost;
  }

  /** Starts leaving: the caller stops reading and commits everything, then sends the leave heartbeat. */
  leave(): TopicPartition[] {
    const all = [...new Set([...this.owned, ...this.starting])].map(parseTpKey);
    this.phase = MemberPhase.leaving;
    return all;
  }

  /** The leave heartbeat was sent (or could not be). */
  left(): void {
    this.owned.clear();
    this.starting.clear();
    this.revoking.clear();
    this.phase = MemberPhase.left;
  }

  ownedPartitions(): TopicPartition[] {
    return [...this.owned].map(parseTpKey);
  }

  isOwned(topic: string, partition: number): boolean {
    return this.owned.has(tpKey(topic, partition));
  }

  private updatePhase(): void {
    if (this.phase === MemberPhase.leaving || this.phase === MemberPhase.left) return;
    if (this.memberEpoch <= 0) {
      this.phase = MemberPhase.unjoined;
      return;
    }
    this.phase = this.starting.size === 0 && this.revoking.size === 0 ? MemberPhase.stable : MemberPhase.reconciling;
  }
}
