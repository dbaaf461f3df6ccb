// The balancer's planner (pure, deterministic; docs/architecture.md §7.10).
// Given the storage nodes, every partition's replicas (and target, when it
// moves) and what each partition's log weighs, it plans reassignments, in
// priority order:
//
//   1. heal: replace replicas on nodes offline for at least the replacement
//      timeout;
//   2. decommission: move replicas off nodes being decommissioned;
//   3. replication-factor: grow internal topics' partitions (e.g.
//      __consumer_offsets created on a one-node cluster) to the default
//      replication factor once enough nodes exist;
//   4. balance: even out replica counts across nodes, then each topic's
//      replicas across nodes (so no topic piles up on a few nodes), then disk
//      use;
//   5. leader: even out preferred leaders (each partition's first replica)
//      across live nodes by reordering replica lists — no data moves; the
//      partitions' leaders hand leadership to the preferred replica
//      themselves, so new nodes lead their share too.
//
// Rules every move follows: at most `maxConcurrentMoves` partitions move at
// once, counting moves already in progress; a partition already moving is
// never touched, except that heal replaces nodes dead past the timeout in its
// target (such a move could never finish, and would hold its slot for ever;
// the new target replaces the old one and takes no new slot); a partition is
// moved at most once per plan; new replicas go
// only to live nodes that are not decommissioning, preferring a rack the
// partition does not use yet and never reducing the number of racks it spans;
// a group without a live majority is left alone (it could not change its
// configuration anyway). The current leader is kept in the set when it can be
// and put first (so no leadership moves for nothing).
//
// The plan converges: applied and planned again on the same input, it reaches
// a plan with no moves. Each kind of move strictly lowers one quantity without
// raising the ones before it: replicas on dead nodes, then replicas on
// decommissioning nodes, then replicas internal topics lack, then the sum of
// squared replica counts, then the sum over topics of squared per-node
// replica counts, then the sum of squared disk use, then the sum of squared
// preferred-leader counts (a reorder changes no replica set). So the balancer never
// oscillates; a move happens only when it strictly improves the spread.
export type MoveReason = 'heal' | 'decommission' | 'replication-factor' | 'balance' | 'leader';

export interface BalancerNode {
  id: number;
  rack: string;
  /** Unfenced. */
  live: boolean;
  decommissioning: boolean;
  /** How long the node has been offline as the active controller saw it; 0 while live. */
  offlineMs: number;
}

export interface BalancerPartition {
  topic: string;
  partition: number;
  /** The group's replicas, preferred leader first. */
  replicas: readonly number[];
  /** Non-empty while a move is in progress. */
  targetReplicas: readonly number[];
  /** -1 when none is known. */
  leaderId: number;
  /** The log's size as its leader last reported (0 when unknown). */
  sizeBytes: number;
  /** Grows to the default replication factor (internal topics). */
  internal: boolean;
  /** The order is an operator's (a reassignment): the leader phase does not reorder it. Absent: false. */
  orderPinned?: boolean;
}

export interface BalancerInput {
  /** Storage nodes (others hold no replicas). */
  nodes: readonly BalancerNode[];
  partitions: readonly BalancerPartition[];
  /** Partitions moving at once, counting moves in progress. */
  maxConcurrentMoves: number;
  /** A node offline this long has its replicas replaced. */
  nodeReplacementTimeoutMs: number;
  /** What internal topics' partitions grow to when enough nodes exist. */
  defaultReplicationFactor: number;
  /** Disk use is evened out only between nodes further apart than this. Default 0. */
  diskToleranceBytes?: number;
}

export interface PlannedMove {
  topic: string;
  partition: number;
  from: number[];
  to: number[];
  reason: MoveReason;
  /** Set when the move replaces a move in progress (heal): the target it replaces. */
  fromTarget?: number[];
}

export interface BalancePlan {
  /** In the order they should start. */
  moves: PlannedMove[];
  /** Partitions whose leader is not their preferred (first) replica once the plan is applied. */
  preferredLeaderMoves: number;
}

export function planBalance(input: BalancerInput): BalancePlan {
  return new Planner(input).plan();
}

class Planner {
  private readonly nodes = new Map<number, BalancerNode>();
  /** Replicas per node, counting each partition's eventual set (its target while it moves). */
  private readonly count = new Map<number, number>();
  private readonly disk = new Map<number, number>();
  /** Topic → node → replicas of the topic there (eventual sets). */
  private readonly topicCount = new Map<string, Map<number, number>>();
  /** Partition index → its eventual replica set as planned so far. */
  private readonly sets: number[][];
  private readonly moved = new Set<number>();
  private readonly moves: PlannedMove[] = [];
  private budget: number;
  private readonly order: number[];
  /**
   * Partitions (in visiting order) whose eventual set holds each node, as
   * planning started. Never updated: a partition whose set the plan changes
   * is no longer movable, so only unchanged sets are ever looked up.
   */
  private readonly onNode = new Map<number, number[]>();
  /** 1 when the partition was not moving and its group had a live majority when planning started. */
  private readonly movableAtStart: Uint8Array;
  /** 1 when the partition was moving and its group had a live majority (heal may replace its target). */
  private readonly retargetableAtStart: Uint8Array;
  /** Partition index → its position in the visiting order. */
  private readonly rankOf: Uint32Array;

  constructor(private readonly input: BalancerInput) {
    for (const n of input.nodes) {
      this.nodes.set(n.id, n);
      this.count.set(n.id, 0);
      this.disk.set(n.id, 0);
    }
    this.sets = input.partitions.map((p) => [...(p.targetReplicas.length > 0 ? p.targetReplicas : p.replicas)]);
    let inFlight = 0;
    input.partitions.forEach((p, i) => {
      if (p.targetReplicas.length > 0) inFlight++;
      this.add(this.sets[i]!, p, 1);
    });
    this.budget = Math.max(0, Math.floor(input.maxConcurrentMoves) - inFlight);
    // Deterministic visiting order, independent of the input's order.
    this.order = visitingOrder(input.partitions);
    this.rankOf = new Uint32Array(input.partitions.length);
    this.order.forEach((i, k) => (this.rankOf[i] = k));
    this.movableAtStart = new Uint8Array(input.partitions.length);
    this.retargetableAtStart = new Uint8Array(input.partitions.length);
    input.partitions.forEach((p, i) => {
      // A group without a live majority cannot commit a configuration change.
      let live = 0;
      for (const id of p.replicas) if (this.nodes.get(id)?.live) live++;
      if (live * 2 <= p.replicas.length) return;
      if (p.targetReplicas.length === 0) this.movableAtStart[i] = 1;
      else this.retargetableAtStart[i] = 1;
    });
    for (const i of this.order) {
      for (const id of this.sets[i]!) {
        const list = this.onNode.get(id) ?? [];
        list.push(i);
        this.onNode.set(id, list);
      }
    }
  }

  plan(): BalancePlan {
    this.replaceWhere('heal', (n) => !n.live && n.offlineMs >= this.input.nodeReplacementTimeoutMs);
    this.replaceWhere('decommission', (n) => n.decommissioning);
    this.growInternal();
    this.balanceCounts();
    this.balanceTopics();
    this.balanceDisk();
    this.balanceLeaders();
    let preferredLeaderMoves = 0;
    this.input.partitions.forEach((p, i) => {
      if (p.leaderId >= 0 && this.nodes.get(p.leaderId)?.live && this.sets[i]![0] !== p.leaderId) preferredLeaderMoves++;
    });
    return { moves: this.moves, preferredLeaderMoves };
  }

  // ---- phases ----------------------------------------------------------------

  /** Phases 1 and 2: every replica on a node matching `bad` is replaced by the best eligible node. */
  private replaceWhere(reason: MoveReason, bad: (n: BalancerNode) => boolean): void {
    const badNodes = new Set(this.input.nodes.filter(bad).map((n) => n.id));
    // Visit only partitions on such nodes (usually none), in the usual order.
    const visit = [...new Set([...badNodes].flatMap((id) => this.onNode.get(id) ?? []))].sort((a, b) => this.rank(a) - this.rank(b));
    for (const i of visit) {
      // A stuck move's target may be healed without a free slot: it holds one already.
      const retarget = reason === 'heal' && this.retargetableAtStart[i] === 1 && !this.moved.has(i);
      if (!retarget && (this.budget === 0 || !this.movable(i))) continue;
      const set = this.sets[i]!;
      const leaving = set.filter((id) => badNodes.has(id));
      if (leaving.length === 0) continue;
      const next = [...set];
      for (const id of leaving) {
        const staying = next.filter((r) => r !== id);
        const to = this.pickNewReplica(staying, this.input.partitions[i]!.topic);
        if (to === undefined) continue;
        next[next.indexOf(id)] = to;
        // Counted now, so the next replacement of this plan sees it.
        this.bump(to, 1);
      }
      for (const id of next) if (!set.includes(id)) this.bump(id, -1);
      if (next.every((r, k) => r === set[k])) continue;
      this.start(i, this.leaderFirst(i, next), reason, retarget);
    }
  }

  /** Phase 3: internal topics' partitions below the default replication factor gain replicas. */
  private growInternal(): void {
    const eligible = this.input.nodes.filter((n) => this.eligible(n.id)).length;
    const wanted = Math.min(this.input.defaultReplicationFactor, eligible);
    for (const i of this.order) {
      if (this.budget === 0) return;
      const p = this.input.partitions[i]!;
      if (!p.internal || !this.movable(i) || this.sets[i]!.length >= wanted) continue;
      const next = [...this.sets[i]!];
      while (next.length < wanted) {
        const to = this.pickNewReplica(next, p.topic);
        if (to === undefined) break;
        next.push(to);
        this.bump(to, 1);
      }
      for (const id of next) if (!this.sets[i]!.includes(id)) this.bump(id, -1);
      if (next.length > this.sets[i]!.length) this.start(i, this.leaderFirst(i, next), 'replication-factor');
    }
  }

  /** Phase 4a: moves one replica from a node with at least two more replicas to one with fewer, while one exists. */
  private balanceCounts(): void {
    while (this.budget > 0) {
      const nodes = this.eligibleIds();
      const byCountDesc = [...nodes].sort((a, b) => this.c(b) - this.c(a) || a - b);
      const byCountAsc = [...nodes].sort((a, b) => this.c(a) - this.c(b) || a - b);
      let done = false;
      for (const h of byCountDesc) {
        for (const l of byCountAsc) {
          if (this.c(h) - this.c(l) < 2) break;
          const i = this.bestPartitionToMove(h, l, () => true, -Infinity);
          if (i === undefined) continue;
          this.moveOne(i, h, l);
          done = true;
          break;
        }
        if (done) break;
      }
      if (!done) return;
    }
  }

  /**
   * Phase 4b: evens out each topic's replicas across nodes without worsening
   * the replica counts: one move from a node with one replica more (counts
   * swap places) when the topic has at least two more replicas there, or a
   * swap of replicas of two topics each over-represented on its side. Either
   * strictly lowers the sum over topics of squared per-node counts.
   */
  private balanceTopics(): void {
    while (this.budget > 0) {
      const nodes = this.eligibleIds();
      let done = false;
      for (const h of nodes) {
        for (const l of nodes) {
          if (h === l) continue;
          const diff = this.c(h) - this.c(l);
          if (diff === 1) {
            const i = this.bestPartitionToMove(h, l, () => true, 1);
            if (i !== undefined) {
              this.moveOne(i, h, l);
              done = true;
              break;
            }
          } else if (diff === 0 && h < l && this.budget >= 2 && this.topicSwap(h, l)) {
            done = true;
            break;
          }
        }
        if (done) break;
      }
      if (!done) return;
    }
  }

  /** Swaps a replica of topic A (h→l) for one of topic B (l→h) when that improves the two topics' spread; the largest improvement wins. */
  private topicSwap(h: number, l: number): boolean {
    // The best candidate partition per topic on each side (movable, rack spread kept).
    const perTopic = (from: number, to: number): Map<string, number> => {
      const out = new Map<string, number>();
      for (const i of this.onNode.get(from) ?? []) {
        const set = this.sets[i]!;
        const topic = this.input.partitions[i]!.topic;
        if (out.has(topic) || !set.includes(from) || set.includes(to) || !this.movable(i) || !this.keepsRackSpread(set, from, to)) continue;
        out.set(topic, i);
      }
      return out;
    };
    const ranked = (m: Map<string, number>, from: number, to: number) =>
      [...m.keys()].map((topic) => ({ topic, gain: this.topicGain(topic, from, to) })).sort((a, b) => b.gain - a.gain || (a.topic < b.topic ? -1 : 1)).slice(0, 2);
    const onH = perTopic(h, l);
    const onL = perTopic(l, h);
    let best: { a: string; b: string; gain: number } | undefined;
    for (const a of ranked(onH, h, l)) {
      for (const b of ranked(onL, l, h)) {
        if (a.topic === b.topic) continue;
        const gain = a.gain + b.gain;
        if (gain >= 1 && (!best || gain > best.gain)) best = { a: a.topic, b: b.topic, gain };
      }
    }
    if (!best) return false;
    this.moveOne(onH.get(best.a)!, h, l);
    this.moveOne(onL.get(best.b)!, l, h);
    return true;
  }

  /**
   * Phase 4c: evens out disk use between nodes further apart than the
   * tolerance, by one move from a node with more replicas (which leaves the
   * count spread no worse) or by swapping a larger partition for a smaller one
   * (counts unchanged); neither worsens any topic's spread. Either strictly
   * lowers the sum of squared disk use.
   */
  private balanceDisk(): void {
    const tolerance = Math.max(0, this.input.diskToleranceBytes ?? 0);
    while (this.budget > 0) {
      const nodes = this.eligibleIds();
      const byDiskDesc = [...nodes].sort((a, b) => this.d(b) - this.d(a) || a - b);
      const byDiskAsc = [...nodes].sort((a, b) => this.d(a) - this.d(b) || a - b);
      let done = false;
      for (const h of byDiskDesc) {
        for (const l of byDiskAsc) {
          const gap = this.d(h) - this.d(l);
          if (gap <= tolerance || gap <= 0) break;
          if (this.c(h) > this.c(l)) {
            // Counts no worse (h has more), each topic's spread no worse (gain >= 0).
            const i = this.bestPartitionToMove(h, l, (size) => size > 0 && size < gap, 0, gap);
            if (i !== undefined) {
              this.moveOne(i, h, l);
              done = true;
              break;
            }
          }
          if (this.budget >= 2 && this.swap(h, l, gap)) {
            done = true;
            break;
          }
        }
        if (done) break;
      }
      if (!done) return;
    }
  }

  // ---- choosing ----------------------------------------------------------------

  /**
   * The partition on h (not on l) to move from h to l: movable, keeping its
   * rack spread, passing `fits` on its size, improving its topic's spread by
   * at least `minTopicGain`. Prefers the largest topic improvement, then
   * partitions h does not lead (no leadership move), then, with a gap, the
   * size nearest half of it (the largest improvement), else the smallest (the
   * cheapest move).
   */
  private bestPartitionToMove(h: number, l: number, fits: (size: number) => boolean, minTopicGain: number, gap?: number): number | undefined {
    let best: number | undefined;
    let bestKey: [number, number, number] | undefined;
    for (const i of this.onNode.get(h) ?? []) {
      const set = this.sets[i]!;
      if (!set.includes(h) || set.includes(l) || !this.movable(i)) continue;
      const p = this.input.partitions[i]!;
      if (!fits(p.sizeBytes)) continue;
      const gain = this.topicGain(p.topic, h, l);
      if (gain < minTopicGain) continue;
      if (!this.keepsRackSpread(set, h, l)) continue;
      const key: [number, number, number] = [-gain, p.leaderId === h ? 1 : 0, gap === undefined ? p.sizeBytes : Math.abs(gap / 2 - p.sizeBytes)];
      if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
        best = i;
        bestKey = key;
      }
    }
    return best;
  }

  /** Swaps a partition p on h (not l) for a smaller q on l (not h) when the difference t satisfies 0 < t < gap; the t nearest gap/2 wins. */
  private swap(h: number, l: number, gap: number): boolean {
    const candidates = (from: number, to: number) =>
      (this.onNode.get(from) ?? []).filter((i) => {
        const set = this.sets[i]!;
        return set.includes(from) && !set.includes(to) && this.movable(i) && this.keepsRackSpread(set, from, to);
      });
    const onH = candidates(h, l);
    const onL = candidates(l, h).sort((a, b) => this.size(a) - this.size(b) || a - b);
    if (onH.length === 0 || onL.length === 0) return false;
    let best: { p: number; q: number; miss: number } | undefined;
    for (const p of onH) {
      // The q whose size makes t = size(p) - size(q) nearest gap/2: size(q) nearest size(p) - gap/2.
      const want = this.size(p) - gap / 2;
      let lo = 0;
      let hi = onL.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.size(onL[mid]!) < want) lo = mid + 1;
        else hi = mid;
      }
      for (const k of [lo - 1, lo]) {
        const q = onL[k];
        if (q === undefined || q === p) continue;
        const t = this.size(p) - this.size(q);
        if (t <= 0 || t >= gap || !this.swapKeepsTopics(p, q, h, l)) continue;
        const miss = Math.abs(gap / 2 - t);
        if (!best || miss < best.miss) best = { p, q, miss };
      }
    }
    if (!best) return false;
    this.moveOne(best.p, h, l);
    this.moveOne(best.q, l, h);
    return true;
  }

  /** A swap of p (h→l) and q (l→h) leaves the topics' spread no worse: same topic, or gains that add up to at least 0. */
  private swapKeepsTopics(p: number, q: number, h: number, l: number): boolean {
    const a = this.input.partitions[p]!.topic;
    const b = this.input.partitions[q]!.topic;
    return a === b || this.topicGain(a, h, l) + this.topicGain(b, l, h) >= 0;
  }

  /**
   * The best node for a new replica of a partition whose other replicas are
   * `staying`: eligible, not among them, in a rack they do not use when one
   * exists, then fewest replicas, fewest of the topic's, least disk, lowest id.
   */
  private pickNewReplica(staying: readonly number[], topic: string): number | undefined {
    const usedRacks = new Set(staying.map((id) => this.nodes.get(id)?.rack));
    const candidates = this.eligibleIds().filter((id) => !staying.includes(id));
    const newRack = candidates.filter((id) => !usedRacks.has(this.nodes.get(id)!.rack));
    const pool = newRack.length > 0 ? newRack : candidates;
    pool.sort((a, b) => this.c(a) - this.c(b) || this.tc(topic, a) - this.tc(topic, b) || this.d(a) - this.d(b) || a - b);
    return pool[0];
  }

  // ---- state -------------------------------------------------------------------

  private movable(i: number): boolean {
    return this.movableAtStart[i] === 1 && !this.moved.has(i);
  }

  /** Whether replacing `from` by `to` in `set` keeps the number of racks it spans (without allocating). */
  private keepsRackSpread(set: readonly number[], from: number, to: number): boolean {
    const fromRack = this.rackOf(from);
    const toRack = this.rackOf(to);
    if (fromRack === toRack) return true;
    let fromRackStays = false;
    let toRackUsed = false;
    for (const r of set) {
      if (r === from) continue;
      const rack = this.rackOf(r);
      if (rack === fromRack) fromRackStays = true;
      if (rack === toRack) toRackUsed = true;
    }
    // Losing from's rack must be made up by a rack the set did not use.
    return fromRackStays || !toRackUsed;
  }

  private rackOf(id: number): string {
    return this.nodes.get(id)?.rack ?? `?${id}`;
  }

  private rank(i: number): number {
    return this.rankOf[i]!;
  }

  private moveOne(i: number, from: number, to: number): void {
    this.start(i, this.leaderFirst(i, this.sets[i]!.map((r) => (r === from ? to : r))), 'balance');
  }

  private start(i: number, next: number[], reason: MoveReason, retarget = false): void {
    const p = this.input.partitions[i]!;
    const before = this.sets[i]!;
    this.add(before, p, -1);
    this.add(next, p, 1);
    this.sets[i] = next;
    this.moved.add(i);
    if (!retarget) this.budget--;
    const move: PlannedMove = { topic: p.topic, partition: p.partition, from: [...p.replicas], to: next, reason };
    if (retarget) move.fromTarget = [...p.targetReplicas];
    this.moves.push(move);
  }

  /**
   * Phase 5: evens out preferred leaders across live nodes that are not
   * decommissioning: while one node is the first replica of at least two
   * more partitions than another that also holds one of them, that
   * partition's list is reordered to put the other first. Only partitions
   * the plan leaves alone and that could move are reordered, and never one
   * whose order an operator set (orderPinned): it still counts for its first
   * replica, so the others are evened out around it.
   */
  private balanceLeaders(): void {
    const eligible = this.eligibleIds();
    const pref = new Map<number, number>(eligible.map((id) => [id, 0]));
    for (const set of this.sets) {
      const first = set[0];
      if (first !== undefined && pref.has(first)) pref.set(first, (pref.get(first) as number) + 1);
    }
    const p = (id: number) => pref.get(id) as number;
    while (this.budget > 0) {
      const desc = [...eligible].sort((a, b) => p(b) - p(a) || a - b);
      let found: { i: number; to: number } | undefined;
      for (const h of desc) {
        if (found) break;
        for (const i of this.order) {
          const set = this.sets[i]!;
          if (set[0] !== h || this.moved.has(i) || !this.movableAtStart[i] || this.input.partitions[i]!.orderPinned) continue;
          // The least preferred node of this set that is at least two behind.
          let best: number | undefined;
          for (const id of set) if (pref.has(id) && p(h) - p(id) >= 2 && (best === undefined || p(id) < p(best) || (p(id) === p(best) && id < best))) best = id;
          if (best !== undefined) {
            found = { i, to: best };
            break;
          }
        }
      }
      if (!found) return;
      const { i, to } = found;
      const from = this.sets[i]![0] as number;
      this.start(i, [to, ...this.sets[i]!.filter((r) => r !== to)], 'leader');
      pref.set(from, p(from) - 1);
      pref.set(to, p(to) + 1);
    }
  }

  /** The current leader first when it stays in the set (and, otherwise, the replica order as it was). */
  private leaderFirst(i: number, next: number[]): number[] {
    const leader = this.input.partitions[i]!.leaderId;
    if (next[0] === leader || !next.includes(leader)) return next;
    return [leader, ...next.filter((r) => r !== leader)];
  }

  private add(set: readonly number[], p: BalancerPartition, sign: 1 | -1): void {
    let perNode = this.topicCount.get(p.topic);
    if (!perNode) this.topicCount.set(p.topic, (perNode = new Map()));
    for (const id of set) {
      if (!this.count.has(id)) continue;
      this.count.set(id, this.c(id) + sign);
      this.disk.set(id, this.d(id) + sign * p.sizeBytes);
      perNode.set(id, (perNode.get(id) ?? 0) + sign);
    }
  }

  /** Replicas of `topic` on node `id`. */
  private tc(topic: string, id: number): number {
    return this.topicCount.get(topic)?.get(id) ?? 0;
  }

  /**
   * How much moving a replica of `topic` from h to l lowers the topic's sum of
   * squared per-node counts, halved: (tc(h) - tc(l) - 1). Positive improves
   * the topic's spread, 0 leaves it, negative worsens it.
   */
  private topicGain(topic: string, h: number, l: number): number {
    return this.tc(topic, h) - this.tc(topic, l) - 1;
  }

  private bump(id: number, delta: number): void {
    if (this.count.has(id)) this.count.set(id, this.c(id) + delta);
  }

  private eligible(id: number): boolean {
    const n = this.nodes.get(id);
    return n !== undefined && n.live && !n.decommissioning;
  }

  /** By id, so the plan does not depend on the order nodes were given in. */
  private eligibleIds(): number[] {
    return this.input.nodes
      .filter((n) => this.eligible(n.id))
      .map((n) => n.id)
      .sort((a, b) => a - b);
  }

  private c(id: number): number {
    return this.count.get(id) ?? 0;
  }

  private d(id: number): number {
    return this.disk.get(id) ?? 0;
  }

  private size(i: number): number {
    return this.input.partitions[i]!.sizeBytes;
  }
}

/** Partition indexes by topic name, then partition number: deterministic whatever the input's order. */
function visitingOrder(partitions: readonly BalancerPartition[]): number[] {
  const byTopic = new Map<string, number[]>();
  partitions.forEach((p, i) => {
    const list = byTopic.get(p.topic) ?? [];
    list.push(i);
    byTopic.set(p.topic, list);
  });
  const topics = [...byTopic.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return topics.flatMap((t) => byTopic.get(t)!.sort((a, b) => partitions[a]!.partition - partitions[b]!.partition));
}
