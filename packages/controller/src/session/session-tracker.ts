// Node sessions (pure; time is passed in). A heartbeat extends the session of
// one node incarnation; the active controller asks which sessions expired and
// fences those incarnations. Sessions are soft state of the active controller
// only: a newly active controller starts every known node with a full session
// (resetAll), because it cannot know when they last heartbeated elsewhere.
export interface ExpiredSession {
  nodeId: number;
  epoch: number;
}

interface Session {
  epoch: number;
  deadline: number;
}

export class SessionTracker {
  private readonly sessions = new Map<number, Session>();

  constructor(readonly sessionTimeoutMs: number) {}

  /** Starts or extends the session of `nodeId` at `epoch` until now + timeout. */
  heartbeat(nodeId: number, epoch: number, now: number): void {
    this.sessions.set(nodeId, { epoch, deadline: now + this.sessionTimeoutMs });
  }

  /** Sessions whose deadline passed, oldest first. Each is reported until removed or renewed. */
  expired(now: number): ExpiredSession[] {
    return [...this.sessions.entries()]
      .filter(([, s]) => s.deadline <= now)
      .sort((a, b) => a[1].deadline - b[1].deadline || a[0] - b[0])
      .map(([nodeId, s]) => ({ nodeId, epoch: s.epoch }));
  }

  remove(nodeId: number): void {
    this.sessions.delete(nodeId);
  }

  /** Gives each listed node incarnation a fresh session (on becoming active). */
  resetAll(nodes: Iterable<{ nodeId: number; epoch: number }>, now: number): void {
    this.sessions.clear();
    for (const n of nodes) this.heartbeat(n.nodeId, n.epoch, now);
  }

  has(nodeId: number): boolean {
    return this.sessions.has(nodeId);
  }
}
