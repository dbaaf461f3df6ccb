// Replica placement for new topics and added partitions (pure, deterministic).
//
// Each replica goes to the least-loaded eligible node, counting replicas the
// cluster already hosts, so per-node replica counts stay within one of each
// other across many topics. Eligible means: not already a replica of this
// partition and, when there are at least as many racks as replicas, in a rack
// this partition does not use yet (a rack failure then takes at most one
// replica of a partition). Ties break on a rack-alternating node order (as in
// Kafka's rack-aware assignment) rotated by a seed derived from the topic name,
// so equal clusters place the same topic the same way, and different topics
// start on different nodes. The preferred leader (first replica) is the chosen
// node leading the fewest partitions, and leadership is then rebalanced among
// each new partition's replicas, which spreads leadership over nodes.
export interface PlacementNode {
  id: number;
  rack: string;
}

export interface NodeLoad {
  replicas: number;
  /** Partitions whose preferred leader (first replica) is this node. */
  leaders: number;
}

export interface PlacementRequest {
  /** Candidate nodes: live storage nodes. */
  nodes: readonly PlacementNode[];
  /** What each node already hosts; nodes absent from the map host nothing. */
  load: ReadonlyMap<number, NodeLoad>;
  replicationFactor: number;
  /** How many partitions to place. */
  count: number;
  /** Makes the tie-break order depend on the topic; the topic name is a good seed. */
  seed: string;
}

/** Replica lists (preferred leader first), one per partition. Throws RangeError when the replication factor exceeds the nodes (validate first). */
export function placeReplicas(req: PlacementRequest): number[][] {
  const rf = req.replicationFactor;
  if (!Number.isInteger(rf) || rf < 1 || rf > req.nodes.length) {
    throw new RangeError(`replication factor ${rf} needs between 1 and ${req.nodes.length} nodes`);
  }
  const order = tieBreakOrder(req.nodes, req.seed);
  const rank = new Map(order.map((n, i) => [n.id, i]));
  const load = new Map<number, NodeLoad>();
  for (const n of order) {
    const l = req.load.get(n.id);
    load.set(n.id, { replicas: l?.replicas ?? 0, leaders: l?.leaders ?? 0 });
  }
  const rackAware = new Set(order.map((n) => n.rack)).size >= rf;
  const loadOf = (id: number): NodeLoad => load.get(id)!;
  const rankOf = (id: number): number => rank.get(id)!;
  const rackSize = new Map<string, number>();
  const rackLoad = new Map<string, number>();
  for (const n of order) {
    rackSize.set(n.rack, (rackSize.get(n.rack) ?? 0) + 1);
    rackLoad.set(n.rack, (rackLoad.get(n.rack) ?? 0) + loadOf(n.id).replicas);
  }
  // Replicas per node of a rack, compared without division: a/b < c/d ⇔ a·d < c·b.
  const rackCompare = (a: string, b: string): number => rackLoad.get(a)! * rackSize.get(b)! - rackLoad.get(b)! * rackSize.get(a)!;

  const out: number[][] = [];
  for (let p = 0; p < req.count; p++) {
    const chosen: PlacementNode[] = [];
    const racks = new Set<string>();
    for (let r = 0; r < rf; r++) {
      let best: PlacementNode | undefined;
      for (const n of order) {
        if (chosen.includes(n) || (rackAware && racks.has(n.rack))) continue;
        if (best === undefined || better(n, best) < 0) best = n;
      }
      // rackAware guarantees enough racks, and rf <= nodes guarantees enough nodes.
      chosen.push(best!);
      racks.add(best!.rack);
    }
    function better(a: PlacementNode, b: PlacementNode): number {
      const la = loadOf(a.id);
      const lb = loadOf(b.id);
      if (rackAware) {
        // Least-loaded rack first keeps rack totals balanced; with equal-sized
        // racks that, and least-loaded node within the rack, keeps every node
        // within one replica of every other.
        const byRack = rackCompare(a.rack, b.rack);
        if (byRack !== 0) return byRack;
        return la.replicas - lb.replicas || la.leaders - lb.leaders || rankOf(a.id) - rankOf(b.id);
      }
      // Fewer racks than replicas: balance nodes strictly, and still prefer a rack this partition lacks.
      return (
        la.replicas - lb.replicas ||
        Number(racks.has(a.rack)) - Number(racks.has(b.rack)) ||
        rackCompare(a.rack, b.rack) ||
        la.leaders - lb.leaders ||
        rankOf(a.id) - rankOf(b.id)
      );
    }
    let leader = chosen[0]!;
    for (const n of chosen) {
      const a = loadOf(n.id);
      const b = loadOf(leader.id);
      if (a.leaders < b.leaders || (a.leaders === b.leaders && rankOf(n.id) < rankOf(leader.id))) leader = n;
    }
    const replicas = [leader.id, ...chosen.filter((n) => n !== leader).map((n) => n.id)];
    for (const n of chosen) {
      loadOf(n.id).replicas += 1;
      rackLoad.set(n.rack, rackLoad.get(n.rack)! + 1);
    }
    loadOf(leader.id).leaders += 1;
    out.push(replicas);
  }
  balanceLeaders(out, loadOf);
  return out;
}

/**
 * Moves preferred leadership inside the new partitions' replica lists (which
 * changes no replica counts) while a node leads at least two more partitions
 * than another it can hand leadership to, directly or along a chain: node x
 * reaches y when some partition x leads has y as a replica, and shifting along
 * the chain x→…→y moves one leadership from x to y leaving the nodes between
 * unchanged. Every shift lowers the sum of squared leader counts, so this
 * ends; the greedy placement above leaves few to do.
 */
function balanceLeaders(partitions: number[][], loadOf: (id: number) => NodeLoad): void {
  const nodes = [...new Set(partitions.flat())];
  for (let budget = partitions.length * 2; budget > 0; budget--) {
    const led = new Map<number, number[]>(); // node → indexes of partitions it leads
    for (const [i, replicas] of partitions.entries()) {
      const list = led.get(replicas[0]!) ?? [];
      list.push(i);
      led.set(replicas[0]!, list);
    }
    const path = nodes
      .sort((a, b) => loadOf(b).leaders - loadOf(a).leaders || a - b)
      .map((from) => shiftPath(from, partitions, led, loadOf))
      .find((p) => p !== undefined);
    if (!path) return;
    for (const { partition, to } of path) {
      const replicas = partitions[partition]!;
      loadOf(replicas[0]!).leaders -= 1;
      loadOf(to).leaders += 1;
      replicas.splice(replicas.indexOf(to), 1);
      replicas.unshift(to);
    }
  }
}

/** BFS from `from` to a node with at least two fewer leaderships; the partitions to move along the way. */
function shiftPath(
  from: number,
  partitions: number[][],
  led: Map<number, number[]>,
  loadOf: (id: number) => NodeLoad,
): { partition: number; to: number }[] | undefined {
  const limit = loadOf(from).leaders - 2;
  const via = new Map<number, { prev: number; partition: number }>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const x = queue.shift()!;
    for (const p of led.get(x) ?? []) {
      for (const y of partitions[p]!) {
        if (seen.has(y)) continue;
        seen.add(y);
        via.set(y, { prev: x, partition: p });
        if (loadOf(y).leaders <= limit) {
          const path: { partition: number; to: number }[] = [];
          for (let at = y; at !== from; ) {
            const step = via.get(at)!;
            path.unshift({ partition: step.partition, to: at });
            at = step.prev;
          }
          return path;
        }
        queue.push(y);
      }
    }
  }
  return undefined;
}

/**
 * Nodes sorted by rack then id, interleaved across racks (r1n1, r2n1, r3n1,
 * r1n2, ...), then rotated by the seed: Kafka's rack-alternating list.
 */
export function tieBreakOrder(nodes: readonly PlacementNode[], seed: string): PlacementNode[] {
  const byRack = new Map<string, PlacementNode[]>();
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    const list = byRack.get(n.rack) ?? [];
    list.push(n);
    byRack.set(n.rack, list);
  }
  const racks = [...byRack.keys()].sort();
  const interleaved: PlacementNode[] = [];
  for (let i = 0; interleaved.length < nodes.length; i++) {
    for (const rack of racks) {
      const n = byRack.get(rack)![i];
      if (n) interleaved.push(n);
    }
  }
  if (interleaved.length === 0) return interleaved;
  const start = fnv1a(seed) % interleaved.length;
  return [...interleaved.slice(start), ...interleaved.slice(0, start)];
}

/** 32-bit FNV-1a: a stable, dependency-free hash for seeding. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
