// Group membership I/O for one consumer: finds the coordinator, runs the
// KIP-848 heartbeat loop around the pure MemberState, commits and fetches
// offsets, and leaves on close. What to read is delegated to the consumer
// through `GroupCallbacks`; this class never touches fetch state.
import { EddyError, FencedError, type wire } from '@eddy/protocol';
import type { ClusterConnection } from '../../connection/cluster-connection.js';
import { errorFromInfo } from '../../connection/error-info.js';
import { EddyClientError } from '../../errors.js';
import { after, type Timer } from '../../retry/clock.js';
import { backoffDelay } from '../../retry/retry-policy.js';
import { toTopicPartitions, type TopicPartition } from '../topic-partition.js';
import { MemberState } from './member-state.js';

/** The coordinator's default session timeout, assumed only of a server that does not say what is in effect. */
export const SERVER_DEFAULT_SESSION_TIMEOUT_MS = 10_000;

/** What the group member asks of the consumer. */
export interface GroupCallbacks {
  /** Stop reading these partitions and commit what was processed; resolve when done. */
  revoke(tps: TopicPartition[]): Promise<void>;
  /** Start reading these partitions (positions from committed offsets). */
  assign(tps: TopicPartition[]): Promise<void>;
  /** These partitions are lost (fenced): stop reading without committing. */
  lost(tps: TopicPartition[]): void;
  /** A non-retriable error the user should see. */
  fatal(err: unknown): void;
}

export interface GroupMemberOptions {
  groupId: string;
  clientId: string;
  sessionTimeoutMs: number;
}

/** An offset to commit. */
export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: bigint;
  metadata?: string;
}

export class GroupMember {
  readonly state = new MemberState();
  private coordinator: string | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private timer: Timer | undefined;
  private failures = 0;
  /** When the last heartbeat that succeeded was SENT (the coordinator's deadline runs from a later moment). */
  private lastHeartbeatOkAt: number | undefined;
  /** Bumped by every fencing: an answer to a heartbeat sent before it is ignored. */
  private fencings = 0;

  constructor(
    private readonly conn: ClusterConnection,
    private readonly options: GroupMemberOptions,
    private readonly callbacks: GroupCallbacks,
  ) {}

  /** Joins (or changes the subscription) and starts heartbeating. */
  subscribe(topics: readonly string[]): void {
    this.state.subscribe(topics);
    this.loop ??= this.run();
    this.heartbeatNow();
  }

  /** Sends the next heartbeat at once (e.g. after a revocation completed). */
  heartbeatNow(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** The coordinator's address, found once and again after NOT_COORDINATOR. */
  async coordinatorAddress(): Promise<string> {
    if (this.coordinator) return this.coordinator;
    const resp = await this.conn.anyNodeCall((c) =>
      this.conn.unary<wire.FindCoordinatorResponse__Output>((o, cb) => c.group.findCoordinator({ groupId: this.options.groupId }, o, cb)),
    );
    this.coordinator = resp.address || this.conn.metadata.node(resp.nodeId)?.address;
    if (!this.coordinator) throw new EddyError('NOT_COORDINATOR', `No coordinator address for group "${this.options.groupId}"`);
    return this.coordinator;
  }

  /**
   * The session this member assumes: the one the coordinator said is in effect
   * (its default, or what was asked for held within its bounds); before its
   * first answer, or from a server that does not say, what was asked for, else
   * the stock default.
   */
  get sessionTimeoutMs(): number {
    if (this.state.sessionTimeoutMs > 0) return this.state.sessionTimeoutMs;
    return this.options.sessionTimeoutMs > 0 ? this.options.sessionTimeoutMs : SERVER_DEFAULT_SESSION_TIMEOUT_MS;
  }

  /**
   * Self-fencing: when no heartbeat has succeeded for longer than the session
   * timeout, the coordinator may have expired this member and given its
   * partitions to another, so they are dropped at once (no commit) and the
   * member rejoins. Called before handing out records and before commits.
   * Returns true when the member is (now) fenced.
   */
  fenceIfExpired(): boolean {
    if (this.lastHeartbeatOkAt === undefined || this.stopped) return false;
    const silentFor = this.conn.clock.now() - this.lastHeartbeatOkAt;
    if (silentFor <= this.sessionTimeoutMs) return false;
    this.lastHeartbeatOkAt = undefined;
    this.fence(`no heartbeat succeeded for ${Math.round(silentFor)} ms (session timeout ${this.sessionTimeoutMs} ms)`);
    return true;
  }

  private fence(why: string): void {
    this.fencings++;
    const lost = this.state.fenced();
    this.conn.logger.warn({ groupId: this.options.groupId, lost: lost.length, why }, 'group member fenced: dropping its partitions without committing; rejoining');
    this.callbacks.lost(lost);
    this.heartbeatNow();
  }

  private onCoordinatorError(err: unknown): void {
    if (err instanceof EddyError && (err.code === 'NOT_COORDINATOR' || err.code === 'UNAVAILABLE' || err.code === 'TIMEOUT')) {
      const hint = err.details.leaderAddress;
      this.coordinator = err.code === 'NOT_COORDINATOR' && hint ? hint : undefined;
    }
  }

  /** Calls the coordinator with retries, rediscovering it when it moves. */
  coordinatorCall<T>(fn: (c: wire.GroupServiceClient) => Promise<T>): Promise<T> {
    return this.conn.nodeCall(
      () => this.coordinatorAddress(),
      (clients) => fn(clients.group),
      (err) => this.onCoordinatorError(err),
    );
  }

  /** Commits offsets (the next offset to read per partition) with this member's id and epoch. */
  async commit(offsets: readonly OffsetToCommit[]): Promise<void> {
    if (offsets.length === 0) return;
    if (this.fenceIfExpired() || (this.loop !== undefined && this.state.memberEpoch <= 0)) {
      throw new FencedError(`member of group "${this.options.groupId}" is not in the group now (session expired or rejoining); its partitions may be another member's, so nothing was committed`);
    }
    const req: wire.CommitOffsetsRequest = {
      groupId: this.options.groupId,
      memberId: this.state.memberId,
      memberEpoch: this.state.memberEpoch,
      offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset.toString(), metadata: o.metadata ?? '' })),
    };
    const resp = await this.coordinatorCall((c) => this.conn.unary<wire.CommitOffsetsResponse__Output>((o, cb) => c.commitOffsets(req, o, cb)));
    for (const r of resp.results) {
      if (r.error && r.error.code) throw errorFromInfo(r.error, r.topic, r.partition);
    }
  }

  /** Committed offsets (-1n when none) for the given partitions. */
  async fetchOffsets(tps: readonly TopicPartition[]): Promise<Map<string, bigint>> {
    const req: wire.FetchOffsetsRequest = { groupId: this.options.groupId, partitions: toTopicPartitions(tps) };
    const resp = await this.coordinatorCall((c) => this.conn.unary<wire.FetchOffsetsResponse__Output>((o, cb) => c.fetchOffsets(req, o, cb)));
    const out = new Map<string, bigint>();
    for (const o of resp.offsets) out.set(`${o.topic}\u0000${o.partition}`, BigInt(o.offset));
    return out;
  }

  private sleepUntilNextHeartbeat(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = after(this.conn.clock, ms, () => {
        this.timer = undefined;
        this.wake = undefined;
        resolve();
      });
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let delay: number;
      try {
        const changed = await this.heartbeatOnce();
        this.failures = 0;
        // After a change, tell the coordinator at once so partitions can move on.
        delay = changed ? 0 : this.state.heartbeatIntervalMs;
      } catch (err) {
        if (this.stopped) break;
        this.failures++;
        this.onCoordinatorError(err);
        if (err instanceof EddyError && (err.code === 'UNKNOWN_MEMBER' || err.code === 'FENCED')) {
          this.lastHeartbeatOkAt = undefined;
          this.fence(`the coordinator answered ${err.code}`);
          delay = 0;
        } else if (err instanceof EddyError && !(err instanceof EddyClientError) && !err.retriable) {
          this.callbacks.fatal(err);
          delay = this.state.heartbeatIntervalMs;
        } else {
          delay = backoffDelay(this.conn.options.retry, this.failures);
          this.conn.logger.debug({ err, groupId: this.options.groupId }, 'heartbeat failed');
          if (this.fenceIfExpired()) delay = 0;
        }
      }
      if (this.stopped) break;
      await this.sleepUntilNextHeartbeat(delay);
    }
  }

  /** One heartbeat and the reconciliation it asks for; true when ownership changed. */
  private async heartbeatOnce(): Promise<boolean> {
    const address = await this.coordinatorAddress();
    const clients = this.conn.pool.get(address);
    this.fenceIfExpired();
    const req = this.state.heartbeat(this.options.groupId, this.options.clientId, this.options.sessionTimeoutMs);
    const sentSubscription = req.subscribedTopics !== undefined;
    const sentAt = this.conn.clock.now();
    const fencings = this.fencings;
    const resp = await this.conn.unary<wire.HeartbeatResponse__Output>((o, cb) => clients.group.heartbeat(req, o, cb));
    if (this.stopped) return false;
    // Fenced while this was in flight: its answer belongs to the old membership.
    if (fencings !== this.fencings) return true;
    this.lastHeartbeatOkAt = sentAt;
    const { revoke, assign } = this.state.onHeartbeat(resp, sentSubscription);
    if (revoke.length > 0) {
      // Stop reading and commit BEFORE the next heartbeat reports them released.
      await this.callbacks.revoke(revoke);
      this.state.revoked(revoke);
    }
    if (assign.length > 0) {
      await this.callbacks.assign(assign);
      const stale = this.state.assigned(assign);
      if (stale.length > 0) {
        await this.callbacks.revoke(stale);
        this.state.revoked(stale);
      }
    }
    return revoke.length > 0 || assign.length > 0;
  }

  /** Commits via the callbacks (revoke everything), then leaves the group (epoch -1). */
  async leave(): Promise<void> {
    if (!this.loop) return;
    const all = this.state.leave();
    this.stopped = true;
    this.heartbeatNow();
    await this.loop.catch(() => undefined);
    try {
      if (all.length > 0) await this.callbacks.revoke(all);
    } catch (err) {
      this.conn.logger.warn({ err }, 'commit on leave failed');
    }
    try {
      const address = await this.coordinatorAddress();
      const req = this.state.heartbeat(this.options.groupId, this.options.clientId, this.options.sessionTimeoutMs);
      await this.conn.unary<wire.HeartbeatResponse__Output>((o, cb) => this.conn.pool.get(address).group.heartbeat(req, o, cb));
    } catch (err) {
      this.conn.logger.debug({ err }, 'leave heartbeat failed; the session timeout will remove the member');
    }
    this.state.left();
  }
}
