// The dev cluster's layout (DIR/dev.json): each node's id, ports and roles,
// chosen on the first run and kept, so later runs resume the same cluster.
// A later run with more --nodes grows it; with fewer it refuses. Pure: the
// caller reads and writes the file.
//
// Nodes of the first run run both roles and form the controller quorum (the
// static --controllers list). Nodes added later are storage nodes: the
// quorum's voters do not change with the node count (a quorum member is added
// on purpose, with eddy controller add), and a storage node only needs to
// register with the controllers to start receiving replicas.

/** Internal ports sit this far above the client ports unless --internal-port says otherwise. */
export const INTERNAL_PORT_OFFSET = 100;

export class DevClusterError extends Error {}

/** combined: controller and storage (the first nodes); storage: a node added when the cluster grew. */
export type DevNodeRoles = 'combined' | 'storage';

export interface DevNode {
  id: number;
  /** The client listener. */
  grpcPort: number;
  /** The internal listener (Raft, ControllerService). */
  internalPort: number;
  metricsPort: number;
  /** Absent in layouts written before the cluster could grow: combined. */
  roles?: DevNodeRoles;
}

export interface DevLayout {
  nodes: DevNode[];
}

/** A new cluster's layout: node i listens on base + i - 1 of each series. */
export function newLayout(nodes: number, basePort: number, metricsBasePort: number, internalBasePort = basePort + INTERNAL_PORT_OFFSET): DevLayout {
  return {
    nodes: Array.from({ length: nodes }, (_, i) => ({ id: i + 1, grpcPort: basePort + i, internalPort: internalBasePort + i, metricsPort: metricsBasePort + i, roles: 'combined' as const })),
  };
}

/** The roles of a node as recorded (older layouts: combined). */
export function rolesOf(n: DevNode): DevNodeRoles {
  return n.roles ?? 'combined';
}

/**
 * Checks a layout read from dev.json, which a person may have edited: ids
 * unique and positive, ports whole numbers in range and not shared, roles known.
 */
export function checkLayout(value: unknown, file: string): DevLayout {
  const bad = (why: string): DevClusterError => new DevClusterError(`${file} is not a dev cluster layout (${why}); fix it, or use another --data-dir for a new cluster`);
  const nodes = (value as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) throw bad('no nodes');
  const ids = new Set<number>();
  const ports = new Set<number>();
  const port = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) throw bad(`${what} is ${JSON.stringify(v)}`);
    if (ports.has(v)) throw bad(`port ${v} is used twice`);
    ports.add(v);
    return v;
  };
  const out: DevNode[] = [];
  for (const raw of nodes as Record<string, unknown>[]) {
    const id = raw?.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || ids.has(id)) throw bad(`node id ${JSON.stringify(id)}`);
    ids.add(id);
    const grpcPort = port(raw.grpcPort, `node ${id}'s grpcPort`);
    // Layouts written before the internal listener: it goes INTERNAL_PORT_OFFSET above.
    const internalPort = port(raw.internalPort ?? grpcPort + INTERNAL_PORT_OFFSET, `node ${id}'s internalPort`);
    const metricsPort = port(raw.metricsPort, `node ${id}'s metricsPort`);
    if (raw.roles !== undefined && raw.roles !== 'combined' && raw.roles !== 'storage') throw bad(`node ${id}'s roles is ${JSON.stringify(raw.roles)}`);
    out.push({ id, grpcPort, internalPort, metricsPort, roles: (raw.roles as DevNodeRoles | undefined) ?? 'combined' });
  }
  if (!out.some((n) => n.roles === 'combined')) throw bad('no node runs the controller role');
  return { nodes: out };
}

/**
 * The layout for a run with `nodes` nodes on an existing cluster: the same
 * when the count matches; grown by storage nodes with the next ids and the
 * next ports of each series when it is larger; refused when it is smaller.
 */
export function resizeLayout(existing: DevLayout, nodes: number, dataDir: string): { layout: DevLayout; added: number[] } {
  const have = existing.nodes.length;
  if (nodes === have) return { layout: existing, added: [] };
  if (nodes < have) {
    const dropped = [...existing.nodes].sort((a, b) => b.id - a.id).slice(0, have - nodes).map((n) => n.id).sort((a, b) => a - b);
    throw new DevClusterError(
      `${dataDir} holds a ${have}-node dev cluster; --nodes ${nodes} would leave out node${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} and ${dropped.length > 1 ? 'their' : 'its'} replicas. ` +
        `A dev cluster does not shrink: decommission first (eddy node decommission ${dropped[0]}), which moves a node's replicas to the others, and keep running it with --nodes ${have}; or use another --data-dir for a new cluster`,
    );
  }
  const used = new Set(existing.nodes.flatMap((n) => [n.grpcPort, n.internalPort, n.metricsPort]));
  const next = (series: number[]): number => Math.max(...series) + 1;
  const grown: DevNode[] = [...existing.nodes];
  const added: number[] = [];
  for (let i = have; i < nodes; i++) {
    const node: DevNode = {
      id: next(grown.map((n) => n.id)),
      grpcPort: next(grown.map((n) => n.grpcPort)),
      internalPort: next(grown.map((n) => n.internalPort)),
      metricsPort: next(grown.map((n) => n.metricsPort)),
      roles: 'storage',
    };
    for (const p of [node.grpcPort, node.internalPort, node.metricsPort]) {
      // The series were laid out close together (e.g. --metrics-port just above --port): the next port of one may be another's.
      if (used.has(p) || p > 65535) throw new DevClusterError(`node ${node.id} of ${dataDir} would listen on port ${p}, which its layout already uses (or is out of range); grow it by editing ${dataDir}/dev.json, or use another --data-dir`);
      used.add(p);
    }
    grown.push(node);
    added.push(node.id);
  }
  return { layout: { nodes: grown }, added };
}
