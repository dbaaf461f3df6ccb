// A hook @eddy/raft does not offer: "the entries of this pass are fsynced on
// this node". The RaftHost persists a pass's entries and only then hands the
// pass's messages to the transport (Raft's persist-before-send rule), so a
// transport wrapper that sees a send knows everything appended so far is
// durable here. acks=leader waits for that instead of the commit. Without a
// tap (or in a pass that sends nothing), acks=leader falls back to the commit.
import type { GroupMessage, MessageHandler, NodeId, Transport } from '@eddy/raft';

export class DurabilityTap {
  readonly transport: Transport;
  private readonly listeners = new Set<() => void>();
  private scheduled = false;

  constructor(inner: Transport) {
    this.transport = {
      start: (handler: MessageHandler) => inner.start(handler),
      send: (to: NodeId, messages: GroupMessage[]) => {
        inner.send(to, messages);
        this.fire();
      },
      close: () => inner.close(),
    };
    if (inner.isReachable) {
      const isReachable = inner.isReachable.bind(inner);
      this.transport.isReachable = (to: NodeId) => isReachable(to);
    }
  }

  /** Calls `listener` after each pass that sent messages (once per pass); returns the unsubscribe. */
  onDurable(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fire(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A pass sends to several peers in one synchronous loop: notify once, after it.
    queueMicrotask(() => {
      this.scheduled = false;
      for (const l of this.listeners) l();
    });
  }
}
