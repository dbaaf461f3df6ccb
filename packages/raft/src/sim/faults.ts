// Fault injection of a simulation run: crashes and restarts, partitions
// (isolation, splits, one-way links), leader churn, leader transfers and
// membership changes while faults run (single-server changes, joint changes
// of several voters, moves to a target replica set step by step as a
// partition leader makes them, the leader removing itself, joiners that start
// empty); then healing, which stops the nodes outside the latest configuration
// (or, with PreVote and CheckQuorum, leaves them running: they must not
// disrupt the group) and may kill the leader for good. With suffix loss, a
// crash may also cut the node's durable log (a damaged disk): it restarts
// repairing (InitialState.repairUntil).
import { applyConfChangeV2, confMembers, LEAVE_JOINT, normalizeConfState } from '../core/conf-change.js';
import { MemoryStorage } from '../core/memory-storage.js';
import { nextMembershipStep } from '../core/membership-plan.js';
import { majority } from '../core/quorum.js';
import { ConfChangeTransition, ConfChangeType, type ConfChange, type ConfChangeV2, type ConfState, type NodeId } from '../core/types.js';
import { MAX_NODES } from './params.js';
import type { SimNode, SimWorld } from './sim-node.js';

export class Faults {
  /** Faults stopped: the network healed, dead nodes restarted (or stopped for good). */
  healed = false;
  /** The voters a move in progress heads for (nextMembershipStep), if any. */
  private target: NodeId[] | undefined;
  /** Membership changes proposed, by kind (for --verbose and tests). */
  readonly changes = { simple: 0, joint: 0, leave: 0, plan: 0, removeLeader: 0, joiners: 0 };
  /** Crashes that lost a suffix of the node's durable log. */
  suffixLosses = 0;

  constructor(
    private readonly w: SimWorld,
    /** The id the next added node gets. */
    private nextId: NodeId,
  ) {}

  private allIds(): NodeId[] {
    return [...this.w.nodes.keys()];
  }

  inject(): void {
    const r = this.w.rng;
    const p = this.w.params;
    for (const n of this.w.nodes.values()) {
      if (n.stopped) continue;
      if (n.raw === undefined) {
        if (this.w.tick >= n.downUntil) this.w.start(n);
      } else if (r.chance(p.crashRate)) {
        // Half the crashes are quick reboots: those expose state that was
        // never made durable (e.g. a vote).
        this.w.crash(n, r.chance(0.5) ? 1 : r.range(3, 40));
        this.maybeLoseSuffix(n);
      }
    }
    if (r.chance(p.partitionRate)) {
      const ids = this.allIds();
      switch (r.nextInt(5)) {
        case 0:
          this.w.net.isolate(r.pick(ids), ids);
          break;
        case 4: {
          // The classic: the leader alone on the wrong side.
          const lead = this.w.leader();
          if (lead !== undefined) this.w.net.isolate(lead.id, ids);
          break;
        }
        case 1: {
          const shuffled = r.shuffle([...ids]);
          const k = r.range(1, shuffled.length - 1);
          this.w.net.split(shuffled.slice(0, k), shuffled.slice(k));
          break;
        }
        case 2: {
          const a = r.pick(ids);
          const b = r.pick(ids);
          if (a !== b) this.w.net.cutLink(a, b); // asymmetric
          break;
        }
        default:
          this.w.net.heal();
      }
    }
    if (this.w.net.partitioned && r.chance(p.leaderChurn > 0 ? 0.1 : 0.02)) this.w.net.heal();
    const lead = this.w.leader();
    if (lead?.raw !== undefined && r.chance(p.leaderChurn)) {
      if (r.chance(0.5)) this.w.net.isolate(lead.id, this.allIds());
      else {
        this.w.crash(lead, r.range(1, 20));
        this.maybeLoseSuffix(lead);
      }
      return;
    }
    if (lead?.raw !== undefined) {
      if (r.chance(p.transferRate)) {
        const others = lead.raw.raft.trk.voters.filter((v) => v !== lead.id);
        if (others.length > 0) lead.raw.transferLeader(r.pick(others));
      }
      if (p.membership && r.chance(0.02)) this.changeMembership(lead);
    }
  }

  /**
   * A crashed node's disk lost the entries after a random index at or above
   * its snapshot (SimParams.suffixLoss), unless another node is repairing.
   */
  private maybeLoseSuffix(n: SimNode): void {
    const l = this.w.lrng;
    if (!this.w.params.suffixLoss || !l.chance(0.3)) return;
    for (const o of this.w.nodes.values()) if (o !== n && !o.stopped && repairing(o)) return;
    const low = n.storage.snapshot().metadata.index;
    const last = n.storage.lastIndex();
    if (last <= low) return;
    n.storage.loseEntriesAfter(l.range(low, last - 1));
    this.suffixLosses++;
  }

  private changeMembership(lead: SimNode): void {
    const raw = lead.raw;
    if (raw === undefined) return;
    const r = this.w.rng;
    const roll = r.nextInt(10);
    if (roll < 4) this.simpleChange(lead);
    else if (roll < 7) this.planStep(lead);
    else this.jointChange(lead);
  }

  /** Single-server changes: add a joiner as a learner, promote a caught-up learner, remove a voter. */
  private simpleChange(lead: SimNode): void {
    const raw = lead.raw;
    if (raw === undefined) return;
    const { voters, learners } = raw.raft.trk;
    const r = this.w.rng;
    const learner = learners[0];
    if (learner !== undefined) {
      // Promote only a learner that has caught up, as an operator would.
      if (this.caughtUp(lead, learner)) this.propose(lead, { changes: [{ type: ConfChangeType.AddNode, nodeId: learner }] });
    } else if (voters.length < 5 && this.nextId <= MAX_NODES && r.chance(0.5)) {
      this.propose(lead, { changes: [{ type: ConfChangeType.AddLearner, nodeId: this.newJoiner() }] });
    } else if (voters.length > 3) {
      this.propose(lead, { changes: [{ type: ConfChangeType.RemoveNode, nodeId: r.pick([...voters]) }] });
    }
  }

  /**
   * A move to a target voter set as a partition leader makes it
   * (nextMembershipStep): joiners as learners, one joint change promoting
   * them and removing the leaving voters, then leftover learners removed.
   * Half the time the leader hands leadership off before a step that removes
   * it; otherwise it leads through the joint configuration and steps down.
   */
  private planStep(lead: SimNode): void {
    const raw = lead.raw;
    if (raw === undefined) return;
    const r = this.w.rng;
    const cs = raw.raft.trk.confState();
    const caughtUp = (id: NodeId): boolean => this.caughtUp(lead, id);
    let step = this.target === undefined ? undefined : nextMembershipStep(cs, { voters: this.target }, caughtUp);
    if (step === undefined) {
      this.target = this.pickTarget(cs);
      if (this.target === undefined) return;
      step = nextMembershipStep(cs, { voters: this.target }, caughtUp);
    }
    if (step === undefined || step === 'wait') return;
    const next = applyConfChangeV2(cs, step);
    if (next.ok && !next.confState.voters.includes(lead.id) && r.chance(0.5)) {
      const heir = next.confState.voters.find((id) => cs.voters.includes(id) && caughtUp(id));
      if (heir !== undefined) {
        raw.transferLeader(heir);
        return;
      }
    }
    for (const c of step.changes) {
      if (c.type === ConfChangeType.AddLearner && !this.w.nodes.has(c.nodeId)) this.newJoiner(c.nodeId);
    }
    this.changes.plan++;
    this.propose(lead, step);
  }

  /** A target of 3 to 5 voters swapping one or two of the current ones for learners or joiners. */
  private pickTarget(cs: ConfState): NodeId[] | undefined {
    const r = this.w.rng;
    if (cs.voters.length === 0) return undefined;
    const voters = r.shuffle([...cs.voters]);
    const out = Math.min(r.range(1, 2), voters.length - 1);
    const stay = voters.slice(out);
    const size = Math.max(3, Math.min(5, cs.voters.length + r.range(-1, 1)));
    const pool = r.shuffle([...cs.learners]);
    while (stay.length < size) {
      const id = pool.pop() ?? (this.nextId <= MAX_NODES ? this.nextId++ : undefined);
      if (id === undefined) break;
      stay.push(id);
    }
    return stay.length >= 3 ? stay : undefined;
  }

  /**
   * Raw joint changes: swap one or two voters at once, demote voters, remove
   * the leader's own node, sometimes with an explicit transition (then left
   * later by an explicit leave), sometimes changes the configuration does not
   * allow (the leader must turn them into no-ops).
   */
  private jointChange(lead: SimNode): void {
    const raw = lead.raw;
    if (raw === undefined) return;
    const r = this.w.rng;
    const cs = raw.raft.trk.confState();
    if ((cs.votersOutgoing?.length ?? 0) > 0) {
      if (cs.autoLeave !== true || r.chance(0.2)) {
        this.changes.leave++;
        this.propose(lead, LEAVE_JOINT);
      }
      return;
    }
    const changes: ConfChange[] = [];
    const voters = r.shuffle([...cs.voters]);
    const learners = r.shuffle(cs.learners.filter((id) => this.caughtUp(lead, id)));
    const swaps = r.range(1, 2);
    for (let i = 0; i < swaps; i++) {
      const inId = learners.pop();
      if (inId !== undefined) changes.push({ type: ConfChangeType.AddNode, nodeId: inId });
      const outId = r.chance(0.3) ? lead.id : voters.pop();
      if (outId !== undefined && !changes.some((c) => c.nodeId === outId)) {
        changes.push({ type: r.chance(0.25) ? ConfChangeType.AddLearner : ConfChangeType.RemoveNode, nodeId: outId });
      }
    }
    if (r.chance(0.3) && this.nextId <= MAX_NODES) changes.push({ type: ConfChangeType.AddLearner, nodeId: this.newJoiner() });
    const cc: ConfChangeV2 = { transition: r.chance(0.3) ? ConfChangeTransition.Explicit : ConfChangeTransition.Auto, changes };
    const next = applyConfChangeV2(cs, cc);
    // Keep three to five voters. (From two voters, removing one can leave a
    // group that never elects again: the removed node, having applied its
    // removal, never campaigns, and it refuses its vote to the other when
    // that one lost the tail of its log in a crash. etcd has the same limit.)
    // Changes the configuration does not allow are proposed now and then:
    // the leader must turn them into no-ops.
    if (next.ok ? next.confState.voters.length < 3 || next.confState.voters.length > 5 : !r.chance(0.2)) return;
    if (next.ok && !next.confState.voters.includes(lead.id)) this.changes.removeLeader++;
    this.changes.joint++;
    this.propose(lead, cc);
  }

  private propose(lead: SimNode, cc: ConfChangeV2): void {
    lead.raw?.proposeConfChange(cc);
    this.w.handleReady(lead);
  }

  private caughtUp(lead: SimNode, id: NodeId): boolean {
    const raft = lead.raw?.raft;
    const pr = raft?.trk.progress.get(id);
    return raft !== undefined && pr !== undefined && pr.match + 3 >= raft.raftLog.lastIndex();
  }

  /** A node that starts empty (no configuration, no log), as a replica joining a group does. */
  private newJoiner(id: NodeId = this.nextId++): NodeId {
    if (!this.w.nodes.has(id)) {
      this.w.addNode(id, new MemoryStorage());
      this.changes.joiners++;
    }
    return id;
  }

  heal(): void {
    this.healed = true;
    this.w.net.heal();
    this.w.net.dropRate = 0;
    this.w.net.dupRate = 0;
    this.w.net.maxDelay = Math.min(this.w.net.maxDelay, 1);
    // Decommission nodes outside the most up-to-date configuration; restart the rest.
    let ref: SimNode | undefined;
    for (const n of this.w.nodes.values()) if (ref === undefined || n.kv.applied > ref.kv.applied) ref = n;
    // Keep every node some kept node still counts in its (applied) configuration:
    // a node that has not yet applied a removal needs the removed node's vote.
    const members = new Set<NodeId>();
    const keep = (cs: ConfState | undefined): void => {
      for (const id of cs === undefined ? [] : confMembers(cs)) {
        if (members.has(id)) continue;
        members.add(id);
        keep(this.w.nodes.get(id)?.confState);
      }
    };
    keep(ref?.confState);
    // With PreVote and CheckQuorum a removed replica that keeps running (it
    // may not know it was removed, and campaign) must not disrupt the group:
    // leave those running and let the liveness check prove it.
    const removedRun = this.w.params.preVote && this.w.params.checkQuorum;
    for (const n of this.w.nodes.values()) {
      if (!members.has(n.id)) {
        if (removedRun) {
          if (n.raw === undefined) this.w.start(n);
          continue;
        }
        n.stopped = true;
        if (n.raw !== undefined) this.w.crash(n, 0);
      } else if (n.raw === undefined) {
        this.w.start(n);
      }
    }
    // With quiescence, half the time the leader dies for good: its quiesced
    // followers hear nothing more and must be woken by the failure detector.
    // Only when every kept node's configuration keeps a quorum without it.
    const lead = this.w.leader();
    if (this.w.params.quiesce && lead !== undefined && this.w.qrng.chance(0.5) && this.quorumWithout(lead.id, members)) {
      lead.stopped = true;
      this.w.crash(lead, 0);
    }
  }

  /**
   * Whether `dead` may die for good: every kept node has applied the same
   * configuration, and it keeps a majority of live voters without `dead`. (A
   * node that has not applied a removal yet counts the removed node, whose log
   * may be ahead of it: it then can win no election, and nobody else can.)
   */
  private quorumWithout(dead: NodeId, members: ReadonlySet<NodeId>): boolean {
    const key = (cs: ConfState | undefined): string => JSON.stringify(cs === undefined ? undefined : normalizeConfState(cs));
    const ref = this.w.nodes.get(dead)?.confState;
    for (const id of members) if (key(this.w.nodes.get(id)?.confState) !== key(ref)) return false;
    // Joint: both halves must keep a majority.
    for (const voters of [ref?.voters ?? [], ref?.votersOutgoing ?? []]) {
      if (voters.length === 0) continue;
      // A repairing voter votes for nobody until a leader repairs it.
      const live = voters.filter((v) => {
        const n = this.w.nodes.get(v);
        return v !== dead && members.has(v) && n !== undefined && !repairing(n);
      });
      if (live.length < majority(voters.length)) return false;
    }
    return (ref?.voters.length ?? 0) > 0;
  }
}

/**
 * Whether the node repairs a suffix loss, or would again after a crash: its
 * disk's commit index is below repairUntil until a write carries the commit
 * that ended the repair.
 */
function repairing(n: SimNode): boolean {
  if (n.raw?.raft.repairing === true) return true;
  return (n.storage.initialState().repairUntil ?? 0) > n.storage.hardStateNow().commit;
}
