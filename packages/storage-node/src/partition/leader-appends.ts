// The partition leader's append path: assigns offsets and the leader epoch,
// proposes the batch to the partition's Raft group, and answers when the
// batch is as durable as `acks` asks. Idempotent producers' pipelined batches
// pass through the reorder window (reorder-window.ts) first, so that a batch
// that arrived ahead of a sequence gap is proposed after the batches that fill
// it. Apply (PartitionState) stays the only judge of sequences: this path
// delays proposals and reads their outcomes, it never decides one.
import {
  InvalidProducerEpochError,
  TimeoutError,
  UnavailableError,
  errorFromCode,
  rewriteBatchHeader,
  type EddyError,
  type Logger,
  type NotLeaderError,
  type RecordBatchHeader,
} from '@eddy/protocol';
import type { ProposeResult, RaftGroup } from '@eddy/raft';
import { storedLastOffset } from './batch-fields.js';
import { batchOfEntry, encodeBatchEntry } from './entry-codec.js';
import type { ApplyOutcome, PartitionState } from './partition-state.js';
import { ReorderWindow, type ReorderLimits, type Released } from './reorder-window.js';

export const Acks = { all: 'all', leader: 'leader', none: 'none' } as const;
export type Acks = (typeof Acks)[keyof typeof Acks];

export interface AppendOptions {
  acks: Acks;
  /** Set the batch's LogAppendTime to this (topic config message.timestamp.type=LogAppendTime). */
  logAppendTime?: number | undefined;
  timeoutMs: number;
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
  duplicate: boolean;
  logStartOffset: number;
}

/** What the append path sees of its replica (PartitionReplica). */
export interface AppendingReplica {
  readonly name: string;
  /** The partition's Raft group (the replica is open). */
  readonly group: RaftGroup<ApplyOutcome>;
  /** The applied state; replaced when a snapshot is restored, so read it each time. */
  readonly state: PartitionState;
  readonly isClosed: boolean;
  /** Throws NOT_LEADER (or UNAVAILABLE when closing) unless this replica leads. */
  ensureLeader(): void;
  notLeader(): NotLeaderError;
}

/** An idempotent append the reorder window holds: `run` proposes it (synchronously) when released. */
interface HeldAppend {
  run(ticket: number | undefined): Promise<AppendResult>;
  resolve(result: Promise<AppendResult>): void;
  reject(err: Error): void;
}

type Proposal = Promise<ProposeResult<ApplyOutcome>>;

export class LeaderAppends {
  /** The term `nextOffset` was computed in. */
  private leoTerm = -1;
  /** Offset the next batch proposed in `leoTerm` gets: after every batch in the log, committed or not. */
  private nextOffset = 0;
  /** Leader only: idempotent batches that arrived ahead of a sequence gap, and those proposed in order. */
  private readonly reorder: ReorderWindow<HeldAppend>;
  /** The term the reorder window's contents belong to. */
  private reorderTerm = -1;
  private reorderTimer: NodeJS.Timeout | undefined;
  private reorderTimerAt = Number.POSITIVE_INFINITY;
  private releaseQueued = false;

  constructor(
    private readonly replica: AppendingReplica,
    private readonly logger: Logger,
    reorderLimits?: ReorderLimits,
  ) {
    this.reorder = new ReorderWindow(reorderLimits);
  }

  /** Idempotent batches held by the reorder window (arrived ahead of a sequence gap). */
  get heldCount(): number {
    return this.reorder.heldCount;
  }

  /**
   * Appends one validated batch (its CRC was checked by the caller). The
   * leader assigns its base offset from its log end (uncommitted tail
   * included) and its leader epoch; the bytes are then stored verbatim.
   */
  async append(batch: Uint8Array, header: RecordBatchHeader, options: AppendOptions): Promise<AppendResult> {
    this.replica.ensureLeader();
    if (header.producerId < 0n) return this.submit(batch, header, options, undefined);
    const state = this.replica.state;
    // Fast path for a retry of a batch already applied; anything in flight is settled at apply.
    const check = state.producers.check(header.producerId, header.producerEpoch, header.baseSequence, header.recordCount);
    if (check.kind === 'duplicate') return { baseOffset: check.baseOffset, lastOffset: check.lastOffset, duplicate: true, logStartOffset: state.earliestOffset };
    if (check.kind === 'error' && check.code === 'INVALID_PRODUCER_EPOCH') throw new InvalidProducerEpochError(check.message);
    // Pipelined calls of one producer can arrive out of order: a batch ahead of a
    // sequence gap waits (briefly) for the missing ones, so that it is proposed after them.
    const term = this.replica.group.term;
    if (this.reorderTerm !== term) {
      this.dropHeld();
      this.reorderTerm = term;
    }
    const producerId = header.producerId;
    let held: HeldAppend | undefined;
    const waiting = new Promise<AppendResult>((resolve, reject) => {
      held = { run: (ticket) => this.submit(batch, header, options, ticket === undefined ? undefined : { producerId, ticket }), resolve, reject };
    });
    const arrival = { producerId, epoch: header.producerEpoch, baseSeq: header.baseSequence, recordCount: header.recordCount, bytes: batch.byteLength };
    const admission = this.reorder.admit(arrival, held as HeldAppend, Date.now(), state.producers);
    if (admission.kind === 'hold') {
      this.armReorderTimer();
      return waiting;
    }
    const result = this.submit(batch, header, options, admission.ticket === undefined ? undefined : { producerId, ticket: admission.ticket });
    this.releaseHeld();
    return result;
  }

  /**
   * Entries were applied: they may have closed a held batch's gap (entries of
   * an earlier term reaching a new leader's producer table). The release runs
   * on a microtask, after the apply that calls this has returned: no proposal
   * is made from inside a Raft pass's apply. The window places every batch
   * against the applied producer table as it is when it runs, so an append
   * admitted before that microtask is ordered as it would be after it (and
   * releases what it unblocks itself).
   */
  applied(): void {
    if (this.reorder.heldCount === 0 || this.releaseQueued) return;
    this.releaseQueued = true;
    queueMicrotask(() => {
      this.releaseQueued = false;
      this.releaseHeld();
    });
  }

  /** Leadership changed or the replica closes: held batches are answered with the retriable error a lost proposal gets. */
  dropHeld(): void {
    const held = this.reorder.clear();
    this.disarmReorderTimer();
    const err = (): Error => (this.replica.isClosed ? new UnavailableError(`partition ${this.replica.name} is closing on this node`) : this.replica.notLeader());
    for (const h of held) h.reject(err());
  }

  /**
   * Assigns offsets and proposes the batch before its first await (so batches are
   * proposed, hence logged, in the order submit is called), then waits as `acks` asks.
   * `tracked`: the reorder window counted it as next in sequence; told when it settles.
   */
  private async submit(batch: Uint8Array, header: RecordBatchHeader, options: AppendOptions, tracked: { producerId: bigint; ticket: number } | undefined): Promise<AppendResult> {
    // acks=leader: the host says when the entry is fsynced in this node's log.
    let durable: (() => void) | undefined;
    const isDurable = options.acks === Acks.leader ? new Promise<void>((resolve) => (durable = resolve)) : undefined;
    let proposed: { proposal: Proposal; baseOffset: number };
    try {
      proposed = this.proposeBatch(batch, header, options, durable);
    } catch (err) {
      // Nothing was proposed (no longer leader); no release from here, which may run inside a release.
      if (tracked) this.reorder.settled(tracked.producerId, tracked.ticket);
      throw err;
    }
    const { proposal, baseOffset } = proposed;
    if (tracked) {
      const settled = (): void => {
        this.reorder.settled(tracked.producerId, tracked.ticket);
        this.releaseHeld();
      };
      proposal.then(settled, settled);
    }
    const lastOffset = baseOffset + header.lastOffsetDelta;
    const answer = (): AppendResult => ({ baseOffset, lastOffset, duplicate: false, logStartOffset: this.replica.state.earliestOffset });
    if (options.acks === Acks.none) {
      proposal.catch(() => undefined);
      return answer();
    }
    const timeout = (): Error =>
      new TimeoutError(`partition ${this.replica.name}: batch not written within ${options.timeoutMs} ms; its fate is unknown (idempotent producers may retry safely)`);
    if (isDurable) {
      // Appended and fsynced here (or committed, whichever is first); a later loss of leadership may lose it.
      proposal.catch(() => undefined);
      await withTimeout(Promise.race([isDurable, proposal.then(() => undefined)]), options.timeoutMs, timeout);
      return answer();
    }
    // The outcome apply gave this entry, whatever the leadership is by the time it applied.
    const { result: out } = await withTimeout(proposal, options.timeoutMs, timeout);
    if (out?.kind === 'duplicate') return { baseOffset: out.baseOffset, lastOffset: out.lastOffset, duplicate: true, logStartOffset: this.replica.state.earliestOffset };
    if (out?.kind === 'rejected') throw rejectionError(out.code, out.message);
    return answer();
  }

  /** Assigns the batch its offsets and leader epoch and proposes it, synchronously; `onDurable` as ProposeOptions. */
  private proposeBatch(batch: Uint8Array, header: RecordBatchHeader, options: AppendOptions, onDurable: (() => void) | undefined): { proposal: Proposal; baseOffset: number } {
    this.replica.ensureLeader();
    const g = this.replica.group;
    const entry = encodeBatchEntry(batch);
    const baseOffset = this.assignOffsets(header.lastOffsetDelta + 1);
    rewriteBatchHeader(entry.subarray(1), {
      baseOffset: BigInt(baseOffset),
      partitionLeaderEpoch: g.term,
      ...(options.logAppendTime !== undefined ? { logAppendTime: options.logAppendTime } : {}),
    });
    return { proposal: g.propose(entry, onDurable ? { onDurable } : undefined), baseOffset };
  }

  /** Offsets for a new batch; on a new term, recomputed from the log tail (committed or not). */
  private assignOffsets(count: number): number {
    const term = this.replica.group.term;
    if (this.leoTerm !== term) {
      this.leoTerm = term;
      this.nextOffset = this.tailEndOffset();
    }
    const base = this.nextOffset;
    this.nextOffset += count;
    return base;
  }

  /** Offset after the last batch in the log: applied ones (the state), then the unapplied tail. */
  private tailEndOffset(): number {
    const state = this.replica.state;
    let end = Math.max(state.endOffset, state.logStartOffset);
    for (const e of this.replica.group.tailEntries(state.appliedIndex + 1)) {
      const b = batchOfEntry(e.data);
      if (b) end = Math.max(end, storedLastOffset(b) + 1);
    }
    return end;
  }

  /** Proposes the held batches the reorder window now lets go, in its order. */
  private releaseHeld(): void {
    if (this.reorder.heldCount === 0) return;
    this.proposeReleased(this.reorder.release(this.replica.state.producers));
    this.armReorderTimer();
  }

  private proposeReleased(released: readonly Released<HeldAppend>[]): void {
    for (const r of released) {
      if (r.expired) this.logger.debug({ partition: this.replica.name }, 'held batch still ahead of a sequence gap at its deadline; proposed for apply to refuse');
      r.payload.resolve(r.payload.run(r.ticket));
    }
  }

  /** One timer for the earliest held deadline; expired batches are proposed (apply answers OUT_OF_ORDER_SEQUENCE). */
  private armReorderTimer(): void {
    const next = this.reorder.nextDeadline();
    if (next === undefined) {
      this.disarmReorderTimer();
      return;
    }
    if (this.reorderTimer && this.reorderTimerAt <= next) return;
    clearTimeout(this.reorderTimer);
    this.reorderTimerAt = next;
    this.reorderTimer = setTimeout(
      () => {
        this.disarmReorderTimer();
        this.proposeReleased(this.reorder.expire(Date.now(), this.replica.state.producers));
        this.armReorderTimer();
      },
      Math.max(0, next - Date.now()),
    );
    this.reorderTimer.unref();
  }

  private disarmReorderTimer(): void {
    clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.reorderTimerAt = Number.POSITIVE_INFINITY;
  }
}

/** The typed error (from the error table) for a batch the state machine refused at apply. */
function rejectionError(code: Extract<ApplyOutcome, { kind: 'rejected' }>['code'], message: string): EddyError {
  return errorFromCode(code, message);
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  if (!(ms > 0)) return p;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e as Error);
      },
    );
  });
}
