// TEST DOUBLE. One in-process grpc-js server on 127.0.0.1 standing in for a
// node of a cluster, so the client's consumer-group side can be tested before
// the real group coordinator exists (GroupService is not served by `eddy
// server` yet). It hosts:
// - GroupService: a small coordinator following the proto's documented
//   KIP-848 semantics (join with epoch 0, target assignment round-robin over
//   members, a partition still owned by another member withheld until
//   released, leave with epoch -1, session timeout, commit/fetch offsets);
// - a minimal data plane (Metadata, Produce, Fetch, ListOffsets) that stores
//   the client's RecordBatch v2 bytes verbatim and assigns base offsets with
//   the real codec (rewriteBatchHeader). Subscribe is left unimplemented, which
//   also exercises the consumer's Fetch-only fallback.
// It is a peer we have not built, not the real server; the real data plane is
// covered by the cluster tests in this folder's sibling `integration/`.
import * as grpc from '@grpc/grpc-js';
import { EddyError, loadEddyProto, readBatchHeader, rewriteBatchHeader, toErrorInfo, toGrpcError, type wire } from '@eddy/protocol';

interface Member {
  id: string;
  epoch: number;
  topics: string[];
  owned: Set<string>;
  lastSeen: number;
  sessionTimeoutMs: number;
}

const key = (t: string, p: number): string => `${t}:${p}`;

export class FakeNode {
  readonly server = new grpc.Server();
  address = '';
  readonly logs = new Map<string, Buffer[][]>();
  readonly members = new Map<string, Member>();
  readonly committed = new Map<string, bigint>();
  readonly heartbeats: wire.HeartbeatRequest__Output[] = [];
  readonly commits: wire.CommitOffsetsRequest__Output[] = [];
  /** Every Produce received: where, and how many records. */
  readonly produceRequests: { topic: string; partition: number; records: number; producerId: bigint; baseSequence: number }[] = [];
  /** InitProducerId calls so far (each answers a new producer id). */
  initProducerIdCalls = 0;
  /** Answer InitProducerId with UNAVAILABLE (no producer ids to be had). */
  initProducerIdUnavailable = false;
  /** Answer Heartbeat with UNAVAILABLE (a coordinator the member cannot reach). */
  heartbeatsUnavailable = false;
  /** Delay before answering Produce (back-pressure tests). */
  produceDelayMs = 0;
  /** Answer Produce with NOT_LEADER and this hint instead of writing. */
  redirectProduce: { leaderId: number; leaderAddress: string } | undefined;
  /** Answer AdminService calls with NOT_CONTROLLER and this hint. */
  redirectAdmin: { leaderId: number; leaderAddress: string } | undefined;
  private nextMember = 1;
  private readonly waiters = new Set<() => void>();
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly heartbeatIntervalMs = 50,
    private readonly defaultSessionTimeoutMs = 1_000,
  ) {}

  /** Stores one Produce request's batch (both the unary and the stream method). */
  private async produceOne(request: wire.ProduceRequest__Output): Promise<wire.ProduceResponse> {
    const { topic, partition, recordBatch } = request;
    const log = this.logs.get(topic)?.[partition];
    if (!log || !recordBatch) throw new EddyError('UNKNOWN_TOPIC');
    const header = readBatchHeader(recordBatch);
    this.produceRequests.push({ topic, partition, records: header.recordCount, producerId: header.producerId, baseSequence: header.baseSequence });
    if (this.redirectProduce) throw new EddyError('NOT_LEADER', undefined, { details: this.redirectProduce });
    const base = this.endOffset(log);
    const batch = Buffer.from(recordBatch);
    rewriteBatchHeader(batch, { baseOffset: base });
    log.push(batch);
    const last = base + BigInt(readBatchHeader(batch).lastOffsetDelta);
    for (const w of this.waiters) w();
    if (this.produceDelayMs > 0) await new Promise((r) => setTimeout(r, this.produceDelayMs));
    return { baseOffset: String(base), lastOffset: String(last), logAppendTimeMs: '-1', logStartOffset: '0', duplicate: false };
  }

  createTopic(name: string, partitions: number): void {
    this.logs.set(name, Array.from({ length: partitions }, () => []));
  }

  async start(): Promise<void> {
    const v1 = loadEddyProto().proto.eddy.v1;
    const fail = (cb: (e: grpc.ServerErrorResponse) => void, err: EddyError): void => cb(toGrpcError(err) as unknown as grpc.ServerErrorResponse);
    const metadata: wire.MetadataServiceHandlers = {
      GetMetadata: (_call, cb) =>
        cb(null, {
          clusterId: 'fake',
          metadataVersion: '1',
          controllerId: 1,
          nodes: [{ nodeId: 1, address: this.address, online: true }],
          topics: [...this.logs.entries()].map(([name, parts]) => ({ name, topicId: name, partitions: parts.map((_, partition) => ({ partition, leaderId: 1, leaderEpoch: 1, replicas: [1] })) })),
        }),
    };
    const produce: wire.ProduceServiceHandlers = {
      InitProducerId: (_call, cb) => {
        if (this.initProducerIdUnavailable) return fail(cb, new EddyError('UNAVAILABLE', 'fake node: no producer ids now'));
        cb(null, { producerId: String(++this.initProducerIdCalls), producerEpoch: 0 });
      },
      Produce: (call, cb) => {
        this.produceOne(call.request).then(
          (answer) => cb(null, answer),
          (err: EddyError) => fail(cb, err),
        );
      },
      ProduceStream: (call) => {
        call.on('data', (m: wire.ProduceStreamRequest__Output) => {
          this.produceOne(m.request!).then(
            (response) => call.write({ id: m.id, response }),
            (err: EddyError) => call.write({ id: m.id, error: toErrorInfo(err) }),
          );
        });
        call.on('end', () => call.end());
        call.on('error', () => undefined);
      },
    };
    const fetch: Partial<wire.FetchServiceHandlers> = {
      ListOffsets: (call, cb) =>
        cb(null, {
          partitions: call.request.partitions.map((p) => {
            const log = this.logs.get(p.topic)?.[p.partition] ?? [];
            return { topic: p.topic, partition: p.partition, offset: p.spec === 'OFFSET_SPEC_EARLIEST' ? '0' : String(this.endOffset(log)), timestampMs: '-1', leaderEpoch: 1 };
          }),
        }),
      Fetch: (call, cb) => {
        const answer = (): wire.FetchResponse => ({
          partitions: call.request.partitions.map((p) => {
            const log = this.logs.get(p.topic)?.[p.partition] ?? [];
            const from = BigInt(p.offset);
            const logEnd = this.endOffset(log);
            if (from > logEnd) {
              return { topic: p.topic, partition: p.partition, error: { code: 'OFFSET_OUT_OF_RANGE', message: 'out of range', retriable: false, leaderId: -1, logStartOffset: '0', logEndOffset: String(logEnd) } };
            }
            const out: Buffer[] = [];
            for (const b of log) if (readBatchHeader(b).lastOffset >= from) out.push(b);
            const end = this.endOffset(log);
            return { topic: p.topic, partition: p.partition, highWatermark: String(end), logStartOffset: '0', recordBatches: Buffer.concat(out), nextOffset: String(out.length > 0 ? end : from) };
          }),
        });
        const first = answer();
        if (first.partitions!.some((p) => p.error || ((p.recordBatches as Buffer | undefined)?.length ?? 0) > 0) || call.request.maxWaitMs === 0) return cb(null, first);
        let timer: NodeJS.Timeout | undefined = undefined;
        const done = (): void => {
          this.waiters.delete(done);
          clearTimeout(timer);
          cb(null, answer());
        };
        timer = setTimeout(done, call.request.maxWaitMs);
        this.waiters.add(done);
      },
    };
    const group: wire.GroupServiceHandlers = {
      FindCoordinator: (_call, cb) => cb(null, { nodeId: 1, address: this.address }),
      Heartbeat: (call, cb) => {
        try {
          cb(null, this.heartbeat(call.request));
        } catch (err) {
          fail(cb, err as EddyError);
        }
      },
      CommitOffsets: (call, cb) => {
        const r = call.request;
        this.commits.push(r);
        if (r.memberId && !this.members.has(r.memberId)) return fail(cb, new EddyError('UNKNOWN_MEMBER'));
        for (const o of r.offsets) this.committed.set(key(o.topic, o.partition), BigInt(o.offset));
        cb(null, { results: r.offsets.map((o) => ({ topic: o.topic, partition: o.partition })) });
      },
      FetchOffsets: (call, cb) =>
        cb(null, {
          offsets: call.request.partitions.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p, offset: String(this.committed.get(key(t.topic, p)) ?? -1n), metadata: '' }))),
        }),
      ListGroups: (_call, cb) => cb(null, { groups: [{ groupId: 'g', state: 'GROUP_STATE_STABLE', memberCount: this.members.size, coordinatorId: 1 }] }),
      DescribeGroup: (call, cb) => cb(null, { groupId: call.request.groupId, state: 'GROUP_STATE_STABLE', members: [...this.members.values()].map((m) => ({ memberId: m.id, memberEpoch: m.epoch })) }),
      DeleteGroup: (_call, cb) => (this.members.size > 0 ? fail(cb, new EddyError('GROUP_NOT_EMPTY')) : cb(null, {})),
      ResetOffsets: (call, cb) => cb(null, { offsets: call.request.partitions.map((p) => ({ topic: call.request.topic, partition: p, offset: call.request.toOffset ?? '0' })) }),
    };
    const admin: Partial<wire.AdminServiceHandlers> = {
      DescribeCluster: (_call, cb) => {
        if (this.redirectAdmin) return fail(cb, new EddyError('NOT_CONTROLLER', undefined, { details: this.redirectAdmin }));
        cb(null, { clusterId: `fake@${this.address}`, activeControllerId: 1 });
      },
    };
    this.server.addService(v1.AdminService.service, admin as wire.AdminServiceHandlers);
    this.server.addService(v1.MetadataService.service, metadata);
    this.server.addService(v1.ProduceService.service, produce);
    this.server.addService(v1.FetchService.service, fetch as wire.FetchServiceHandlers);
    this.server.addService(v1.GroupService.service, group);
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.address = `127.0.0.1:${port}`;
    this.sweep = setInterval(() => this.expireSessions(), 20);
  }

  stop(): void {
    if (this.sweep) clearInterval(this.sweep);
    for (const w of this.waiters) w();
    this.server.forceShutdown();
  }

  /** Partitions each live member currently owns, as it last reported. */
  ownership(): Map<string, string[]> {
    return new Map([...this.members.values()].map((m) => [m.id, [...m.owned].sort()]));
  }

  private endOffset(log: Buffer[]): bigint {
    const last = log[log.length - 1];
    return last ? readBatchHeader(last).lastOffset + 1n : 0n;
  }

  private expireSessions(): void {
    const now = Date.now();
    for (const m of this.members.values()) if (now - m.lastSeen > m.sessionTimeoutMs) this.members.delete(m.id);
  }

  private heartbeat(req: wire.HeartbeatRequest__Output): wire.HeartbeatResponse {
    this.heartbeats.push(req);
    if (this.heartbeatsUnavailable) throw new EddyError('UNAVAILABLE', 'heartbeats switched off by the test');
    if (req.memberEpoch === -1) {
      this.members.delete(req.memberId);
      return { memberId: req.memberId, memberEpoch: -1, heartbeatIntervalMs: this.heartbeatIntervalMs, assignment: [] };
    }
    let m = req.memberId ? this.members.get(req.memberId) : undefined;
    if (!m) {
      if (req.memberEpoch !== 0) throw new EddyError('UNKNOWN_MEMBER');
      m = { id: req.memberId || `member-${this.nextMember++}`, epoch: 1, topics: [], owned: new Set(), lastSeen: Date.now(), sessionTimeoutMs: req.sessionTimeoutMs || this.defaultSessionTimeoutMs };
      this.members.set(m.id, m);
    }
    m.lastSeen = Date.now();
    if (req.subscribedTopics.length > 0 || req.memberEpoch === 0) m.topics = req.subscribedTopics;
    m.owned = new Set(req.ownedPartitions.flatMap((t) => t.partitions.map((p) => key(t.topic, p))));
    const ids = [...this.members.keys()].sort();
    const target: wire.TopicPartitions[] = [];
    for (const topic of m.topics) {
      const n = this.logs.get(topic)?.length ?? 0;
      const mine: number[] = [];
      for (let p = 0; p < n; p++) {
        if (ids[p % ids.length] !== m.id) continue;
        const heldElsewhere = [...this.members.values()].some((o) => o.id !== m.id && o.owned.has(key(topic, p)));
        if (!heldElsewhere) mine.push(p);
      }
      target.push({ topic, partitions: mine });
    }
    // Held for this member until it reports the partitions released.
    for (const t of target) for (const p of t.partitions ?? []) m.owned.add(key(t.topic!, p));
    return { memberId: m.id, memberEpoch: m.epoch, heartbeatIntervalMs: this.heartbeatIntervalMs, sessionTimeoutMs: m.sessionTimeoutMs, assignment: target };
  }
}
