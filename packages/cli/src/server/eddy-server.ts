// One Eddy server process, any role (docs/architecture.md §3): the controller quorum member,
// the storage node, or both ("combined"). Everything shares one LevelDB and one
// multi-raft host; each role adds its groups and services to the process's two
// gRPC listeners (§21): the client listener (public services) and the internal
// one (Raft, ControllerService), each TLS when the config names the files.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AdminForwarder, Controller, ControllerMetrics, RaftMetadataLog, addControllerServices, emptyImage, forwardingAdminHandlers, liveStorageNodes, startSessionTimer, type MetadataImage } from '@eddy/controller';
import { TIMED_OUT, bindServer, callerNodeIdWith, checkTlsFiles, createEddyServer, listenerCredentials, loadEddyProto, nodeChannelCredentials, nodePrincipal, within, type EddyServer, type Listener, type Logger, type wire } from '@eddy/protocol';
import { GrpcTransport, isLevelCorruption, LevelRaftStore, RaftHost } from '@eddy/raft';
import { CONSUMER_OFFSETS_TOPIC_SPEC, DamageReporter, DataPlane, GroupCoordinator, IntegrityMetrics, ProducerIdBlocks, RemoteMetrics, Scrubber, StorageSpace, addGroupServices, openRemoteStore, parseRemoteStorageUrl, registerGroupMetrics } from '@eddy/storage-node';
import { Registry } from 'prom-client';
import { startMetricsServer } from './metrics-http.js';
import { Authenticator } from './security/authenticator.js';
import { CallGuard } from './security/call-guard.js';
import { SecurityMetrics } from './security/security-metrics.js';
import { NodeMetrics, diskSpace } from './node-metrics.js';
import { RuntimeMetrics } from './runtime-metrics.js';
import { runShutdownStep, step, type ShutdownStep } from './shutdown-steps.js';
import { Role, tlsFilesOf, type ServerConfig } from './server-config.js';
import { ControllerLink } from './storage/controller-link.js';
import { startLeadershipReporter } from './storage/leadership-reporter.js';
import { ListOffsetsClient } from './storage/list-offsets-client.js';
import { MetadataCatalog } from './storage/metadata-catalog.js';
import { storageMetadataHandlers } from './storage/metadata-handlers.js';

export interface RunningServer {
  /** The client listener's bound address. */
  readonly grpcAddress: string;
  /** The internal listener's bound address. */
  readonly internalAddress: string;
  readonly metricsUrl: string;
  readonly controller: Controller | undefined;
  readonly dataPlane: DataPlane | undefined;
  /**
   * Resolves when the node's storage has failed: it no longer takes part in
   * Raft and already answers health NOT_SERVING. Its owner should exit
   * non-zero so a supervisor restarts it from what is durable on disk.
   */
  readonly failed: Promise<Error>;
  stop(): Promise<void>;
}

export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const registry = new Registry();
  // prom-client's defaults, and the event-loop delay histogram with one monitor for it and prom-client's lag gauges.
  const runtime = new RuntimeMetrics(registry, { prefix: 'eddy_' });
  // prom-client names these gauges with a _total suffix, which Prometheus
  // reserves for counters (promtool check metrics rejects them).
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(`eddy_${name}`);
  const tls = tlsFilesOf(config);
  if (tls) checkTlsFiles(tls);
  // Damage the store finds in what it holds (checksums, missing entries, LevelDB's own
  // corruption) is counted and logged; damage a read finds goes to the replica that
  // owns it, which repairs it from its peers (docs/architecture.md, "Integrity").
  const integrity = new IntegrityMetrics(registry);
  const damage = new DamageReporter({ logger: logger.child({ component: 'integrity' }), metrics: integrity });
  const store = await LevelRaftStore.open({ path: path.join(config.dataDir, 'raft'), fsync: config.fsync, onDamage: damage.onDamage });
  logStoreOpened(store.opened, logger);
  // Users, ACLs and quotas as this node's metadata has them (set below, once the roles exist).
  let image: () => MetadataImage = emptyImage;
  const securityMetrics = new SecurityMetrics(registry);
  // One for both listeners: a password checked once is remembered for either.
  const authenticator = new Authenticator({ users: () => image().users, nodeSanRules: config.nodeSanTemplates });
  const guard = (listener: Listener): CallGuard =>
    new CallGuard({
      listener,
      authenticator,
      view: { ready: () => image().version > 0, version: () => image().version, acls: () => image().acls.values(), quotas: () => image().quotas },
      authorization: config.authorization,
      superUsers: config.superUsers,
      tls: tls !== undefined,
      metrics: securityMetrics,
      audit: logger.child({ component: 'security', audit: true }),
    });
  const grpc: EddyServer = createEddyServer({ interceptors: [guard('client').interceptor] }, 'client');
  const internal: EddyServer = createEddyServer({ interceptors: [guard('internal').interceptor] }, 'internal');
  const setServing = (status: 'SERVING' | 'NOT_SERVING'): void => {
    grpc.setServing(status);
    internal.setServing(status);
  };
  // How this node calls its peers: with TLS, its own certificate names it.
  const nodeCredentials = nodeChannelCredentials(tls);
  const nodeOfCaller = tls ? callerNodeIdWith(config.nodeSanTemplates) : undefined;

  const isStorage = config.roles.includes(Role.Storage);
  const catalog = isStorage ? new MetadataCatalog(config.nodeId) : undefined;
  // Raft peers' internal listeners: controllers from the static quorum list,
  // or (added at run time) from the metadata; storage peers from the metadata.
  const peerAddresses = new Map<number, string>(config.controllers.map((c) => [c.id, c.address]));
  let controller: Controller | undefined;
  const controllerAddressOf = (id: number): string | undefined => (catalog?.image ?? controller?.image)?.controllerAddresses.get(id);
  const transport = new GrpcTransport({
    nodeId: config.nodeId,
    server: internal.server,
    resolve: (id) => peerAddresses.get(id) ?? catalog?.nodeInternalAddress(id) ?? controllerAddressOf(id),
    channelCredentials: nodeCredentials,
    peerNodeId: nodeOfCaller,
    logger: logger.child({ component: 'raft-transport' }),
  });
  // The data volume's free space, and every write to the LevelDB behind a gate:
  // below the minimum, or after a write failed for lack of space, the node is
  // storage full (docs/architecture.md §8.1) instead of failing.
  const space = new StorageSpace({
    nodeId: config.nodeId,
    dataDir: config.dataDir,
    minFreeBytes: config.storageMinFreeBytes,
    db: store.db,
    logger: logger.child({ component: 'storage-space' }),
  });
  await space.start();
  const nodeMetrics = new NodeMetrics(registry, config.dataDir, space);
  let onFailed: (err: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (onFailed = resolve));
  const host = new RaftHost({
    nodeId: config.nodeId,
    store,
    transport,
    tickMs: config.raftTickMs,
    logger: logger.child({ component: 'raft' }),
    observer: nodeMetrics.observer,
    // A node that cannot write must not look alive: no health, no leaderships.
    onFatal: (err) => {
      setServing('NOT_SERVING');
      // LevelDB's own corruption (a damaged table met by a compaction): the restart repairs the database first.
      if (isLevelCorruption(err)) {
        store.markNeedsRepair().then(
          () => onFailed(err),
          () => onFailed(err),
        );
        return;
      }
      onFailed(err);
    },
    // ... except for lack of space: the write waits until there is space again, then is done again.
    retryWrite: space.retryWrite,
  });
  nodeMetrics.bind(host);

  // Shutdown steps, run in reverse order of registration, each within its bound.
  const stops: ShutdownStep[] = [];
  let shuttingDown = false;
  let link: ControllerLink | undefined;
  // Every node answers AdminService: what its own controller cannot (not
  // active, or none here) goes to the active controller, as the controller's
  // Raft group knows it, or else as the link to the quorum last found it.
  const forwarder = new AdminForwarder({
    activeController: () => (controller ? controller.activeController() : link?.activeController()),
    channelCredentials: nodeCredentials,
    logger: logger.child({ component: 'admin-forwarder' }),
  });
  if (config.roles.includes(Role.Controller)) {
    // A controller outside the --controllers list joins the running quorum: it
    // follows the log as a learner once `eddy controller add` names it.
    const joining = !config.controllers.some((c) => c.id === config.nodeId);
    if (joining) {
      logger.info(
        { controllers: config.controllers.map((c) => `${c.id}@${c.address}`).join(',') },
        `this controller is not in the --controllers list: it joins the quorum once added (eddy controller add ${config.nodeId} --internal-address ${config.internalAdvertisedAddress})`,
      );
    }
    const log = new RaftMetadataLog({
      host,
      self: { id: config.nodeId, address: config.internalAdvertisedAddress },
      voters: config.controllers,
      join: joining,
      addressOf: controllerAddressOf,
    });
    controller = new Controller({
      log,
      logger,
      metrics: new ControllerMetrics(registry),
      nodeReplacementTimeoutMs: config.nodeReplacementTimeoutMs,
      balancerIntervalMs: config.balancerIntervalMs,
      reassignmentMaxConcurrent: config.reassignmentMaxConcurrent,
    });
    // A storage node answers MetadataService from its own copy of the metadata.
    addControllerServices(grpc.server, controller, { metadataService: !isStorage, forwarder, internalServer: internal.server, callerNodeId: nodeOfCaller });
  }

  // A storage node follows the metadata stream; a controller-only node has its own image.
  const c0 = controller;
  image = catalog ? () => catalog.image : c0 ? () => c0.image : emptyImage;

  let dataPlane: DataPlane | undefined;
  let reportNow: () => void = () => undefined;
  let coordinator: GroupCoordinator | undefined;
  if (catalog) {
    const roles: wire.NodeRole[] = config.roles.map((r) => (r === Role.Controller ? 'NODE_ROLE_CONTROLLER' : 'NODE_ROLE_STORAGE'));
    const controllerLink = (link = new ControllerLink({
      nodeId: config.nodeId,
      address: config.advertisedAddress,
      internalAddress: config.internalAdvertisedAddress,
      rack: config.rack,
      roles,
      controllers: config.controllers,
      channelCredentials: nodeCredentials,
      logger: logger.child({ component: 'controller-link' }),
    }));
    // Tiered topics upload to the cluster's object store (docs/architecture.md §14.1); its metrics exist either way.
    const remoteMetrics = new RemoteMetrics(registry);
    const remoteStore = config.remoteStorage === undefined ? undefined : openRemoteStore(parseRemoteStorageUrl(config.remoteStorage));
    if (remoteStore) logger.info({ remoteStorage: remoteStore.description }, 'tiered topics use this object store');
    dataPlane = new DataPlane({
      nodeId: config.nodeId,
      host,
      store,
      catalog,
      logger: logger.child({ component: 'storage' }),
      registry,
      leaderHint: (topic, partition) => catalog.leaderOf(topic, partition),
      producerIds: new ProducerIdBlocks(async () => {
        const block = await controllerLink.allocateProducerIds();
        return { first: BigInt(block.firstProducerId), count: block.count };
      }),
      onLeadershipChange: () => reportNow(),
      replicationThrottleBytes: config.replicationThrottleBytes,
      space,
      onRepaired: integrity.repaired,
      remoteMetrics,
      ...(remoteStore ? { remoteStore } : {}),
      remoteCleanupIntervalMs: config.remoteCleanupIntervalMs,
      retentionIntervalMs: config.retentionCheckIntervalMs,
    });
    dataPlane.addTo(grpc.server);
    damage.routeTo(dataPlane.replicas);
    const listOffsets = new ListOffsetsClient(catalog, nodeCredentials);
    coordinator = new GroupCoordinator({
      nodeId: config.nodeId,
      replicas: dataPlane.replicas,
      catalog,
      logger: logger.child({ component: 'group-coordinator' }),
      leaderHint: (topic, partition) => catalog.leaderOf(topic, partition),
      listOffsets: (topic, partition, query) => listOffsets.offset(topic, partition, query),
    });
    addGroupServices(grpc.server, coordinator);
    registerGroupMetrics(registry, coordinator);
    stops.push(step('list-offsets client', () => listOffsets.close()));
    const activeController = () => (controller ? controller.activeController()?.id ?? -1 : -1);
    grpc.server.addService(loadEddyProto().proto.eddy.v1.MetadataService.service, storageMetadataHandlers(catalog, activeController));
    if (!controller) grpc.server.addService(loadEddyProto().proto.eddy.v1.AdminService.service, forwardingAdminHandlers(forwarder));
  }

  const port = await bindServer(grpc.server, config.listenAddress, listenerCredentials(tls, false));
  const grpcAddress = `${config.listenAddress.slice(0, config.listenAddress.lastIndexOf(':'))}:${port}`;
  const internalPort = await bindServer(internal.server, config.internalListenAddress, listenerCredentials(tls, true));
  const internalAddress = `${config.internalListenAddress.slice(0, config.internalListenAddress.lastIndexOf(':'))}:${internalPort}`;
  await host.start();
  if (controller) {
    await controller.start();
    const c = controller;
    const stopTimer = startSessionTimer(c, 1000);
    // Combined nodes: every controller is also a storage node, so the cluster
    // will have at least that many; otherwise assume the full factor.
    const expectedStorage = isStorage ? config.controllers.length : CONSUMER_OFFSETS_TOPIC_SPEC.maxReplicationFactor;
    const stopInternalTopics = ensureInternalTopics(c, logger, expectedStorage, config.nodeId);
    // Steps run in reverse: first nothing new is queued (the session timer
    // fences silent nodes, e.g. peers stopping at the same moment, and that
    // command could not commit without them), then the hand-over, then the stop.
    stops.push(
      step('controller', () => c.stop()),
      step('controller hand-over', async () => {
        if (c.isActive()) logger.info({ handedOver: await c.handOver(5000) }, 'active controller role handed over before shutdown');
      }),
      step('internal topics', stopInternalTopics),
      step('session timer', stopTimer),
    );
  }
  if (catalog && link && dataPlane) {
    // Register (the quorum may still be electing), follow the metadata, then open the replicas it assigns here.
    const l = link;
    const dp = dataPlane;
    const registration = await l.register();
    l.startHeartbeats(registration.heartbeatIntervalMs || 2000, () => shuttingDown, () => diskSpace(config.dataDir));
    l.watchMetadata(() => catalog.version, (e) => catalog.onEvent(e));
    await catalog.ready();
    await dp.start();
    const groups = coordinator;
    groups?.start();
    const reporter = startLeadershipReporter({ nodeId: config.nodeId, dataPlane: dp, catalog, link: l, intervalMs: 500, logger });
    reportNow = reporter.reportNow;
    // Re-reads every replica's stored entries at scrub.bytes.per.sec, so damage to cold data is found early.
    const scrubber = new Scrubber({ replicas: () => dp.replicas.replicas(), store, bytesPerSecond: config.scrubBytesPerSec, metrics: integrity, logger: logger.child({ component: 'scrubber' }) });
    scrubber.start();
    stops.push(
      step('controller link', () => l.close()),
      step('partition replicas', () => dp.stop()),
      step('group coordinator', () => groups?.stop()),
      step('leadership reporter', reporter.stop),
      // Graceful shutdown hands this node's leaderships to other replicas first,
      // so producers see a short NOT_LEADER instead of an election timeout.
      step('leadership transfer', async () => {
        shuttingDown = true;
        const stillLed = await dp.transferLeaderships(5000);
        if (stillLed === 0) logger.info('leaderships transferred before shutdown');
        else logger.warn({ stillLed }, 'partitions still led here: no live replica to take them, or none took them within 5 s; their other replicas elect a leader once this node stops');
      }),
      // First of all: at most the chunk being read finishes.
      step('scrubber', () => scrubber.stop()),
    );
  }
  const metrics = await startMetricsServer(registry, config.metricsAddress);
  setServing('SERVING');
  logger.info({ grpcAddress, internalAddress, tls: tls !== undefined, metrics: metrics.url, roles: config.roles }, 'eddy server started');

  let stopped = false;
  return {
    grpcAddress,
    internalAddress,
    metricsUrl: metrics.url,
    controller,
    dataPlane,
    failed,
    async stop() {
      if (stopped) return;
      stopped = true;
      setServing('NOT_SERVING');
      for (const s of stops.reverse()) await runShutdownStep(s, logger);
      await runShutdownStep(step('raft host', () => host.stop()), logger);
      space.stop();
      await Promise.all([shutdownGrpc(grpc.server, SHUTDOWN_GRACE_MS), shutdownGrpc(internal.server, SHUTDOWN_GRACE_MS)]);
      // After the server: calls still being forwarded keep their clients until it closed.
      forwarder.close();
      metrics.server.close();
      runtime.stop();
      await store.close();
    },
  };
}

/**
 * The active controller creates __consumer_offsets once enough storage nodes
 * are live for its full replication factor (min(3, the storage nodes
 * expected)). Created earlier, on the first node to register, it would keep
 * one replica for good and the groups it coordinates would stop with that
 * node. After a grace period it settles for the nodes that are live (a
 * smaller cluster than expected). Its partition count never changes
 * afterwards, since it decides where each group lives.
 */
function ensureInternalTopics(controller: Controller, logger: Logger, expectedStorageNodes: number, nodeId: number, graceMs = 15_000): () => void {
  let busy = false;
  let waitingSince: number | undefined;
  const wanted = Math.max(1, Math.min(CONSUMER_OFFSETS_TOPIC_SPEC.maxReplicationFactor, expectedStorageNodes));
  const timer = setInterval(() => {
    if (busy || !controller.isActive() || controller.image.topicsByName.has(CONSUMER_OFFSETS_TOPIC_SPEC.name)) return;
    const storageNodes = liveStorageNodes(controller.image).length;
    if (storageNodes === 0) return;
    waitingSince ??= Date.now();
    if (storageNodes < wanted && Date.now() - waitingSince < graceMs) return;
    if (storageNodes < wanted) logger.warn({ topic: CONSUMER_OFFSETS_TOPIC_SPEC.name, live: storageNodes, wanted }, 'creating the internal topic with fewer replicas than wanted: not enough storage nodes are live');
    busy = true;
    controller
      .createTopic(
        {
          name: CONSUMER_OFFSETS_TOPIC_SPEC.name,
          partitions: CONSUMER_OFFSETS_TOPIC_SPEC.partitions,
          replicationFactor: Math.min(CONSUMER_OFFSETS_TOPIC_SPEC.maxReplicationFactor, storageNodes),
          configs: { ...CONSUMER_OFFSETS_TOPIC_SPEC.configs },
          validateOnly: false,
        },
        { internal: true, principal: nodePrincipal(nodeId) },
      )
      .then(
        () => logger.info({ topic: CONSUMER_OFFSETS_TOPIC_SPEC.name }, 'created the internal topic'),
        (err: Error) => logger.debug({ err: err.message }, 'could not create the internal topic yet'),
      )
      .finally(() => (busy = false));
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** One line on how the store opened (after an abrupt end every stored value was read and checked). */
function logStoreOpened(opened: LevelRaftStore['opened'], logger: Logger): void {
  const fields = { ...opened };
  if (opened.damaged > 0 || opened.repaired || opened.walDropped > 0) {
    logger.warn(fields, 'the raft store opened with damage: the affected replicas repair themselves from their peers (see the damage lines above); check the disk (SMART, dmesg)');
  } else if (opened.scanned) {
    logger.info(fields, 'the raft store opened without a record of a clean shutdown (a new database, or the last run ended abruptly): every stored value was read and checked, none damaged');
  } else {
    logger.info(fields, 'the raft store opened after a clean shutdown');
  }
}

/** How long in-flight calls get to finish on shutdown before the server closes the rest. */
const SHUTDOWN_GRACE_MS = 1_000;

/**
 * Stops accepting calls and lets in-flight ones finish for up to graceMs; then
 * cancels what is left. Long-lived streams (peers' Raft streams, Subscribe)
 * would otherwise hold a graceful shutdown open until the other side gives up.
 */
async function shutdownGrpc(server: EddyServer['server'], graceMs: number): Promise<void> {
  const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  if ((await within(graceful, graceMs)) === TIMED_OUT) server.forceShutdown();
}
