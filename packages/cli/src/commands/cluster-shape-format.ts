// Parsing and formatting for the commands that show and change the cluster's
// shape (eddy topic reassign, eddy cluster rebalance|status, eddy node,
// eddy controller): replica lists in, tables and JSON objects out. Pure, so
// the rules are unit-tested without a cluster.
import type { NodeStatus, PartitionMove, ReassignmentStatus } from '@eddy/client';
import { UsageError } from './context.js';

const MAX_NODE_ID = 2 ** 31 - 1;

/**
 * A replica list as typed on the command line: node ids separated by commas,
 * each a positive whole number, none twice. Names the bad token, so a typo is
 * found before any call.
 */
export function parseReplicaList(flag: string, value: string): number[] {
  const tokens = value.split(',').map((t) => t.trim());
  const ids: number[] = [];
  for (const token of tokens) {
    if (token === '') throw new UsageError(`${flag} takes node ids separated by commas, like 1,2,4; "${value}" has an empty entry`);
    if (!/^\d+$/.test(token) || Number(token) < 1 || Number(token) > MAX_NODE_ID) {
      throw new UsageError(`${flag} takes node ids separated by commas, like 1,2,4; "${token}" is not a node id (a whole number from 1)`);
    }
    const id = Number(token);
    if (ids.includes(id)) throw new UsageError(`${flag} names node ${id} twice; each replica must be on a different node`);
    ids.push(id);
  }
  return ids;
}

/** A node id argument (eddy node decommission <id>, eddy controller add <id>). */
export function parseNodeId(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_NODE_ID) {
    throw new UsageError(`the node id must be a whole number from 1 (see eddy node list), got "${value}"`);
  }
  return Number(value);
}

/** A host:port flag value (a hostname, an IPv4 address or a bracketed IPv6 one). */
export function parseAddress(flag: string, value: string): string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(value.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`${flag} takes host:port (e.g. 127.0.0.1:9196), got "${value}"`);
  return value.trim();
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes for people: 0 B, 512 B, 1.5 KiB, 20 MiB, 3.2 GiB. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${UNITS[unit]}`;
}

/** A duration for people: 45s, 3m 20s, 2h 5m, 1d 3h. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m}m` : `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d}d` : `${d}d ${h % 24}h`;
}

/** A list of node ids in a table cell; '-' when empty. */
export function idsCell(ids: readonly number[]): string {
  return ids.length === 0 ? '-' : ids.join(',');
}

/** The `eddy node list` table. */
export const NODE_HEADERS = ['ID', 'ADDRESS', 'RACK', 'ONLINE', 'STATE', 'REPLICAS', 'LEADERS', 'DISK USED', 'DISK FREE', 'OFFLINE FOR'];

export function nodeRow(n: NodeStatus): string[] {
  return [
    String(n.nodeId),
    n.address || '-',
    n.rack || '-',
    n.online ? 'yes' : 'no',
    n.state,
    String(n.replicaCount),
    String(n.leaderCount),
    formatBytes(n.diskUsedBytes),
    // The heartbeat's disk fields are 0 until a node reports them.
    n.diskTotalBytes > 0 ? `${formatBytes(n.diskFreeBytes)} of ${formatBytes(n.diskTotalBytes)}` : '-',
    n.online ? '-' : n.offlineMs > 0 ? formatDuration(n.offlineMs) : 'unknown',
  ];
}

/** A node for --output json (numbers stay numbers). */
export function nodeJson(n: NodeStatus): Record<string, unknown> {
  return { ...n };
}

/** Each adding replica with the bytes it still lacks: "4 (20 MiB to go)", "5 (not reported)". */
export function addingCell(r: ReassignmentStatus): string {
  if (r.addingReplicas.length === 0) return '-';
  return r.addingReplicas
    .map((id) => {
      const behind = r.bytesBehind[id];
      return behind === undefined ? `${id} (not reported)` : behind === 0 ? `${id} (caught up)` : `${id} (${formatBytes(behind)} to go)`;
    })
    .join(', ');
}

/** The table of moves in progress (eddy cluster status, eddy topic reassign). */
export const REASSIGNMENT_HEADERS = ['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'TARGET', 'ADDING', 'REMOVING'];

export function reassignmentRow(r: ReassignmentStatus): string[] {
  return [r.topic, String(r.partition), r.leaderId < 0 ? 'none' : String(r.leaderId), idsCell(r.replicas), idsCell(r.targetReplicas), addingCell(r), idsCell(r.removingReplicas)];
}

/** A move in progress for --output json: bytes to go per adding replica, by node id. */
export function reassignmentJson(r: ReassignmentStatus): Record<string, unknown> {
  return {
    topic: r.topic,
    partition: r.partition,
    leader: r.leaderId,
    replicas: r.replicas,
    targetReplicas: r.targetReplicas,
    addingReplicas: r.addingReplicas,
    removingReplicas: r.removingReplicas,
    moving: r.targetReplicas.length > 0,
    bytesBehind: r.addingReplicas.filter((id) => r.bytesBehind[id] !== undefined).map((id) => ({ node: id, bytes: r.bytesBehind[id] })),
  };
}

/** The plan of eddy cluster rebalance. */
export const MOVE_HEADERS = ['TOPIC', 'PARTITION', 'FROM', 'TO', 'REASON'];

export function moveRow(m: PartitionMove): string[] {
  return [m.topic, String(m.partition), idsCell(m.fromReplicas), idsCell(m.toReplicas), m.reason || '-'];
}

/** One line about what a reassignment answer means, for eddy topic reassign. */
export function reassignmentSummary(r: ReassignmentStatus, how: { validateOnly: boolean; cancel: boolean }): string {
  const where = `${r.topic} partition ${r.partition}`;
  if (r.targetReplicas.length === 0) {
    if (how.cancel) return `${where} has no move in progress; its replicas stay ${idsCell(r.replicas)}`;
    // The same nodes: either no change or a new order (a new preferred leader), written at once. The answer does not say which.
    const leader = r.replicas.length > 0 ? `, preferred leader ${r.replicas[0]}` : '';
    if (how.validateOnly) return `${where}: would have replicas ${idsCell(r.replicas)}${leader}; no data to move; nothing changed (--validate-only)`;
    return `${where} has replicas ${idsCell(r.replicas)}${leader}; no data to move`;
  }
  const change = [r.addingReplicas.length > 0 ? `adding ${r.addingReplicas.join(',')}` : '', r.removingReplicas.length > 0 ? `removing ${r.removingReplicas.join(',')}` : ''].filter(Boolean).join(', ');
  const move = `${idsCell(r.replicas)} → ${idsCell(r.targetReplicas)}${change ? ` (${change})` : ''}`;
  if (how.validateOnly) return `${where}: would move ${move}; nothing changed (--validate-only)`;
  // A cancel sets the target back to the replicas the group had, so the move's "from" is not worth showing.
  if (how.cancel) return `${where}: move cancelled; the group returns to ${idsCell(r.targetReplicas)}${r.removingReplicas.length > 0 ? ` (removing ${r.removingReplicas.join(',')})` : ''}`;
  return `${where}: moving ${move}; follow it with eddy cluster status`;
}
