// A Controller on the in-memory log with a manual clock, and request builders
// in the decoded (__Output) shape handlers receive.
import type { wire } from '@eddy/protocol';
import { Registry } from 'prom-client';
import { MemoryMetadataLog } from '../src/log/memory-metadata-log.js';
import { ControllerMetrics } from '../src/metrics/controller-metrics.js';
import { Controller, type ControllerOptions } from '../src/service/controller.js';
import { seededBytes } from './helpers.js';

export const SELF = { id: 100, address: '127.0.0.1:19093' };

export interface Fixture {
  controller: Controller;
  log: MemoryMetadataLog;
  registry: Registry;
  clock: { now: number };
}

export async function startController(options: Partial<ControllerOptions> = {}, log = new MemoryMetadataLog({ self: SELF })): Promise<Fixture> {
  const clock = { now: 1_000_000 };
  const registry = new Registry();
  const controller = new Controller({
    log,
    clock: () => clock.now,
    randomBytes: seededBytes(42),
    metrics: new ControllerMetrics(registry),
    sessionTimeoutMs: 1000,
    // No automatic balancer runs unless a test asks: they would move partitions under its feet.
    balancerIntervalMs: 0,
    ...options,
  });
  await controller.start();
  await controller.idle();
  return {
    controller,
    log,
    registry,
    clock,
  };
}

export function registerReq(nodeId: number, rack = '', incarnationId = `inc-${nodeId}`): wire.RegisterNodeRequest__Output {
  return { nodeId, incarnationId, address: `127.0.0.1:${9000 + nodeId}`, internalAddress: '', rack, roles: ['NODE_ROLE_STORAGE'] };
}

export function createReq(name: string, partitions = 3, replicationFactor = 1, configs: Record<string, string> = {}, validateOnly = false): wire.CreateTopicRequest__Output {
  return { name, partitions, replicationFactor, configs, validateOnly };
}

export function alterReq(resourceName: string, set: Record<string, string>, del: string[] = [], validateOnly = false): wire.AlterConfigsRequest__Output {
  return { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName, set, delete: del, validateOnly };
}

export function heartbeatReq(nodeId: number, epoch: number, shuttingDown = false, disk = { free: 0, total: 0 }): wire.NodeHeartbeatRequest__Output {
  return { nodeId, nodeEpoch: String(epoch), shuttingDown, diskFreeBytes: String(disk.free), diskTotalBytes: String(disk.total) };
}

/** One ReportLeaders entry; the Raft-configuration fields default to "not reported" (a node that predates reassignment). */
export function leaderEntry(topicId: string, partition: number, leaderId: number, leaderEpoch: number, extra: Partial<wire.PartitionLeader__Output> = {}): wire.PartitionLeader__Output {
  return { topicId, partition, leaderId, leaderEpoch, voters: [], learners: [], caughtUp: [], bytesBehind: {}, sizeBytes: '0', log: null, ...extra };
}
