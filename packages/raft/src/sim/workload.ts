// The client workload of a simulation run: five clients doing puts (proposals)
// and linearizable gets (ReadIndex) of a few keys against random nodes, with
// timeouts; liveness markers proposed after healing; and the history of
// operations that the linearizability check reads at the end.
import type { NodeId } from '../core/types.js';
import type { Operation } from './history.js';
import { encodeCommand } from './kv.js';
import { ELECTION_TICK, KEYS, OP_TIMEOUT, READ_TIMEOUT } from './params.js';
import type { SimNode, SimWorld } from './sim-node.js';

interface Client {
  op: Operation | undefined;
  node: NodeId;
  deadline: number;
}

export class Workload {
  /** Logical time of the history: advances on every event of the run. */
  now = 0;
  readonly history: Operation[] = [];
  private nextOp = 1;
  private readonly clients: Client[] = [];
  private readonly opsById = new Map<number, { op: Operation; client: Client }>();
  private livenessMarker = 0;
  private readonly livenessMarkers = new Set<number>();
  /** A liveness marker proposed after healing was applied somewhere. */
  livenessDone = false;
  private readonly encoder = new TextEncoder();

  constructor(private readonly w: SimWorld) {
    for (let i = 0; i < 5; i++) this.clients.push({ op: undefined, node: 1, deadline: 0 });
  }

  /** A marker command was applied: liveness is shown once one proposed after healing is. */
  onMarker(op: number): void {
    if (this.livenessMarkers.has(op)) this.livenessDone = true;
  }

  /** Node `id` crashed: its clients give up on their operations. */
  abandonAt(id: NodeId): void {
    for (const c of this.clients) if (c.op !== undefined && c.node === id) this.abandon(c);
  }

  /** The run ended: outstanding operations stay unknown. */
  abandonAll(): void {
    for (const c of this.clients) if (c.op !== undefined) this.abandon(c);
  }

  livenessStep(): void {
    if (this.livenessDone) return;
    const lead = this.w.leader();
    if (lead?.raw === undefined) return;
    // (Re)propose a marker whenever there is a leader and the last one has not committed yet.
    if (this.livenessMarker === 0 || this.w.tick % ELECTION_TICK === 0) {
      this.livenessMarker = this.nextOp++;
      this.livenessMarkers.add(this.livenessMarker);
      lead.raw.propose(encodeCommand({ kind: 'marker', op: this.livenessMarker }));
    }
  }

  step(): void {
    const live = this.w.liveNodes().filter((n) => !n.stopped);
    if (live.length === 0) return;
    for (const c of this.clients) {
      if (c.op !== undefined || !this.w.rng.chance(0.3)) continue;
      const n = this.w.rng.pick(live);
      const raw = n.raw;
      if (raw === undefined) continue;
      const id = this.nextOp++;
      const key = this.w.rng.pick(KEYS);
      this.now++;
      if (this.w.rng.chance(0.5)) {
        const op: Operation = { id, key, kind: 'put', value: `v${id}`, invoke: this.now, complete: Infinity };
        this.history.push(op);
        this.track(c, op, n);
        const err = raw.propose(encodeCommand({ kind: 'put', op: id, key, value: `v${id}` }));
        // Dropped locally: certainly never appended anywhere, so it has no effect.
        if (err !== undefined) this.finish(c, false);
      } else {
        const op: Operation = { id, key, kind: 'get', value: null, invoke: this.now, complete: Infinity };
        this.track(c, op, n);
        n.pendingReads.set(id, -1);
        c.deadline = this.w.tick + READ_TIMEOUT;
        // No leader known: the read fails at once and the client moves on.
        if (raw.readIndex(this.encodeCtx(id)) !== undefined) this.abandon(c);
      }
      this.w.handleReady(n);
    }
  }

  private track(c: Client, op: Operation, n: SimNode): void {
    c.op = op;
    c.node = n.id;
    c.deadline = this.w.tick + OP_TIMEOUT;
    this.opsById.set(op.id, { op, client: c });
  }

  private encodeCtx(id: number): Uint8Array {
    return this.encoder.encode(String(id));
  }

  decodeCtx(ctx: Uint8Array): number {
    let s = '';
    for (let i = 0; i < ctx.byteLength; i++) s += String.fromCharCode(ctx[i] as number);
    return Number(s);
  }

  completePut(n: SimNode, opId: number): void {
    const t = this.opsById.get(opId);
    if (t === undefined || t.client.op !== t.op || t.client.node !== n.id) return;
    this.now++;
    t.op.complete = this.now;
    this.finish(t.client, true);
  }

  serveReads(n: SimNode): void {
    if (n.pendingReads.size === 0) return;
    for (const [opId, idx] of n.pendingReads) {
      if (idx < 0 || n.kv.applied < idx) continue;
      n.pendingReads.delete(opId);
      const t = this.opsById.get(opId);
      if (t === undefined || t.client.op !== t.op) continue;
      this.now++;
      t.op.value = n.kv.get(t.op.key);
      t.op.complete = this.now;
      this.history.push(t.op);
      this.finish(t.client, true);
    }
  }

  private finish(c: Client, keep: boolean): void {
    const op = c.op;
    if (op === undefined) return;
    if (!keep && op.kind === 'put') {
      const i = this.history.lastIndexOf(op);
      if (i >= 0) this.history.splice(i, 1);
    }
    this.opsById.delete(op.id);
    c.op = undefined;
  }

  /** The client gives up: a put's outcome stays unknown (complete = Infinity); a get is dropped. */
  private abandon(c: Client): void {
    const op = c.op;
    if (op === undefined) return;
    this.w.nodes.get(c.node)?.pendingReads.delete(op.id);
    this.opsById.delete(op.id);
    c.op = undefined;
  }

  timeoutClients(): void {
    for (const c of this.clients) if (c.op !== undefined && this.w.tick >= c.deadline) this.abandon(c);
  }
}
