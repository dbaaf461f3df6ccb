// An in-process network for tests of the host and drivers: several hosts in
// one process exchange messages through a hub, asynchronously (as a real
// network would), with switchable links so tests can cut and heal them.
// Log reads go through the same links: a cut link fails them, and every span
// is copied, so no caller shares memory with the serving node. Replica status
// questions go through the links too, checked as the gRPC transport checks them.
import type { NodeId } from '../core/types.js';
import { LogReadError, LogReadRefusal, LogServer, checkLogChunk, type LogChunk, type LogReadRequest } from './log-read.js';
import { REPLICA_STATUS_TIMEOUT_MS, ReplicaStatusError, ReplicaStatusRefusal, checkReplicaStatus, checkReplicaStatusGroup, type ReplicaStatus, type ReplicaStatusSource } from './replica-status.js';
import type { GroupMessage, MessageHandler, Transport } from './transport.js';

export class MemoryNetwork {
  private readonly handlers = new Map<NodeId, MessageHandler>();
  private readonly logServers = new Map<NodeId, LogServer>();
  private readonly statusSources = new Map<NodeId, ReplicaStatusSource>();
  private readonly cut = new Set<string>();
  /** Tests: sees (and may replace) every batch of messages sent, as a damaged link would. */
  tamper: ((from: NodeId, to: NodeId, messages: GroupMessage[]) => GroupMessage[]) | undefined;

  transport(id: NodeId): Transport {
    return {
      start: async (handler) => {
        this.handlers.set(id, handler);
      },
      send: (to, messages) => {
        if (this.cut.has(`${id}>${to}`)) return;
        const copy = this.tamper ? this.tamper(id, to, messages.slice()) : messages.slice();
        setImmediate(() => {
          if (this.cut.has(`${id}>${to}`)) return;
          this.handlers.get(to)?.(id, copy);
        });
      },
      isReachable: (to) => this.handlers.has(to) && !this.cut.has(`${id}>${to}`),
      serveLog: (source, options) => {
        this.logServers.set(id, new LogServer(source, options));
      },
      readLog: (to, request) => this.readLog(id, to, request),
      serveReplicaStatus: (fn) => {
        this.statusSources.set(id, fn);
      },
      replicaStatus: (to, group, timeoutMs) => this.replicaStatus(id, to, group, timeoutMs),
      close: async () => {
        this.handlers.delete(id);
        this.logServers.delete(id);
        this.statusSources.delete(id);
      },
    };
  }

  /** The log server a node registered (tests read its throttle). */
  logServer(id: NodeId): LogServer | undefined {
    return this.logServers.get(id);
  }

  private async *readLog(from: NodeId, to: NodeId, request: LogReadRequest): AsyncGenerator<LogChunk> {
    const reachable = (): void => {
      if (this.cut.has(`${from}>${to}`) || this.cut.has(`${to}>${from}`) || !this.handlers.has(to)) {
        throw new LogReadError(LogReadRefusal.Unavailable, `node ${to} is unreachable from node ${from}`);
      }
    };
    reachable();
    const server = this.logServers.get(to);
    if (!server) throw new LogReadError(LogReadRefusal.UnknownGroup, `node ${to} serves no log reads`);
    let next = request.from;
    for await (const chunk of server.serve({ ...request })) {
      await new Promise((r) => setImmediate(r));
      reachable();
      const copy: LogChunk = { first: chunk.first, last: chunk.last, entries: chunk.entries.map((e) => ({ ...e, data: Uint8Array.from(e.data) })) };
      checkLogChunk(copy, next, request.to);
      next = copy.last + 1;
      yield copy;
    }
    if (next <= request.to) throw new LogReadError(LogReadRefusal.Unavailable, `node ${to} ended the log read at ${next - 1}, before ${request.to}`);
  }

  /**
   * A replica status question from `from` to `to`: refused at once when a link
   * between them is cut (as an unreachable peer fails fast), answered after a
   * turn of the event loop; a link cut meanwhile fails it, and no answer
   * within `timeoutMs` does too.
   */
  private async replicaStatus(from: NodeId, to: NodeId, group: string, timeoutMs = REPLICA_STATUS_TIMEOUT_MS): Promise<ReplicaStatus> {
    const reachable = (): void => {
      if (this.cut.has(`${from}>${to}`) || this.cut.has(`${to}>${from}`) || !this.handlers.has(to)) {
        throw new ReplicaStatusError(ReplicaStatusRefusal.Unavailable, `node ${to} is unreachable from node ${from}`);
      }
    };
    checkReplicaStatusGroup(group);
    reachable();
    const started = Date.now();
    await new Promise((r) => setImmediate(r));
    reachable();
    let answer: ReplicaStatus | undefined;
    try {
      answer = this.statusSources.get(to)?.(group);
    } catch (err) {
      throw new ReplicaStatusError(ReplicaStatusRefusal.Unavailable, `node ${to} could not say: ${(err as Error).message}`);
    }
    if (answer === undefined) throw new ReplicaStatusError(ReplicaStatusRefusal.UnknownGroup, `node ${to} hosts no replica of group ${group}`);
    const status = checkReplicaStatus(answer, `node ${to}`); // a copy: the caller shares nothing with the server
    await new Promise((r) => setImmediate(r));
    reachable();
    if (Date.now() - started > timeoutMs) throw new ReplicaStatusError(ReplicaStatusRefusal.Unavailable, `node ${to} did not answer a replica status question within ${timeoutMs} ms`);
    return status;
  }

  /** Cuts both directions between a and b. */
  partition(a: NodeId, b: NodeId): void {
    this.cut.add(`${a}>${b}`);
    this.cut.add(`${b}>${a}`);
  }

  isolate(id: NodeId, others: NodeId[]): void {
    for (const o of others) if (o !== id) this.partition(id, o);
  }

  heal(): void {
    this.cut.clear();
  }
}

export type { GroupMessage };
