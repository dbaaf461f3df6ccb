// The real image as a cluster: three combined nodes as containers on one
// Docker network; a topic with RF 3; produce and consume from the host through
// published ports; stop one container, keep producing and consuming; start it
// again and see it rejoin and catch up.
//
// Needs a Docker engine (DOCKER_HOST is honoured). Skips, loudly, when none
// answers. The image is EDDY_TEST_IMAGE when set; otherwise this test builds
// deploy/docker/Dockerfile from the work tree with BASE_IMAGE taken from
// EDDY_DOCKER_BASE_IMAGE (default: eddy-local/node:20-slim when
// deploy/ci/docker-engine.sh has built it, else node:20-slim).
//
// Addresses: peers reach each other's controllers by container name on the
// Docker network. Each node advertises <network gateway>:<published port>,
// which answers both from the host (the gateway is one of the host's own
// addresses) and from the containers (through the published port), so the
// host-side client can follow partition leaders as any client would.
// This uses the Docker CLI directly, not the testcontainers package, which is
// not a workspace dependency.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor, type ServerCluster } from '../support/server-cluster.js';
import { WireClient, keyedBatch } from '../support/wire-client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const exec = promisify(execFile);

function engineAnswers(): boolean {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

const hasEngine = engineAnswers();
if (!hasEngine) {
  console.warn('\n*** SKIPPED test/deploy/container-cluster.test.ts: no Docker engine answers (docker version failed). ***\n');
}

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await exec('docker', args, { maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000 });
  return stdout.trim();
}

async function buildImage(tag: string): Promise<void> {
  // Context: the files git knows (tracked or new, not ignored), as a tar on stdin,
  // so no node_modules or dist from the host leaks into the build.
  // deploy/ci/docker-engine.sh builds eddy-local/node:20-slim where no registry image can be pulled.
  const local = await docker('images', '-q', 'eddy-local/node:20-slim').catch(() => '');
  const base = process.env.EDDY_DOCKER_BASE_IMAGE ?? (local ? 'eddy-local/node:20-slim' : 'node:20-slim');
  const cmd = `git ls-files -z --cached --others --exclude-standard | xargs -0 tar -c --ignore-failed-read | docker build -q -f deploy/docker/Dockerfile --build-arg BASE_IMAGE=${base} -t ${tag} -`;
  await exec('bash', ['-o', 'pipefail', '-c', cmd], { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
}

interface Node {
  id: number;
  name: string;
  address: string;
  metricsUrl: string;
  child: object | undefined;
}

describe.skipIf(!hasEngine)('deploy: the image as a 3-node cluster', () => {
  const run = randomBytes(3).toString('hex');
  const network = `eddy-test-${run}`;
  const image = process.env.EDDY_TEST_IMAGE ?? `eddy-test:${run}`;
  const nodes: Node[] = [];
  let client: WireClient;
  const logs = async (): Promise<string> =>
    (await Promise.all(nodes.map(async (n) => `--- ${n.name}\n${await docker('logs', '--tail', '30', n.name).catch((e: Error) => e.message)}`))).join('\n');

  async function startContainer(n: Node, grpcPort: number, metricsPort: number, gateway: string, controllers: string): Promise<void> {
    await docker(
      'run', '-d', '--name', n.name, '--hostname', n.name, '--network', network,
      '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      '-p', `${gateway}:${grpcPort}:9092`, '-p', `${gateway}:${metricsPort}:9100`,
      '-e', `EDDY_NODE_ID=${n.id}`, '-e', 'EDDY_ROLES=combined', '-e', `EDDY_CONTROLLERS=${controllers}`,
      '-e', `EDDY_ADVERTISED_ADDRESS=${n.address}`, '-e', `EDDY_RACK=rack-${n.id}`, '-e', 'EDDY_LOG_LEVEL=warn',
      '-e', 'EDDY_RAFT_TICK_MS=20',
      image,
    );
  }

  beforeAll(async () => {
    if (!process.env.EDDY_TEST_IMAGE) await buildImage(image);
    await docker('network', 'create', network);
    const gateway = await docker('network', 'inspect', '-f', '{{(index .IPAM.Config 0).Gateway}}', network);
    const ports = await Promise.all(Array.from({ length: 6 }, freePort));
    for (let i = 1; i <= 3; i++) {
      const grpcPort = ports[2 * (i - 1)] as number;
      const metricsPort = ports[2 * (i - 1) + 1] as number;
      nodes.push({ id: i, name: `eddy-${run}-${i}`, address: `${gateway}:${grpcPort}`, metricsUrl: `http://${gateway}:${metricsPort}/metrics`, child: {} });
    }
    const controllers = nodes.map((n) => `${n.id}@${n.name}:9092`).join(',');
    for (const [i, n] of nodes.entries()) await startContainer(n, ports[2 * i] as number, ports[2 * i + 1] as number, gateway, controllers);
    client = new WireClient({ nodes } as unknown as ServerCluster);
    await waitFor('three nodes registered and online', async () => {
      const md = await client.metadata([]).catch(() => undefined);
      return md && md.nodes.filter((x) => x.online).length === 3;
    }, 120_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await logs()}`);
    });
  }, 25 * 60_000);

  afterAll(async () => {
    client?.close();
    for (const n of nodes) await docker('rm', '-f', '-v', n.name).catch(() => undefined);
    await docker('network', 'rm', network).catch(() => undefined);
    if (!process.env.EDDY_TEST_IMAGE) await docker('rmi', '-f', image).catch(() => undefined);
  }, 120_000);

  it('produces and consumes with RF 3 through a stop and a restart of one container', async () => {
    const topic = `container-${run}`;
    await client.admin('createTopic', { name: topic, partitions: 1, replicationFactor: 3 });
    const batch = (from: number, n: number) => keyedBatch(Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })));
    await client.produceUntilAcked(topic, 0, batch(0, 10));
    expect((await client.readAll(topic, 0)).map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));

    // Stop the partition's leader: a new one is elected among the two left.
    const leader = await client.leaderAddress(topic, 0);
    const victim = nodes.find((n) => n.address === leader?.address) as Node;
    expect(victim).toBeDefined();
    await docker('stop', '-t', '30', victim.name);
    victim.child = undefined;

    await client.produceUntilAcked(topic, 0, batch(10, 10));
    expect((await client.readAll(topic, 0)).map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));

    await docker('start', victim.name);
    victim.child = {};
    await waitFor(`${victim.name} rejoins`, async () => {
      const md = await client.metadata([topic]).catch(() => undefined);
      return md?.nodes.find((x) => x.nodeId === victim.id)?.online;
    }, 120_000);
    await client.produceUntilAcked(topic, 0, batch(20, 10));
    // Caught up: no node reports an under-replicated partition.
    await waitFor('no under-replicated partitions', async () => {
      let total = 0;
      for (const n of nodes) {
        const text = await (await fetch(n.metricsUrl)).text().catch(() => '');
        if (!text) return false;
        for (const m of text.matchAll(/^eddy_storage_under_replicated_partitions(?:\{[^}]*\})? (\d+)/gm)) total += Number(m[1]);
      }
      return total === 0;
    }, 120_000);
    expect((await client.readAll(topic, 0)).map((r) => r.value)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
  }, 10 * 60_000);
});
