// The leader's view of one follower: how far its log matches (match), what to
// send next (next), and the flow-control state that decides whether to send:
//   probe     - one append per heartbeat interval until a match is found;
//   replicate - pipelined appends with an optimistic next, bounded by inflights;
//   snapshot  - a snapshot is on its way; nothing else is sent until it lands.

import { Inflights } from './inflights.js';

export const ProgressState = {
  Probe: 'probe',
  Replicate: 'replicate',
  Snapshot: 'snapshot',
} as const;
export type ProgressState = (typeof ProgressState)[keyof typeof ProgressState];

export class Progress {
  match = 0;
  next: number;
  state: ProgressState = ProgressState.Probe;
  /** Index of the snapshot in flight while in snapshot state. */
  pendingSnapshot = 0;
  /** Heartbeat answers from the follower since a snapshot was sent to it (see Raft's snapshot retry). */
  snapshotWaitBeats = 0;
  /**
   * Probes refused at exactly match in a row (see Raft's handling of a
   * follower that lost entries without knowing it): one could be a stale
   * duplicate, a second one is the follower's word.
   */
  probeRejectsAtMatch = 0;
  /** Heard from since the last checkQuorum round. */
  recentActive = false;
  /**
   * Probe: an append was sent and not yet answered. Replicate: the inflight
   * window is full. Cleared by any acknowledgement or heartbeat response, which
   * lets one (possibly empty) append through so a window full of lost messages
   * cannot stall the follower forever.
   */
  msgAppFlowPaused = false;
  readonly inflights: Inflights;
  isLearner: boolean;

  constructor(next: number, maxInflight: number, maxInflightBytes: number, isLearner: boolean) {
    this.next = next;
    this.inflights = new Inflights(maxInflight, maxInflightBytes);
    this.isLearner = isLearner;
  }

  private resetState(state: ProgressState): void {
    this.msgAppFlowPaused = false;
    this.pendingSnapshot = 0;
    this.snapshotWaitBeats = 0;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    if (this.state === ProgressState.Snapshot) {
      const pending = this.pendingSnapshot;
      this.resetState(ProgressState.Probe);
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState(ProgressState.Probe);
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState(ProgressState.Replicate);
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState(ProgressState.Snapshot);
    this.pendingSnapshot = snapshotIndex;
  }

  /** Bookkeeping after sending `count` entries ending at `lastIndex` (`bytes` in total). */
  sentEntries(count: number, lastIndex: number, bytes: number): void {
    if (this.state === ProgressState.Replicate) {
      if (count > 0) {
        this.next = lastIndex + 1;
        this.inflights.add(lastIndex, bytes);
      }
      this.msgAppFlowPaused = this.inflights.full();
    } else if (this.state === ProgressState.Probe) {
      this.msgAppFlowPaused = true;
    } else {
      throw new Error('progress: sending entries in snapshot state');
    }
  }

  /** An acknowledgement up to n. Returns false for a stale one. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.msgAppFlowPaused = false;
    }
    this.probeRejectsAtMatch = 0;
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /**
   * A rejection of an append at index `rejected`; `matchHint` is the largest
   * index the follower might still match. Returns false when the rejection is
   * stale (it answers an earlier probe).
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === ProgressState.Replicate) {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /**
   * The follower lost entries it had acknowledged (a damaged disk cut its
   * log; the rejection carried `regressed`) and may match only up to
   * `matchHint` < match. Lowering match is safe: it only feeds the commit
   * calculation, whose result never decreases, so a lower match is only ever
   * more conservative. Probes from matchHint + 1 (a snapshot when those
   * entries are compacted); a snapshot in flight is left to land. Returns
   * whether to send.
   */
  regressTo(matchHint: number): boolean {
    if (matchHint >= this.match) return false;
    this.match = matchHint;
    if (this.state === ProgressState.Snapshot) return false;
    this.becomeProbe();
    return true;
  }

  isPaused(): boolean {
    switch (this.state) {
      case ProgressState.Probe:
        return this.msgAppFlowPaused;
      case ProgressState.Replicate:
        return this.msgAppFlowPaused;
      default:
        return true;
    }
  }
}
