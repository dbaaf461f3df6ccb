// `eddy server`: runs one server process until SIGTERM/SIGINT.
import { ConfigError, createLogger } from '@eddy/protocol';
import type { Command } from 'commander';
import { startServer } from './eddy-server.js';
import { loadServerConfig } from './server-config.js';

/** A graceful shutdown that has not finished by then exits anyway (status 1). */
const SHUTDOWN_DEADLINE_MS = 60_000;

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('run an Eddy server (controller, storage node, or both)')
    .option('--config <file>', 'JSON config file (keys as below, camelCase)')
    .option('--node-id <id>', 'this node\'s id (EDDY_NODE_ID)')
    .option('--roles <roles>', 'controller, storage, or combined (EDDY_ROLES)')
    .option('--listen-address <host:port>', 'client listener: public services, default 127.0.0.1:9092 (EDDY_LISTEN_ADDRESS)')
    .option('--advertised-address <host:port>', 'address clients use to reach this node (EDDY_ADVERTISED_ADDRESS)')
    .option('--internal-listen-address <host:port>', 'internal listener: Raft and ControllerService, for Eddy nodes only, default 127.0.0.1:9093 (EDDY_INTERNAL_LISTEN_ADDRESS)')
    .option('--internal-advertised-address <host:port>', 'address other nodes use to reach the internal listener (EDDY_INTERNAL_ADVERTISED_ADDRESS)')
    .option('--controllers <list>', 'controller quorum\'s internal listeners, id@host:port,... (EDDY_CONTROLLERS)')
    .option('--tls-cert <file>', 'PEM certificate of this node; its DNS SANs include eddy-node-<id> (EDDY_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key of this node (EDDY_TLS_KEY)')
    .option('--tls-ca <file>', 'PEM CA that signs node and client certificates (EDDY_TLS_CA)')
    .option('--node-san-templates <list>', 'more certificate names that bind a node id: base=template with {k}, e.g. 101=eddy-storage-{k}.eddy-storage.ns.svc (EDDY_NODE_SAN_TEMPLATES)')
    .option('--tls-reload-ms <ms>', 'how often the TLS files are re-read, default 60000 (EDDY_TLS_RELOAD_MS)')
    .option('--authorization <bool>', 'enforce ACLs on the client listener; needs TLS (EDDY_AUTHORIZATION)')
    .option('--super-users <list>', 'principals allowed everything, e.g. User:admin (EDDY_SUPER_USERS)')
    .option('--data-dir <dir>', 'where data is kept (EDDY_DATA_DIR)')
    .option('--metrics-address <host:port>', 'Prometheus /metrics address (EDDY_METRICS_ADDRESS)')
    .option('--rack <rack>', 'rack or zone of this node (EDDY_RACK)')
    .option('--fsync <bool>', 'fsync before acknowledging; false is unsafe (EDDY_FSYNC)')
    .option('--storage-min-free-bytes <bytes>', 'below this many free bytes on the data volume the node refuses produce (STORAGE_FULL) and hands its leaderships away, until 1.25 times as many are free; 0 = no check; default 268435456 = 256 MiB (EDDY_STORAGE_MIN_FREE_BYTES)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug (EDDY_LOG_LEVEL)')
    .option('--raft-tick-ms <ms>', 'Raft tick length (EDDY_RAFT_TICK_MS)')
    .option('--replication-throttle-bytes <bytes>', 'bytes/s of log served to replicas copying the log below a leader snapshot, all together; 0 = unlimited (EDDY_REPLICATION_THROTTLE_BYTES)')
    .option('--scrub-bytes-per-sec <bytes>', 'storage nodes: bytes/s of stored log the background scrubber reads back and checks; 0 = off; default 4194304 = 4 MiB/s, 100 GiB in about 7 h (EDDY_SCRUB_BYTES_PER_SEC)')
    .option('--retention-check-interval-ms <ms>', 'storage nodes: how often retention looks at the partitions led here, default 30000 (EDDY_RETENTION_CHECK_INTERVAL_MS)')
    .option('--remote-storage <url>', 'storage nodes: the object store tiered topics (remote.storage.enable=true) upload to: file:///path or s3://bucket/prefix?endpoint=http://host:9000&region=us-east-1 (credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_SHARED_CREDENTIALS_FILE) (EDDY_REMOTE_STORAGE)')
    .option('--remote-cleanup-interval-ms <ms>', 'storage nodes: how often partition leaders look for orphaned remote objects, default 300000 (EDDY_REMOTE_CLEANUP_INTERVAL_MS)')
    .option('--node-replacement-timeout-ms <ms>', 'controllers: re-create the replicas of a storage node offline this long, default 600000 (EDDY_NODE_REPLACEMENT_TIMEOUT_MS)')
    .option('--balancer-interval-ms <ms>', 'controllers: how often replicas are balanced across nodes; 0 = only on request (eddy cluster rebalance), default 10000 (EDDY_BALANCER_INTERVAL_MS)')
    .option('--reassignment-max-concurrent <n>', 'controllers: partitions the balancer moves at once, default 4 (EDDY_REASSIGNMENT_MAX_CONCURRENT)')
    .action(async (opts: Record<string, string | undefined>) => {
      let config;
      try {
        const { config: file, ...flags } = opts;
        config = loadServerConfig({ file, env: process.env, flags });
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`eddy server: ${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
      const logger = createLogger({ level: config.logLevel, base: { node: config.nodeId } });
      const server = await startServer(config, logger).catch((err: Error) => {
        logger.fatal({ err }, 'eddy server failed to start');
        process.stderr.write(`eddy server: ${err.message}\n`);
        process.exit(1);
      });
      // One line for scripts and the dev cluster to read.
      process.stdout.write(`${JSON.stringify({ event: 'ready', nodeId: config.nodeId, grpcAddress: server.grpcAddress, internalAddress: server.internalAddress, metricsUrl: server.metricsUrl, pid: process.pid })}\n`);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        // Each step is bounded; this is the last word, well inside the
        // manifests' 120 s termination grace period.
        setTimeout(() => {
          logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting without it');
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS).unref();
        server.stop().then(
          () => process.exit(0),
          (err: Error) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      // Durable state is unknown after a failed write: exit now, without a
      // graceful shutdown (no leadership hand-over from a node that cannot
      // write); the supervisor restarts the process from what is on disk.
      void server.failed.then((err) => {
        logger.fatal({ err }, 'storage failed; exiting so the node restarts from what is on disk');
        process.stderr.write(`eddy server: storage failed (${err.message}); exiting\n`);
        process.exit(1);
      });
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    });
}
