// What the multi-raft host needs from a network: best-effort delivery of
// batches of group-tagged messages to a peer node. Raft tolerates loss,
// duplication and reordering, so a transport may drop on back-pressure or
// while a peer is down; it must never corrupt or invent messages. A transport
// may also carry log reads (log-read.ts): streams of a group's committed
// entries from a peer's disk, for a replica rebuilding its log, and replica
// status questions (replica-status.ts): does a peer's replica of a group hold
// the group's whole log yet.
import type { Message, NodeId } from '../core/types.js';
import type { LogChunk, LogReadRequest, LogServeOptions, LogSource } from './log-read.js';
import type { ReplicaStatus } from './replica-status.js';

export interface GroupMessage {
  readonly group: string;
  readonly message: Message;
}

export type MessageHandler = (from: NodeId, messages: GroupMessage[]) => void;

export interface Transport {
  /** Starts delivering incoming messages to `handler`. */
  start(handler: MessageHandler): Promise<void>;
  /**
   * Queues messages for a peer; returns at once. An empty list is a ping: the
   * peer's handler is called with no messages (node-level liveness).
   */
  send(to: NodeId, messages: GroupMessage[]): void;
  /** True while a connection to the peer looks healthy (used to report unreachable peers). */
  isReachable?(to: NodeId): boolean;
  /**
   * Serves peers' log reads (RaftService.ReadLog) from `source`, throttled as
   * `options` says; until called, a log read is answered "unknown group".
   */
  serveLog?(source: LogSource, options?: LogServeOptions): void;
  /**
   * Reads a group's committed entries from a peer, in spans, as the peer's
   * disk holds them; throws LogReadError. Breaking out of the loop cancels
   * the read. The spans are checked (checkLogChunk); the entries are not.
   */
  readLog?(from: NodeId, request: LogReadRequest): AsyncIterable<LogChunk>;
  /**
   * Answers peers' replica status questions (RaftService.ReplicaStatus) with
   * `fn`, called with a checked group id; undefined means this node hosts no
   * such group (NOT_FOUND). Until called, every group is unknown.
   */
  serveReplicaStatus?(fn: (group: string) => ReplicaStatus | undefined): void;
  /**
   * Asks a peer whether its replica of `group` holds the group's whole log.
   * Rejects with ReplicaStatusError: UnknownGroup (the peer hosts no such
   * group), Unavailable (unreachable, or no answer within `timeoutMs`,
   * default 2 s), InvalidRequest, Unsupported.
   */
  replicaStatus?(peer: NodeId, group: string, timeoutMs?: number): Promise<ReplicaStatus>;
  close(): Promise<void>;
}
