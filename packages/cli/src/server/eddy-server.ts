// One Eddy server process, any role (DESIGN §2): the controller quorum member,
// the storage node, or both ("combined"). Everything shares one gRPC server,
// one LevelDB and one multi-raft host; each role adds its groups and services.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Controller, ControllerMetrics, RaftMetadataLog, addControllerServices, startSessionTimer } from '@eddy/controller';
import { bindServer, createEddyServer, type EddyServer, type Logger } from '@eddy/protocol';
import { GrpcTransport, LevelRaftStore, RaftHost } from '@eddy/raft';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { startMetricsServer } from './metrics-http.js';
import { Role, type ServerConfig } from './server-config.js';

export interface RunningServer {
  readonly grpcAddress: string;
  readonly metricsUrl: string;
  readonly controller: Controller | undefined;
  stop(): Promise<void>;
}

export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'eddy_process_' });
  const store = await LevelRaftStore.open({ path: path.join(config.dataDir, 'raft'), fsync: config.fsync });
  const grpc: EddyServer = createEddyServer();

  // Raft peers: controllers from the static quorum list; storage peers come from metadata.
  const peerAddresses = new Map<number, string>(config.controllers.map((c) => [c.id, c.address]));
  const transport = new GrpcTransport({ nodeId: config.nodeId, server: grpc.server, resolve: (id) => peerAddresses.get(id), logger: logger.child({ component: 'raft-transport' }) });
  const host = new RaftHost({ nodeId: config.nodeId, store, transport, tickMs: config.raftTickMs, logger: logger.child({ component: 'raft' }) });

  const stops: (() => Promise<void> | void)[] = [];
  let controller: Controller | undefined;
  if (config.roles.includes(Role.Controller)) {
    const self = config.controllers.find((c) => c.id === config.nodeId);
    if (!self) throw new Error(`node ${config.nodeId} has the controller role but is not in the controller list (${config.controllers.map((c) => `${c.id}@${c.address}`).join(',')})`);
    const log = new RaftMetadataLog({ host, self: { id: self.id, address: config.advertisedAddress }, voters: config.controllers });
    controller = new Controller({ log, logger, metrics: new ControllerMetrics(registry) });
    addControllerServices(grpc.server, controller);
  }

  const port = await bindServer(grpc.server, config.listenAddress);
  const grpcAddress = `${config.listenAddress.slice(0, config.listenAddress.lastIndexOf(':'))}:${port}`;
  await host.start();
  if (controller) {
    await controller.start();
    const c = controller;
    const stopTimer = startSessionTimer(c, 1000);
    stops.push(stopTimer, () => c.stop());
  }
  const metrics = await startMetricsServer(registry, config.metricsAddress);
  grpc.setServing('SERVING');
  logger.info({ grpcAddress, metrics: metrics.url, roles: config.roles }, 'eddy server started');

  let stopped = false;
  return {
    grpcAddress,
    metricsUrl: metrics.url,
    controller,
    async stop() {
      if (stopped) return;
      stopped = true;
      grpc.setServing('NOT_SERVING');
      for (const stop of stops.reverse()) await stop();
      await host.stop();
      await new Promise<void>((resolve) => grpc.server.tryShutdown(() => resolve()));
      metrics.server.close();
      await store.close();
    },
  };
}
