// Test cluster of storage-node data planes in one process: RaftHosts on real
// LevelDB stores in temp dirs, linked by a MemoryNetwork, with a static catalog.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EddyError, encodeRecordBatch, type RecordInput } from '@eddy/protocol';
import { LevelRaftStore, MemoryNetwork, RaftHost } from '@eddy/raft';
import { Registry } from 'prom-client';
import { waitFor as pollUntil } from '../../../test/support/harness.js';
import { DataPlane, type DataPlaneOptions } from '../src/data-plane.js';
import { StaticPartitionCatalog, type StaticTopic } from '../src/catalog/static-catalog.js';
import type { PartitionReplica } from '../src/partition/partition-replica.js';
import type { ProduceInput, ProduceOutput } from '../src/produce/produce-service.js';

export interface TestNode {
  id: number;
  dir: string;
  store: LevelRaftStore;
  host: RaftHost;
  catalog: StaticPartitionCatalog;
  plane: DataPlane;
  registry: Registry;
  stopped: boolean;
}

export class TestCluster {
  readonly net = new MemoryNetwork();
  readonly nodes: TestNode[] = [];
  private readonly dirs: string[] = [];

  constructor(
    readonly ids: number[],
    private readonly topics: StaticTopic[],
    private readonly clock: () => number = Date.now,
    private readonly planeOptions: Partial<DataPlaneOptions> = {},
  ) {}

  async start(): Promise<void> {
    for (const id of this.ids) {
      const dir = mkdtempSync(path.join(tmpdir(), `eddy-sn-${id}-`));
      this.dirs.push(dir);
      this.nodes.push(await this.startNode(id, dir));
    }
  }

  async startNode(id: number, dir: string): Promise<TestNode> {
    const store = await LevelRaftStore.open({ path: dir });
    const host = new RaftHost({ nodeId: id, store, transport: this.net.transport(id), tickMs: 10, electionTicks: 10, heartbeatTicks: 2 });
    await host.start();
    const catalog = new StaticPartitionCatalog(id);
    for (const t of this.topics) catalog.addTopic(t);
    const registry = new Registry();
    const plane = new DataPlane({ nodeId: id, host, store, catalog, registry, retentionIntervalMs: 3_600_000, clock: this.clock, defaultProduceTimeoutMs: 5_000, ...this.planeOptions });
    await plane.start();
    return { id, dir, store, host, catalog, plane, registry, stopped: false };
  }

  /** Stops a node as a crash would look to its peers (its disk state stays). */
  async stopNode(n: TestNode): Promise<void> {
    if (n.stopped) return;
    n.stopped = true;
    await n.host.stop();
    await n.plane.stop();
    await n.store.close();
  }

  /** Starts one more node (a fresh data dir) with the cluster's topics: the cluster growing. */
  async addNode(id: number): Promise<TestNode> {
    const dir = mkdtempSync(path.join(tmpdir(), `eddy-sn-${id}-`));
    this.dirs.push(dir);
    const node = await this.startNode(id, dir);
    this.nodes.push(node);
    return node;
  }

  async restartNode(n: TestNode): Promise<TestNode> {
    const fresh = await this.startNode(n.id, n.dir);
    this.nodes[this.nodes.indexOf(n)] = fresh;
    return fresh;
  }

  live(): TestNode[] {
    return this.nodes.filter((n) => !n.stopped);
  }

  /** The node whose replica of topic/partition leads and can serve reads. */
  leader(topic: string, partition: number): { node: TestNode; replica: PartitionReplica } | undefined {
    for (const node of this.live()) {
      try {
        const replica = node.plane.replicas.replica(topic, partition);
        replica.ensureReadable();
        return { node, replica };
      } catch {
        // not here
      }
    }
    return undefined;
  }

  async waitLeader(topic: string, partition: number): Promise<{ node: TestNode; replica: PartitionReplica }> {
    return waitFor(`a leader of ${topic}-${partition}`, () => this.leader(topic, partition));
  }

  /** Produces to whichever node leads, retrying retriable errors until the deadline (like a client). */
  async produce(input: Omit<ProduceInput, 'acks' | 'timeoutMs'> & { acks?: ProduceInput['acks'] }, timeoutMs = 20_000): Promise<ProduceOutput> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const l = this.leader(input.topic, input.partition);
      if (l) {
        try {
          return await l.node.plane.produce.produce({ acks: 'all', timeoutMs: 2_000, ...input });
        } catch (err) {
          if (!(err instanceof EddyError) || !err.retriable || Date.now() > deadline) throw err;
        }
      }
      if (Date.now() > deadline) throw new Error(`no leader accepted the batch for ${input.topic}-${input.partition}`);
      await pause(10);
    }
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) await this.stopNode(n);
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The shared polling wait, as these tests use it: 15 s, 10 ms between tries, and the first error fails it. */
export function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  return pollUntil(what, fn, timeoutMs, { pollMs: 10, rethrow: true });
}

export function batchOf(values: string[], options: { keys?: string[]; producerId?: bigint; producerEpoch?: number; baseSequence?: number; timestamp?: number } = {}): Buffer {
  const ts = options.timestamp ?? Date.now();
  const records: RecordInput[] = values.map((v, i) => ({
    key: options.keys?.[i] !== undefined ? Buffer.from(options.keys[i] as string) : null,
    value: Buffer.from(v),
    timestamp: ts,
  }));
  return encodeRecordBatch({
    records,
    ...(options.producerId !== undefined ? { producerId: options.producerId, producerEpoch: options.producerEpoch ?? 0, baseSequence: options.baseSequence ?? 0 } : {}),
  });
}

/** Reads every committed record value of a partition from a replica, from `from` to its high watermark. */
export async function readAll(replica: PartitionReplica, from = 0): Promise<{ offset: number; value: string; key: string | null }[]> {
  const { decodeRecordBatch } = await import('@eddy/protocol');
  const out: { offset: number; value: string; key: string | null }[] = [];
  let offset = from;
  while (offset < replica.state.highWatermark) {
    const r = await replica.read(offset, 256 * 1024);
    if (r.batches.length === 0) break;
    for (const b of r.batches) {
      for (const rec of decodeRecordBatch(b).records) {
        if (Number(rec.offset) < offset) continue;
        out.push({ offset: Number(rec.offset), value: rec.value?.toString() ?? '', key: rec.key?.toString() ?? null });
      }
    }
    offset = r.nextOffset;
  }
  return out;
}

/** The same stored value with 8 bytes in its middle changed (its checksum no longer matches). */
export function flipped(value: Buffer): Buffer {
  const bad = Buffer.from(value);
  for (let i = Math.floor(bad.length / 2); i < Math.min(bad.length, Math.floor(bad.length / 2) + 8); i++) bad[i] = (bad[i] as number) ^ 0x5a;
  return bad;
}
