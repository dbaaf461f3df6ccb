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
  // Nodes are addressed by their position in the tie-break order (their rank),
  // so the hot loop reads arrays, not maps.
  const n = order.length;
  const replicas = order.map((node) => req.load.get(node.id)?.replicas ?? 0);
  const leaders = order.map((node) => req.load.get(node.id)?.leaders ?? 0);
  const rackNames = [...new Set(order.map((node) => node.rack))];
  const rackOf = order.map((node) => rackNames.indexOf(node.rack));
  const rackSize = rackNames.map(() => 0);
  const rackLoad = rackNames.map(() => 0);
  for (let i = 0; i < n; i++) {
    rackSize[rackOf[i]!]! += 1;
    rackLoad[rackOf[i]!]! += replicas[i]!;
  }
  const rackAware = rackNames.length >= rf;
  // Replicas per node of a rack, compared without division: a/b < c/d ⇔ a·d < c·b.
  const rackCompare = (a: number, b: number): number => rackLoad[a]! * rackSize[b]! - rackLoad[b]! * rackSize[a]!;
  const inPartition = new Uint8Array(n);
  const rackInPartition = new Uint8Array(rackNames.length);

  /** Negative when node a is the better next replica than node b. */
  const compare = (a: number, b: number): number => {
    const ra = rackOf[a]!;
    const rb = rackOf[b]!;
    if (rackAware) {
      // Least-loaded rack first keeps rack totals balanced; with equal-sized
      // racks that, and least-loaded node within the rack, keeps every node
      // within one replica of every other.
      return rackCompare(ra, rb) || replicas[a]! - replicas[b]! || leaders[a]! - leaders[b]! || a - b;
    }
    // Fewer racks than replicas: balance nodes strictly, and still prefer a rack this partition lacks.
    return replicas[a]! - replicas[b]! || rackInPartition[ra]! - rackInPartition[rb]! || rackCompare(ra, rb) || leaders[a]! - leaders[b]! || a - b;
  };

  const out: number[][] = [];
  for (let p = 0; p < req.count; p++) {
    const chosen: number[] = [];
    for (let r = 0; r < rf; r++) {
      let best = -1;
      for (let i = 0; i < n; i++) {
        if (inPartition[i] || (rackAware && rackInPartition[rackOf[i]!])) continue;
        if (best < 0 || compare(i, best) < 0) best = i;
      }
      // rackAware guarantees enough racks, and rf <= nodes guarantees enough nodes.
      chosen.push(best);
      inPartition[best] = 1;
      rackInPartition[rackOf[best]!] = 1;
    }
    let leader = chosen[0]!;
    for (const i of chosen) if (leaders[i]! < leaders[leader]! || (leaders[i] === leaders[leader] && i < leader)) leader = i;
    for (const i of chosen) {
      replicas[i]! += 1;
      rackLoad[rackOf[i]!]! += 1;
      inPartition[i] = 0;
      rackInPartition[rackOf[i]!] = 0;
    }
    leaders[leader]! += 1;
    out.push([order[leader]!.id, ...chosen.filter((i) => i !== leader).map((i) => order[i]!.id)]);
  }
  const load = new Map<number, NodeLoad>(order.map((node, i) => [node.id, { replicas: replicas[i]!, leaders: leaders[i]! }]));
  balanceLeaders(out, (id) => load.get(id)!);
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
  const led = new Map<number, Set<number>>(nodes.map((id) => [id, new Set<number>()])); // node → partitions it leads
  partitions.forEach((replicas, i) => led.get(replicas[0]!)!.add(i));
  for (let budget = partitions.length * 2; budget > 0; budget--) {
    const least = Math.min(...nodes.map((id) => loadOf(id).leaders));
    // Only a node two above the least-leading one can hand a leadership on.
    const sources = nodes.filter((id) => loadOf(id).leaders >= least + 2).sort((a, b) => loadOf(b).leaders - loadOf(a).leaders || a - b);
    let path: { partition: number; to: number }[] | undefined;
    for (const from of sources) if ((path = shiftPath(from, partitions, led, loadOf))) break;
    if (!path) return;
    for (const { partition, to } of path) {
      const replicas = partitions[partition]!;
      const from = replicas[0]!;
      loadOf(from).leaders -= 1;
      loadOf(to).leaders += 1;
      led.get(from)!.delete(partition);
      led.get(to)!.add(partition);
      replicas.splice(replicas.indexOf(to), 1);
      replicas.unshift(to);
    }
  }
}

/** BFS from `from` to a node with at least two fewer leaderships; the partitions to move along the way. */
function shiftPath(
  from: number,
  partitions: number[][],
  led: ReadonlyMap<number, ReadonlySet<number>>,
  loadOf: (id: number) => NodeLoad,
): { partition: number; to: number }[] | undefined {
  const limit = loadOf(from).leaders - 2;
  const via = new Map<number, { prev: number; partition: number }>();
  const queue = [from];
  const seen = new Set([from]);
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head]!;
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
