// Every CLI command's `--output json` on a 1-node cluster of a real process:
// offsets, lags and counts are JSON numbers, never strings (scripts compare
// and add them; they stay far below 2^53). And `eddy consume --group` that
// exits after --max-messages has committed every record it printed.
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, runCli, startCli, type CliProcess } from '../support/cli-process.js';
import { ServerCluster } from '../support/server-cluster.js';

let cluster: ServerCluster | undefined;
const started: CliProcess[] = [];
afterAll(async () => {
  killAll(started);
  await cluster?.stop();
});

/** Runs `eddy ARGS --output json --bootstrap …` and parses its stdout lines. */
async function json(args: string[], input?: string): Promise<unknown[]> {
  const p = startCli([...args, '--output', 'json', '--bootstrap', cluster!.bootstrap], input);
  started.push(p);
  const status = await p.exit;
  expect(status, `eddy ${args.join(' ')}: ${p.stderr()}`).toBe(0);
  return p.lines.filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}

async function one(args: string[], input?: string): Promise<Record<string, unknown>> {
  const out = await json(args, input);
  expect(out).toHaveLength(1);
  return out[0] as Record<string, unknown>;
}

function numbers(value: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) expect(typeof value[k], `${k} in ${JSON.stringify(value)}`).toBe('number');
}

describe('eddy --output json', () => {
  it('prints offsets, lags and counts as numbers in every command', { timeout: 120_000 }, async () => {
    cluster = new ServerCluster({ nodes: 1, roles: 'combined' });
    await cluster.start();
    const topic = `json-readings-${Date.now()}`;
    const group = `json-group-${Date.now()}`;

    const created = await one(['topic', 'create', topic, '--partitions', '2', '--replication-factor', '1']);
    numbers(created, ['partitions', 'replicationFactor']);

    const lines = Array.from({ length: 20 }, (_, i) => `sensor-${i % 5}|{"seq":${i}}`);
    const produced = await one(['produce', topic, '--key-separator', '|'], `${lines.join('\n')}\n`);
    numbers(produced, ['records', 'bytes', 'partitions', 'seconds']);
    expect(produced.records).toBe(20);

    const records = (await json(['consume', topic, '--group', group, '--from-beginning', '--max-messages', '20'])) as Record<string, unknown>[];
    expect(records).toHaveLength(20);
    for (const r of records) numbers(r, ['partition', 'offset', 'timestamp']);

    const described = await one(['group', 'describe', group]);
    numbers(described, ['epoch', 'coordinator']);
    const offsets = described.offsets as Record<string, unknown>[];
    expect(offsets).toHaveLength(2);
    for (const o of offsets) numbers(o, ['partition', 'committedOffset', 'highWatermark', 'lag']);
    // The consumer exited after its 20th record and had committed all 20, the last included.
    expect(offsets.reduce((sum, o) => sum + (o.committedOffset as number), 0)).toBe(20);
    for (const o of offsets) expect(o.lag).toBe(0);

    const groups = (await json(['group', 'list'])) as Record<string, unknown>[][];
    const listed = groups[0]!.find((g) => g.groupId === group);
    expect(listed).toBeDefined();
    numbers(listed!, ['members', 'coordinator']);

    const reset = (await json(['group', 'reset-offsets', group, '--topic', topic, '--to-earliest'])) as Record<string, unknown>[][];
    expect(reset[0]).toHaveLength(2);
    for (const o of reset[0]!) {
      numbers(o, ['partition', 'offset']);
      expect(o.offset).toBe(0);
    }

    const topicDescribed = await one(['topic', 'describe', topic]);
    numbers(topicDescribed, ['replicationFactor']);
    for (const p of topicDescribed.partitions as Record<string, unknown>[]) numbers(p, ['partition', 'leader', 'leaderEpoch']);

    const topics = (await json(['topic', 'list'])) as Record<string, unknown>[][];
    const t = topics[0]!.find((x) => x.name === topic);
    expect(t).toBeDefined();
    numbers(t!, ['partitions', 'replicationFactor']);

    const status = await one(['cluster', 'status']);
    numbers(status, ['activeController', 'metadataVersion', 'topics', 'partitions', 'underReplicatedPartitions', 'offlinePartitions']);
    for (const n of status.nodes as Record<string, unknown>[]) numbers(n, ['id']);
  });

  it('says so in the help of --output', async () => {
    const help = await runCli(['consume', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--output <format> .*offsets, lags and counts are JSON numbers/);
  });
});
