// The real image as a cluster, driven by testcontainers: three combined nodes
// as containers on one Docker network; a topic with RF 3; produce and consume
// from the host through published ports; stop one container, keep producing
// and consuming; start it again and see it rejoin and catch up.
//
// Needs a Docker engine (DOCKER_HOST is honoured; deploy/ci/docker-engine.sh
// starts one in CI). Skips, loudly, when none answers. The image is
// EDDY_TEST_IMAGE when set; otherwise this test builds deploy/docker/Dockerfile
// from the work tree (the context is filtered by .dockerignore) with
// BASE_IMAGE taken from EDDY_DOCKER_BASE_IMAGE (default: eddy-local/node:20-slim
// when deploy/ci/docker-engine.sh has built it, else node:20-slim).
//
// Addresses: peers reach each other's controllers by network alias. Each node
// advertises <network gateway>:<published port>, which answers both from the
// host (the gateway is one of the host's own addresses) and from the
// containers (through the published port), so the host-side client can follow
// partition leaders as any client would.
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../support/harness.js';
import { type ServerCluster } from '../support/server-cluster.js';
import { WireClient, keyedBatch } from '../support/wire-client.js';
// Types only (erased): the module itself is loaded below, after its settings.
import type { ContainerRuntimeClient, StartedNetwork, StartedTestContainer } from 'testcontainers';

// No image registry here, so no Ryuk reaper image: this file removes what it
// creates itself. Both must be set before testcontainers reads its settings.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
const { GenericContainer, ImageName, Network, getContainerRuntimeClient } = await import('testcontainers');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function engine(): Promise<ContainerRuntimeClient | undefined> {
  try {
    return await getContainerRuntimeClient();
  } catch (err) {
    console.warn(`\n*** SKIPPED test/deploy/container-cluster.test.ts: no Docker engine answers (${(err as Error).message.split('\n')[0]}). ***\n`);
    return undefined;
  }
}
const runtime = await engine();

/** Docker multiplexes a container's stdout and stderr in frames with an 8-byte header (stream, size); keep the text. */
function demux(buf: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(at + 4);
    parts.push(buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The image's container with a read-only root filesystem, as the Kubernetes manifests run it. */
class EddyContainer extends GenericContainer {
  withReadOnlyRootFilesystem(): this {
    this.hostConfig.ReadonlyRootfs = true;
    return this;
  }
}

interface Node {
  id: number;
  alias: string;
  address: string;
  metricsUrl: string;
  container?: StartedTestContainer;
  /** Set while the container is stopped (kept, with its data, to start again). */
  stoppedId?: string;
  child: object | undefined;
}

describe.skipIf(!runtime)('deploy: the image as a 3-node cluster (testcontainers)', () => {
  const client0 = runtime as ContainerRuntimeClient;
  const run = randomBytes(3).toString('hex');
  const image = process.env.EDDY_TEST_IMAGE ?? `eddy-test:${run}`;
  const nodes: Node[] = [];
  let network: StartedNetwork | undefined;
  let client: WireClient;

  const logs = async (): Promise<string> => {
    const parts = await Promise.all(
      nodes.map(async (n) => {
        const id = n.container?.getId() ?? n.stoppedId;
        if (!id) return `--- ${n.alias}: not started`;
        const buf = (await client0.container.dockerode.getContainer(id).logs({ stdout: true, stderr: true, tail: 30 }).catch((e: Error) => Buffer.from(e.message))) as Buffer;
        return `--- ${n.alias}\n${demux(buf)}`;
      }),
    );
    return parts.join('\n');
  };

  async function buildImage(): Promise<void> {
    const local = await client0.image.exists(ImageName.fromString('eddy-local/node:20-slim')).catch(() => false);
    const base = process.env.EDDY_DOCKER_BASE_IMAGE ?? (local ? 'eddy-local/node:20-slim' : 'node:20-slim');
    await GenericContainer.fromDockerfile(root, 'deploy/docker/Dockerfile').withBuildArgs({ BASE_IMAGE: base }).build(image, { deleteOnExit: false });
  }

  beforeAll(async () => {
    if (!process.env.EDDY_TEST_IMAGE) await buildImage();
    network = await new Network().start();
    const info = (await client0.network.getById(network.getId()).inspect()) as { IPAM: { Config: { Gateway: string }[] } };
    const gateway = info.IPAM.Config[0]?.Gateway;
    if (!gateway) throw new Error(`network ${network.getName()} has no gateway address`);
    const ports = await Promise.all(Array.from({ length: 6 }, freePort));
    for (let i = 1; i <= 3; i++) {
      nodes.push({ id: i, alias: `eddy-${i}`, address: `${gateway}:${ports[2 * (i - 1)]}`, metricsUrl: `http://${gateway}:${ports[2 * (i - 1) + 1]}/metrics`, child: {} });
    }
    const controllers = nodes.map((n) => `${n.id}@${n.alias}:9093`).join(',');
    // All three at once: the controller quorum needs two of them to answer.
    await Promise.all(
      nodes.map(async (n, i) => {
        n.container = await new EddyContainer(image)
          .withName(`eddy-${run}-${n.id}`)
          .withHostname(n.alias)
          .withNetwork(network as StartedNetwork)
          .withNetworkAliases(n.alias)
          .withReadOnlyRootFilesystem()
          .withTmpFs({ '/tmp': 'rw' })
          .withDroppedCapabilities('ALL')
          .withSecurityOpt('no-new-privileges')
          .withExposedPorts({ container: 9092, host: ports[2 * i] as number }, { container: 9100, host: ports[2 * i + 1] as number })
          .withEnvironment({
            EDDY_NODE_ID: String(n.id),
            EDDY_ROLES: 'combined',
            EDDY_CONTROLLERS: controllers,
            EDDY_ADVERTISED_ADDRESS: n.address,
            // Peers reach each other on the network by alias; only the client port is published.
            EDDY_INTERNAL_LISTEN_ADDRESS: '0.0.0.0:9093',
            EDDY_INTERNAL_ADVERTISED_ADDRESS: `${n.alias}:9093`,
            EDDY_RACK: `rack-${n.id}`,
            EDDY_LOG_LEVEL: 'warn',
            EDDY_RAFT_TICK_MS: '20',
          })
          .withStartupTimeout(120_000)
          .start();
      }),
    );
    client = new WireClient({ nodes, clientCredentials: () => grpc.credentials.createInsecure() } as unknown as ServerCluster);
    await waitFor('three nodes registered and online', async () => {
      const md = await client.metadata([]).catch(() => undefined);
      return md && md.nodes.filter((x) => x.online).length === 3;
    }, 120_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await logs()}`);
    });
  }, 25 * 60_000);

  afterAll(async () => {
    client?.close();
    for (const n of nodes) {
      const id = n.container?.getId() ?? n.stoppedId;
      if (id) await client0.container.dockerode.getContainer(id).remove({ force: true, v: true }).catch(() => undefined);
    }
    await network?.stop().catch(() => undefined);
    if (!process.env.EDDY_TEST_IMAGE) await client0.container.dockerode.getImage(image).remove({ force: true }).catch(() => undefined);
  }, 120_000);

  it('produces and consumes with RF 3 through a stop and a restart of one container', async () => {
    const topic = `container-${run}`;
    await client.admin('createTopic', { name: topic, partitions: 1, replicationFactor: 3 });
    const batch = (from: number, n: number) => keyedBatch(Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })));
    await client.produceUntilAcked(topic, 0, batch(0, 10));
    expect((await client.readAll(topic, 0)).map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));

    // Stop the partition's leader (SIGTERM, as Kubernetes does; the container
    // and its data volume are kept): a new leader is elected among the two left.
    const leader = await client.leaderAddress(topic, 0);
    const victim = nodes.find((n) => n.address === leader?.address) as Node;
    expect(victim).toBeDefined();
    const started = victim.container as StartedTestContainer;
    victim.stoppedId = started.getId();
    await started.stop({ remove: false, timeout: 30_000 });
    victim.container = undefined;
    victim.child = undefined;

    await client.produceUntilAcked(topic, 0, batch(10, 10));
    expect((await client.readAll(topic, 0)).map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));

    // Start the same container again: same data volume, same published ports.
    await client0.container.start(client0.container.getById(victim.stoppedId));
    victim.child = {};
    await waitFor(`${victim.alias} rejoins`, async () => {
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
