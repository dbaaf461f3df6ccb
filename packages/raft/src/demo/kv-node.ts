// A replicated key-value process: one Raft group over the real drivers (gRPC
// transport, LevelDB storage, multi-raft host). It exists to prove the library
// across real processes (tests kill it with SIGKILL) and to benchmark it; it
// is not part of Eddy's servers. Control is a tiny HTTP API on loopback:
//   POST /put?k=K&v=V      propose (leader only; 421 + leader id otherwise)
//   POST /load?n=N&size=B  propose N entries of B bytes as fast as they commit
//   GET  /get?k=K          linearizable read (read barrier on the leader)
//   GET  /status           { id, leaderId, term, isLeader, applied, commit, ... } (?gc=1: collect garbage first)
//   GET  /log              every applied put, in order
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { bindServer, createEddyServer, createLogger, type EddyError } from '@eddy/protocol';
import type { Entry } from '../core/types.js';
import type { StateMachine } from '../host/raft-group.js';
import { RaftHost } from '../host/raft-host.js';
import { LevelRaftStore } from '../storage/level-raft-store.js';
import { GrpcTransport } from '../transport/grpc-transport.js';

const { values } = parseArgs({
  options: {
    id: { type: 'string' },
    peers: { type: 'string' }, // "1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003"
    http: { type: 'string' },
    data: { type: 'string' },
    fsync: { type: 'string', default: 'true' },
    'tick-ms': { type: 'string', default: '50' },
    // Extra idle groups (all nodes voters) to measure what hosting many groups costs.
    groups: { type: 'string', default: '0' },
  },
});
const id = Number(values.id);
const peers = new Map<number, string>(
  (values.peers ?? '').split(',').map((p) => {
    const [k, v] = p.split('=');
    return [Number(k), v as string];
  }),
);
const logger = createLogger({ level: process.env.EDDY_LOG_LEVEL ?? 'warn', base: { node: id } });

class KvMachine implements StateMachine {
  readonly values = new Map<string, string>();
  readonly log: string[] = [];
  apply(entries: readonly Entry[]): void {
    for (const e of entries) {
      if (e.data.byteLength === 0) continue;
      const s = Buffer.from(e.data).toString();
      const sep = s.indexOf('=');
      if (sep < 0) continue; // load entries carry no key
      this.values.set(s.slice(0, sep), s.slice(sep + 1));
      this.log.push(s);
    }
  }
}

const store = await LevelRaftStore.open({ path: values.data as string, fsync: values.fsync !== 'false' });
const grpc = createEddyServer();
const transport = new GrpcTransport({ nodeId: id, server: grpc.server, resolve: (n) => peers.get(n), logger });
const host = new RaftHost({ nodeId: id, store, transport, tickMs: Number(values['tick-ms']), logger });
await bindServer(grpc.server, peers.get(id) as string);
await host.start();
const kv = new KvMachine();
const group = await host.addGroup({ groupId: 'kv', voters: [...peers.keys()], stateMachine: kv });
const idle: StateMachine = { apply: () => undefined };
// Spread the idle groups' leaders: each group names its first leader, which
// campaigns while the other replicas wait for it (a storm of thousands of
// random elections at once mostly splits votes). They are created once every
// peer answers, so that the named leaders are up when the others wait.
const ids = [...peers.keys()].sort((a, b) => a - b);
if (Number(values.groups) > 0) while (host.livePeers().length < peers.size - 1) await new Promise((r) => setTimeout(r, 50));
// In chunks: creating them all at once leaves the heap grown by the garbage of the whole batch.
for (let from = 0; from < Number(values.groups); from += 500) {
  const to = Math.min(Number(values.groups), from + 500);
  await host.addGroups(Array.from({ length: to - from }, (_, k) => from + k).map((i) => ({ groupId: `idle-${i}`, voters: ids, leader: ids[i % ids.length], stateMachine: idle })));
}
grpc.setServing('SERVING');

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, err: unknown): void {
  const e = err as EddyError;
  reply(res, e.code === 'NOT_LEADER' ? 421 : 503, { error: e.code ?? 'UNKNOWN', message: e.message, leaderId: group.leaderId });
}

async function load(n: number, size: number): Promise<unknown> {
  const payload = Buffer.alloc(size, 120);
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const inflight = 512;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < n) {
      next++;
      const t0 = process.hrtime.bigint();
      await group.propose(payload);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  await Promise.all(Array.from({ length: Math.min(inflight, n) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { n, size, seconds, perSecond: n / seconds, p50: q(0.5), p99: q(0.99), writes: host.stats.writes };
}

async function rate(n: number, size: number, perSecond: number): Promise<unknown> {
  const payload = Buffer.alloc(size, 120);
  const latencies: number[] = [];
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = process.hrtime.bigint();
    pending.push(group.propose(payload).then(() => void latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { n, size, perSecond, p50: q(0.5), p99: q(0.99) };
}

const http = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const q = url.searchParams;
  switch (url.pathname) {
    case '/status':
      // ?gc=1: a full collection first (when started with --expose-gc), so `memory.heapUsed` is the live heap.
      if (q.get('gc') === '1') (globalThis as { gc?: () => void }).gc?.();
      return reply(res, 200, { id, leaderId: group.leaderId, term: group.term, isLeader: group.isLeader, applied: group.applied, commit: group.commitIndex, groups: host.groupCount, leading: host.leaderCount(), active: host.activeGroups, memory: process.memoryUsage() });
    case '/log':
      return reply(res, 200, kv.log);
    case '/put':
      return void group.propose(Buffer.from(`${q.get('k')}=${q.get('v')}`)).then((r) => reply(res, 200, r), (e) => fail(res, e));
    case '/get':
      return void group.readBarrier().then(() => reply(res, 200, { value: kv.values.get(q.get('k') ?? '') ?? null }), (e) => fail(res, e));
    case '/load':
      return void load(Number(q.get('n')), Number(q.get('size'))).then((r) => reply(res, 200, r), (e) => fail(res, e));
    case '/rate':
      return void rate(Number(q.get('n')), Number(q.get('size')), Number(q.get('rate'))).then((r) => reply(res, 200, r), (e) => fail(res, e));
    default:
      return reply(res, 404, { error: 'not found' });
  }
});
http.listen(Number(values.http), '127.0.0.1');

async function shutdown(): Promise<void> {
  http.close();
  await host.stop();
  grpc.server.forceShutdown();
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
