// The controller: the metadata log's state machine plus the operations served
// over gRPC. It owns the image (changed only by applying committed records),
// runs commands one at a time against the latest image and appends their
// records (group-committed, command-batcher.ts), answers describes from the
// image, tracks node sessions (expiry is driven from outside through
// tick(now)), and feeds the metadata stream. As the active controller it also
// completes partition moves from leader reports, keeps what storage nodes
// report that does not belong in the log (partition-reports.ts), and runs the
// balancer (docs/architecture.md §7.10).
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import {
  ANONYMOUS_USER,
  EddyError,
  InvalidRequestError,
  NotControllerError,
  aclBindingFromWire,
  aclBindingToWire,
  aclFilterFromWire,
  aclFromWire,
  aclWire,
  deriveScramCredentialAsync,
  formatAclBinding,
  isInternalTopic,
  quotaFromWire,
  quotaToWire,
  scramInputProblem,
  SCRAM_LIMITS,
  TIMED_OUT,
  silentLogger,
  within,
  type AclBinding,
  type Logger,
  type wire,
} from '@eddy/protocol';
import { applyRecord } from '../metadata/apply-record.js';
import { emptyImage, type MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { imageFromRecords, snapshotOf, type MetadataSnapshot } from '../metadata/snapshot.js';
import { isNodeLive, nodeStateOf, offlinePartitions, replicationFactorOf } from '../metadata/views.js';
import { decommissionNode, recommissionNode, requireNode } from '../commands/decommission-node.js';
import { alterPartitionReassignments, startPlannedMoves, type ReassignmentResult } from '../commands/reassign-partitions.js';
import { planBalance, type BalancePlan } from '../placement/balancer.js';
import { balancerInput } from '../placement/balancer-input.js';
import { OfflineClock } from '../session/offline-clock.js';
import { listReassignments, nodeStatuses, reassignmentBytesRemaining, reassignmentStatus } from './cluster-shape.js';
import { PartitionReports } from './partition-reports.js';
import { alterConfigs } from '../commands/alter-configs.js';
import { allocateProducerIds, type ProducerIdBlock } from '../commands/allocate-producer-ids.js';
import type { CommandResult } from '../commands/command-result.js';
import { createPartitions } from '../commands/create-partitions.js';
import { createTopic } from '../commands/create-topic.js';
import { deleteTopic } from '../commands/delete-topic.js';
import { createAcls, deleteAcls, listAcls } from '../commands/acls.js';
import { deleteQuota, listQuotas, setQuota, validateQuotaPrincipal } from '../commands/quotas.js';
import { createUser, deleteUser, listUsers, validateUsername } from '../commands/users.js';
import { fenceNode, nodeHeartbeat } from '../commands/node-heartbeat.js';
import { registerNode } from '../commands/register-node.js';
import { reportLeaders } from '../commands/report-leaders.js';
import type { RandomBytes } from '../commands/topic-id.js';
import type { CommittedBatch, ControllerRef, MetadataLog, MetadataStateMachine } from '../log/metadata-log.js';
import type { ControllerMetrics, ControllerStats } from '../metrics/controller-metrics.js';
import { SessionTracker } from '../session/session-tracker.js';
import { CommandBatcher } from './command-batcher.js';
import { CommandQueue } from './command-queue.js';
import * as describe from './describe.js';
import { MetadataWatch, type WatchListener } from './metadata-watch.js';

export interface ControllerOptions {
  log: MetadataLog;
  logger?: Logger;
  /** Wall clock in ms for session deadlines; tick(now) takes its time from the caller. */
  clock?: () => number;
  /** Source of topic ids and the cluster id. */
  randomBytes?: RandomBytes;
  metrics?: ControllerMetrics;
  /** A node that has not heartbeated for this long is fenced. Default 9,000 ms (Kafka's broker session timeout). */
  sessionTimeoutMs?: number;
  /** What nodes are told to heartbeat at. Default 2,000 ms. */
  heartbeatIntervalMs?: number;
  /** How many recent records the metadata stream can replay to a reconnecting subscriber. */
  watchReplayLimit?: number;
  /** node.replacement.timeout.ms: a node offline this long has its replicas replaced by the balancer. Default 600,000. */
  nodeReplacementTimeoutMs?: number;
  /** reassignment.max.concurrent: partitions the balancer lets move at once, counting moves in progress. Default 4. */
  reassignmentMaxConcurrent?: number;
  /**
   * balancer.interval.ms: how often the active controller runs the balancer
   * (it also runs on node registration and after a decommission); 0 turns
   * automatic runs off (Rebalance still works). Default 10,000.
   */
  balancerIntervalMs?: number;
  /** What internal topics (__consumer_offsets) grow to once enough storage nodes exist. Default 3. */
  defaultReplicationFactor?: number;
}

/** The controller configs of the elastic cluster and their defaults (docs/architecture.md §7.10). */
export const CONTROLLER_CONFIG_DEFAULTS = {
  'node.replacement.timeout.ms': 600_000,
  'reassignment.max.concurrent': 4,
  'balancer.interval.ms': 10_000,
} as const;

/** Most moves one Rebalance may ask for at once (max_moves). */
export const MAX_REBALANCE_MOVES = 1_000;

export const AdminOperation = {
  createTopic: 'create_topic',
  deleteTopic: 'delete_topic',
  listTopics: 'list_topics',
  describeTopic: 'describe_topic',
  createPartitions: 'create_partitions',
  describeConfigs: 'describe_configs',
  alterConfigs: 'alter_configs',
  describeCluster: 'describe_cluster',
  registerNode: 'register_node',
  nodeHeartbeat: 'node_heartbeat',
  reportLeaders: 'report_leaders',
  allocateProducerIds: 'allocate_producer_ids',
  createUser: 'create_user',
  deleteUser: 'delete_user',
  listUsers: 'list_users',
  createAcls: 'create_acls',
  deleteAcls: 'delete_acls',
  listAcls: 'list_acls',
  setQuota: 'set_quota',
  deleteQuota: 'delete_quota',
  listQuotas: 'list_quotas',
  alterPartitionReassignments: 'alter_partition_reassignments',
  listPartitionReassignments: 'list_partition_reassignments',
  rebalance: 'rebalance',
  decommissionNode: 'decommission_node',
  recommissionNode: 'recommission_node',
  listNodes: 'list_nodes',
  addControllerVoter: 'add_controller_voter',
  removeControllerVoter: 'remove_controller_voter',
} as const;
export type AdminOperation = (typeof AdminOperation)[keyof typeof AdminOperation];

/** Who asks for an admin operation, for the audit log. */
export interface AdminCaller {
  /** The authenticated principal; default "User:ANONYMOUS". */
  principal?: string;
}

/** How long stop() lets queued commands finish before it stops the log under them. */
const STOP_DRAIN_MS = 2_000;

export class Controller implements MetadataStateMachine {
  private imageState: MetadataImage = emptyImage();
  private readonly log: MetadataLog;
  private readonly logger: Logger;
  /** One structured line per admin change: principal, operation, resource, outcome. */
  private readonly audit: Logger;
  private readonly clock: () => number;
  private readonly randomBytes: RandomBytes;
  private readonly metrics: ControllerMetrics | undefined;
  private readonly queue = new CommandQueue();
  private readonly batcher: CommandBatcher;
  private readonly sessions: SessionTracker;
  private readonly watch: MetadataWatch;
  private wasActive = false;
  readonly heartbeatIntervalMs: number;
  /** Leader reports and heartbeat disk figures: the active controller's memory, never logged. */
  private readonly reports = new PartitionReports(() => this.clock());
  private readonly offline = new OfflineClock();
  readonly nodeReplacementTimeoutMs: number;
  readonly reassignmentMaxConcurrent: number;
  readonly balancerIntervalMs: number;
  readonly defaultReplicationFactor: number;
  private balancerTimer: NodeJS.Timeout | undefined;
  /** The balancer run in progress, so runs never overlap. */
  private balancing: Promise<BalancePlan | undefined> | undefined;

  constructor(options: ControllerOptions) {
    this.log = options.log;
    this.logger = (options.logger ?? silentLogger()).child({ component: 'controller' });
    this.audit = this.logger.child({ audit: true });
    this.clock = options.clock ?? Date.now;
    this.randomBytes = options.randomBytes ?? ((n) => cryptoRandomBytes(n));
    this.metrics = options.metrics;
    this.sessions = new SessionTracker(options.sessionTimeoutMs ?? 9_000);
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 2_000;
    this.nodeReplacementTimeoutMs = nonNegative(options.nodeReplacementTimeoutMs, CONTROLLER_CONFIG_DEFAULTS['node.replacement.timeout.ms']);
    this.reassignmentMaxConcurrent = Math.max(1, nonNegative(options.reassignmentMaxConcurrent, CONTROLLER_CONFIG_DEFAULTS['reassignment.max.concurrent']));
    this.balancerIntervalMs = nonNegative(options.balancerIntervalMs, CONTROLLER_CONFIG_DEFAULTS['balancer.interval.ms']);
    this.defaultReplicationFactor = Math.max(1, nonNegative(options.defaultReplicationFactor, 3));
    this.watch = new MetadataWatch(() => this.imageState, options.watchReplayLimit);
    this.batcher = new CommandBatcher({
      queue: this.queue,
      image: () => this.imageState,
      append: (records) => this.log.append(records),
      requireActive: () => this.requireActive(),
    });
    this.metrics?.bind({ isActive: () => this.isActive(), stats: () => this.stats() });
  }

  async start(): Promise<void> {
    await this.log.start(this);
    if (this.balancerIntervalMs > 0 && !this.balancerTimer) {
      // Does nothing unless this controller is active; unref'd so it never holds the process open.
      this.balancerTimer = setInterval(() => this.kickBalancer(), this.balancerIntervalMs);
      this.balancerTimer.unref();
    }
  }

  /**
   * Lets queued commands finish for up to `drainMs`, then stops the log. A
   * command that cannot commit (the other controllers are gone, so there is no
   * quorum) would otherwise hold the stop forever; stopping the log fails it.
   */
  async stop(drainMs = STOP_DRAIN_MS): Promise<void> {
    if (this.balancerTimer) clearInterval(this.balancerTimer);
    this.balancerTimer = undefined;
    await this.drain(drainMs);
    await this.log.stop();
  }

  /**
   * Graceful shutdown of the active controller: finishes the queued commands,
   * then hands the active role to another controller (leadership transfer), so
   * the quorum does not wait out an election timeout. True when another leads;
   * false when either part did not finish within timeoutMs.
   */
  async handOver(timeoutMs = 5_000): Promise<boolean> {
    const started = Date.now();
    if (!(await this.drain(timeoutMs))) return false;
    return this.log.handOver(Math.max(1, timeoutMs - (Date.now() - started)));
  }

  /** Waits until the queued commands have finished, for at most `ms`; false when some still run. */
  private async drain(ms: number): Promise<boolean> {
    const idle = this.queue.idle().catch(() => undefined);
    return (await within(idle, ms)) !== TIMED_OUT;
  }

  /** The current image. Read-only for callers: it changes only by applying committed records. */
  get image(): MetadataImage {
    return this.imageState;
  }

  isActive(): boolean {
    return this.log.isActive();
  }

  activeController(): ControllerRef | undefined {
    return this.log.activeController();
  }

  // ---- MetadataStateMachine ------------------------------------------------

  apply(batch: CommittedBatch): void {
    if (batch.records.length > 0 && batch.firstVersion !== this.imageState.version + 1) {
      // The log broke its contract (a gap or a replay); applying anyway keeps every controller equal, but say so.
      this.logger.error({ firstVersion: batch.firstVersion, version: this.imageState.version }, 'metadata batch does not follow the applied version');
    }
    batch.records.forEach((record, i) => {
      const version = batch.firstVersion + i;
      const outcome = applyRecord(this.imageState, record, version);
      if (!outcome.applied) this.logger.warn({ version, reason: outcome.reason }, 'metadata record ignored');
    });
    this.watch.batchApplied(batch.firstVersion + batch.records.length - 1, batch.records);
  }

  restore(snapshot: MetadataSnapshot): void {
    this.imageState = imageFromRecords(snapshot.records, snapshot.version);
    this.logger.info({ version: snapshot.version }, 'metadata image restored from snapshot');
    this.watch.imageReplaced();
  }

  snapshot(): MetadataSnapshot {
    return snapshotOf(this.imageState);
  }

  leadershipChanged(): void {
    const active = this.log.isActive();
    if (active === this.wasActive) return;
    this.wasActive = active;
    this.logger.info({ active, activeController: this.log.activeController()?.id }, active ? 'became the active controller' : 'no longer the active controller');
    if (!active) return;
    // Sessions are the active controller's soft state: every node starts with a full session.
    const now = this.clock();
    // So are leader reports and offline clocks: storage nodes report again within
    // seconds, and a fenced node's offline time restarts now (conservative: it can
    // only delay healing, never hasten it).
    this.reports.clear();
    this.offline.clear();
    this.offline.refresh(this.imageState, now);
    this.sessions.resetAll(
      [...this.imageState.nodes.values()].filter((n) => !n.fenced).map((n) => ({ nodeId: n.id, epoch: n.epoch })),
      now,
    );
    if (this.imageState.clusterId === '') {
      void this.queue
        .run(async () => {
          if (this.imageState.clusterId === '' && this.log.isActive()) {
            await this.log.append([records.clusterId(Buffer.from(this.randomBytes(16)).toString('base64url'))]);
          }
        })
        .catch((err: unknown) => this.logger.warn({ err }, 'could not record the cluster id; the next active controller will'));
    }
  }

  // ---- Admin operations ----------------------------------------------------

  /**
   * `internal`: Eddy's own in-process callers (the server creating __consumer_offsets)
   * may use "__" names. It is an argument, not a request field or gRPC metadata:
   * AdminService's handler passes the request only, so no client can set it.
   */
  createTopic(req: wire.CreateTopicRequest__Output, options: { internal?: boolean } & AdminCaller = {}): Promise<wire.CreateTopicResponse__Output> {
    const internal = options.internal ?? false;
    return this.audited(options.principal, AdminOperation.createTopic, `topic:${req.name}`, { validateOnly: req.validateOnly, partitions: req.partitions, replicationFactor: req.replicationFactor, internal }, () =>
      this.command(AdminOperation.createTopic, req.validateOnly, (image) =>
        createTopic(image, { name: req.name, partitions: req.partitions, replicationFactor: req.replicationFactor, configs: req.configs, internal }, this.randomBytes),
      ),
    ).then((created) => {
      const topic = this.imageState.topicsByName.get(created.name);
      if (!req.validateOnly && topic?.topicId === created.topicId) return { topic: describe.describeTopic(this.imageState, topic, this.reports) };
      // validate_only: answer as if created, from the command's own result.
      return {
        topic: {
          name: created.name,
          topicId: created.topicId,
          internal: isInternalTopic(created.name),
          replicationFactor: created.replicationFactor,
          configs: created.configs,
          partitions: created.assignment.map((replicas, partition) => ({
            partition,
            leaderId: -1,
            leaderEpoch: 0,
            replicas,
            inSyncReplicas: replicas,
            offlineReplicas: [],
            offline: true,
            underReplicated: false,
            targetReplicas: [],
            addingReplicas: [],
            removingReplicas: [],
            log: null,
          })),
        },
      };
    });
  }

  async deleteTopic(req: wire.DeleteTopicRequest__Output, caller: AdminCaller = {}): Promise<wire.DeleteTopicResponse__Output> {
    await this.audited(caller.principal, AdminOperation.deleteTopic, `topic:${req.name}`, {}, () => this.command(AdminOperation.deleteTopic, false, (image) => deleteTopic(image, req.name)));
    return {};
  }

  async createPartitions(req: wire.CreatePartitionsRequest__Output, caller: AdminCaller = {}): Promise<wire.CreatePartitionsResponse__Output> {
    const result = await this.audited(caller.principal, AdminOperation.createPartitions, `topic:${req.topic}`, { totalCount: req.totalCount, validateOnly: req.validateOnly }, () =>
      this.command(AdminOperation.createPartitions, req.validateOnly, (image) => createPartitions(image, { topic: req.topic, totalCount: req.totalCount })),
    );
    const topic = describe.describeTopic(this.imageState, describe.requireTopic(this.imageState, req.topic), this.reports);
    if (req.validateOnly) {
      const first = topic.partitions.length;
      topic.partitions.push(
        ...result.added.map((replicas, i) => ({
          partition: first + i,
          leaderId: -1,
          leaderEpoch: 0,
          replicas,
          inSyncReplicas: replicas,
          offlineReplicas: [],
          offline: true,
          underReplicated: false,
          targetReplicas: [],
          addingReplicas: [],
          removingReplicas: [],
          log: null,
        })),
      );
    }
    return { topic };
  }

  async alterConfigs(req: wire.AlterConfigsRequest__Output, caller: AdminCaller = {}): Promise<wire.AlterConfigsResponse__Output> {
    const resource = `${req.resourceType === 'CONFIG_RESOURCE_TYPE_NODE' ? 'node' : 'topic'}:${req.resourceName}`;
    await this.audited(caller.principal, AdminOperation.alterConfigs, resource, { set: req.set, delete: req.delete, validateOnly: req.validateOnly }, () =>
      this.command(AdminOperation.alterConfigs, req.validateOnly, (image) =>
        alterConfigs(image, { resourceType: req.resourceType, resourceName: req.resourceName, set: req.set, delete: req.delete }),
      ),
    );
    return {};
  }

  // ---- Users, ACLs, quotas (docs/architecture.md §7.9) -----------------------

  /** Derives the SCRAM credential here, so only the salted keys enter the log; the password is never logged or stored. */
  async createUser(req: wire.CreateUserRequest__Output, caller: AdminCaller = {}): Promise<wire.CreateUserResponse__Output> {
    const mechanism = req.mechanism === 'SCRAM_MECHANISM_UNSPECIFIED' ? 'SCRAM-SHA-256' : aclFromWire.mechanism(req.mechanism);
    const iterations = req.iterations === 0 ? SCRAM_LIMITS.defaultIterations : req.iterations;
    const user = await this.audited(caller.principal, AdminOperation.createUser, `user:${req.name}`, { mechanism: mechanism ?? req.mechanism, iterations }, async () => {
      if (!mechanism) throw new InvalidRequestError(`mechanism ${req.mechanism} is not supported; use SCRAM-SHA-256 or SCRAM-SHA-512`);
      validateUsername(req.name);
      const problem = scramInputProblem(req.password, mechanism, iterations);
      if (problem !== undefined) throw new InvalidRequestError(problem);
      // Refuse early on a follower rather than spend the PBKDF2 rounds.
      this.requireActive();
      const credential = await deriveScramCredentialAsync(req.password, mechanism, iterations);
      return this.command(AdminOperation.createUser, false, (image) => createUser(image, { name: req.name, credential }));
    });
    return { user: { name: user.name, mechanisms: user.mechanisms.map((m) => aclWire.mechanism(m)) } };
  }

  async deleteUser(req: wire.DeleteUserRequest__Output, caller: AdminCaller = {}): Promise<wire.DeleteUserResponse__Output> {
    const mechanism = req.mechanism === 'SCRAM_MECHANISM_UNSPECIFIED' ? undefined : aclFromWire.mechanism(req.mechanism);
    await this.audited(caller.principal, AdminOperation.deleteUser, `user:${req.name}`, { mechanism: mechanism ?? 'all' }, async () => {
      if (req.mechanism !== 'SCRAM_MECHANISM_UNSPECIFIED' && !mechanism) throw new InvalidRequestError(`mechanism ${req.mechanism} is not supported; use SCRAM-SHA-256 or SCRAM-SHA-512`);
      return this.command(AdminOperation.deleteUser, false, (image) => deleteUser(image, { name: req.name, mechanism }));
    });
    return {};
  }

  /** Names and mechanisms; never salts or keys. */
  listUsers(): Promise<wire.ListUsersResponse__Output> {
    return this.read(AdminOperation.listUsers, (image) => ({
      users: listUsers(image).map((u) => ({ name: u.name, mechanisms: u.mechanisms.map((m) => aclWire.mechanism(m)) })),
    }));
  }

  async createAcls(req: wire.CreateAclsRequest__Output, caller: AdminCaller = {}): Promise<wire.CreateAclsResponse__Output> {
    const parsed = req.acls.map((w) => aclBindingFromWire(w));
    const { created } = await this.audited(caller.principal, AdminOperation.createAcls, 'cluster:acls', { acls: parsed.map((b) => (typeof b === 'string' ? b : formatAclBinding(b))) }, async () => {
      const bindings = parsed.map((b, i): AclBinding => {
        if (typeof b === 'string') throw new InvalidRequestError(`ACL binding ${i + 1}: ${b}`);
        return b;
      });
      return this.command(AdminOperation.createAcls, false, (image) => createAcls(image, bindings));
    });
    return { created: created.length };
  }

  async deleteAcls(req: wire.DeleteAclsRequest__Output, caller: AdminCaller = {}): Promise<wire.DeleteAclsResponse__Output> {
    const filters = req.filters.map((f) => aclFilterFromWire(f));
    const { deleted } = await this.audited(caller.principal, AdminOperation.deleteAcls, 'cluster:acls', { filters }, () =>
      this.command(AdminOperation.deleteAcls, false, (image) => deleteAcls(image, filters)),
    );
    this.audit.info({ principal: caller.principal ?? ANONYMOUS_USER, operation: AdminOperation.deleteAcls, deleted: deleted.map(formatAclBinding) }, 'ACL bindings removed');
    return { deleted: deleted.map(aclBindingToWire) };
  }

  listAcls(req: wire.ListAclsRequest__Output): Promise<wire.ListAclsResponse__Output> {
    const filter = aclFilterFromWire(req.filter);
    return this.read(AdminOperation.listAcls, (image) => ({ acls: listAcls(image, filter).map(aclBindingToWire) }));
  }

  async setQuota(req: wire.SetQuotaRequest__Output, caller: AdminCaller = {}): Promise<wire.SetQuotaResponse__Output> {
    const principal = req.quota?.principal ?? '';
    const changes = req.quota ? quotaFromWire(req.quota) : {};
    const limits = await this.audited(caller.principal, AdminOperation.setQuota, `quota:${principal}`, { ...changes }, async () => {
      validateQuotaPrincipal(principal);
      return this.command(AdminOperation.setQuota, false, (image) => setQuota(image, principal, changes));
    });
    return { quota: quotaToWire(principal, limits) };
  }

  async deleteQuota(req: wire.DeleteQuotaRequest__Output, caller: AdminCaller = {}): Promise<wire.DeleteQuotaResponse__Output> {
    await this.audited(caller.principal, AdminOperation.deleteQuota, `quota:${req.principal}`, {}, () =>
      this.command(AdminOperation.deleteQuota, false, (image) => deleteQuota(image, req.principal)),
    );
    return {};
  }

  listQuotas(): Promise<wire.ListQuotasResponse__Output> {
    return this.read(AdminOperation.listQuotas, (image) => ({ quotas: listQuotas(image).map((q) => quotaToWire(q.principal, q.limits)) }));
  }

  listTopics(req: wire.ListTopicsRequest__Output): Promise<wire.ListTopicsResponse__Output> {
    return this.read(AdminOperation.listTopics, (image) => describe.listTopics(image, req.includeInternal));
  }

  describeTopic(req: wire.DescribeTopicRequest__Output): Promise<wire.DescribeTopicResponse__Output> {
    return this.read(AdminOperation.describeTopic, (image) => ({ topic: describe.describeTopic(image, describe.requireTopic(image, req.name), this.reports) }));
  }

  describeConfigs(req: wire.DescribeConfigsRequest__Output): Promise<wire.DescribeConfigsResponse__Output> {
    return this.read(AdminOperation.describeConfigs, (image) => describe.describeConfigs(image, req));
  }

  describeCluster(): Promise<wire.DescribeClusterResponse__Output> {
    return this.read(AdminOperation.describeCluster, (image) => describe.describeCluster(image, this.log.voters(), this.log.activeController(), this.reports));
  }

  // ---- The cluster's shape (docs/architecture.md §7.10) -------------------------

  async alterPartitionReassignments(req: wire.AlterPartitionReassignmentsRequest__Output, caller: AdminCaller = {}): Promise<wire.AlterPartitionReassignmentsResponse__Output> {
    const input = req.reassignments.map((r) => ({ topic: r.topic, partition: r.partition, replicas: r.replicas }));
    const resource = input.length === 1 ? `partition:${input[0]!.topic}-${input[0]!.partition}` : `partitions:${input.length}`;
    const results = await this.audited(caller.principal, AdminOperation.alterPartitionReassignments, resource, { validateOnly: req.validateOnly, reassignments: input.slice(0, 100) }, () =>
      this.command(AdminOperation.alterPartitionReassignments, req.validateOnly, (image) => alterPartitionReassignments(image, input)),
    );
    return { reassignments: results.map((r) => this.statusOf(r)) };
  }

  listPartitionReassignments(req: wire.ListPartitionReassignmentsRequest__Output): Promise<wire.ListPartitionReassignmentsResponse__Output> {
    return this.read(AdminOperation.listPartitionReassignments, (image) => {
      const topics = req.topics.length === 0 ? [...image.topicsByName.values()] : [...new Set(req.topics)].map((name) => describe.requireTopic(image, name));
      return { reassignments: listReassignments(image, topics, this.reports) };
    });
  }

  /**
   * Plans moves now (dry_run: only plans). `max_moves` bounds the partitions
   * moving at once, counting moves in progress; 0 means reassignment.max.concurrent.
   */
  async rebalance(req: wire.RebalanceRequest__Output, caller: AdminCaller = {}): Promise<wire.RebalanceResponse__Output> {
    if (!Number.isInteger(req.maxMoves) || req.maxMoves < 0 || req.maxMoves > MAX_REBALANCE_MOVES) {
      throw new InvalidRequestError(`max_moves ${req.maxMoves} is out of range; give 1 to ${MAX_REBALANCE_MOVES}, or 0 for the cluster default (${this.reassignmentMaxConcurrent})`);
    }
    const maxMoves = req.maxMoves === 0 ? this.reassignmentMaxConcurrent : req.maxMoves;
    return this.audited(caller.principal, AdminOperation.rebalance, 'cluster', { dryRun: req.dryRun, maxMoves }, () =>
      this.timed(AdminOperation.rebalance, async () => {
        this.requireActive();
        await this.log.readBarrier();
        const plan = this.plan(maxMoves);
        const started = req.dryRun || plan.moves.length === 0 ? [] : await this.startMoves(plan);
        return {
          moves: plan.moves.map((m) => ({ topic: m.topic, partition: m.partition, fromReplicas: m.from, toReplicas: m.to, reason: m.reason })),
          started: started.length > 0,
          preferredLeaderMoves: plan.preferredLeaderMoves,
        };
      }),
    );
  }

  async decommissionNode(req: wire.DecommissionNodeRequest__Output, caller: AdminCaller = {}): Promise<wire.DecommissionNodeResponse__Output> {
    await this.audited(caller.principal, AdminOperation.decommissionNode, `node:${req.nodeId}`, {}, () =>
      this.command(AdminOperation.decommissionNode, false, (image) => decommissionNode(image, req.nodeId)),
    );
    // Start moving its replicas now rather than at the next timer beat.
    this.kickBalancer();
    return { node: this.nodeStatus(req.nodeId) };
  }

  async recommissionNode(req: wire.RecommissionNodeRequest__Output, caller: AdminCaller = {}): Promise<wire.RecommissionNodeResponse__Output> {
    await this.audited(caller.principal, AdminOperation.recommissionNode, `node:${req.nodeId}`, {}, () =>
      this.command(AdminOperation.recommissionNode, false, (image) => recommissionNode(image, req.nodeId)),
    );
    return { node: this.nodeStatus(req.nodeId) };
  }

  listNodes(): Promise<wire.ListNodesResponse__Output> {
    return this.read(AdminOperation.listNodes, (image) => {
      this.offline.refresh(image, this.clock());
      return { nodes: nodeStatuses(image, this.reports, (id) => this.offline.offlineMs(id, this.clock())) };
    });
  }

  /**
   * Adds a controller to the quorum (KIP-853's idea: the membership lives in
   * the quorum's own log). Its internal listener is recorded first, so every
   * node can reach it; then the log adds it as a learner and, once caught up,
   * as a voter. Resolves with the voters.
   */
  addControllerVoter(req: wire.AddControllerVoterRequest__Output, caller: AdminCaller = {}): Promise<wire.AddControllerVoterResponse__Output> {
    return this.audited(caller.principal, AdminOperation.addControllerVoter, `controller:${req.nodeId}`, {}, () =>
      this.timed(AdminOperation.addControllerVoter, async () => {
        const addVoter = this.log.addVoter?.bind(this.log);
        if (!addVoter) throw quorumChangesNotAvailable();
        const id = requireNodeId(req.nodeId);
        this.requireActive();
        const known = this.imageState.controllerAddresses.get(id);
        const address = req.internalAddress.trim() || known;
        if (address === undefined) {
          throw new InvalidRequestError(`the quorum does not know where controller ${id} listens; give its internal listener (eddy controller add ${id} --internal-address host:port)`);
        }
        if (!/^[A-Za-z0-9.\-:[\]]{1,253}:\d{1,5}$/.test(address)) {
          throw new InvalidRequestError(`internal address "${address.slice(0, 100)}" is not host:port; give the new controller's internal listener (its --internal-advertised-address)`);
        }
        if (known !== address) {
          await this.command(AdminOperation.addControllerVoter, false, () => ({ ok: true, records: [records.controllerRegistration(id, address)], value: undefined }));
        }
        await addVoter(id);
        return { controllers: this.controllerInfos() };
      }),
    );
  }

  /** Removes a controller from the quorum (a dead one, or one to retire). Resolves with the voters left. */
  removeControllerVoter(req: wire.RemoveControllerVoterRequest__Output, caller: AdminCaller = {}): Promise<wire.RemoveControllerVoterResponse__Output> {
    return this.audited(caller.principal, AdminOperation.removeControllerVoter, `controller:${req.nodeId}`, {}, () =>
      this.timed(AdminOperation.removeControllerVoter, async () => {
        const removeVoter = this.log.removeVoter?.bind(this.log);
        if (!removeVoter) throw quorumChangesNotAvailable();
        this.requireActive();
        await removeVoter(requireNodeId(req.nodeId));
        return { controllers: this.controllerInfos() };
      }),
    );
  }

  private controllerInfos(): wire.ControllerInfo__Output[] {
    const active = this.log.activeController();
    return this.log.voters().map((v) => ({ nodeId: v.id, address: v.address, active: v.id === active?.id }));
  }

  /**
   * Runs the balancer once if this controller is active and no run is in
   * progress: plans against the committed image and starts the moves. Called
   * by the timer (balancer.interval.ms), on node registration and after a
   * decommission; tests call it directly. Resolves with the plan (undefined
   * when it did not run).
   */
  runBalancer(): Promise<BalancePlan | undefined> {
    if (!this.log.isActive()) return Promise.resolve(undefined);
    if (this.balancing) return this.balancing;
    const run = (async () => {
      // Yield first, so the run is registered below before it can finish.
      await Promise.resolve();
      const plan = this.plan(this.reassignmentMaxConcurrent);
      if (plan.moves.length > 0) await this.startMoves(plan);
      return plan;
    })();
    this.balancing = run;
    const clear = () => {
      if (this.balancing === run) this.balancing = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  /** An automatic run (timer, registration, decommission); none when balancer.interval.ms is 0. */
  private kickBalancer(): void {
    if (this.balancerIntervalMs === 0) return;
    this.runBalancer().catch((err: unknown) => this.logger.warn({ err }, 'balancer run failed; the next run retries'));
  }

  private plan(maxConcurrentMoves: number): BalancePlan {
    const image = this.imageState;
    const now = this.clock();
    this.offline.refresh(image, now);
    this.reports.prune(image);
    return planBalance(
      balancerInput(
        image,
        { maxConcurrentMoves, nodeReplacementTimeoutMs: this.nodeReplacementTimeoutMs, defaultReplicationFactor: this.defaultReplicationFactor },
        (topicId, partition) => this.reports.sizeOf(topicId, partition),
        (id) => this.offline.offlineMs(id, now),
      ),
    );
  }

  private async startMoves(plan: BalancePlan): Promise<unknown[]> {
    const { started, skipped } = await this.command(AdminOperation.rebalance, false, (image) => startPlannedMoves(image, plan.moves));
    for (const m of plan.moves) {
      if (started.includes(m)) this.logger.info({ topic: m.topic, partition: m.partition, from: m.from, to: m.to, reason: m.reason }, 'partition move started');
    }
    if (skipped.length > 0) this.logger.info({ skipped }, 'planned moves skipped: the image changed since planning');
    return started;
  }

  private statusOf(r: ReassignmentResult): wire.ReassignmentStatus__Output {
    const topic = this.imageState.topicsByName.get(r.topic);
    const p = topic?.topicId === r.topicId ? topic.partitions[r.partition] : undefined;
    // validate_only, or the partition changed again since: answer from the command's own result.
    const state = p && sameList(p.replicas, r.replicas) && sameList(p.targetReplicas, r.targetReplicas) ? p : { partition: r.partition, replicas: r.replicas, targetReplicas: r.targetReplicas, orderPinned: true, leaderId: p?.leaderId ?? -1, leaderEpoch: p?.leaderEpoch ?? 0 };
    return reassignmentStatus(this.imageState, topic ?? { name: r.topic, topicId: r.topicId, replicationFactor: r.replicas.length, configs: new Map(), partitions: [] }, state, this.reports);
  }

  private nodeStatus(nodeId: number): wire.NodeStatus__Output {
    requireNode(this.imageState, nodeId);
    const now = this.clock();
    this.offline.refresh(this.imageState, now);
    return nodeStatuses(this.imageState, this.reports, (id) => this.offline.offlineMs(id, now)).find((n) => n.nodeId === nodeId)!;
  }

  /** MetadataService: served from this controller's image without a round to the quorum (any node may answer). */
  getMetadata(req: wire.GetMetadataRequest__Output): wire.GetMetadataResponse__Output {
    return describe.getMetadata(this.imageState, req, this.log.activeController()?.id ?? -1, this.reports);
  }

  // ---- Node lifecycle ----------------------------------------------------

  async registerNode(req: wire.RegisterNodeRequest__Output): Promise<wire.RegisterNodeResponse__Output> {
    const { epoch } = await this.command(AdminOperation.registerNode, false, (image) =>
      registerNode(image, { nodeId: req.nodeId, incarnationId: req.incarnationId, address: req.address, internalAddress: req.internalAddress, rack: req.rack, roles: req.roles }),
    );
    this.sessions.heartbeat(req.nodeId, epoch, this.clock());
    this.logger.info({ nodeId: req.nodeId, epoch, address: req.address, internalAddress: req.internalAddress, rack: req.rack }, 'node registered');
    // A new node may even out the cluster, or let internal topics grow.
    this.kickBalancer();
    return { nodeEpoch: String(epoch), heartbeatIntervalMs: this.heartbeatIntervalMs, sessionTimeoutMs: this.sessions.sessionTimeoutMs };
  }

  async nodeHeartbeat(req: wire.NodeHeartbeatRequest__Output): Promise<wire.NodeHeartbeatResponse__Output> {
    const epoch = parseEpoch(req.nodeEpoch);
    this.rememberDisk(req, epoch);
    // Most heartbeats change nothing: answer them from the committed image
    // without queueing behind admin commands, so a burst of topic creations
    // cannot delay heartbeats into session expiry.
    if (this.log.isActive()) {
      const quick = nodeHeartbeat(this.imageState, { nodeId: req.nodeId, epoch, shuttingDown: req.shuttingDown });
      if (quick.ok && quick.records.length === 0) {
        if (quick.value.registered && !req.shuttingDown) this.sessions.heartbeat(req.nodeId, epoch, this.clock());
        return { registered: quick.value.registered, metadataVersion: String(this.imageState.version) };
      }
    }
    const { registered } = await this.command(AdminOperation.nodeHeartbeat, false, (image) =>
      nodeHeartbeat(image, { nodeId: req.nodeId, epoch, shuttingDown: req.shuttingDown }),
    );
    if (!registered || req.shuttingDown) this.sessions.remove(req.nodeId);
    else this.sessions.heartbeat(req.nodeId, epoch, this.clock());
    return { registered, metadataVersion: String(this.imageState.version) };
  }

  async reportLeaders(req: wire.ReportLeadersRequest__Output): Promise<wire.ReportLeadersResponse__Output> {
    const epoch = parseEpoch(req.nodeEpoch);
    const outcome = await this.command(AdminOperation.reportLeaders, false, (image) => reportLeaders(image, { nodeId: req.nodeId, epoch, leaders: req.leaders }));
    if (outcome.skipped.length > 0) this.logger.debug({ nodeId: req.nodeId, skipped: outcome.skipped }, 'stale leader reports skipped');
    for (const r of outcome.reports) this.reports.setPartition(r.topicId, r.partition, r.report, this.imageState);
    if (outcome.completed.length > 0) this.logger.info({ nodeId: req.nodeId, partitions: outcome.completed }, 'partition moves completed');
    return {};
  }

  async allocateProducerIds(req: wire.AllocateProducerIdsRequest__Output): Promise<wire.AllocateProducerIdsResponse__Output> {
    const epoch = parseEpoch(req.nodeEpoch);
    const block: ProducerIdBlock = await this.command(AdminOperation.allocateProducerIds, false, (image) =>
      allocateProducerIds(image, { nodeId: req.nodeId, epoch }),
    );
    return { firstProducerId: block.firstProducerId.toString(), count: block.count };
  }

  /**
   * Fences nodes whose session expired by `now`. Driven by a timer outside
   * (or a test); does nothing unless this controller is active. Resolves with
   * the node ids fenced.
   */
  async tick(now: number): Promise<number[]> {
    if (!this.log.isActive()) return [];
    const expired = this.sessions.expired(now);
    for (const { nodeId } of expired) this.sessions.remove(nodeId);
    // Submitted together, the fences of nodes that expired at once share one append.
    const outcomes = await Promise.allSettled(
      expired.map(({ nodeId, epoch }) =>
        this.batcher.submit(false, (image) => {
          const records = fenceNode(image, nodeId, epoch);
          return { ok: true, records, value: records.length > 0 };
        }),
      ),
    );
    const fenced: number[] = [];
    outcomes.forEach((outcome, i) => {
      const { nodeId, epoch } = expired[i]!;
      if (outcome.status === 'rejected') this.logger.warn({ err: outcome.reason, nodeId }, 'could not fence an expired node');
      else if (outcome.value) {
        fenced.push(nodeId);
        this.logger.warn({ nodeId, epoch }, 'node session expired; node fenced');
      }
    });
    // Offline clocks follow the image: fenced here, by a shutdown heartbeat, or before a failover.
    this.offline.refresh(this.imageState, now);
    return fenced;
  }

  // ---- Metadata stream ---------------------------------------------------

  /** The image (or the deltas after `fromVersion`), then every committed record. Any controller serves it. */
  watchMetadata(fromVersion: number, listener: WatchListener): () => void {
    return this.watch.subscribe(fromVersion, listener);
  }

  /** Open metadata streams. */
  get metadataSubscribers(): number {
    return this.watch.subscribers;
  }

  /** Resolves when every command queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  stats(): ControllerStats {
    const image = this.imageState;
    let fenced = 0;
    const nodesByState = { active: 0, decommissioning: 0, decommissioned: 0 };
    for (const n of image.nodes.values()) {
      if (n.fenced) fenced++;
      const state = nodeStateOf(image, n);
      if (state === 'NODE_STATE_DECOMMISSIONING') nodesByState.decommissioning++;
      else if (state === 'NODE_STATE_DECOMMISSIONED') nodesByState.decommissioned++;
      else nodesByState.active++;
    }
    let reassigning = 0;
    let belowTarget = 0;
    for (const topic of image.topicsByName.values()) {
      const rf = replicationFactorOf(topic);
      for (const p of topic.partitions) {
        if (p.targetReplicas.length > 0) reassigning++;
        if (p.replicas.length < rf || p.replicas.some((r) => !isNodeLive(image, r))) belowTarget++;
      }
    }
    return {
      metadataVersion: image.version,
      nodesRegistered: image.nodes.size,
      nodesFenced: fenced,
      topics: image.topicsByName.size,
      partitions: image.partitionCount,
      offlinePartitions: offlinePartitions(image).length,
      reassignmentsInProgress: reassigning,
      // Memory of the active controller only; a follower knows no leader reports.
      reassignmentBytesRemaining: this.log.isActive() ? reassignmentBytesRemaining(image, this.reports) : 0,
      partitionsBelowTargetReplicas: belowTarget,
      nodesByState,
    };
  }

  // ---- Plumbing ------------------------------------------------------------

  /** Keeps the disk figures of a heartbeat from the node's current, live incarnation (memory only). */
  private rememberDisk(req: wire.NodeHeartbeatRequest__Output, epoch: number): void {
    const node = this.imageState.nodes.get(req.nodeId);
    if (!this.log.isActive() || !node || node.epoch !== epoch || req.shuttingDown) return;
    const free = Number(req.diskFreeBytes);
    const total = Number(req.diskTotalBytes);
    // Hostile or nonsensical figures are dropped rather than shown.
    if (!Number.isSafeInteger(free) || !Number.isSafeInteger(total) || free < 0 || total < 0 || free > total) return;
    this.reports.setDisk(req.nodeId, { freeBytes: free, totalBytes: total });
  }

  /**
   * Runs an admin change and writes one audit line for it: who, what, on
   * which resource, and whether it was done (or the code it was refused with).
   */
  private async audited<T>(principal: string | undefined, operation: AdminOperation, resource: string, detail: object, run: () => Promise<T>): Promise<T> {
    const who = principal ?? ANONYMOUS_USER;
    try {
      const value = await run();
      this.audit.info({ principal: who, operation, resource, outcome: 'ok', ...detail }, 'admin change');
      return value;
    } catch (err) {
      const code = err instanceof EddyError ? err.code : 'UNKNOWN';
      this.audit.info({ principal: who, operation, resource, outcome: 'refused', code, reason: err instanceof Error ? err.message : String(err), ...detail }, 'admin change refused');
      throw err;
    }
  }

  /** Runs a pure command through the group-commit batcher (see command-batcher.ts). */
  private command<T>(operation: AdminOperation, validateOnly: boolean, body: (image: MetadataImage) => CommandResult<T>): Promise<T> {
    return this.timed(operation, () => this.batcher.submit(validateOnly, body));
  }

  /** A linearizable read: only the active controller answers, after confirming it still is. */
  private read<T>(operation: AdminOperation, body: (image: MetadataImage) => T): Promise<T> {
    return this.timed(operation, async () => {
      this.requireActive();
      await this.log.readBarrier();
      return body(this.imageState);
    });
  }

  private async timed<T>(operation: AdminOperation, run: () => Promise<T>): Promise<T> {
    const end = this.metrics?.adminRequestDuration.startTimer({ operation });
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof EddyError)) this.logger.error({ err, operation }, 'controller operation failed unexpectedly');
      throw err;
    } finally {
      end?.();
    }
  }

  private requireActive(): void {
    if (this.log.isActive()) return;
    const active = this.log.activeController();
    throw new NotControllerError(
      active
        ? `this controller is not active; send the request to controller ${active.id} at ${active.address}`
        : 'no controller is active right now (an election is in progress); retry shortly',
      { details: active ? { leaderId: active.id, leaderAddress: active.address } : {} },
    );
  }
}

function quorumChangesNotAvailable(): InvalidRequestError {
  return new InvalidRequestError('this controller quorum cannot change its membership (an in-memory metadata log); run controllers on Raft');
}

function requireNodeId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidRequestError(`node id ${id} is not a positive integer; name the controller's --node-id`);
  return id;
}

/** Kafka-style config value: a whole number >= 0, else the default. */
function nonNegative(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : fallback;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function parseEpoch(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new InvalidRequestError(`node_epoch "${raw}" is invalid; send the epoch RegisterNode returned`);
  return n;
}
