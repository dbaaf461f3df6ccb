// Group commit for controller commands. Commands run one after another, each
// against the latest image plus the records of the commands before it; the
// commands that queued up while the previous append was in flight go out
// together as one atomic append, so a quorum round costs one round per batch,
// not per command. Every command of a batch settles when that append does —
// all committed, or all failed — so no command is acknowledged on the
// strength of an earlier one that never committed.
import type { CommandResult } from '../commands/command-result.js';
import { ImageFork } from '../metadata/image-fork.js';
import type { MetadataImage, MetadataRecord } from '../metadata/image.js';
import type { CommandQueue } from './command-queue.js';

/** Bounds one append (and the work between two commits) however many commands are waiting. */
export const MAX_COMMANDS_PER_APPEND = 256;

export interface CommandBatcherOptions {
  /** Shared with other serialized work of the controller (fencing, the cluster id). */
  queue: CommandQueue;
  /** The committed image. */
  image(): MetadataImage;
  /** Appends records atomically; resolves once they are committed and applied to image(). */
  append(records: MetadataRecord[]): Promise<unknown>;
  /** Throws when commands may not run (this controller is not active). */
  requireActive(): void;
}

interface PendingCommand {
  validateOnly: boolean;
  body: (image: MetadataImage) => CommandResult<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class CommandBatcher {
  private readonly pending: PendingCommand[] = [];
  private drainQueued = false;

  constructor(private readonly options: CommandBatcherOptions) {}

  /** Resolves with the command's value once its records (if any, and unless validateOnly) are committed. */
  submit<T>(validateOnly: boolean, body: (image: MetadataImage) => CommandResult<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ validateOnly, body, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleDrain();
    });
  }

  private scheduleDrain(): void {
    if (this.drainQueued) return;
    this.drainQueued = true;
    void this.options.queue.run(() => this.drain());
  }

  private async drain(): Promise<void> {
    this.drainQueued = false;
    const batch = this.pending.splice(0, MAX_COMMANDS_PER_APPEND);
    if (this.pending.length > 0) this.scheduleDrain();
    try {
      this.options.requireActive();
    } catch (err) {
      for (const c of batch) c.reject(err);
      return;
    }
    const base = this.options.image();
    let fork: ImageFork | undefined;
    const out: MetadataRecord[] = [];
    const accepted: { command: PendingCommand; value: unknown }[] = [];
    batch.forEach((command, i) => {
      let result: CommandResult<unknown>;
      try {
        result = command.body(fork?.image ?? base);
      } catch (err) {
        // A bug in one command must not strand the others of its batch.
        command.reject(err);
        return;
      }
      if (!result.ok) {
        command.reject(result.error);
        return;
      }
      accepted.push({ command, value: result.value });
      if (command.validateOnly || result.records.length === 0) return;
      // Later commands of this batch must see these records; a lone command needs no fork.
      if (i < batch.length - 1) {
        fork ??= new ImageFork(base);
        result.records.forEach((r, k) => fork!.apply(r, base.version + out.length + k + 1));
      }
      out.push(...result.records);
    });
    try {
      if (out.length > 0) await this.options.append(out);
    } catch (err) {
      for (const { command } of accepted) command.reject(err);
      return;
    }
    for (const { command, value } of accepted) command.resolve(value);
  }
}
