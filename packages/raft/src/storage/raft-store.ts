// What the RaftHost needs from a node's Raft storage: one store holding every
// group's durable state, written in batches (one fsync per pass for all groups),
// and per group the core's Storage contract plus the pass's DurableLog. The
// LevelDB store (level-raft-store.ts) is the one production uses. `Op` is one
// write operation of the store; the host only passes them along.
import type { Storage } from '../core/storage.js';
import type { ConfState, Snapshot } from '../core/types.js';
import type { DurableLog } from '../driver/ready-pass.js';

export interface GroupStorage<Op = unknown> extends Storage, DurableLog<Op> {
  readonly groupId: string;
  /** Nothing of the group is on disk yet: a new group (bootstrap it, or join it). */
  readonly isFresh: boolean;
  /** The latest snapshot (a new group's is empty, at index 0). */
  snapshot(): Snapshot;
  /** Index of the latest snapshot (the state machine's starting point after a restart). */
  readonly snapshotIndex: number;
  /** First index of the in-memory log cache (the one after the snapshot). */
  readonly cacheFirstIndex: number;
  /** Number of entries cached in memory. */
  readonly cachedEntries: number;
  /**
   * Index of the latest snapshot installed from a peer (0: none): entries at
   * or below it that are on disk may have gaps, so an application that keeps
   * its data in the log holds none at or below it it did not get since.
   */
  readonly peerSnapshotIndex: number;
  /** The group's snapshot was lost to damage and it starts empty, its configuration unknown here (see LevelGroupStorage). */
  readonly confLost: boolean;
  /** See InitialState.repairUntil: the index this replica must commit again before it votes (0: not repairing). */
  readonly repairUntil: number;
  /** Lowest damaged entry at or below the snapshot found so far, for the application to copy again (0: none). */
  readonly damagedBelowSnapshot: number;
  /** Entries from `index` (<= the snapshot) are damaged: Raft stops sending them; pushes the floor and gap marker. */
  damagedBelow(index: number, ops: Op[]): void;
  /** Pushes a rewrite of entry `index` (after the snapshot) from the checked in-memory copy; false when not cached. */
  rewriteCached(index: number, ops: Op[]): boolean;
  /** Records a snapshot the application took at `index` (<= applied); pushes its write operations. */
  createSnapshot(index: number, confState: ConfState, data: Uint8Array, ops: Op[]): void;
  /** Stops Raft from sending entries below `index` as appends (they are about to be rewritten); pushes the operation recording it. */
  retireEntriesBefore(index: number, ops: Op[]): void;
}

export interface RaftStore<Op = unknown> {
  /** Whether writes are fsynced (false only for benchmarks). */
  readonly fsync: boolean;
  /** Loads a group's durable state (a new group starts empty). */
  openGroup(groupId: string): Promise<GroupStorage<Op>>;
  /** Loads many groups' durable state at once. */
  openGroups(groupIds: readonly string[]): Promise<GroupStorage<Op>[]>;
  /** Forgets a group's in-memory state (the group stopped running on this node). */
  closeGroup(groupId: string): void;
  /** Deletes every key of a group. */
  destroyGroup(groupId: string): Promise<void>;
  /** Removes entries of a group below `beforeIndex` from disk. */
  deleteEntriesBefore(groupId: string, beforeIndex: number): Promise<void>;
  /** Writes operations of any groups atomically, with one fsync (unless fsync is off). */
  write(ops: Op[]): Promise<void>;
}
