// The current membership configuration (voters and learners, one majority
// config) and, on the leader, a Progress per member; during an election, the
// votes received. Quorum questions (commit index, election outcome, is a quorum
// active) are answered here from quorum.ts.

import { Progress } from './progress.js';
import { committedIndex, voteResult, type VoteResult } from './quorum.js';
import type { ConfState, NodeId } from './types.js';

export class ProgressTracker {
  voters: NodeId[] = [];
  learners: NodeId[] = [];
  readonly progress = new Map<NodeId, Progress>();
  readonly votes = new Map<NodeId, boolean>();

  constructor(
    readonly maxInflight: number,
    readonly maxInflightBytes: number,
  ) {}

  confState(): ConfState {
    return { voters: [...this.voters], learners: [...this.learners] };
  }

  isVoter(id: NodeId): boolean {
    return this.voters.includes(id);
  }

  isLearner(id: NodeId): boolean {
    return this.learners.includes(id);
  }

  isSingleton(): boolean {
    return this.voters.length === 1;
  }

  /** Replaces the configuration; keeps existing progress, creates new with next = nextIndex. */
  applyConf(cs: ConfState, nextIndex: number): void {
    this.voters = [...cs.voters].sort((a, b) => a - b);
    this.learners = [...cs.learners].sort((a, b) => a - b);
    const members = new Set<NodeId>([...this.voters, ...this.learners]);
    for (const id of [...this.progress.keys()]) {
      if (!members.has(id)) this.progress.delete(id);
    }
    for (const id of members) {
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
    return committedIndex(this.voters, (id) => this.progress.get(id)?.match ?? 0);
  }

  resetVotes(): void {
    this.votes.clear();
  }

  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  tallyVotes(): VoteResult {
    return voteResult(this.voters, this.votes);
  }

  /** Whether a quorum of voters has been heard from recently (recentActive). */
  quorumActive(): boolean {
    const active = new Map<NodeId, boolean>();
    for (const id of this.voters) {
      const pr = this.progress.get(id);
      if (pr !== undefined) active.set(id, pr.recentActive);
    }
    return voteResult(this.voters, active) === 'won';
  }
}
