// A partition leader moves its Raft group to the replica set the controller
// asked for (docs/architecture.md §6, §7.10). The controller only records where the
// replicas should be (the assignment's targetReplicas); this part, on the
// leader, does the moving one Raft configuration change at a time:
//   1. every new replica joins as a learner and catches up (Raft appends, a
//      leader snapshot, then the backfill of the log below it);
//   2. once every new replica is caught up and holds the whole log, one joint
//      change promotes them and removes the leaving voters;
//   3. leadership moves off a leaving replica before that change, when an
//      other voter that stays can take it.
// It also reports the group's configuration and each replica's progress to
// the controller (which completes the move when the voters equal the target),
// and hands leadership back to the preferred replica when that one is healthy.
// A leader on a node that is storage full (docs/architecture.md §8.1) hands leadership to a
// caught-up voter on a node that is not, as the voters' own answers to
// ReplicaStatus say; and leadership never goes back to a node that is full.
// The step logic is pure (planMembership); the class holds the I/O.
import type { Logger } from '@eddy/protocol';
import { nextMembershipStep, removesVoter, type ConfChangeV2, type ConfState, type FollowerProgress, type NodeId, type RaftGroup } from '@eddy/raft';

/** A follower trailing the leader's last index by at most this many entries counts as caught up. */
export const CAUGHT_UP_ENTRIES = 1000;
/** The preferred replica must have been caught up this long before leadership goes back to it. */
export const PREFERRED_LEADER_DELAY_MS = 10_000;
/** A voter's word that its node is not storage full counts for this long. */
export const SPACE_STATUS_MAX_AGE_MS = 5_000;
/** How often a voter that may be handed leadership is asked again whether its node is storage full. */
const SPACE_STATUS_REFRESH_MS = 2_000;

/** What a replica's node says of its copy of the log (see ReplicaStatus in raft.proto). */
export interface PeerLogStatus {
  /** The replica holds every entry from the partition's log start (no backfill pending). */
  complete: boolean;
  /** Bytes its backfill still has to copy (0 when complete). */
  bytesMissing: number;
  /** Its node is storage full (absent: not full, or a node too old to say). */
  storageFull?: boolean;
}

export interface MembershipInput {
  self: NodeId;
  confState: ConfState;
  /** The replica set the group should have: the target while a move is in progress, else the replicas. */
  desired: readonly NodeId[];
  /** Caught up and holding the whole log (see caughtUp in ReplicaMembership). */
  caughtUp: (id: NodeId) => boolean;
}

export type MembershipAction =
  | { kind: 'none' }
  | { kind: 'wait'; reason: string }
  | { kind: 'propose'; change: ConfChangeV2; reason: string }
  | { kind: 'transfer'; to: NodeId; reason: string };

/**
 * The next thing a leader does to move its group to `desired`: a transfer of
 * leadership when the next change would remove this node and a voter that
 * stays can lead, else the change itself (the Raft core keeps a leader that
 * leaves in charge until the change is applied, then it steps down).
 */
export function planMembership(input: MembershipInput): MembershipAction {
  const { self, confState, desired, caughtUp } = input;
  const step = nextMembershipStep(confState, { voters: [...desired] }, caughtUp);
  if (step === undefined) return { kind: 'none' };
  // Hand over to a voter that stays (it must be a voter now to take a transfer).
  const heir = () => desired.find((id) => id !== self && isVoter(confState, id) && caughtUp(id));
  if (step === 'wait') {
    // A joint configuration this leader is not part of the incoming half of:
    // hand over before the automatic leave makes it step down with no heir.
    const outgoingOnly = (confState.votersOutgoing?.length ?? 0) > 0 && !confState.voters.includes(self);
    const to = outgoingOnly ? heir() : undefined;
    if (to !== undefined) return { kind: 'transfer', to, reason: `node ${self} leaves with the joint configuration` };
    return { kind: 'wait', reason: 'new replicas are catching up' };
  }
  if (removesVoter(confState, step, self)) {
    const to = heir();
    if (to !== undefined) return { kind: 'transfer', to, reason: `node ${self} is leaving the replica set` };
  }
  return { kind: 'propose', change: step, reason: describeChange(step) };
}

function isVoter(cs: ConfState, id: NodeId): boolean {
  return cs.voters.includes(id);
}

function describeChange(cc: ConfChangeV2): string {
  if (cc.changes.length === 0) return 'leave the joint configuration';
  return cc.changes.map((c) => `${c.type} ${c.nodeId}`).join(', ');
}

export interface MembershipReport {
  voters: NodeId[];
  learners: NodeId[];
  caughtUp: NodeId[];
  /** Per replica other than the leader: bytes of the log it still lacks (an estimate from entry counts and its backfill). */
  bytesBehind: Map<NodeId, number>;
}

export interface ReplicaMembershipDeps {
  self: NodeId;
  logger: Logger;
  /** Asks a replica's node what it holds of the group's log; rejects when it cannot be reached. */
  peerLogStatus?: (nodeId: NodeId, groupId: string) => Promise<PeerLogStatus>;
  /** This node is storage full: leadership goes to a voter on a node that is not, when there is one. */
  storageFull?: () => boolean;
  now?: () => number;
}

interface MembershipSource {
  readonly groupId: string;
  readonly group: RaftGroup<unknown>;
  readonly isLeader: boolean;
  readonly desiredReplicas: readonly NodeId[];
  readonly preferredLeader: NodeId | undefined;
  /** Bytes of the partition's log on this node, and how many entries they span. */
  logSpan(): { bytes: number; entries: number };
}

export class ReplicaMembership {
  private readonly statuses = new Map<NodeId, PeerLogStatus & { at: number }>();
  private readonly asking = new Set<NodeId>();
  private readonly warnedUnsupported = new Set<NodeId>();
  private stepping = false;
  private preferredHealthySince: number | undefined;
  private leadingSince: number | undefined;
  private lastAction = '';
  private readonly now: () => number;

  constructor(
    private readonly source: MembershipSource,
    private readonly deps: ReplicaMembershipDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** Forgets what followers said (a leadership change: another node leads, or this one anew). */
  leadershipChanged(): void {
    this.statuses.clear();
    this.preferredHealthySince = undefined;
    this.leadingSince = this.source.isLeader ? this.now() : undefined;
  }

  /** Whether the group's voters differ from what the assignment wants (leader only). */
  get moving(): boolean {
    if (!this.source.isLeader) return false;
    const cs = this.source.group.confState;
    return !sameSet(cs.voters, this.source.desiredReplicas) || cs.learners.length > 0 || (cs.votersOutgoing?.length ?? 0) > 0;
  }

  /** A follower is caught up when it is live, trails by at most CAUGHT_UP_ENTRIES and holds the whole log. */
  caughtUp(id: NodeId, followers: readonly FollowerProgress[] = this.source.group.followers()): boolean {
    const g = this.source.group;
    if (id === this.deps.self) return true;
    const f = followers.find((p) => p.nodeId === id);
    if (!f || !f.recentActive || !g.isPeerLive(id)) return false;
    if (g.lastIndex - f.match > CAUGHT_UP_ENTRIES) return false;
    const status = this.statuses.get(id);
    // Without a status service (in-process tests with no backfill) Raft's view decides.
    if (!this.deps.peerLogStatus) return true;
    return status?.complete === true;
  }

  /** One step towards the desired replica set, or back to the preferred leader; leader only, never two at once. */
  async step(): Promise<void> {
    if (!this.source.isLeader || this.stepping) return;
    this.stepping = true;
    try {
      this.refreshStatuses();
      const full = this.deps.storageFull?.() === true;
      const preferred = this.source.preferredLeader;
      // Settled (the usual case, once a second per led partition): the replica set
      // is the desired one and this node is where leadership belongs.
      if (!full && (preferred === undefined || preferred === this.deps.self) && !this.moving) {
        this.preferredHealthySince = undefined;
        return;
      }
      const followers = this.source.group.followers();
      if (full) {
        const to = this.heirWithSpace(followers);
        if (to !== undefined) {
          this.note(`transfer to ${to}`, 'this node is storage full');
          this.source.group.transferLeadership(to);
          return;
        }
        // Keep leading (reads go on, produce is refused); moves still step, their records are small.
        this.note('keep leading', 'this node is storage full and no caught-up voter on a node with space can take over');
      }
      const action = planMembership({ self: this.deps.self, confState: this.source.group.confState, desired: this.source.desiredReplicas, caughtUp: (id) => this.caughtUp(id, followers) });
      switch (action.kind) {
        case 'none':
          this.maybePreferredLeader();
          return;
        case 'wait':
          return;
        case 'transfer':
          this.note(`transfer to ${action.to}`, action.reason);
          this.source.group.transferLeadership(action.to);
          return;
        case 'propose':
          this.note(`propose ${action.reason}`, 'moving the replica set');
          await this.source.group.proposeConfChangeV2(action.change);
          return;
      }
    } catch (err) {
      this.deps.logger.debug({ err: (err as Error).message, group: this.source.groupId }, 'membership step did not complete; will retry');
    } finally {
      this.stepping = false;
    }
  }

  /** The configuration and progress the leader reports to the controller; undefined unless leader. */
  report(): MembershipReport | undefined {
    if (!this.source.isLeader) return undefined;
    const g = this.source.group;
    const cs = g.confState;
    const span = this.source.logSpan();
    const perEntry = span.entries > 0 ? span.bytes / span.entries : 0;
    const caughtUp = [this.deps.self];
    const bytesBehind = new Map<NodeId, number>();
    const followers = g.followers();
    for (const f of followers) {
      if (this.caughtUp(f.nodeId, followers)) caughtUp.push(f.nodeId);
      const entries = Math.max(0, g.lastIndex - f.match);
      const missing = this.statuses.get(f.nodeId)?.bytesMissing ?? 0;
      bytesBehind.set(f.nodeId, Math.round(Math.min(entries, span.entries) * perEntry + missing));
    }
    const voters = [...new Set([...cs.voters, ...(cs.votersOutgoing ?? [])])];
    return { voters, learners: [...cs.learners], caughtUp, bytesBehind };
  }

  /**
   * What the controller is told of the group's configuration and caught-up
   * replicas, as a short string that changes when they do; undefined unless
   * leader. Cheaper than report(), for the reporter's frequent comparisons.
   */
  shape(): string | undefined {
    if (!this.source.isLeader) return undefined;
    const cs = this.source.group.confState;
    const followers = this.source.group.followers();
    let caughtUp = '';
    for (const f of followers) if (this.caughtUp(f.nodeId, followers)) caughtUp += `${f.nodeId},`;
    return `${cs.voters}|${cs.votersOutgoing ?? ''}|${cs.learners}|${caughtUp}`;
  }

  /** Asks followers that are not known complete (or whose answer is old) what they hold; answers arrive for the next step. */
  private refreshStatuses(): void {
    const ask = this.deps.peerLogStatus;
    if (!ask) return;
    const now = this.now();
    for (const f of this.source.group.followers()) {
      const id = f.nodeId;
      const known = this.statuses.get(id);
      // A complete replica stays complete while it follows (Raft keeps it so); recheck rarely,
      // unless leadership may go to it soon: then whether its node is storage full must be fresh.
      const mayLead = this.deps.storageFull?.() === true || id === this.source.preferredLeader;
      const maxAge = !known?.complete ? 1_000 : mayLead ? SPACE_STATUS_REFRESH_MS : 30_000;
      if ((known && now - known.at < maxAge) || this.asking.has(id) || !this.source.group.isPeerLive(id)) continue;
      this.asking.add(id);
      ask(id, this.source.groupId)
        .then((s) => this.statuses.set(id, { ...s, at: this.now() }))
        .catch((err: unknown) => {
          this.statuses.delete(id);
          // A node of an older version cannot say whether it holds the whole log: a
          // move waits for it (promoting a replica that may lack data is not safe), loudly.
          if ((err as { reason?: string }).reason === 'unsupported' && !this.warnedUnsupported.has(id)) {
            this.warnedUnsupported.add(id);
            this.deps.logger.warn({ group: this.source.groupId, node: id }, `node ${id} does not answer ReplicaStatus (an older version): replica moves involving it wait until it is upgraded`);
          }
        })
        .finally(() => this.asking.delete(id));
    }
  }

  /** Kafka's preferred-leader election, done by the leader: hand back to replicas[0] once it has been healthy a while. */
  private maybePreferredLeader(): void {
    const preferred = this.source.preferredLeader;
    const now = this.now();
    if (preferred === undefined || preferred === this.deps.self || !isVoter(this.source.group.confState, preferred) || !this.caughtUp(preferred) || !this.hasSpace(preferred)) {
      this.preferredHealthySince = undefined;
      return;
    }
    this.preferredHealthySince ??= now;
    this.leadingSince ??= now;
    if (now - this.preferredHealthySince < PREFERRED_LEADER_DELAY_MS || now - this.leadingSince < PREFERRED_LEADER_DELAY_MS) return;
    this.note(`transfer to ${preferred}`, 'preferred leader is back');
    this.preferredHealthySince = undefined;
    this.source.group.transferLeadership(preferred);
  }

  /**
   * Whether a voter's node has said, lately, that it is not storage full.
   * Without a status service (in-process tests) no node is full.
   */
  private hasSpace(id: NodeId): boolean {
    if (!this.deps.peerLogStatus) return true;
    const status = this.statuses.get(id);
    return status !== undefined && status.storageFull !== true && this.now() - status.at <= SPACE_STATUS_MAX_AGE_MS;
  }

  /** A caught-up voter on a node with space to take over from this storage-full node: the preferred replica first, else the most caught-up. */
  private heirWithSpace(followers: readonly FollowerProgress[]): NodeId | undefined {
    const cs = this.source.group.confState;
    const fit = (id: NodeId) => id !== this.deps.self && isVoter(cs, id) && this.caughtUp(id, followers) && this.hasSpace(id);
    const preferred = this.source.preferredLeader;
    if (preferred !== undefined && fit(preferred)) return preferred;
    let best: FollowerProgress | undefined;
    for (const f of followers) if (fit(f.nodeId) && (!best || f.match > best.match)) best = f;
    return best?.nodeId;
  }

  private note(action: string, reason: string): void {
    if (action === this.lastAction) return;
    this.lastAction = action;
    this.deps.logger.info({ group: this.source.groupId, action, reason }, 'replica set change');
  }
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}
