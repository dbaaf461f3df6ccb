// A test fixture: several controllers sharing one in-memory committed log, as
// Raft would give them — every commit delivered to every running member in
// order, one member active at a time, compaction into a snapshot, and members
// that restart catch up from snapshot + entries. It exercises the MetadataLog
// contract the way a Raft-backed log will, without a network.
import { metadataRecords, NotControllerError } from '@eddy/protocol';
import type { CommittedBatch, ControllerRef, MetadataLog, MetadataStateMachine } from '../src/log/metadata-log.js';
import type { MetadataRecord } from '../src/metadata/image.js';
import type { MetadataSnapshot } from '../src/metadata/snapshot.js';

interface Entry {
  firstVersion: number;
  records: Uint8Array[];
}

export class MemoryQuorum {
  entries: Entry[] = [];
  snapshot: MetadataSnapshot | undefined;
  lastVersion = 0;
  leader: number | undefined;
  readonly members = new Map<number, QuorumMember>();

  constructor(readonly voters: ControllerRef[]) {
    for (const v of voters) this.members.set(v.id, new QuorumMember(this, v));
  }

  member(id: number): QuorumMember {
    return this.members.get(id)!;
  }

  /** Makes `id` the active controller (undefined: an election in progress). */
  elect(id: number | undefined): void {
    this.leader = id;
    for (const m of this.members.values()) m.notifyLeadership();
  }

  /** Snapshots the leader's state machine and drops the entries it covers. */
  compact(): void {
    const leader = this.leader === undefined ? undefined : this.members.get(this.leader);
    const snapshot = leader?.takeSnapshot();
    if (!snapshot) throw new Error('compact needs a running leader');
    this.snapshot = snapshot;
    this.entries = this.entries.filter((e) => e.firstVersion > snapshot.version);
  }

  commit(records: readonly MetadataRecord[]): Entry {
    const codec = metadataRecords();
    const entry: Entry = { firstVersion: this.lastVersion + 1, records: records.map((r) => codec.encode(r)) };
    this.lastVersion += records.length;
    this.entries.push(entry);
    for (const m of this.members.values()) m.deliver(entry);
    return entry;
  }
}

export class QuorumMember implements MetadataLog {
  private sm: MetadataStateMachine | undefined;
  private applied = 0;
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    private readonly quorum: MemoryQuorum,
    readonly self: ControllerRef,
  ) {}

  async start(stateMachine: MetadataStateMachine): Promise<void> {
    this.sm = stateMachine;
    this.applied = 0;
    const snapshot = this.quorum.snapshot;
    if (snapshot) {
      stateMachine.restore(snapshot);
      this.applied = snapshot.version;
    }
    for (const e of this.quorum.entries) this.deliver(e);
    await this.delivery;
    stateMachine.leadershipChanged();
  }

  async stop(): Promise<void> {
    await this.delivery;
    this.sm = undefined;
  }

  isActive(): boolean {
    return this.sm !== undefined && this.quorum.leader === this.self.id;
  }

  activeController(): ControllerRef | undefined {
    return this.quorum.voters.find((v) => v.id === this.quorum.leader);
  }

  voters(): readonly ControllerRef[] {
    return this.quorum.voters;
  }

  async append(records: readonly MetadataRecord[]): Promise<number> {
    if (!this.isActive()) throw this.notController();
    const entry = this.quorum.commit(records);
    await this.delivery;
    return entry.firstVersion + records.length - 1;
  }

  async readBarrier(): Promise<void> {
    if (!this.isActive()) throw this.notController();
    await this.delivery;
  }

  /** Hands the active role to the next voter, as a leadership transfer would. */
  handOver(): Promise<boolean> {
    if (this.quorum.leader !== this.self.id) return Promise.resolve(true);
    const next = this.quorum.voters.find((v) => v.id !== this.self.id);
    if (!next) return Promise.resolve(false);
    this.quorum.elect(next.id);
    return Promise.resolve(true);
  }

  deliver(entry: Entry): void {
    this.delivery = this.delivery.then(() => {
      if (!this.sm || entry.firstVersion <= this.applied) return;
      const codec = metadataRecords();
      this.applied = entry.firstVersion + entry.records.length - 1;
      const batch: CommittedBatch = { firstVersion: entry.firstVersion, records: entry.records.map((b) => codec.decode(b)) };
      this.sm.apply(batch);
    });
  }

  notifyLeadership(): void {
    this.sm?.leadershipChanged();
  }

  takeSnapshot(): MetadataSnapshot | undefined {
    return this.sm?.snapshot();
  }

  private notController(): NotControllerError {
    const active = this.activeController();
    return new NotControllerError(`controller ${this.self.id} is not active`, { details: active ? { leaderId: active.id, leaderAddress: active.address } : {} });
  }
}
