// The history of a chaos run, Jepsen-style: every client operation is an
// `invoke` followed (by the same process) by `ok`, `fail` (definitely did not
// happen) or `info` (outcome unknown). The nemesis records its faults in the
// same history. A run's history and final drain serialise to JSON so a failing
// seed leaves a file to study and to re-check.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const OpType = { invoke: 'invoke', ok: 'ok', fail: 'fail', info: 'info' } as const;
export type OpType = (typeof OpType)[keyof typeof OpType];

/**
 * What an operation does:
 * - send: values appended to one partition (ok carries the offsets the server assigned);
 * - poll: records read by one reader (a consumer), possibly from several partitions;
 * - seek: a reader moves a partition's position (assign, seek, a fresh consumer);
 * - commit / committed: a group's offset written / read back;
 * - fault: a nemesis action (start or heal);
 * - gpoll: records a consumer-group member read (its partitions come and go with rebalances);
 * - create / delete / list: admin churn — a topic created or deleted, the topics listed.
 */
export const OpF = { send: 'send', poll: 'poll', seek: 'seek', commit: 'commit', committed: 'committed', fault: 'fault', create: 'create', delete: 'delete', list: 'list', gpoll: 'gpoll' } as const;
export type OpF = (typeof OpF)[keyof typeof OpF];

export interface PolledRecord {
  partition: number;
  offset: number;
  value: string;
  /** The record's key (list-append: the list it was appended to). */
  key?: string;
}

export interface Op {
  /** Position in the history. */
  index: number;
  type: OpType;
  /** The single-threaded logical process that performed it; -1 is the nemesis. */
  process: number;
  f: OpF;
  partition?: number;
  /** send: the values (one batch, one partition). */
  values?: string[];
  /** send: the key every value was appended under (list-append). */
  key?: string;
  /** send ok: the offset of each value, in order. */
  offsets?: number[];
  /** poll ok: what was read, in delivery order. */
  records?: PolledRecord[];
  /** seek / commit / committed: a partition position (the next offset to read). */
  offset?: number;
  /** commit / committed: the consumer group. */
  group?: string;
  /** fault: what the nemesis did. */
  fault?: string;
  /** create / delete: the topic; list ok: the (churn) topics listed. */
  topic?: string;
  topics?: string[];
  error?: string;
  /** The error's code, when it had one (admin churn: only clear, expected codes are fine). */
  code?: string;
  /** Monotonic milliseconds since the history began (ordering, real-time checks). */
  time: number;
  /** Wall-clock milliseconds since the epoch (correlating with server logs). */
  wall: number;
}

/** The final drain: every partition read from offset 0 to its end after the faults healed. */
export interface DrainedPartition {
  partition: number;
  records: { offset: number; value: string; key?: string }[];
}

export const NEMESIS_PROCESS = -1;

type OpFields = Omit<Op, 'index' | 'type' | 'process' | 'f' | 'time' | 'wall'>;

/** Appends operations with both clocks; `clock` is injectable so tests build histories by hand. */
export class History {
  readonly ops: Op[] = [];
  private readonly origin: number;

  constructor(private readonly clock: { monotonic(): number; wall(): number } = { monotonic: () => performance.now(), wall: () => Date.now() }) {
    this.origin = clock.monotonic();
  }

  private add(type: OpType, process: number, f: OpF, fields: OpFields): Op {
    const op: Op = { index: this.ops.length, type, process, f, ...fields, time: this.clock.monotonic() - this.origin, wall: this.clock.wall() };
    this.ops.push(op);
    return op;
  }

  invoke(process: number, f: OpF, fields: OpFields = {}): Op {
    return this.add('invoke', process, f, fields);
  }

  /** Completes `invoked` as ok / fail / info, keeping its fields unless overridden. */
  complete(invoked: Op, type: Exclude<OpType, 'invoke'>, fields: OpFields = {}): Op {
    const { index: _i, type: _t, process, f, time: _time, wall: _wall, ...rest } = invoked;
    return this.add(type, process, f, { ...rest, ...fields });
  }
}

/** An invocation and its completion (undefined when the process never finished it). */
export interface OpPair {
  invoke: Op;
  complete: Op | undefined;
}

/** Pairs each invoke with the next completion of the same process (processes are single-threaded). */
export function pairOps(ops: readonly Op[]): OpPair[] {
  const open = new Map<number, OpPair>();
  const pairs: OpPair[] = [];
  for (const op of ops) {
    if (op.type === 'invoke') {
      const pair: OpPair = { invoke: op, complete: undefined };
      open.set(op.process, pair);
      pairs.push(pair);
    } else {
      const pair = open.get(op.process);
      if (pair && pair.invoke.f === op.f) {
        pair.complete = op;
        open.delete(op.process);
      }
    }
  }
  return pairs;
}

/** What a run leaves behind: enough to re-check without the cluster. */
export interface RunRecord {
  seed: number;
  durationS: number;
  verdict: string;
  history: Op[];
  drain: DrainedPartition[];
  /** What each node wrote to stderr since its last start (warnings and errors), by node id. */
  nodeStderr?: Record<string, string>;
  /** The last JSON log lines (warn and above) of each node. */
  nodeLog?: Record<string, string[]>;
}

export function serialiseRun(run: RunRecord): string {
  return JSON.stringify(run);
}

export function parseRun(text: string): RunRecord {
  const run = JSON.parse(text) as RunRecord;
  if (!Array.isArray(run.history) || !Array.isArray(run.drain)) throw new Error('not a chaos run record: history and drain must be arrays');
  return run;
}

export function saveRun(file: string, run: RunRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, serialiseRun(run));
}

export function loadRun(file: string): RunRecord {
  return parseRun(readFileSync(file, 'utf8'));
}
