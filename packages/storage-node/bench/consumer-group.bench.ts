// pnpm bench consumer-group [--trials 5] [--session-timeout-ms 3000] [--partitions 24]
//
// Rebalance time of a consumer group on 3 combined `eddy server` processes:
// a group of 4 members (each a real @eddy/client consumer in a process of its
// own) consumes a 24-partition topic while records keep arriving, and the time
// is measured until every partition is owned again (read by exactly one live
// member) after:
//   join        a 5th member subscribes (from its subscribe to the moment it
//               reads its full share and all 24 partitions are owned once)
//   leave       a member closes its consumer (commit, leave heartbeat); from
//               the moment it starts leaving
//   crash       a member is SIGKILLed (no leave); from the kill. The
//               coordinator only notices when the session timeout expires.
// Each trial also times the steps that bring the group back to 4 (the 5th
// leaving, a replacement joining a group of 3). Members report their
// assignment every 2 ms with a wall-clock stamp; the times are differences of
// those stamps (same machine). Targets: leave < 1 s, crash < session + 1 s.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ServerCluster } from '../../../test/support/server-cluster.js';
import { MemberProcess } from '../../../test/groups/support/member-process.js';
import { createTopic, steadyProducer } from '../../../test/groups/support/group-cluster-client.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    trials: { type: 'string', default: '5' },
    'session-timeout-ms': { type: 'string', default: '3000' },
    partitions: { type: 'string', default: '24' },
  },
});
const trials = Number(values.trials);
const sessionTimeoutMs = Number(values['session-timeout-ms']);
const partitions = Number(values.partitions);
const STEP_TIMEOUT_MS = 60_000;

type Kind = 'join (4→5)' | 'leave (5→4)' | 'leave (4→3)' | 'join (3→4)' | 'crash (4→3)';
const times = new Map<Kind, number[]>();

let cluster: ServerCluster | undefined;
const members: MemberProcess[] = [];
let seq = 0;

function spawnMember(bootstrap: string, topic: string, groupId: string): MemberProcess {
  const m = new MemberProcess({ bootstrap, topic, groupId, name: `m${++seq}`, sessionTimeoutMs, autoCommitIntervalMs: 1000 });
  members.push(m);
  return m;
}

/** Every partition read by exactly one of `live`, and `extra` holds; the time (member stamp) it became so. */
function whenOwned(live: readonly MemberProcess[], extra: () => boolean = () => true): Promise<number> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const done = (f: () => void) => {
      clearTimeout(timer);
      for (const o of offs) o();
      f();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`partitions not all owned within ${STEP_TIMEOUT_MS} ms: ${live.map((m) => `${m.name}=[${m.assignment().join(',')}]`).join(' ')}`))), STEP_TIMEOUT_MS);
    const check = () => {
      const all = live.flatMap((m) => m.assignment());
      if (all.length !== partitions || new Set(all).size !== partitions || !extra()) return;
      let t = 0;
      for (const m of live) {
        for (let i = m.events.length - 1; i >= 0; i--) {
          const e = m.events[i]!;
          if (e.ev === 'assignment') {
            t = Math.max(t, e.t);
            break;
          }
        }
      }
      done(() => resolve(t));
    };
    for (const m of live) offs.push(m.onEvent(check));
    check();
  });
}

function lastEventTime(m: MemberProcess, ev: string): number {
  for (let i = m.events.length - 1; i >= 0; i--) if (m.events[i]!.ev === ev) return m.events[i]!.t;
  throw new Error(`${m.name} printed no ${ev} event`);
}

async function waitSubscribed(m: MemberProcess): Promise<number> {
  for (;;) {
    if (m.events.some((e) => e.ev === 'subscribed')) return lastEventTime(m, 'subscribed');
    if (!m.alive) throw new Error(`${m.name} exited: ${m.stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function record(kind: Kind, ms: number): void {
  const list = times.get(kind) ?? [];
  list.push(ms);
  times.set(kind, list);
  console.log(`  ${kind.padEnd(12)} ${ms} ms`);
}

function balanced(live: readonly MemberProcess[]): () => boolean {
  const lo = Math.floor(partitions / live.length);
  return () => live.every((m) => m.assignment().length >= lo && m.assignment().length <= lo + 1);
}

async function main(): Promise<void> {
  const load0 = loadavg();
  cluster = new ServerCluster({ nodes: 3, roles: 'combined' });
  await cluster.start();
  const bootstrap = cluster.bootstrap;
  const topic = `rebalance-${Date.now()}`;
  const groupId = `rebalance-group-${Date.now()}`;
  await createTopic(bootstrap, topic, partitions);
  const producer = steadyProducer(bootstrap, topic, 200);

  let live = [1, 2, 3, 4].map(() => spawnMember(bootstrap, topic, groupId));
  await whenOwned(live, balanced(live));
  console.log(`group of 4 stable on ${partitions} partitions (session timeout ${sessionTimeoutMs} ms)`);

  for (let trial = 1; trial <= trials; trial++) {
    console.log(`trial ${trial}`);
    // join: a 5th member.
    const fifth = spawnMember(bootstrap, topic, groupId);
    const joinAt = await waitSubscribed(fifth);
    live = [...live, fifth];
    const share = Math.floor(partitions / live.length);
    record('join (4→5)', (await whenOwned(live, () => fifth.assignment().length >= share)) - joinAt);
    await whenOwned(live, balanced(live));

    // the 5th leaves again (a leave from a group of 5).
    live = live.filter((m) => m !== fifth);
    const leaving5 = fifth.leave();
    const owned5 = whenOwned(live);
    await leaving5;
    record('leave (5→4)', (await owned5) - lastEventTime(fifth, 'leaving'));
    await whenOwned(live, balanced(live));

    // leave: one of the 4 leaves gracefully.
    const leaver = live[0]!;
    live = live.slice(1);
    const owned = whenOwned(live);
    await leaver.leave();
    record('leave (4→3)', (await owned) - lastEventTime(leaver, 'leaving'));
    await whenOwned(live, balanced(live));

    // a replacement joins the 3.
    const replacement = spawnMember(bootstrap, topic, groupId);
    const replAt = await waitSubscribed(replacement);
    live = [...live, replacement];
    record('join (3→4)', (await whenOwned(live, balanced(live))) - replAt);

    // crash: one of the 4 SIGKILLed.
    const victim = live[0]!;
    live = live.slice(1);
    const crashed = whenOwned(live);
    const killedAt = Date.now();
    await victim.kill();
    record('crash (4→3)', (await crashed) - killedAt);
    await whenOwned(live, balanced(live));

    // back to 4 for the next trial.
    const back = spawnMember(bootstrap, topic, groupId);
    live = [...live, back];
    await whenOwned(live, balanced(live));
  }

  const sent = await producer.stop();
  const load1 = loadavg();
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
  const target = (k: Kind) => (k.startsWith('leave') ? '< 1000' : k.startsWith('crash') ? `< ${sessionTimeoutMs + 1000}` : '-');
  console.log('');
  console.log(`consumer-group rebalance: ${partitions} partitions, 3 combined nodes, session timeout ${sessionTimeoutMs} ms, ${trials} trials, ${sent} records produced meanwhile`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}; load average ${load0.map((x) => x.toFixed(1)).join(' ')} (start) / ${load1.map((x) => x.toFixed(1)).join(' ')} (end)`);
  console.log(`${'event'.padEnd(14)}${'p50 ms'.padStart(9)}${'max ms'.padStart(9)}${'target ms'.padStart(11)}  all (ms)`);
  const rows: Record<string, unknown> = {};
  for (const [k, xs] of times) {
    console.log(`${k.padEnd(14)}${String(q(xs, 0.5)).padStart(9)}${String(Math.max(...xs)).padStart(9)}${target(k).padStart(11)}  ${xs.join(', ')}`);
    rows[k] = { p50: q(xs, 0.5), max: Math.max(...xs), all: xs };
  }
  console.log(JSON.stringify({ bench: 'consumer-group', partitions, trials, sessionTimeoutMs, cpus: cpus().length, node: process.version, load: { start: load0, end: load1 }, results: rows }));
}

async function cleanup(): Promise<void> {
  await Promise.all(members.map((m) => m.kill()));
  await cluster?.stop();
}

main().then(
  () => cleanup(),
  async (err: unknown) => {
    console.error(err);
    await cleanup();
    process.exit(1);
  },
);
