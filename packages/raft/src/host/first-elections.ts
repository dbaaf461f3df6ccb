// First elections of groups that name their leader (GroupOptions.leader):
// brand-new groups, and groups reopened after a restart (which know no leader
// either). Thousands of groups created or restarted at once would otherwise
// each run a randomized election on every replica: split votes, and under
// load a backlog of (pre)vote messages so deep that answers arrive after the
// election timeout, so new leaders step down (CheckQuorum) and the storm
// never converges. Instead:
//   - the named leader campaigns, at most `window` groups at a time (the rest
//     queue, their clocks held), so the messages in flight stay few and
//     answers come back well within an election timeout;
//   - every other replica holds its election clock (it grants votes, but is
//     not ticked) until it hears from a leader of the group (an append,
//     heartbeat or snapshot), hears about the group from any other node
//     (someone else campaigns), or ten election timeouts of ticks pass
//     without the named leader's node sending anything about the groups it
//     names here (it may create the group later than we did, and works
//     through its queue of campaigns meanwhile). Node-level liveness (a
//     wall-clock silence of one election timeout) does not end the wait: on
//     a loaded machine a busy peer misses that often, and releasing thousands
//     of waiting replicas at once is the storm this avoids.
// Raft's safety never depends on who campaigns; this only decides when.
import { MessageType, NONE, type Message, type NodeId } from '../core/types.js';
import type { RaftGroup } from './raft-group.js';

/** Named-leader campaigns one host runs at once, by default. */
export const DEFAULT_FIRST_ELECTION_WINDOW = 256;
/** Election timeouts a replica waits for a live named leader that sends nothing about the groups it names. */
const WAIT_ELECTION_TIMEOUTS = 10;

/** What FirstElections asks of the host. */
export interface FirstElectionHost {
  readonly nodeId: NodeId;
  /** The group stops waiting: its election clock runs from now. */
  release(g: RaftGroup): void;
  /** The group campaigns now. */
  campaign(g: RaftGroup): void;
}

interface Waiting {
  g: RaftGroup;
  since: number;
}

/** A FIFO array with a moving head (shift() is linear). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  push(item: T): void {
    this.items.push(item);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }
  get size(): number {
    return this.items.length - this.head;
  }
}

export class FirstElections {
  /** Groups this node is named to lead whose campaign has not started, oldest first. */
  private readonly queued = new Fifo<RaftGroup>();
  /** Campaigns running, with the tick each started. */
  private readonly running = new Map<RaftGroup, number>();
  /** Groups waiting for another node's campaign, oldest first. */
  private readonly waiting = new Fifo<Waiting>();
  /** The last tick each named leader's node sent something about a group waiting for it. */
  private readonly progress = new Map<NodeId, number>();
  /** Campaigns started, and replicas that stopped waiting without word from their named leader; for tests and metrics. */
  readonly stats = { campaigns: 0, fallbacks: 0 };

  constructor(
    private readonly host: FirstElectionHost,
    private readonly electionTicks: number,
    private readonly window: number,
  ) {}

  /** Campaigns running now (at most the window). */
  get campaigning(): number {
    return this.running.size;
  }

  /**
   * A group named `leader`, new or reopened. Returns whether it waits (its clock held):
   * false when it runs as usual (a single voter, this node is no voter, or the
   * named leader's node is already known to be silent).
   */
  add(g: RaftGroup, leader: NodeId, tick: number, leaderSilent: boolean): boolean {
    const voters = g.confState.voters;
    if (voters.length < 2 || !voters.includes(this.host.nodeId) || !voters.includes(leader)) return false;
    if (leader === this.host.nodeId) {
      g.awaitedLeader = leader;
      this.queued.push(g);
      this.startCampaigns(tick);
      return true;
    }
    if (leaderSilent) return false;
    g.awaitedLeader = leader;
    this.waiting.push({ g, since: tick });
    return true;
  }

  /** A message for a waiting group arrived (call before stepping it). */
  heard(g: RaftGroup, m: Message, tick: number): void {
    const leader = g.awaitedLeader;
    if (leader === NONE) return;
    if (m.from === leader && leader !== this.host.nodeId) {
      this.progress.set(leader, tick);
      // (Pre)votes from the named leader: keep waiting until it leads — unless
      // its log is behind ours (a reopened group): it cannot win our vote, so
      // we must be able to campaign ourselves.
      if ((m.type === MessageType.PreVote || m.type === MessageType.Vote) && g.node.raft.raftLog.isUpToDate(m.index, m.logTerm)) return;
    }
    g.awaitedLeader = NONE;
    this.host.release(g);
  }

  /** Once per tick: retire finished campaigns, start queued ones, end waits that timed out. */
  onTick(tick: number): void {
    for (const [g, started] of this.running) {
      if (this.finished(g) || tick - started > 2 * this.electionTicks) this.running.delete(g);
    }
    this.startCampaigns(tick);
    for (let w = this.waiting.peek(); w !== undefined; w = this.waiting.peek()) {
      const leader = w.g.awaitedLeader;
      if (leader !== NONE && !w.g.isRemoved) {
        const last = Math.max(w.since, this.progress.get(leader) ?? 0);
        if (tick - last < WAIT_ELECTION_TIMEOUTS * this.electionTicks) break; // the rest are younger: let them wait a little longer
        w.g.awaitedLeader = NONE;
        this.stats.fallbacks++;
        this.host.release(w.g);
      }
      this.waiting.shift();
    }
  }

  /** A campaign is over once the group leads and went quiet, knows another leader, or was removed. */
  private finished(g: RaftGroup): boolean {
    if (g.isRemoved) return true;
    const r = g.node.raft;
    if (r.lead === NONE) return false;
    return r.lead !== this.host.nodeId || r.quiesced || !r.quiesceEnabled;
  }

  private startCampaigns(tick: number): void {
    while (this.running.size < this.window) {
      const g = this.queued.shift();
      if (g === undefined) return;
      // Someone else campaigned meanwhile (its clock already runs), or it is gone.
      if (g.awaitedLeader !== this.host.nodeId || g.isRemoved) continue;
      g.awaitedLeader = NONE;
      this.running.set(g, tick);
      this.stats.campaigns++;
      this.host.campaign(g);
    }
  }
}
