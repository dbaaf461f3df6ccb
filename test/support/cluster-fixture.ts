// The prologue most cluster tests share: a started ServerCluster with an active
// controller, a WireClient on it, the test's topics created and led, and an
// @eddy/client when the test asks for one; close() tears it all down.
import { Eddy, type EddyOptions } from '@eddy/client';
import type { wire } from '@eddy/protocol';
import { waitFor } from './harness.js';
import { ServerCluster, type ClusterOptions } from './server-cluster.js';
import { WireClient } from './wire-client.js';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
}

export interface FixtureOptions extends ClusterOptions {
  /** Created in order once the cluster has an active controller (see ClusterFixture.createTopic). */
  topics?: TopicSpec[];
  /** Options of `client`, beside its bootstrap (the cluster's). */
  client?: Omit<EddyOptions, 'bootstrap'>;
}

export interface ClusterFixture {
  readonly cluster: ServerCluster;
  readonly wire: WireClient;
  /** An @eddy/client Eddy on the cluster, made on first use (with options.client). */
  readonly client: Eddy;
  /** Creates a topic through the wire and waits until metadata names a live leader for every partition. */
  createTopic(spec: TopicSpec): Promise<void>;
  /** Closes the clients, stops every node and removes the data. */
  close(): Promise<void>;
}

/** Starts the cluster; if any step fails, what was started is stopped before the error is thrown. */
export async function startCluster(options: FixtureOptions = {}): Promise<ClusterFixture> {
  const { topics = [], client: clientOptions = {}, ...clusterOptions } = options;
  const cluster = new ServerCluster(clusterOptions);
  const wireClient = new WireClient(cluster);
  let eddy: Eddy | undefined;
  const fixture: ClusterFixture = {
    cluster,
    wire: wireClient,
    get client(): Eddy {
      eddy ??= new Eddy({ bootstrap: cluster.bootstrap, ...clientOptions });
      return eddy;
    },
    async createTopic(spec) {
      await wireClient.admin('createTopic', spec);
      await waitFor(`every partition of ${spec.name} has a leader`, async () => {
        const md = await wireClient.metadata([spec.name]);
        const online = new Set(md.nodes.filter((n) => n.online).map((n) => n.nodeId));
        const partitions = md.topics[0]?.partitions ?? [];
        return partitions.length === spec.partitions && partitions.every((p) => online.has(p.leaderId));
      });
    },
    async close() {
      wireClient.close();
      await eddy?.close().catch(() => undefined);
      await cluster.stop();
    },
  };
  try {
    await cluster.start();
    await waitFor('an active controller', async () => (await wireClient.admin<wire.DescribeClusterResponse__Output>('describeCluster', {})).activeControllerId > 0);
    for (const t of topics) await fixture.createTopic(t);
  } catch (err) {
    await fixture.close();
    throw err;
  }
  return fixture;
}
