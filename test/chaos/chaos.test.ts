// The short chaos pass `pnpm test` runs: a fixed seed, about a minute of
// faults under every workload (queue with keyed lists, admin churn, a consumer
// group that commits), then every checker over the history and the final drain.
// As root (CI), the nodes run in network namespaces and the nemesis mixes
// network faults (cuts, one-way drops, the bridge split, slow links) with
// process faults; a run that cannot make its namespaces as root fails. Without
// root the run covers process and disk faults only, says so loudly, and the
// network-faults test is reported as skipped — never as passed. Beside them,
// on a track of their own, partitions move (reassign, resize, reorder) and a
// storage node is decommissioned and taken back, on a cluster of 3 combined
// nodes and a storage-only one, the balancer running every second.
// The same again with TLS on both listeners and ACLs on, the workloads
// authenticated as a user that ACLs allow (every request authorized), and disk
// faults too (a stopped node's LevelDB files damaged, or its log's tail lost).
// Longer runs: `pnpm chaos` (add --secure for TLS and authorization).
import { describe, expect, it } from 'vitest';
import { runChaos, type ChaosOutcome } from './harness.js';
import { DISK_FAULTS } from './disk-nemesis.js';
import { ELASTIC_FAULTS, NETWORK_FAULTS, PROCESS_FAULTS } from './nemesis.js';
import { netlabUnavailableReason } from './netlab.js';

const SEED = 20261124;
const DURATION_S = 60;
const noNamespaces = netlabUnavailableReason();
if (noNamespaces) console.warn(`!!! chaos: NETWORK FAULTS NOT TESTED — ${noNamespaces} !!!`);

// Few kinds, most of them network ones: a 60 s run (four or more faults) gets a network fault
// whichever order the seeded round puts them in.
// Every elastic kind runs on its own track beside them (a round of four fits in 60 s).
const SHORT_PROCESS = ['kill-leader', 'pause-controller', 'bounce-leader'].map((n) => PROCESS_FAULTS.find((k) => k.name === n)!);
const SHORT_NETWORK = ['isolate-leader', 'isolate-controller', 'bridge', 'asymmetric', 'slow-link'].map((n) => NETWORK_FAULTS.find((k) => k.name === n)!);
const SHORT_KINDS = [...SHORT_PROCESS, ...SHORT_NETWORK, ...ELASTIC_FAULTS];
// The secure run adds the disk kinds (a node's LevelDB damaged while it is down, repaired from its
// peers), at weight 1 rather than their usual 2: a disk fault holds the track until the node is
// back in sync, and in 60 s they would crowd out the network faults the first run is there for.
const SHORT_KINDS_WITH_DISK = [...SHORT_PROCESS, ...DISK_FAULTS.map((k) => ({ ...k, weight: 1 })), ...SHORT_NETWORK, ...ELASTIC_FAULTS];
const LOOPBACK_KINDS = [...PROCESS_FAULTS, ...DISK_FAULTS, ...ELASTIC_FAULTS];

const count = (outcome: ChaosOutcome, kinds: readonly { name: string }[]): number => kinds.reduce((n, k) => n + (outcome.faults[k.name] ?? 0), 0);

describe('chaos: every workload under faults', () => {
  let outcome: ChaosOutcome | undefined;

  it(`seed ${SEED}: no lost, duplicated, reordered or inconsistent records; lists, admin churn and group commits check out`, async () => {
    outcome = await runChaos({ seed: SEED, durationS: DURATION_S, network: noNamespaces ? 'off' : 'require', kinds: noNamespaces ? LOOPBACK_KINDS : SHORT_KINDS });
    console.log(outcome.line);
    expect(outcome.result.acknowledged).toBeGreaterThan(0);
    expect(outcome.result.polled).toBeGreaterThan(0);
    expect(outcome.admin.created).toBeGreaterThan(0);
    expect(outcome.group.commits).toBeGreaterThan(0);
    expect(count(outcome, PROCESS_FAULTS)).toBeGreaterThan(0);
    expect(count(outcome, ELASTIC_FAULTS), 'partition moves or a decommission during the run').toBeGreaterThan(0);
    expect(outcome.ok, `${outcome.line}\nhistory: ${outcome.historyFile}`).toBe(true);
  }, (DURATION_S + 180) * 1000);

  it.skipIf(noNamespaces !== undefined)('the run included network faults (nodes in network namespaces)', () => {
    expect(outcome, 'the chaos run did not finish').toBeDefined();
    expect(outcome!.network.enabled).toBe(true);
    expect(count(outcome!, NETWORK_FAULTS), outcome!.line).toBeGreaterThan(0);
  });
});

describe('chaos with TLS and authorization on, and disk faults', () => {
  it(`seed ${SEED + 1}: the same checks hold with every call authenticated and authorized, and nodes damaged on disk repair themselves`, async () => {
    const outcome = await runChaos({ seed: SEED + 1, durationS: DURATION_S, secure: true, network: noNamespaces ? 'off' : 'require', kinds: noNamespaces ? LOOPBACK_KINDS : SHORT_KINDS_WITH_DISK });
    console.log(outcome.line);
    expect(outcome.result.acknowledged).toBeGreaterThan(0);
    expect(outcome.group.commits).toBeGreaterThan(0);
    expect(count(outcome, DISK_FAULTS), 'a node damaged on disk and repaired during the run').toBeGreaterThan(0);
    expect(outcome.ok, `${outcome.line}\nhistory: ${outcome.historyFile}`).toBe(true);
  }, (DURATION_S + 180) * 1000);
});
