// The current membership configuration and, on the leader, a Progress per
// member; during an election, the votes received. The configuration is one
// majority configuration (voters) plus learners, or, during a joint change,
// two (voters and votersOutgoing) whose majorities are both needed. Quorum
// questions (commit index, election outcome, is a quorum active) are answered
// here from quorum.ts, jointly whenever the configuration is joint.

import { normalizeConfState } from './conf-change.js';
import { Progress } from './progress.js';
import { jointCommittedIndex, jointVoteResult, type VoteResult } from './quorum.js';
import type { ConfState, NodeId } from './types.js';

const NO_NODES: readonly NodeId[] = Object.freeze([]) as readonly NodeId[];

export class ProgressTracker {
  /** Voters of the incoming (or only) configuration, sorted. */
  voters: readonly NodeId[] = NO_NODES;
  /** Voters of the outgoing configuration, sorted; empty unless joint. */
  votersOutgoing: readonly NodeId[] = NO_NODES;
  learners: readonly NodeId[] = NO_NODES;
  /** Outgoing voters that become learners when the joint configuration is left. */
  learnersNext: readonly NodeId[] = NO_NODES;
  autoLeave = false;
  readonly progress = new Map<NodeId, Progress>();
  readonly votes = new Map<NodeId, boolean>();

  constructor(
    readonly maxInflight: number,
    readonly maxInflightBytes: number,
  ) {}

  confState(): ConfState {
    return normalizeConfState({
      voters: this.voters,
      learners: this.learners,
      votersOutgoing: this.votersOutgoing,
      learnersNext: this.learnersNext,
      autoLeave: this.autoLeave,
    });
  }

  get joint(): boolean {
    return this.votersOutgoing.length > 0;
  }

  /** A voter of either half (a node being removed by a joint change still votes until it is left). */
  isVoter(id: NodeId): boolean {
    return this.voters.includes(id) || this.votersOutgoing.includes(id);
  }

  /** A voter of the incoming configuration: the only ones a leadership transfer may go to. */
  isIncomingVoter(id: NodeId): boolean {
    return this.voters.includes(id);
  }

  isLearner(id: NodeId): boolean {
    return this.learners.includes(id);
  }

  /** Every voter of either half, each once. */
  allVoters(): NodeId[] {
    if (!this.joint) return [...this.voters];
    const all = new Set([...this.voters, ...this.votersOutgoing]);
    return [...all].sort((a, b) => a - b);
  }

  /** One voter and no joint change: it decides alone. */
  isSingleton(): boolean {
    return this.voters.length === 1 && !this.joint;
  }

  /** Replaces the configuration; keeps existing progress, creates new with next = nextIndex. */
  applyConf(cs: ConfState, nextIndex: number): void {
    const n = normalizeConfState(cs);
    this.voters = n.voters;
    this.learners = n.learners;
    this.votersOutgoing = n.votersOutgoing ?? NO_NODES;
    this.learnersNext = n.learnersNext ?? NO_NODES;
    this.autoLeave = n.autoLeave === true;
    const members = new Set<NodeId>([...this.voters, ...this.votersOutgoing, ...this.learners]);
    for (const id of [...this.progress.keys()]) {
      if (!members.has(id)) this.progress.delete(id);
    }
    for (const id of members) {
      // A voter being demoted (learnersNext) still votes in the outgoing half.
      const learner = this.learners.includes(id);
      const pr = this.progress.get(id);
      if (pr === undefined) {
        const np = new Progress(nextIndex, this.maxInflight, this.maxInflightBytes, learner);
        // A new member counts as active so that adding it does not make a
        // checkQuorum leader step down before it has had a chance to answer.
        np.recentActive = true;
        this.progress.set(id, np);
      } else {
        pr.isLearner = learner;
      }
    }
  }

  committed(): number {
    return jointCommittedIndex(this.voters, this.votersOutgoing, (id) => this.progress.get(id)?.match ?? 0);
  }

  resetVotes(): void {
    this.votes.clear();
  }

  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  tallyVotes(): VoteResult {
    return jointVoteResult(this.voters, this.votersOutgoing, this.votes);
  }

  /** Whether `acks` (e.g. of a ReadIndex round) make a quorum: of both halves when joint. */
  quorumOf(acks: ReadonlyMap<NodeId, boolean>): boolean {
    return jointVoteResult(this.voters, this.votersOutgoing, acks) === 'won';
  }

  /** Whether a quorum of voters (of both halves when joint) has been heard from recently (recentActive). */
  quorumActive(): boolean {
    const active = new Map<NodeId, boolean>();
    for (const id of this.allVoters()) {
      const pr = this.progress.get(id);
      if (pr !== undefined) active.set(id, pr.recentActive);
    }
    return this.quorumOf(active);
  }
}
