// What the multi-raft host needs from a network: best-effort delivery of
// batches of group-tagged messages to a peer node. Raft tolerates loss,
// duplication and reordering, so a transport may drop on back-pressure or
// while a peer is down; it must never corrupt or invent messages.
import type { Message, NodeId } from '../core/types.js';

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
  close(): Promise<void>;
}
