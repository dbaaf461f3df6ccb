// Fault injection of a simulation run: crashes and restarts, partitions
// (isolation, splits, one-way links), leader churn, leader transfers and
// membership changes while faults run; then healing, which stops the nodes
// outside the latest configuration and may kill the leader for good.
import { MemoryStorage } from '../core/memory-storage.js';
import { majority } from '../core/quorum.js';
import { ConfChangeType, type ConfState, type NodeId } from '../core/types.js';
import { MAX_NODES } from './params.js';
import type { SimNode, SimWorld } from './sim-node.js';

export class Faults {
  /** Faults stopped: the network healed, dead nodes restarted (or stopped for good). */
  healed = false;

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
      else this.w.crash(lead, r.range(1, 20));
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

  private changeMembership(lead: SimNode): void {
    const raw = lead.raw;
    if (raw === undefined) return;
    const { voters, learners } = raw.raft.trk;
    const r = this.w.rng;
    const learner = learners[0];
    if (learner !== undefined) {
      // Promote only a learner that has caught up, as an operator would.
      const pr = raw.raft.trk.progress.get(learner);
      if (pr !== undefined && pr.match + 3 >= raw.raft.raftLog.lastIndex()) {
        raw.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: learner });
      }
    } else if (voters.length < 5 && this.nextId <= MAX_NODES && r.chance(0.5)) {
      const id = this.nextId++;
      this.w.addNode(id, new MemoryStorage());
      raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: id });
    } else if (voters.length > 3) {
      raw.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: r.pick(voters) });
    }
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
      for (const id of [...(cs?.voters ?? []), ...(cs?.learners ?? [])]) {
        if (members.has(id)) continue;
        members.add(id);
        keep(this.w.nodes.get(id)?.confState);
      }
    };
    keep(ref?.confState);
    for (const n of this.w.nodes.values()) {
      if (!members.has(n.id)) {
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
    const key = (cs: ConfState | undefined): string => JSON.stringify([[...(cs?.voters ?? [])].sort(), [...(cs?.learners ?? [])].sort()]);
    const ref = this.w.nodes.get(dead)?.confState;
    for (const id of members) if (key(this.w.nodes.get(id)?.confState) !== key(ref)) return false;
    const voters = ref?.voters ?? [];
    return voters.filter((v) => v !== dead && members.has(v)).length >= majority(voters.length);
  }
}
