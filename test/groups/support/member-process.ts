// Drives member-process.mjs: a consumer-group member in its own process. Keeps
// every event it printed (records, assignment changes) with its timestamp, so a
// test can check what it read and when, and kill, stop or continue it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'member-process.mjs');

export interface MemberConfig {
  bootstrap: string;
  topic: string;
  groupId: string;
  name: string;
  sessionTimeoutMs?: number;
  autoCommitIntervalMs?: number;
  /** Delay after each record before asking for the next (its processing). */
  processMs?: number;
  /** Print one line per record (tests); the benchmark leaves it off. */
  printRecords?: boolean;
}

export type MemberEvent =
  | { ev: 'subscribed'; t: number }
  | { ev: 'assignment'; partitions: number[]; t: number }
  | { ev: 'record'; p: number; o: number; e: number; t: number }
  | { ev: 'leaving'; t: number }
  | { ev: 'left'; t: number };

export class MemberProcess {
  readonly events: MemberEvent[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<void>;
  private listeners: (() => void)[] = [];

  constructor(readonly config: MemberConfig) {
    this.child = spawn(process.execPath, [SCRIPT, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      this.events.push(JSON.parse(line) as MemberEvent);
      for (const l of this.listeners) l();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get name(): string {
    return this.config.name;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The partitions it read at its latest assignment event (empty once dead). */
  assignment(): number[] {
    if (!this.alive) return [];
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.ev === 'assignment') return e.partitions;
    }
    return [];
  }

  records(): { p: number; o: number; e: number; t: number }[] {
    return this.events.filter((e): e is Extract<MemberEvent, { ev: 'record' }> => e.ev === 'record');
  }

  /** Calls fn after every event (for benchmarks that time the moment something becomes true). */
  onEvent(fn: () => void): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  signal(sig: NodeJS.Signals): void {
    if (this.alive) this.child.kill(sig);
  }

  /** SIGKILL (a crash: no leave, no commit) and wait for the exit. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Asks it to leave the group gracefully (commit, leave heartbeat) and exit. */
  async leave(): Promise<void> {
    if (!this.alive) return;
    this.child.stdin!.write('leave\n');
    await this.exited;
  }
}
