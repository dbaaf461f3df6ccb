// The controller quorum's log on @eddy/raft (docs/architecture.md §7): one Raft group,
// "__controller", whose entries are MetadataBatches. Every controller applies
// every committed batch; the leader is the active controller once an entry of
// its own term (its no-op) has been applied, so its image holds everything
// earlier leaders committed. Snapshots are MetadataImages, taken every
// `snapshotEvery` entries; entries they cover are deleted from disk.
import { InvalidRequestError, metadataBatches, metadataImages, NotControllerError, TimeoutError, UnknownNodeError, type EddyError } from '@eddy/protocol';
import { handOffLeadership, type Entry, type NodeId, type RaftGroup, type RaftHost, type Snapshot, type StateMachine } from '@eddy/raft';
import type { MetadataRecord } from '../metadata/image.js';
import { imageFromRecords } from '../metadata/snapshot.js';
import type { CommittedBatch, ControllerRef, MetadataLog, MetadataSnapshot, MetadataStateMachine } from './metadata-log.js';

export const CONTROLLER_GROUP = '__controller';

/**
 * Versions of recently applied entries kept for append() to read when its
 * proposal resolves (right after the apply); older ones are dropped.
 */
const VERSIONS_KEPT = 4096;

export interface RaftMetadataLogOptions {
  host: RaftHost;
  self: ControllerRef;
  /**
   * The quorum's first voters (every node's --controllers). The quorum's
   * membership after that lives in the group's configuration: voters are
   * added and removed through the log (addVoter, removeVoter).
   */
  voters: readonly ControllerRef[];
  /**
   * This controller is not one of `voters`: it joins the running quorum
   * (catching up as a learner once an AddControllerVoter names it) and never
   * bootstraps a quorum of its own.
   */
  join?: boolean;
  /** The internal listener of a controller added at run time (from the metadata image). */
  addressOf?: (id: number) => string | undefined;
  /** Take a snapshot after this many applied entries. */
  snapshotEvery?: number;
  /** How long addVoter waits for the new controller to catch up. Default 60 s. */
  catchUpTimeoutMs?: number;
}

/** A learner this close to the leader's last index counts as caught up. */
const CONTROLLER_CATCH_UP_ENTRIES = 16;

export class RaftMetadataLog implements MetadataLog, StateMachine {
  private group: RaftGroup | undefined;
  private sm: MetadataStateMachine | undefined;
  private version = 0;
  private activeTerm = -1;
  private entriesSinceSnapshot = 0;
  private snapshotting = false;
  /** Last record version of recently applied entries, by log index, until append() reads it. */
  private readonly versionAt = new Map<number, number>();
  private readonly snapshotEvery: number;

  constructor(private readonly options: RaftMetadataLogOptions) {
    this.snapshotEvery = options.snapshotEvery ?? 1000;
  }

  async start(stateMachine: MetadataStateMachine): Promise<void> {
    this.sm = stateMachine;
    const { host, voters } = this.options;
    // addGroup replays: the snapshot on disk is restored first, then Raft
    // delivers every committed entry after it through apply().
    const group = this.options.join
      ? await host.addGroup({ groupId: CONTROLLER_GROUP, voters: [], join: true, stateMachine: this })
      : await host.addGroup({ groupId: CONTROLLER_GROUP, voters: voters.map((v) => v.id), stateMachine: this });
    this.group = group;
    const target = group.storage.durableHardState.commit;
    await waitUntil(() => group.applied >= target);
    stateMachine.leadershipChanged();
  }

  async stop(): Promise<void> {
    if (this.group) await this.options.host.removeGroup(CONTROLLER_GROUP);
    this.group = undefined;
    this.sm = undefined;
  }

  handOver(timeoutMs: number): Promise<boolean> {
    return this.group ? handOffLeadership(this.group, this.options.self.id, timeoutMs) : Promise.resolve(true);
  }

  isActive(): boolean {
    const g = this.group;
    return g !== undefined && g.isLeader && this.activeTerm === g.term;
  }

  activeController(): ControllerRef | undefined {
    const g = this.group;
    if (!g || g.leaderId === 0) return undefined;
    return this.refOf(g.leaderId);
  }

  /** The voters of the group's configuration (both halves while joint), as applied here. */
  voters(): readonly ControllerRef[] {
    const g = this.group;
    if (!g) return this.options.voters;
    const cs = g.confState;
    const ids = [...new Set([...cs.voters, ...(cs.votersOutgoing ?? [])])].sort((a, b) => a - b);
    return ids.map((id) => this.refOf(id));
  }

  private refOf(id: number): ControllerRef {
    if (id === this.options.self.id) return this.options.self;
    const address = this.options.voters.find((v) => v.id === id)?.address ?? this.options.addressOf?.(id) ?? '';
    return { id, address };
  }

  /**
   * Adds a controller to the quorum (active controller only): as a learner
   * first, and as a voter once it has caught up with the log, so the quorum
   * never counts on a member that could not vote knowing the log. Resolves
   * once it is a voter; TIMEOUT when it did not catch up in time (it stays a
   * learner, and a retry carries on from there).
   */
  async addVoter(id: NodeId): Promise<void> {
    const g = this.requireActive();
    const cs = g.confState;
    if (cs.voters.includes(id)) return;
    try {
      if (!cs.learners.includes(id)) await g.proposeConfChangeV2({ changes: [{ type: 'addLearner', nodeId: id }] });
      const deadline = Date.now() + (this.options.catchUpTimeoutMs ?? 60_000);
      for (;;) {
        const f = this.requireActive().followers().find((p) => p.nodeId === id);
        if (f && f.recentActive && g.lastIndex - f.match <= CONTROLLER_CATCH_UP_ENTRIES) break;
        if (Date.now() > deadline) {
          throw new TimeoutError(`controller ${id} joined as a learner but has not caught up with the metadata log; check it runs (with this quorum's --controllers) and that this controller reaches its internal listener, then add it again`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      await this.requireActive().proposeConfChangeV2({ changes: [{ type: 'addNode', nodeId: id }] });
    } catch (err) {
      throw this.translate(err);
    }
  }

  /**
   * Removes a voter (or learner) from the quorum (active controller only). A
   * leader that removes itself hands leadership to another voter first, so
   * the change commits under a leader that stays.
   */
  async removeVoter(id: NodeId): Promise<void> {
    const g = this.requireActive();
    const cs = g.confState;
    if (!cs.voters.includes(id) && !cs.learners.includes(id)) {
      throw new UnknownNodeError(`node ${id} is not a member of the controller quorum (voters ${cs.voters.join(', ')}); nothing to remove`);
    }
    if (cs.voters.length === 1 && cs.voters[0] === id) {
      throw new InvalidRequestError(`controller ${id} is the quorum's only voter; add another controller first`);
    }
    if (id === this.options.self.id) {
      await handOffLeadership(g, id, 5_000);
      throw this.notController('this controller is leaving the quorum and handed leadership over');
    }
    try {
      await g.proposeConfChangeV2({ changes: [{ type: 'removeNode', nodeId: id }] });
    } catch (err) {
      throw this.translate(err);
    }
  }

  private requireActive(): RaftGroup {
    const g = this.group;
    if (!g || !this.isActive()) throw this.notController();
    return g;
  }

  async append(records: readonly MetadataRecord[]): Promise<number> {
    const g = this.group;
    if (!g || !this.isActive()) throw this.notController();
    try {
      const { index } = await g.propose(metadataBatches().encode({ records: [...records] }));
      const version = this.versionAt.get(index);
      this.versionAt.delete(index);
      if (version === undefined) throw new Error(`controller log: no version recorded for entry ${index}`);
      return version;
    } catch (err) {
      throw this.translate(err);
    }
  }

  async readBarrier(): Promise<void> {
    const g = this.group;
    if (!g || !this.isActive()) throw this.notController();
    try {
      await g.readBarrier();
    } catch (err) {
      throw this.translate(err);
    }
  }

  // --- StateMachine (called by the Raft host) ---

  apply(entries: readonly Entry[]): void {
    const sm = this.sm;
    const g = this.group;
    for (const e of entries) {
      if (g && g.isLeader && e.term === g.term && this.activeTerm !== g.term) {
        // The first entry of our term is applied: our image is complete.
        this.activeTerm = g.term;
        sm?.leadershipChanged();
      }
      if (e.data.byteLength === 0) continue;
      const { records } = metadataBatches().decode(e.data);
      const batch: CommittedBatch = { firstVersion: this.version + 1, records };
      this.version += records.length;
      // Recorded whatever the leadership is now: a proposal may resolve after
      // leadership moved (its entry committed anyway), and must find its version.
      this.versionAt.set(e.index, this.version);
      if (this.versionAt.size > VERSIONS_KEPT) this.versionAt.delete(this.versionAt.keys().next().value as number);
      sm?.apply(batch);
      this.entriesSinceSnapshot++;
    }
    const last = entries[entries.length - 1];
    if (last && this.entriesSinceSnapshot >= this.snapshotEvery) this.takeSnapshot(last.index);
  }

  /** A snapshot from a peer must decode and rebuild an image, as restore() will. */
  validateSnapshot(data: Uint8Array): void {
    if (data.byteLength === 0) return;
    const image = metadataImages().decode(data);
    imageFromRecords(image.records, Number(image.version));
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.data.byteLength === 0) return;
    const image = metadataImages().decode(snapshot.data);
    const restored: MetadataSnapshot = { version: Number(image.version), records: image.records };
    this.version = restored.version;
    this.sm?.restore(restored);
  }

  onLeaderChange(): void {
    if (this.group && !this.group.isLeader) this.activeTerm = -1;
    this.sm?.leadershipChanged();
  }

  private takeSnapshot(index: number): void {
    if (this.snapshotting || !this.sm) return;
    this.snapshotting = true;
    this.entriesSinceSnapshot = 0;
    const snap = this.sm.snapshot();
    const data = metadataImages().encode({ version: snap.version, clusterId: '', records: snap.records });
    void this.options.host
      .compact(CONTROLLER_GROUP, index, data, { deleteEntries: true })
      .catch(() => undefined)
      .finally(() => (this.snapshotting = false));
  }

  private translate(err: unknown): Error {
    const code = (err as EddyError).code;
    if (code === 'NOT_LEADER' || code === 'UNAVAILABLE') return this.notController((err as Error).message);
    return err as Error;
  }

  private notController(reason?: string): NotControllerError {
    const active = this.activeController();
    const self = this.options.self.id;
    const msg = active && active.id !== self
      ? `controller ${self} is not active; send the request to controller ${active.id} at ${active.address}`
      : `controller ${self} is not active and no active controller is known yet; retry shortly`;
    return new NotControllerError(reason ? `${msg} (${reason})` : msg, {
      details: active && active.id !== self ? { leaderId: active.id, leaderAddress: active.address } : {},
    });
  }
}

async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}
