// Configuration of an Eddy server process (any role): a JSON file, EDDY_*
// environment variables and flags, validated once at start-up (docs/architecture.md §16).
import { ConfigError, configAddress, configBool, configInt, loadConfig, parseNodeSanRules, type LoadConfigOptions, type TlsFiles } from '@eddy/protocol';
import { parseRemoteStorageUrl } from '@eddy/storage-node';
import { z } from 'zod';

export const Role = { Controller: 'controller', Storage: 'storage' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface ControllerVoter {
  id: number;
  address: string;
}

const rolesSchema = z
  .string()
  .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(['controller', 'storage', 'combined'], { error: 'each role must be controller, storage or combined' }))
      .min(1, { error: 'name at least one role' }),
  )
  .transform((roles) => [...new Set(roles.flatMap((r) => (r === 'combined' ? [Role.Controller, Role.Storage] : [r as Role])))]);

const votersSchema = z
  .string()
  .min(1, { error: 'list the controller quorum as id@host:port,id@host:port,...' })
  .transform((s, ctx) => {
    const voters: ControllerVoter[] = [];
    for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(\d+)@([^\s@]+:\d{1,5})$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not id@host:port` });
        return z.NEVER;
      }
      voters.push({ id: Number(m[1]), address: m[2] as string });
    }
    if (new Set(voters.map((v) => v.id)).size !== voters.length) {
      ctx.addIssue({ code: 'custom', message: 'controller ids must be unique' });
      return z.NEVER;
    }
    return voters;
  });

export const serverConfigSchema = z.object({
  nodeId: configInt({ min: 1, max: 2 ** 31 - 1 }),
  roles: rolesSchema.default(['controller', 'storage']),
  /** The client listener: public services, health, reflection of the public services. */
  listenAddress: configAddress().default('127.0.0.1:9092'),
  /** Address clients use to reach the client listener; defaults to listenAddress. */
  advertisedAddress: configAddress().optional(),
  /** The internal listener: Raft and ControllerService, for other Eddy nodes only. */
  internalListenAddress: configAddress().default('127.0.0.1:9093'),
  /** Address other nodes use to reach the internal listener; defaults to internalListenAddress. */
  internalAdvertisedAddress: configAddress().optional(),
  /** The controller quorum's internal listeners: id@host:port,... */
  controllers: votersSchema,
  /** PEM files: with all three, both listeners use TLS and the internal one requires node certificates. */
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  tlsCa: z.string().min(1).optional(),
  /**
   * More ways a certificate names a node besides the DNS SAN eddy-node-<id>:
   * base=template,... with {k} in each template (a pod's DNS name on Kubernetes).
   */
  nodeSanTemplates: z
    .string()
    .default('')
    .transform((s, ctx) => {
      try {
        return parseNodeSanRules(s);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** How often the TLS files are re-read (rotated certificates take effect without a restart). */
  tlsReloadMs: configInt({ min: 100, max: 86_400_000 }).default(60_000),
  /** Enforce ACLs on the client listener: no ACL means no access (super users excepted). */
  authorization: configBool().default(false),
  /** Principals allowed everything, e.g. User:admin,User:ops. */
  superUsers: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(User|Node):[^\s,]{1,255}$/, { error: 'each super user is a principal like User:admin' }))),
  dataDir: z.string({ error: 'set the data directory (--data-dir or EDDY_DATA_DIR)' }).min(1),
  /** Prometheus /metrics listen address. */
  metricsAddress: configAddress().default('127.0.0.1:0'),
  rack: z.string().default(''),
  /** fsync before acknowledging (the default). false is unsafe and for benchmarks only. */
  fsync: configBool().default(true),
  /**
   * storage.min.free.bytes: below this many free bytes on the data volume the node is storage full
   * (produce refused, leaderships handed away) until 1.25 times as many are free; 0 turns the check off.
   */
  storageMinFreeBytes: configInt({ min: 0, max: Number.MAX_SAFE_INTEGER }).default(256 * 1024 * 1024),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Raft tick length; elections time out after 10 ticks (randomised up to 20). */
  raftTickMs: configInt({ min: 5, max: 1000 }).default(50),
  /**
   * replication.throttle.bytes: bytes per second of log this node serves, all
   * streams together, to replicas copying the log below a leader snapshot
   * (backfill); 0 means unlimited.
   */
  replicationThrottleBytes: configInt({ min: 0, max: Number.MAX_SAFE_INTEGER }).default(0),
  /**
   * scrub.bytes.per.sec (storage nodes): bytes per second of stored partition log the
   * background scrubber reads back and checks; 0 turns it off. The default, 4 MiB/s,
   * verifies 100 GiB in about 7 hours, small next to a node's produce traffic.
   */
  scrubBytesPerSec: configInt({ min: 0, max: Number.MAX_SAFE_INTEGER }).default(4 * 1024 * 1024),
  /** log.retention.check.interval.ms (storage nodes): how often retention looks at the partitions led here. */
  retentionCheckIntervalMs: configInt({ min: 100, max: Number.MAX_SAFE_INTEGER }).default(30_000),
  /**
   * remote.storage (storage nodes): the cluster's object store for tiered topics,
   * file:///path or s3://bucket/prefix?endpoint=…&region=…; absent: no remote tier.
   */
  remoteStorage: z.string().min(1).optional(),
  /** remote.cleanup.interval.ms (storage nodes): how often leaders look for orphaned remote objects. */
  remoteCleanupIntervalMs: configInt({ min: 1000, max: Number.MAX_SAFE_INTEGER }).default(300_000),
  /** node.replacement.timeout.ms (controllers): a storage node offline this long has its replicas re-created elsewhere. */
  nodeReplacementTimeoutMs: configInt({ min: 0, max: Number.MAX_SAFE_INTEGER }).default(600_000),
  /** balancer.interval.ms (controllers): how often the balancer runs; 0 turns automatic balancing off. */
  balancerIntervalMs: configInt({ min: 0, max: Number.MAX_SAFE_INTEGER }).default(10_000),
  /** reassignment.max.concurrent (controllers): partitions the balancer lets move at once. */
  reassignmentMaxConcurrent: configInt({ min: 1, max: 10_000 }).default(4),
});

export type ServerConfig = z.infer<typeof serverConfigSchema> & { advertisedAddress: string; internalAdvertisedAddress: string };

export function loadServerConfig(options: LoadConfigOptions): ServerConfig {
  const c = loadConfig(serverConfigSchema, options);
  const tlsSet = [c.tlsCert, c.tlsKey, c.tlsCa].filter((f) => f !== undefined).length;
  if (tlsSet !== 0 && tlsSet !== 3) throw new ConfigError(['set all of --tls-cert, --tls-key and --tls-ca (EDDY_TLS_CERT, EDDY_TLS_KEY, EDDY_TLS_CA), or none of them']);
  if (c.authorization && tlsSet === 0) throw new ConfigError(['--authorization needs TLS: without it nobody can authenticate; set --tls-cert, --tls-key and --tls-ca']);
  if (c.remoteStorage !== undefined) {
    try {
      parseRemoteStorageUrl(c.remoteStorage);
    } catch (err) {
      throw new ConfigError([`--remote-storage (EDDY_REMOTE_STORAGE): ${(err as Error).message}`]);
    }
  }
  if (c.listenAddress === c.internalListenAddress && !c.listenAddress.endsWith(':0')) {
    throw new ConfigError([`the client and internal listeners are both ${c.listenAddress}; give --internal-listen-address its own port`]);
  }
  return {
    ...c,
    advertisedAddress: c.advertisedAddress ?? c.listenAddress,
    internalAdvertisedAddress: c.internalAdvertisedAddress ?? c.internalListenAddress,
  };
}

/** The TLS files, or undefined for plaintext. */
export function tlsFilesOf(c: ServerConfig): TlsFiles | undefined {
  return c.tlsCert && c.tlsKey && c.tlsCa ? { cert: c.tlsCert, key: c.tlsKey, ca: c.tlsCa, reloadMs: c.tlsReloadMs } : undefined;
}
