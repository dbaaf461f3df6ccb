// The simulator's durable log: ReadyPass's DurableLog over a MemoryStorage that
// stands for a node's disk. A write operation is a closure run when the
// simulated write completes; one that never completes (a crash while it runs)
// never reaches the "disk". A deferred hard state lives only in this object,
// so a crash loses it, as a real process loses one not yet written.
import type { MemoryStorage } from '../core/memory-storage.js';
import type { Entry, HardState, Snapshot } from '../core/types.js';
import type { DurableLog } from '../driver/ready-pass.js';

export type SimWrite = () => void;

export class MemoryLog implements DurableLog<SimWrite> {
  private hardState: HardState;
  private hardStateUnwritten = false;

  constructor(readonly storage: MemoryStorage) {
    this.hardState = storage.hardStateNow();
  }

  get durableHardState(): HardState {
    return this.hardState;
  }

  deferHardState(hs: HardState): void {
    this.hardState = hs;
    this.hardStateUnwritten = true;
  }

  stage(ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined }, ops: SimWrite[]): void {
    const hs = ready.hardState ?? (this.hardStateUnwritten ? this.hardState : undefined);
    this.hardStateUnwritten = false;
    const { snapshot, entries } = ready;
    const storage = this.storage;
    ops.push(() => {
      if (snapshot !== undefined) storage.applySnapshot(snapshot);
      if (entries.length > 0) storage.append(entries);
      if (hs !== undefined) storage.setHardState(hs);
    });
  }

  commitStaged(ready: { hardState?: HardState | undefined }): void {
    // MemoryStorage is Raft's view and the disk at once: the write already updated it.
    if (ready.hardState !== undefined) this.hardState = ready.hardState;
  }
}
