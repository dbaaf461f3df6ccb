import type { NodeStatus, ReassignmentStatus } from '@eddy/client';
import { describe, expect, it } from 'vitest';
import {
  addingCell,
  formatBytes,
  formatDuration,
  nodeRow,
  parseAddress,
  parseNodeId,
  parseReplicaList,
  reassignmentJson,
  reassignmentRow,
  reassignmentSummary,
} from '../src/commands/cluster-shape-format.js';
import { UsageError } from '../src/commands/context.js';

const moving: ReassignmentStatus = {
  topic: 'orders',
  partition: 2,
  replicas: [1, 2, 3],
  targetReplicas: [1, 2, 4, 5],
  addingReplicas: [4, 5],
  removingReplicas: [3],
  bytesBehind: { 4: 20 * 1024 * 1024 },
  leaderId: 1,
};

describe('parseReplicaList', () => {
  it('reads node ids separated by commas, in order (preferred leader first), spaces allowed', () => {
    expect(parseReplicaList('--replicas', '4,1,2')).toEqual([4, 1, 2]);
    expect(parseReplicaList('--replicas', ' 1, 2 ,3')).toEqual([1, 2, 3]);
    expect(parseReplicaList('--replicas', '7')).toEqual([7]);
  });

  it('names the bad token', () => {
    expect(() => parseReplicaList('--replicas', '1,two,3')).toThrow(/"two" is not a node id/);
    expect(() => parseReplicaList('--replicas', '1,0')).toThrow(/"0" is not a node id/);
    expect(() => parseReplicaList('--replicas', '1,-2')).toThrow(/"-2" is not a node id/);
    expect(() => parseReplicaList('--replicas', '1.5')).toThrow(/"1.5" is not a node id/);
    expect(() => parseReplicaList('--replicas', '1;2')).toThrow(/"1;2" is not a node id/);
    expect(() => parseReplicaList('--replicas', '2147483648')).toThrow(/"2147483648" is not a node id/);
  });

  it('refuses empty entries and a node named twice', () => {
    expect(() => parseReplicaList('--replicas', '1,,2')).toThrow(/"1,,2" has an empty entry/);
    expect(() => parseReplicaList('--replicas', '')).toThrow(/has an empty entry/);
    expect(() => parseReplicaList('--replicas', '1,2,')).toThrow(/has an empty entry/);
    expect(() => parseReplicaList('--replicas', '1,2,1')).toThrow(/names node 1 twice/);
  });

  it('throws UsageError, which the CLI prints as one line with exit status 2', () => {
    expect(() => parseReplicaList('--replicas', 'x')).toThrow(UsageError);
    expect(() => parseNodeId('x')).toThrow(UsageError);
  });
});

describe('parseNodeId', () => {
  it('takes positive whole numbers only', () => {
    expect(parseNodeId('4')).toBe(4);
    expect(() => parseNodeId('0')).toThrow(/whole number from 1.*got "0"/);
    expect(() => parseNodeId('4a')).toThrow(/got "4a"/);
    expect(() => parseNodeId('-1')).toThrow(UsageError);
  });
});

describe('parseAddress', () => {
  it('takes host:port with a port from 1 to 65535', () => {
    expect(parseAddress('--internal-address', '127.0.0.1:9196')).toBe('127.0.0.1:9196');
    expect(parseAddress('--internal-address', 'eddy-4.eddy:9093')).toBe('eddy-4.eddy:9093');
    expect(parseAddress('--internal-address', '[::1]:9196')).toBe('[::1]:9196');
    for (const bad of ['127.0.0.1', 'host:0', 'host:65536', ':9196', 'a b:1']) {
      expect(() => parseAddress('--internal-address', bad)).toThrow(`--internal-address takes host:port (e.g. 127.0.0.1:9196), got "${bad}"`);
    }
  });
});

describe('formatBytes and formatDuration', () => {
  it('shows bytes in binary units, one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MiB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GiB');
  });

  it('shows durations in the two largest units', () => {
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(200_000)).toBe('3m 20s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration((2 * 60 + 5) * 60_000)).toBe('2h 5m');
    expect(formatDuration(27 * 3_600_000)).toBe('1d 3h');
  });
});

describe('node rows', () => {
  const node: NodeStatus = {
    nodeId: 4,
    address: '127.0.0.1:9095',
    rack: '',
    online: true,
    roles: ['storage'],
    state: 'active',
    replicaCount: 12,
    leaderCount: 4,
    diskUsedBytes: 1536,
    diskFreeBytes: 10 * 1024 ** 3,
    diskTotalBytes: 20 * 1024 ** 3,
    offlineMs: 0,
  };

  it('has every column of eddy node list', () => {
    expect(nodeRow(node)).toEqual(['4', '127.0.0.1:9095', '-', 'yes', 'active', '12', '4', '1.5 KiB', '10 GiB of 20 GiB', '-']);
  });

  it('says how long an offline node has been offline, and "-" for disk space not reported', () => {
    expect(nodeRow({ ...node, online: false, offlineMs: 200_000, diskFreeBytes: 0, diskTotalBytes: 0 }).slice(3)).toEqual(['no', 'active', '12', '4', '1.5 KiB', '-', '3m 20s']);
    expect(nodeRow({ ...node, online: false, offlineMs: 0 })[9]).toBe('unknown');
  });
});

describe('reassignment rows', () => {
  it('shows bytes to go per adding replica, and says which are not reported yet', () => {
    expect(addingCell(moving)).toBe('4 (20 MiB to go), 5 (not reported)');
    expect(addingCell({ ...moving, bytesBehind: { 4: 0, 5: 1 } })).toBe('4 (caught up), 5 (1 B to go)');
    expect(reassignmentRow(moving)).toEqual(['orders', '2', '1', '1,2,3', '1,2,4,5', '4 (20 MiB to go), 5 (not reported)', '3']);
    expect(reassignmentRow({ ...moving, leaderId: -1, removingReplicas: [] })[2]).toBe('none');
  });

  it('keeps numbers as numbers in JSON, with bytes behind per reported adding replica', () => {
    expect(reassignmentJson(moving)).toEqual({
      topic: 'orders',
      partition: 2,
      leader: 1,
      replicas: [1, 2, 3],
      targetReplicas: [1, 2, 4, 5],
      addingReplicas: [4, 5],
      removingReplicas: [3],
      moving: true,
      bytesBehind: [{ node: 4, bytes: 20 * 1024 * 1024 }],
    });
  });

  it('sums up what eddy topic reassign did', () => {
    expect(reassignmentSummary(moving, { validateOnly: false, cancel: false })).toBe('orders partition 2: moving 1,2,3 → 1,2,4,5 (adding 4,5, removing 3); follow it with eddy cluster status');
    expect(reassignmentSummary(moving, { validateOnly: true, cancel: false })).toMatch(/^orders partition 2: would move 1,2,3 → 1,2,4,5 .*nothing changed/);
    expect(reassignmentSummary({ ...moving, targetReplicas: [1, 2, 3], addingReplicas: [], removingReplicas: [4] }, { validateOnly: false, cancel: true })).toBe(
      'orders partition 2: move cancelled; the group returns to 1,2,3 (removing 4)',
    );
    const still = { ...moving, targetReplicas: [], addingReplicas: [], removingReplicas: [] };
    expect(reassignmentSummary(still, { validateOnly: false, cancel: true })).toBe('orders partition 2 has no move in progress; its replicas stay 1,2,3');
    // Same nodes (a reorder, or the order it had): no claim that nothing changed.
    expect(reassignmentSummary(still, { validateOnly: false, cancel: false })).toBe('orders partition 2 has replicas 1,2,3, preferred leader 1; no data to move');
    expect(reassignmentSummary(still, { validateOnly: true, cancel: false })).toBe('orders partition 2: would have replicas 1,2,3, preferred leader 1; no data to move; nothing changed (--validate-only)');
  });
});
