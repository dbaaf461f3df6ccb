// One pass of Ready handling for any number of groups: the rules every driver
// of RawNodes must follow, in one synchronous, I/O-free place. The RaftHost
// runs it over LevelDB with real fsyncs; the simulator runs it over memory,
// with crashes between its steps. So the simulator's seeds test the very code
// that decides, in production, what is persisted, sent and applied when.
//
// A pass, in order (RawNode's Ready contract, raw-node.ts):
//   collect      the Ready of every group with something to do;
//   early sends  a leader's appends go out before its own write: its
//                followers' fsyncs overlap its own, and it counts its own copy
//                only once durable (advance);
//   stage        one write for every group that must sync; a Ready that only
//                moves the commit index writes nothing now (see mustSync);
//   apply early  committed entries already durable here may be applied while
//                the write runs (Ready.mayApplyBeforePersist);
//   ... the caller writes the staged operations and waits for them ...
//   persisted    the groups' caches now reflect what is on disk;
//   sends        every other message (persist before send);
//   apply, advance, per group.
// While the write runs, commits learnt from peers may be applied at once
// (takeDurableCommitted below).
import type { Ready } from '../core/raw-node.js';
import type { RawNode } from '../core/raw-node.js';
import { EntryType, type Entry, type HardState, type Message, type NodeId, type Snapshot } from '../core/types.js';

/** The durable side of one group, as a pass sees it: `Op` is one write operation of the store. */
export interface DurableLog<Op> {
  /** The hard state as of the last completed (or deferred) write. */
  readonly durableHardState: HardState;
  /** Keeps a commit-only hard state in memory; the group's next write carries it (see mustSync). */
  deferHardState(hs: HardState): void;
  /** Pushes the operations that persist a Ready's snapshot, entries and hard state (plus a deferred hard state). */
  stage(ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined }, ops: Op[]): void;
  /** Makes what Raft reads reflect a Ready whose staged operations are now durable. */
  commitStaged(ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined }): void;
}

/** A group as a pass drives it. */
export interface PassGroup<Op> {
  readonly groupId: string;
  readonly node: RawNode;
  readonly storage: DurableLog<Op>;
}

export interface PassItem<G> {
  readonly g: G;
  readonly rd: Ready;
}

/** One transport message per peer: every group's messages to it. */
export type Outbox = Map<NodeId, { group: string; message: Message }[]>;

/**
 * Whether a Ready's writes must be fsynced before anything depends on them:
 * entries, a snapshot, a new term or vote — and a commit index that covers a
 * configuration change about to be applied. Otherwise only the commit index
 * moved: it need not be written now (DurableLog.deferHardState); it goes to
 * disk with the group's next write, and a restart that finds an older one
 * recomputes it from the leader, as etcd allows. A configuration change must
 * not be applied before its commit is durable: after a restart the node would
 * replay an older configuration, possibly two changes behind the others, and
 * two such configurations need not share a majority. Its write carries the
 * commit it needs: `stage` adds a deferred hard state to the group's next write.
 */
export function mustSync(
  ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined; committedEntries: readonly Entry[]; repaired?: boolean },
  durable: HardState,
): boolean {
  // A commit that ends a repair (Ready.repaired) must be durable too.
  if (ready.entries.length > 0 || ready.snapshot !== undefined || ready.repaired === true) return true;
  const hs = ready.hardState;
  if (hs !== undefined && (hs.term !== durable.term || hs.vote !== durable.vote)) return true;
  return ready.committedEntries.some((e) => e.type === EntryType.ConfChange);
}

const Phase = { Collected: 0, Staged: 1, Writing: 2, Persisted: 3 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

export class ReadyPass<G extends PassGroup<Op>, Op> {
  private phase: Phase = Phase.Collected;
  /** Groups of this pass whose before-persist applies may not have run yet. */
  private readonly members: Set<G>;
  /** What `stage` did, for metrics. */
  deferredCommits = 0;
  entriesWritten = 0;

  private constructor(readonly items: readonly PassItem<G>[]) {
    this.members = new Set(items.map((w) => w.g));
  }

  /** Takes the Ready of every given group that has one (none: undefined, nothing to do). */
  static collect<G extends PassGroup<Op>, Op>(groups: Iterable<G>): ReadyPass<G, Op> | undefined {
    const items: PassItem<G>[] = [];
    for (const g of groups) if (g.node.hasReady()) items.push({ g, rd: g.node.ready() });
    return items.length === 0 ? undefined : new ReadyPass<G, Op>(items);
  }

  /** The messages that may go before the write (a leader's appends). */
  earlyOutbox(): Outbox {
    return this.outboxOf('earlyMessages');
  }

  /**
   * Decides, per group, sync or defer, and returns the operations of the one
   * write this pass needs (empty: no write; the pass may go straight on).
   */
  stage(): Op[] {
    this.expect(Phase.Collected, 'stage');
    const ops: Op[] = [];
    for (const { g, rd } of this.items) {
      if (!mustSync(rd, g.storage.durableHardState)) {
        if (rd.hardState !== undefined) {
          g.storage.deferHardState(rd.hardState);
          this.deferredCommits++;
        }
        continue;
      }
      g.storage.stage(rd, ops);
      this.entriesWritten += rd.entries.length;
    }
    this.phase = Phase.Staged;
    return ops;
  }

  /** Items whose committed entries are to be applied while the write runs, before `writing()`. */
  applyBeforePersist(): PassItem<G>[] {
    this.expect(Phase.Staged, 'applyBeforePersist');
    return this.items.filter((w) => w.rd.mayApplyBeforePersist);
  }

  /** The before-persist applies are done: from now on commits learnt from peers may be applied at once. */
  writing(): void {
    this.expect(Phase.Staged, 'writing');
    this.phase = Phase.Writing;
  }

  /**
   * Committed entries of `g` that are durable here and may be applied now,
   * outside the Ready cycle (RawNode.takeDurableCommitted): a follower's
   * acknowledgement or a leader's commit index learnt while a write runs.
   * Empty while `g` is in a pass whose before-persist applies have not run.
   */
  static takeDurableCommitted<G extends PassGroup<Op>, Op>(g: G, pass: ReadyPass<G, Op> | undefined): readonly Entry[] {
    if (pass !== undefined && pass.phase < Phase.Writing && pass.members.has(g)) return [];
    return g.node.takeDurableCommitted();
  }

  /** The write is durable: every group's storage reflects it; returns the messages to send now. */
  persisted(): Outbox {
    if (this.phase === Phase.Staged) this.phase = Phase.Writing;
    this.expect(Phase.Writing, 'persisted');
    for (const { g, rd } of this.items) g.storage.commitStaged(rd);
    this.phase = Phase.Persisted;
    return this.outboxOf('messages');
  }

  /** Whether an item's committed entries are still to be applied (after the write). */
  static appliesAfterPersist(item: PassItem<unknown>): boolean {
    return !item.rd.mayApplyBeforePersist;
  }

  /** Done with an item's Ready (its applies ran): whether its group has more to do at once. */
  advance(item: PassItem<G>): boolean {
    this.expect(Phase.Persisted, 'advance');
    item.g.node.advance();
    return item.g.node.hasReady();
  }

  private outboxOf(kind: 'earlyMessages' | 'messages'): Outbox {
    const outbox: Outbox = new Map();
    for (const { g, rd } of this.items) {
      for (const message of rd[kind]) {
        let list = outbox.get(message.to);
        if (list === undefined) outbox.set(message.to, (list = []));
        list.push({ group: g.groupId, message });
      }
    }
    return outbox;
  }

  private expect(phase: Phase, step: string): void {
    if (this.phase !== phase) throw new Error(`raft pass: ${step} out of order (phase ${this.phase}, expected ${phase})`);
  }
}
