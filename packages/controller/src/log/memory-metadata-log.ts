// A single-voter metadata log held in memory: a trivially replicated log.
// Every append is committed as soon as it is made (a quorum of one), encoded
// and decoded with the same protobuf codec a Raft-backed log stores, and
// applied in order on a later microtask, as a real commit would be. It keeps
// its entries and snapshot across stop()/start(), so a restarted controller
// catches up from snapshot + log like one on @eddy/raft would. For tests,
// single-process development, and as the reference for the interface.
import { metadataRecords, NotControllerError } from '@eddy/protocol';
import type { MetadataRecord } from '../metadata/image.js';
import type { MetadataSnapshot } from '../metadata/snapshot.js';
import type { CommittedBatch, ControllerRef, MetadataLog, MetadataStateMachine } from './metadata-log.js';

interface StoredEntry {
  firstVersion: number;
  records: Uint8Array[];
}

export interface MemoryMetadataLogOptions {
  self: ControllerRef;
  /** Starts active (the only voter leads) unless false. */
  active?: boolean;
}

export class MemoryMetadataLog implements MetadataLog {
  private readonly self: ControllerRef;
  private entries: StoredEntry[] = [];
  private snapshotState: MetadataSnapshot | undefined;
  private lastVersion = 0;
  private appliedVersion = 0;
  private sm: MetadataStateMachine | undefined;
  private active: boolean;
  private otherActive: ControllerRef | undefined;
  /** Serialises deliveries so commits reach the state machine in order. */
  private delivery: Promise<void> = Promise.resolve();

  constructor(options: MemoryMetadataLogOptions) {
    this.self = options.self;
    this.active = options.active ?? true;
  }

  async start(stateMachine: MetadataStateMachine): Promise<void> {
    this.sm = stateMachine;
    if (this.snapshotState) stateMachine.restore(this.snapshotState);
    this.appliedVersion = this.snapshotState?.version ?? 0;
    for (const entry of this.entries) this.deliver(entry);
    await this.delivery;
    stateMachine.leadershipChanged();
  }

  async stop(): Promise<void> {
    await this.delivery;
    this.sm = undefined;
  }

  isActive(): boolean {
    return this.active && this.sm !== undefined;
  }

  /** A single-voter log has nobody to hand over to. */
  handOver(): Promise<boolean> {
    return Promise.resolve(!this.active);
  }

  activeController(): ControllerRef | undefined {
    return this.active ? this.self : this.otherActive;
  }

  voters(): readonly ControllerRef[] {
    return [this.self];
  }

  append(records: readonly MetadataRecord[]): Promise<number> {
    if (!this.isActive()) return Promise.reject(this.notController());
    const codec = metadataRecords();
    // Encoding here proves every record survives the trip through a real log.
    const entry: StoredEntry = { firstVersion: this.lastVersion + 1, records: records.map((r) => codec.encode(r)) };
    this.lastVersion += records.length;
    this.entries.push(entry);
    const version = this.lastVersion;
    this.deliver(entry);
    return this.delivery.then(() => version);
  }

  async readBarrier(): Promise<void> {
    if (!this.isActive()) throw this.notController();
    await this.delivery;
  }

  /** Test control: lose or regain leadership; `other` is who is active meanwhile. */
  setActive(active: boolean, other?: ControllerRef): void {
    this.active = active;
    this.otherActive = active ? undefined : other;
    this.sm?.leadershipChanged();
  }

  /** Replaces the entries up to the applied version with the state machine's snapshot, as Raft log compaction does. */
  compact(): MetadataSnapshot {
    if (!this.sm) throw new Error('compact() needs a started log');
    const snapshot = this.sm.snapshot();
    this.snapshotState = snapshot;
    this.entries = this.entries.filter((e) => e.firstVersion > snapshot.version);
    return snapshot;
  }

  /** The version of the last record appended. */
  get version(): number {
    return this.lastVersion;
  }

  private deliver(entry: StoredEntry): void {
    this.delivery = this.delivery.then(() => {
      const sm = this.sm;
      if (!sm || entry.firstVersion <= this.appliedVersion) return;
      const codec = metadataRecords();
      const batch: CommittedBatch = { firstVersion: entry.firstVersion, records: entry.records.map((b) => codec.decode(b)) };
      this.appliedVersion = entry.firstVersion + entry.records.length - 1;
      sm.apply(batch);
    });
  }

  private notController(): NotControllerError {
    const active = this.activeController();
    return new NotControllerError(
      active ? `controller ${this.self.id} is not active; send the request to controller ${active.id} at ${active.address}` : `controller ${this.self.id} is not active and no active controller is known; retry shortly`,
      { details: active ? { leaderId: active.id, leaderAddress: active.address } : {} },
    );
  }
}
