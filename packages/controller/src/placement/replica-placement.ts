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
// node leading the fewest partitions, which spreads leadership over nodes.
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

  const out: number[][] = [];
  for (let p = 0; p < req.count; p++) {
    const chosen: PlacementNode[] = [];
    const racks = new Set<string>();
    for (let r = 0; r < rf; r++) {
      let best: PlacementNode | undefined;
      for (const n of order) {
        if (chosen.includes(n) || (rackAware && racks.has(n.rack))) continue;
        if (best === undefined || compare(loadOf(n.id), rankOf(n.id), loadOf(best.id), rankOf(best.id)) < 0) best = n;
      }
      // rackAware guarantees enough racks, and rf <= nodes guarantees enough nodes.
      chosen.push(best!);
      racks.add(best!.rack);
    }
    let leader = chosen[0]!;
    for (const n of chosen) {
      const a = loadOf(n.id);
      const b = loadOf(leader.id);
      if (a.leaders < b.leaders || (a.leaders === b.leaders && rankOf(n.id) < rankOf(leader.id))) leader = n;
    }
    const replicas = [leader.id, ...chosen.filter((n) => n !== leader).map((n) => n.id)];
    for (const id of replicas) loadOf(id).replicas += 1;
    loadOf(leader.id).leaders += 1;
    out.push(replicas);
  }
  return out;
}

function compare(a: NodeLoad, rankA: number, b: NodeLoad, rankB: number): number {
  return a.replicas - b.replicas || a.leaders - b.leaders || rankA - rankB;
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
